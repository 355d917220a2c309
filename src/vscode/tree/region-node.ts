import * as vscode from '../vscode-api';
import { displayLocale } from '../display-locale';
import { say } from '../../core/messages/messages';
import { groupByTag } from '../../explorer/tag-grouping';
import type { AnyProvider, RegionData } from '../../providers/provider';
import { providerView } from '../provider-views';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { regionNodeId } from './tree-node';
import type { TreeNode } from './tree-node';
import { MessageNode } from './message-node';
import { TagGroupNode } from './tag-group-node';
import { WorkloadNode } from './workload-node';

/**
 * A region of a profile, of any provider: its row says what the region holds once loaded (the provider's summary),
 * the profile's own region opens at once and the others on demand; what it shows under it is the provider's view's
 * (src/vscode/provider-views.ts).
 */
export class RegionNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly profile: Profile,
    readonly provider: AnyProvider,
    readonly state: RegionData,
    readonly explorer: ExplorerProvider,
    private readonly above?: TreeNode,
  ) {
    this.id = regionNodeId(profile, state.regionId);
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  get regionId(): string {
    return this.state.regionId;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.regionId,
      this.regionId === this.profile.regionId
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = `${providerView(this.provider).contextPrefix}.region`;
    const filter = this.explorer.filter;
    const said = this.state.summarySaid;
    const summary = said === undefined ? undefined : say(said, displayLocale());
    if (filter === undefined || summary === undefined) item.description = summary;
    else {
      const matching = this.provider.items(this.state).filter((i) => filter.matches(this.provider.workload(i))).length;
      item.description = `${summary} · ${vscode.l10n.t('{0} match', matching)}`;
    }
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.state.ensureLoaded();
    // Something on its way to another state (a pending group, a stopping container) is polled until it settles.
    this.explorer.loaded();
    const children = providerView(this.provider).regionChildren(this, this.state);
    const filter = this.explorer.filter;
    const kept =
      filter === undefined
        ? children
        : children.filter(
            (node) => !(node instanceof WorkloadNode) || filter.matches(node.provider.workload(node.item)),
          );
    if (filter !== undefined && kept.length < children.length && !kept.some((node) => node instanceof WorkloadNode))
      // Said in the place of the rows, so that an empty region under a filter is not taken for an empty region.
      return [
        new MessageNode(
          this.id,
          this.provider.info.id === 'eci'
            ? vscode.l10n.t('No container groups match "{0}"', filter.text)
            : vscode.l10n.t('No containers match "{0}"', filter.text),
          'info',
        ),
        ...kept.filter((node) => !(node instanceof MessageNode)),
      ];
    const key = this.explorer.grouping;
    if (key === undefined) return kept;
    const workloads = kept.filter((node): node is WorkloadNode => node instanceof WorkloadNode);
    if (workloads.length === 0) return kept;
    const folders = groupByTag(workloads, (node) => node.provider.workload(node.item), key).map(
      (bucket) => new TagGroupNode(this, key, bucket.value, bucket.items),
    );
    // The folders take the workloads' place, before what follows them (load more, image caches).
    const first = kept.findIndex((node) => node instanceof WorkloadNode);
    return [
      ...kept.slice(0, first),
      ...folders,
      ...kept.slice(first).filter((node) => !(node instanceof WorkloadNode)),
    ];
  }

  /**
   * A workload node as this region shows it: under its tag value's folder while the explorer is grouped by a tag
   * (reveal walks up through that folder), else right under the region.
   */
  placed<Node extends WorkloadNode>(node: Node): Node {
    const key = this.explorer.grouping;
    if (key === undefined) return node;
    const tags = node.provider.workload(node.item).tags;
    const value = Object.prototype.hasOwnProperty.call(tags, key) ? (tags[key] ?? '') : undefined;
    new TagGroupNode(this, key, value, [node]);
    return node;
  }
}
