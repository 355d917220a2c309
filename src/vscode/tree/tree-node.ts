import type * as vscode from 'vscode';

/** One node of the ECI explorer; each kind lives in a file of its own and knows its own children. */
export interface TreeNode {
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]>;
  /** The node above, for reveal (VS Code walks up to find where a node is); undefined at the root. */
  parent?(): TreeNode | undefined;
}
