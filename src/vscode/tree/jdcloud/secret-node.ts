import * as vscode from '../../vscode-api';
import type { JdcloudSecret } from '../../../jdcloud/operations';
import type { Profile } from '../../profiles/profile-store';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A registry secret of a Native Container region: its server and user (the API never returns the password). */
export class SecretNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly profile: Profile,
    readonly regionId: string,
    public secret: JdcloudSecret,
  ) {
    // A region's secrets have unique names.
    this.id = childId(parentId, 'secret', secret.name);
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.secret;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [s.data?.server, s.data?.username].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('key');
    item.tooltip = new vscode.MarkdownString(
      [
        `**${s.name}** (${s.secretType})`,
        vscode.l10n.t('Server: {0}', s.data?.server ?? ''),
        vscode.l10n.t('User: {0}', s.data?.username ?? ''),
        vscode.l10n.t('Created: {0}', s.createdAt ?? ''),
      ].join('\n\n'),
    );
    item.contextValue = 'eci.jdcloud.secret';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  update(newer: TreeNode): void {
    if (newer instanceof SecretNode) this.secret = newer.secret;
  }
}
