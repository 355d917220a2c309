import * as vscode from '../vscode-api';
import { describeCloudError, messageText } from '../error-text';
import { CloudError } from '../../core/errors';
import { childId } from './tree-node';
import type { TreeNode } from './tree-node';

/** A leaf that says something instead of data: an error with its hint and request ID, or "nothing here". */
export class MessageNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    private text: string,
    private icon: 'error' | 'info',
    private tooltip?: string,
  ) {
    // One message a parent at most: an error, or that it has nothing.
    this.id = childId(parentId, icon === 'error' ? 'error' : 'empty');
  }

  static fromError(parentId: string, error: unknown): MessageNode {
    if (error instanceof CloudError)
      return new MessageNode(parentId, `${error.code}: ${error.message}`, 'error', describeCloudError(error));
    return new MessageNode(parentId, messageText(error), 'error');
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
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

  update(newer: TreeNode): void {
    if (!(newer instanceof MessageNode)) return;
    this.text = newer.text;
    this.icon = newer.icon;
    this.tooltip = newer.tooltip;
  }
}
