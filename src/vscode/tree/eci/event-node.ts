import * as vscode from '../../vscode-api';
import type { ContainerGroupEvent } from '../../../eci/records';
import { childId } from '../tree-node';
import type { TreeNode } from '../tree-node';

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

/**
 * A group's events as rows, newest first. An event is known by what does not change as it repeats (type, reason,
 * name, message, first time); two alike are told apart by their order among the alike, oldest first, which a newer
 * event does not change.
 */
export function eventNodes(parentId: string, events: readonly ContainerGroupEvent[]): EventNode[] {
  const seen = new Map<string, number>();
  const nodes = events.map((e) => {
    const key = [e.Type, e.Reason, e.Name, e.Message, e.FirstTimestamp].map((part) => part ?? '').join('|');
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    return new EventNode(childId(parentId, 'event', repeat === 0 ? key : `${key}|${repeat}`), e);
  });
  return nodes.reverse();
}

/** An event of a group: reason, message, count and age; warnings stand out. */
export class EventNode implements TreeNode {
  constructor(
    readonly id: string,
    public event: ContainerGroupEvent,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const e = this.event;
    const item = new vscode.TreeItem(e.Reason ?? vscode.l10n.t('Event'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const count = (e.Count ?? 1) > 1 ? ` (×${e.Count})` : '';
    item.description = `${e.Message ?? ''}${count} · ${age(e.LastTimestamp)}`;
    item.tooltip = new vscode.MarkdownString(
      `**${e.Reason ?? ''}** (${e.Type ?? ''})${count}\n\n${e.Message ?? ''}\n\n${vscode.l10n.t('First {0}, last {1}', e.FirstTimestamp ?? '', e.LastTimestamp ?? '')}`,
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

  update(newer: TreeNode): void {
    if (newer instanceof EventNode) this.event = newer.event;
  }
}
