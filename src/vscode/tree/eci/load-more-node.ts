import * as vscode from '../../vscode-api';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

/** "Load more": the next page of 20 on click; "Load all" in its context menu. */
export class LoadMoreNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly profileId: string,
    readonly regionId: string,
    private shown: number,
    private total: number | undefined,
  ) {
    this.id = childId(parentId, 'load-more');
  }

  getTreeItem(): vscode.TreeItem {
    const rest = this.total === undefined ? undefined : this.total - this.shown;
    const item = new vscode.TreeItem(
      rest === undefined ? vscode.l10n.t('Load more…') : vscode.l10n.t('Load more… ({0} more)', rest),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'eci.loadMore', title: vscode.l10n.t('Load more'), arguments: [this] };
    item.contextValue = 'eci.loadMore';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  update(newer: TreeNode): void {
    if (!(newer instanceof LoadMoreNode)) return;
    this.shown = newer.shown;
    this.total = newer.total;
  }
}
