import * as vscode from '../../vscode-api';
import type { JdcloudContainer } from '../../../jdcloud/operations';
import { statusWord } from '../../../providers/providers';
import type { Profile } from '../../profiles/profile-store';
import { statusIcon } from '../status-icon';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A JD Cloud Native Container: status as a coloured icon, name, private IP and elastic IP; details in its tooltip. */
export class JdcloudContainerNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    readonly regionId: string,
    /** Replaced in place when a poll or a refresh finds the container changed (the tree then redraws this row only). */
    public container: JdcloudContainer,
    private readonly above: TreeNode,
  ) {
    this.id = childId(above.id, 'container', container.containerId);
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.container;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const eip = c.elasticIpAddress !== undefined && c.elasticIpAddress !== '' ? `EIP ${c.elasticIpAddress}` : undefined;
    item.description = [c.status, c.privateIpAddress || undefined, eip].filter(Boolean).join(' · ');
    item.iconPath = statusIcon(statusWord(c.status));
    item.tooltip = new vscode.MarkdownString(
      [
        `**${c.name}** \`${c.containerId}\``,
        '',
        `Status: ${c.status}${c.reason ? ` (${c.reason})` : ''}`,
        `Image: \`${c.image}\``,
        `Instance type: ${c.instanceType} · zone ${c.az}`,
        `Host name: ${c.hostname ?? ''}`,
        `Private IP: ${c.privateIpAddress ?? ''}`,
        `Elastic IP: ${eip === undefined ? 'none' : `${c.elasticIpAddress ?? ''} (\`${c.elasticIpId ?? ''}\`)`}`,
        `Launched: ${c.launchTime ?? ''}`,
      ].join('  \n'),
    );
    // The elastic IP's presence is in the context value, so that the menu offers associate or disassociate.
    item.contextValue = `eci.jdcloud.container.${c.status}${eip === undefined ? '' : '.eip'}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  update(newer: TreeNode): void {
    if (newer instanceof JdcloudContainerNode) this.container = newer.container;
  }
}
