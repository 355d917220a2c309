import * as vscode from '../vscode-api';
import { displayLocale } from '../display-locale';
import { tagsMarkdown } from '../../explorer/tag-grouping';
import type { AnyProvider } from '../../providers/provider';
import { statusWord } from '../../providers/providers';
import type { WorkloadRef, WorkloadRefNode } from '../commands/workload-target';
import type { Profile } from '../profiles/profile-store';
import { statusIcon } from './status-icon';
import { childId } from './tree-node';
import type { TreeNode } from './tree-node';

/**
 * A workload of any provider (an ECI container group, a JD Cloud container): its row is what the provider's `row()`
 * says (src/providers/provider.ts), status as a coloured icon, the details in a tooltip made on hover
 * (ExplorerProvider.resolveTreeItem: 10,000 rows need not carry 10,000 tooltips). A provider whose workloads have
 * rows under them (ECI's containers and events) extends it with its children.
 */
export class WorkloadNode<Item = unknown> implements TreeNode, WorkloadRefNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    readonly regionId: string,
    readonly provider: AnyProvider,
    /** Replaced in place when a poll or a refresh finds the workload changed (the tree then redraws this row only). */
    public item: Item,
    private readonly above: TreeNode,
    /** How the provider's workloads are named among a region's rows ("group", "container"), for the row's ID. */
    kind: string,
  ) {
    this.id = childId(above.id, kind, provider.workload(item).id);
  }

  /** The folder it is shown in when the explorer groups by a tag (TagGroupNode); else the node it was made under. */
  shownUnder: TreeNode | undefined;

  parent(): TreeNode | undefined {
    return this.shownUnder ?? this.above;
  }

  getTreeItem(): vscode.TreeItem {
    const row = this.provider.row(this.item);
    const item = new vscode.TreeItem(
      row.label,
      row.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = row.description;
    item.iconPath = statusIcon(statusWord(row.status));
    item.contextValue = row.contextValue;
    return item;
  }

  /** The details shown on hover: the provider's, then the workload's tags. */
  tooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString(this.hoverLines().join('  \n'));
  }

  /** What the tooltip says, as lines of Markdown (the explorer keeps a digest of them to tell a changed row). */
  hoverLines(): string[] {
    const tags = Object.entries(this.provider.workload(this.item).tags);
    const tagLine = tags.length === 0 ? [] : [vscode.l10n.t('Tags: {0}', tagsMarkdown(tags))];
    return [...this.provider.row(this.item).tooltip(displayLocale()), ...tagLine];
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }

  /** The workload, for the shared commands (src/vscode/commands/workload-target.ts). */
  workloadRef(): WorkloadRef {
    return { profile: this.profile, provider: this.provider, regionId: this.regionId, item: this.item };
  }

  update(newer: TreeNode): void {
    if (newer instanceof WorkloadNode && newer.provider === this.provider) this.item = newer.item as Item;
  }
}
