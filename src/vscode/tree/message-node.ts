import * as vscode from '../vscode-api';
import { EciError } from '../../eci/errors';
import type { TreeNode } from './tree-node';

/** A leaf that says something instead of data: an error with its hint and request ID, or "nothing here". */
export class MessageNode implements TreeNode {
  constructor(
    private readonly text: string,
    private readonly icon: 'error' | 'info',
    private readonly tooltip?: string,
  ) {}

  static fromError(error: unknown): MessageNode {
    if (error instanceof EciError) return new MessageNode(`${error.code}: ${error.message}`, 'error', error.describe());
    return new MessageNode(error instanceof Error ? error.message : String(error), 'error');
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(
      this.icon,
      this.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined,
    );
    item.tooltip = this.tooltip ?? this.text;
    item.contextValue = `eci.message.${this.icon}`;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
