import * as vscode from '../vscode-api';
import { childId } from './tree-node';
import type { TreeNode } from './tree-node';

/** A labelled group of child nodes ("Events", "Image caches"), so that kinds do not mix in one list. */
export class FolderNode implements TreeNode {
  readonly id: string;

  /** `kind` names the folder among its parent's children ("events", "image-caches", "secrets"). */
  constructor(
    parentId: string,
    kind: string,
    private readonly label: string,
    private readonly icon: string,
    private children: () => Promise<TreeNode[]>,
    private description?: string,
    /** Its children come from the API each time (a group's events), not from the model. */
    readonly childrenFromApi = false,
  ) {
    this.id = childId(parentId, kind);
  }

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

  update(newer: TreeNode): void {
    if (!(newer instanceof FolderNode)) return;
    this.children = newer.children;
    this.description = newer.description;
  }
}
