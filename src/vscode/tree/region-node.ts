import * as vscode from '../vscode-api';
import type { AnyProvider, RegionData } from '../../providers/provider';
import { providerView } from '../provider-views';
import type { Profile } from '../profiles/profile-store';
import type { ExplorerProvider } from './explorer-provider';
import { regionNodeId } from './tree-node';
import type { TreeNode } from './tree-node';
import { MessageNode } from './message-node';
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
    const summary = this.state.summary;
    if (filter === undefined || summary === undefined) item.description = summary;
    else {
      const matching = this.provider.items(this.state).filter((i) => filter.matches(this.provider.workload(i))).length;
      item.description = `${summary} · ${matching} match`;
    }
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    await this.state.ensureLoaded();
    // Something on its way to another state (a pending group, a stopping container) is polled until it settles.
    this.explorer.loaded();
    const children = providerView(this.provider).regionChildren(this, this.state);
    const filter = this.explorer.filter;
    if (filter === undefined) return children;
    const kept = children.filter(
      (node) => !(node instanceof WorkloadNode) || filter.matches(node.provider.workload(node.item)),
    );
    if (kept.length === children.length || kept.some((node) => node instanceof WorkloadNode)) return kept;
    // Said in the place of the rows, so that an empty region under a filter is not taken for an empty region.
    return [
      new MessageNode(this.id, `No ${this.provider.info.workloads} match "${filter.text}"`, 'info'),
      ...kept.filter((node) => !(node instanceof MessageNode)),
    ];
  }
}
