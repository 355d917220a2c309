import * as vscode from '../vscode-api';
import { tagText } from '../../explorer/tag-grouping';
import { childId } from './tree-node';
import type { TreeNode } from './tree-node';
import type { WorkloadNode } from './workload-node';

/**
 * The workloads of a region that carry one value of the tag the explorer is grouped by ("Group by Tag…"), or, with
 * no value, those without the tag. Made from the region's rows each time the region is drawn; its rows are those
 * same workload nodes, which it tells that it is the node above them (for reveal).
 */
export class TagGroupNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly above: TreeNode,
    private readonly key: string,
    private readonly value: string | undefined,
    private workloads: readonly WorkloadNode[],
  ) {
    this.id = childId(above.id, 'tag', value === undefined ? `-${key}` : `${key}=${value}`);
    for (const node of workloads) node.shownUnder = this;
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  getTreeItem(): vscode.TreeItem {
    const label = this.value === undefined ? vscode.l10n.t('No {0} tag', this.key) : tagText(this.key, this.value);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.value === undefined ? 'circle-slash' : 'tag');
    item.description = String(this.workloads.length);
    item.contextValue = 'eci.tagGroup';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([...this.workloads]);
  }

  update(newer: TreeNode): void {
    if (!(newer instanceof TagGroupNode)) return;
    this.workloads = newer.workloads;
    for (const node of this.workloads) node.shownUnder = this;
  }
}
