import * as vscode from '../vscode-api';
import type { ContainerGroupEvent } from '../../eci/records';
import type { TreeNode } from './tree-node';

/** How long ago, in the short form a console shows ("5m", "3h", "2d"). */
export function age(timestamp: string | undefined, now = Date.now()): string {
  const at = timestamp === undefined ? NaN : Date.parse(timestamp);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** An event of a group: reason, message, count and age; warnings stand out. */
export class EventNode implements TreeNode {
  constructor(readonly event: ContainerGroupEvent) {}

  getTreeItem(): vscode.TreeItem {
    const e = this.event;
    const item = new vscode.TreeItem(e.Reason ?? 'Event', vscode.TreeItemCollapsibleState.None);
    const count = (e.Count ?? 1) > 1 ? ` (×${e.Count})` : '';
    item.description = `${e.Message ?? ''}${count} · ${age(e.LastTimestamp)}`;
    item.tooltip = new vscode.MarkdownString(
      `**${e.Reason ?? ''}** (${e.Type ?? ''})${count}\n\n${e.Message ?? ''}\n\nFirst ${e.FirstTimestamp ?? ''}, last ${e.LastTimestamp ?? ''}`,
    );
    item.iconPath = new vscode.ThemeIcon(
      e.Type === 'Warning' ? 'warning' : 'info',
      e.Type === 'Warning' ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    item.contextValue = 'eci.event';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
