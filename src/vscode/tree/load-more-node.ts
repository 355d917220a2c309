import * as vscode from '../vscode-api';
import type { TreeNode } from './tree-node';

/** "Load more": the next page of 20 on click; "Load all" in its context menu. */
export class LoadMoreNode implements TreeNode {
  constructor(
    readonly profileId: string,
    readonly regionId: string,
    private readonly shown: number,
    private readonly total: number | undefined,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const rest = this.total === undefined ? undefined : this.total - this.shown;
    const item = new vscode.TreeItem(
      rest === undefined ? 'Load more…' : `Load more… (${rest} more)`,
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = `${this.profileId}/${this.regionId}/load-more`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'eci.loadMore', title: 'Load more', arguments: [this] };
    item.contextValue = 'eci.loadMore';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
