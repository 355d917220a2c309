import * as vscode from '../vscode-api';
import type { TreeNode } from './tree-node';

/** A labelled group of child nodes ("Events", "Image caches"), so that kinds do not mix in one list. */
export class FolderNode implements TreeNode {
  constructor(
    private readonly label: string,
    private readonly icon: string,
    private readonly id: string,
    private readonly children: () => Promise<TreeNode[]>,
    private readonly description?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description;
    item.contextValue = `eci.folder.${this.label.toLowerCase().replace(/\s+/g, '-')}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return this.children();
  }
}
