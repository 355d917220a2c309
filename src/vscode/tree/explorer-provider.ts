import * as vscode from '../vscode-api';
import { ExplorerModel } from '../../explorer/explorer-model';
import { NativeExplorerModel } from '../../explorer/native-region-state';
import { TransitionalPoller } from '../../explorer/transitional-poller';
import type { ProfileClients } from '../profiles/clients';
import type { Profile, ProfileStore } from '../profiles/profile-store';
import { describeMultiContainerGroupMetric } from '../../eci/operations';
import type { ContainerGroup } from '../../eci/records';
import { metricCharts } from '../../metrics/metric-series';
import type { RegionChange, RegionState } from '../../explorer/region-state';
import { GroupNode } from './group-node';
import { ProfileNode } from './profile-node';
import { RegionNode } from './region-node';
import type { TreeNode } from './tree-node';

/**
 * The ECI explorer: profiles at the root, then regions, container groups and containers (one node kind per file).
 * The data lives in an ExplorerModel between renders; groups in a transitional state are polled while the view is
 * visible, and nothing is asked while it is hidden. With no profile the tree is empty and the welcome view shows.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model = new ExplorerModel();
  /** Native Container regions (the second provider's data). */
  readonly nativeModel = new NativeExplorerModel();
  private soon: NodeJS.Timeout | undefined;
  readonly poller = new TransitionalPoller(
    () => this.model.all(),
    (region, change) => this.polled(region, change),
  );
  /** The region rows drawn last, with their group rows, so that a poll redraws only what changed. */
  private readonly drawn = new Map<RegionState, { region: RegionNode; groups: Map<string, GroupNode> }>();

  constructor(
    private readonly profiles: ProfileStore,
    private readonly clients: ProfileClients,
  ) {}

  getTreeItem(element: TreeNode): vscode.TreeItem {
    return element.getTreeItem();
  }

  /**
   * A group's tooltip, made when the pointer rests on it; a running group's gets its latest CPU and memory
   * (DescribeMultiContainerGroupMetric): asked then, not for every group of every page.
   */
  async resolveTreeItem(item: vscode.TreeItem, element: TreeNode): Promise<vscode.TreeItem> {
    if (!(element instanceof GroupNode)) return item;
    const tooltip = element.tooltip();
    item.tooltip = tooltip;
    if (element.group.Status !== 'Running') return item;
    try {
      const client = await this.clients.for(element.profile);
      const data = await describeMultiContainerGroupMetric(client, [element.group.ContainerGroupId], undefined, {
        regionId: element.regionId,
      });
      const { latest } = metricCharts(data.MonitorDatas[0]?.Records ?? []);
      if (latest.cpuCores !== undefined) {
        tooltip.appendMarkdown(
          `  \nCPU: ${latest.cpuCores.toFixed(3)} cores · memory: ${(latest.memoryMiB ?? 0).toFixed(0)} MiB (${new Date(latest.time ?? Date.now()).toLocaleTimeString()})`,
        );
      }
    } catch {
      // A tooltip without numbers is fine; the explorer shows errors where it lists.
    }
    return item;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return element.parent?.();
  }

  /** A node for a group, with the chain above it, to reveal it in the tree (VS Code matches the nodes by ID). */
  groupNode(profile: Profile, regionId: string, group: ContainerGroup): GroupNode {
    const profileNode = new ProfileNode(profile, this);
    const regionNode = new RegionNode(
      profile,
      this.model.region(profile.id, regionId, this.clientFor(profile)),
      this,
      profileNode,
    );
    return new GroupNode(profile, regionId, group, regionNode);
  }

  getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (element !== undefined) return element.getChildren();
    return Promise.resolve(this.profiles.all().map((profile) => new ProfileNode(profile, this)));
  }

  /** A Native Container client for a profile of that provider, for the nodes. */
  nativeClientFor(profile: Profile): () => ReturnType<ProfileClients['nativeFor']> {
    return () => this.clients.nativeFor(profile);
  }

  /**
   * Looks again at a profile's Native Containers in 3 s (while the explorer is visible), for containers on their
   * way somewhere. ECI's groups have the TransitionalPoller, which redraws without reloading the whole region.
   */
  refreshSoon(profileId: string): void {
    if (this.soon !== undefined || !this.poller.visible) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.nativeModel.forget(profileId);
      this.changed.fire(undefined);
    }, 3_000);
  }

  /** A client for a profile, for the nodes. */
  clientFor(profile: Profile): () => ReturnType<ProfileClients['for']> {
    return () => this.clients.for(profile);
  }

  /** A region's rows as just drawn (RegionNode.getChildren). */
  rendered(region: RegionNode, groups: readonly GroupNode[]): void {
    this.drawn.set(region.state, { region, groups: new Map(groups.map((g) => [g.group.ContainerGroupId, g])) });
  }

  /**
   * A poll changed a region: only the changed groups' rows are redrawn when that is all (a whole-tree refresh
   * drops every node for a moment, and a context-menu command picked meanwhile would get none), else the region.
   */
  private polled(state: RegionState, change: RegionChange): void {
    const drawn = this.drawn.get(state);
    if (drawn === undefined) {
      this.changed.fire(undefined);
      return;
    }
    const nodes = change.whole
      ? undefined
      : change.groups.map((id) => ({ node: drawn.groups.get(id), group: state.group(id) }));
    if (nodes === undefined || nodes.some((n) => n.node === undefined || n.group === undefined)) {
      this.changed.fire(drawn.region);
      return;
    }
    for (const { node, group } of nodes) {
      if (node === undefined || group === undefined) continue;
      node.group = group;
      this.changed.fire(node);
    }
  }

  /** A region finished loading: it may hold groups on their way somewhere. */
  loaded(): void {
    this.poller.poke();
  }

  /** Asks the API again (of one profile, or of all) and redraws. */
  refresh(profileId?: string): void {
    this.drawn.clear();
    this.model.forget(profileId);
    this.nativeModel.forget(profileId);
    this.changed.fire(undefined);
  }

  /** Redraws from what is known, without calling the API (after a page more was loaded). */
  redraw(): void {
    this.changed.fire(undefined);
    this.poller.poke();
  }

  dispose(): void {
    clearTimeout(this.soon);
    this.poller.dispose();
    this.changed.dispose();
  }
}
