import { createHash } from 'node:crypto';
import * as vscode from '../vscode-api';
import { ExplorerModel } from '../../explorer/explorer-model';
import { TransitionalPoller } from '../../explorer/transitional-poller';
import type { WorkloadFilter } from '../../explorer/workload-filter';
import type { RegionData, RegionList } from '../../providers/provider';
import { providerFor } from '../../providers/registry';
import type { ProfileClients } from '../profiles/clients';
import type { Profile, ProfileStore } from '../profiles/profile-store';
import { providerView } from '../provider-views';
import { ProfileNode } from './profile-node';
import { RegionNode } from './region-node';
import type { TreeNode } from './tree-node';
import { WorkloadNode } from './workload-node';

/** What a row shows (label, description, icon, tooltip, menu): a row is redrawn only when this changed. */
function rowKey(node: TreeNode, item: vscode.TreeItem = node.getTreeItem()): string {
  const label = typeof item.label === 'string' ? item.label : item.label?.label;
  const icon = item.iconPath instanceof vscode.ThemeIcon ? [item.iconPath.id, item.iconPath.color?.id] : undefined;
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value;
  // A workload's tooltip is made on hover, not with its row: what it would say is part of what changed. Kept as a
  // digest: the rows VS Code holds (10,000 after "Load all") need not each keep their whole hover text.
  const hover =
    node instanceof WorkloadNode ? createHash('sha1').update(node.hoverLines().join('\n')).digest('base64') : undefined;
  return JSON.stringify([label, item.description, icon, tooltip ?? hover, item.contextValue, item.collapsibleState]);
}

/**
 * The explorer: profiles of every provider at the root, then regions and workloads (one node kind per file). The
 * data lives in an ExplorerModel between renders; workloads in a transitional state are polled while the view is
 * visible, and nothing is asked while it is hidden. With no profile the tree is empty and the
 * welcome view shows.
 *
 * VS Code forgets the nodes below a row it is told to redraw until it has asked for them again, and a command picked
 * from a row's menu meanwhile gets no node. So nothing is redrawn while the API is asked: a refresh or a poll first
 * loads the new data into the model, then compares it with the rows VS Code was given and redraws only the rows that
 * changed (a group's own row in place, a list whose members changed by its parent's row), whose children then come
 * from memory at once.
 */
export class ExplorerProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** What "Filter…" keeps of each region's workloads; undefined shows them all. */
  private shownFilter: WorkloadFilter | undefined;
  /** The tag key "Group by Tag…" puts each region's workloads in folders by; undefined lists them flat. */
  private groupingKey: string | undefined;
  /** Every profile's regions, of every provider. */
  readonly model = new ExplorerModel();
  readonly poller = new TransitionalPoller<RegionData>(
    () => this.model.all(),
    (region) => this.requestSync(region),
  );
  /** The profile rows VS Code was given last; undefined before it asked or after the whole tree was redrawn. */
  private drawnRoots: TreeNode[] | undefined;
  /** The rows VS Code was given last under each node it asked about (the node objects it holds). */
  private readonly drawnChildren = new WeakMap<TreeNode, TreeNode[]>();
  /** What each row showed when VS Code last asked for it (rowKey). */
  private readonly drawnRows = new WeakMap<TreeNode, string>();
  /** Which ask is the latest, per node: an older answer that comes late is not what VS Code keeps. */
  private readonly asks = new WeakMap<TreeNode, number>();
  private askCount = 0;
  /** The profiles as last refreshed (by ID, as JSON): one that changed has its data and rows made anew. */
  private profilesSeen: Map<string, string> | undefined;
  /** Reloads and redraws run one at a time, in order. */
  private work: Promise<void> = Promise.resolve();
  /** A redraw asked for and not yet started: the regions it is about, or all. */
  private pendingSync: Set<RegionData> | 'all' | undefined;

  constructor(
    private readonly profiles: ProfileStore,
    private readonly clients: ProfileClients,
  ) {}

  getTreeItem(element: TreeNode): vscode.TreeItem {
    const item = element.getTreeItem();
    this.drawnRows.set(element, rowKey(element, item));
    return item;
  }

  /**
   * A workload's tooltip, made when the pointer rests on it, with the provider's live figures where it has them (a
   * running ECI group's latest CPU and memory): asked then, not for every row of every page.
   */
  async resolveTreeItem(item: vscode.TreeItem, element: TreeNode): Promise<vscode.TreeItem> {
    if (!(element instanceof WorkloadNode)) return item;
    const tooltip = element.tooltip();
    item.tooltip = tooltip;
    const { provider } = element;
    if (provider.liveTooltip === undefined) return item;
    try {
      const line = await provider.liveTooltip(
        await this.clients.client(element.profile),
        element.regionId,
        element.item,
      );
      if (line !== undefined) tooltip.appendMarkdown(`  \n${line}`);
    } catch {
      // A tooltip without numbers is fine; the explorer shows errors where it lists.
    }
    return item;
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return element.parent?.();
  }

  /**
   * A node for a workload (a fresh record, as after a deploy), with the chain above it, to reveal it in the tree
   * (VS Code matches the nodes by ID).
   */
  workloadNode(profile: Profile, regionId: string, item: unknown): TreeNode {
    const profileNode = new ProfileNode(profile, this);
    const provider = providerFor(profile);
    const regionNode = new RegionNode(profile, provider, this.region(profile, regionId), this, profileNode);
    const node = providerView(provider).workloadNode(regionNode, item);
    // Grouped by a tag, it is shown in its value's folder: that folder is the node above it.
    return node instanceof WorkloadNode ? regionNode.placed(node) : node;
  }

  /** What VS Code shows under a row (or at the root), kept as the rows it holds for a later comparison. */
  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    if (element === undefined) {
      const roots = this.roots();
      this.drawnRoots = roots;
      return roots;
    }
    const ask = ++this.askCount;
    this.asks.set(element, ask);
    const children = await element.getChildren();
    if (this.asks.get(element) === ask) this.drawnChildren.set(element, children);
    return children;
  }

  /** The profile rows, made anew (for the explorer's own walks, which VS Code's rows must not be confused with). */
  roots(): ProfileNode[] {
    return this.profiles.all().map((profile) => new ProfileNode(profile, this));
  }

  /** A profile's regions, as its provider offers them (kept in the model). */
  regionList(profile: Profile): RegionList {
    return this.model.regionList(profile.id, providerFor(profile), () => this.clients.client(profile));
  }

  /** One region of a profile, as its provider keeps it (kept in the model). */
  region(profile: Profile, regionId: string): RegionData {
    return this.model.region(profile.id, regionId, providerFor(profile), () => this.clients.client(profile));
  }

  /** A region finished loading: it may hold groups or containers on their way somewhere. */
  loaded(): void {
    this.poller.poke();
  }

  /**
   * Asks the API again (of one profile, or of all) and then redraws what changed; the tree keeps showing the old
   * rows (and their nodes) until the answers are in. A profile added, removed or changed redraws the whole tree,
   * its data asked afresh. Resolves once the tree has been told; never rejects.
   */
  refresh(profileId?: string): Promise<void> {
    return this.enqueue(async () => {
      const profilesChanged = this.profilesChanged();
      await this.model.reload(profileId);
      if (profilesChanged) this.redrawAll();
      else await this.sync();
      this.poller.poke();
    });
  }

  get filter(): WorkloadFilter | undefined {
    return this.shownFilter;
  }

  /** Shows only the workloads that match (or, undefined, all): every row is drawn again, from memory. */
  setFilter(filter: WorkloadFilter | undefined): Promise<void> {
    this.shownFilter = filter;
    return this.enqueue(() => {
      this.redrawAll();
      return Promise.resolve();
    });
  }

  get grouping(): string | undefined {
    return this.groupingKey;
  }

  /** Puts each region's workloads in folders by a tag's values (or, undefined, lists them flat), from memory. */
  setGrouping(key: string | undefined): Promise<void> {
    this.groupingKey = key;
    return this.enqueue(() => {
      this.redrawAll();
      return Promise.resolve();
    });
  }

  /** Resolves once the reloads and redraws asked for so far are done (what the tree then shows is current). */
  idle(): Promise<void> {
    return this.work;
  }

  /** Redraws from what is known, without calling the API (after a page more was loaded). */
  redraw(): void {
    this.requestSync();
    this.poller.poke();
  }

  /** Redraws one row and asks its children again (a container's folder after an upload). */
  redrawRow(node: TreeNode): void {
    this.drawnChildren.delete(node);
    this.changed.fire(node);
  }

  dispose(): void {
    this.poller.dispose();
    this.changed.dispose();
  }

  /** Whether a profile was added, removed or changed since the last refresh; a changed or gone one's data is dropped. */
  private profilesChanged(): boolean {
    const now = new Map(this.profiles.all().map((p) => [p.id, JSON.stringify(p)]));
    const before = this.profilesSeen;
    this.profilesSeen = now;
    if (before === undefined) return true;
    let changed = before.size !== now.size;
    for (const [id, text] of before) {
      if (now.get(id) === text) continue;
      this.model.forget(id);
      changed = true;
    }
    return changed;
  }

  /** A redraw of what changed, after the work already asked for; of some regions (polled) or of all. */
  private requestSync(region?: RegionData): void {
    if (this.pendingSync !== undefined) {
      if (region === undefined) this.pendingSync = 'all';
      else if (this.pendingSync !== 'all') this.pendingSync.add(region);
      return;
    }
    this.pendingSync = region === undefined ? 'all' : new Set([region]);
    void this.enqueue(async () => {
      const scope = this.pendingSync;
      this.pendingSync = undefined;
      await this.sync(scope === 'all' ? undefined : scope);
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.work.then(work).catch(() => this.redrawAll());
    this.work = next;
    return next;
  }

  private redrawAll(): void {
    this.drawnRoots = undefined;
    this.changed.fire(undefined);
  }

  /**
   * Compares the rows VS Code holds with what the model now says and tells it to redraw only those that differ: a
   * row whose own text changed is redrawn in place (its node takes the new data), a row whose list of children
   * changed is redrawn with them. Children are compared only where VS Code has asked for them and where they come
   * from memory; `scope` limits the regions compared (a poll's).
   */
  private async sync(scope?: ReadonlySet<RegionData>): Promise<void> {
    const roots = this.drawnRoots;
    // Nothing shown yet: VS Code asks when it shows the tree, and gets the new data then.
    if (roots === undefined) return;
    const changed: TreeNode[] = [];
    if (!(await this.compareRows(roots, this.roots(), changed, scope))) {
      this.redrawAll();
      return;
    }
    for (const node of changed) this.drawnChildren.delete(node);
    if (changed.length > 0) this.changed.fire(changed);
  }

  /** Compares a list of rows as drawn with the same list made now; false when its members differ. */
  private async compareRows(
    drawn: readonly TreeNode[],
    fresh: readonly TreeNode[],
    changed: TreeNode[],
    scope: ReadonlySet<RegionData> | undefined,
  ): Promise<boolean> {
    if (drawn.length !== fresh.length || drawn.some((node, i) => node.id !== fresh[i]?.id)) return false;
    await Promise.all(
      drawn.map(async (node, i) => {
        const newer = fresh[i];
        if (newer === undefined) return;
        node.update?.(newer);
        if (rowKey(node) !== this.drawnRows.get(node)) changed.push(node);
        else await this.compareChildren(node, changed, scope);
      }),
    );
    return true;
  }

  private async compareChildren(
    node: TreeNode,
    changed: TreeNode[],
    scope: ReadonlySet<RegionData> | undefined,
  ): Promise<void> {
    const drawn = this.drawnChildren.get(node);
    if (drawn === undefined || node.childrenFromApi === true) return;
    if (scope !== undefined && node instanceof RegionNode && !scope.has(node.state)) return;
    if (!(await this.compareRows(drawn, await node.getChildren(), changed, scope))) changed.push(node);
  }
}
