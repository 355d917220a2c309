import * as vscode from '../../vscode-api';
import type { VirtualNode } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import { statusIcon } from '../status-icon';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** A virtual node (a Kubernetes node whose pods are ECI groups): name and status; its network in the tooltip. */
export class VirtualNodeNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly profile: Profile,
    readonly regionId: string,
    public node: VirtualNode,
  ) {
    this.id = childId(parentId, 'virtual-node', node.VirtualNodeId);
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.node;
    const status = n.Status ?? 'Unknown'; // l10n-ignore: a status as the API writes them (in contextValue too)
    const item = new vscode.TreeItem(n.VirtualNodeName ?? n.VirtualNodeId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [status, n.IntranetIp].filter(Boolean).join(' · ');
    // Ready is a node's done.
    item.iconPath =
      status === 'Ready'
        ? new vscode.ThemeIcon('server', new vscode.ThemeColor('testing.iconPassed'))
        : statusIcon(status, ['sync~spin', 'charts.yellow']);
    item.tooltip = new vscode.MarkdownString(
      [
        `**${n.VirtualNodeName ?? ''}** \`${n.VirtualNodeId}\``,
        vscode.l10n.t('Status: {0}', status),
        vscode.l10n.t(
          'vSwitch: `{0}` · security group: `{1}`',
          n.VirtualNodeVSwitchId ?? '',
          n.VirtualNodeSecurityGroupId ?? '',
        ),
        n.InternetIp === undefined || n.InternetIp === ''
          ? `IP: ${n.IntranetIp ?? ''}`
          : vscode.l10n.t('IP: {0} (public {1})', n.IntranetIp ?? '', n.InternetIp),
      ].join('\n\n'),
    );
    item.contextValue = `eci.virtualNode.${status.toLowerCase()}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  update(newer: TreeNode): void {
    if (newer instanceof VirtualNodeNode) this.node = newer.node;
  }
}
