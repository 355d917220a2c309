import type { EciClient } from './client';
import { loadGroupEvents } from './group-events';
import { describeContainerGroups, describeDataCaches, describeImageCaches, describeVirtualNodes } from './operations';
import type { ContainerGroup, ContainerGroupEvent, DataCache, ImageCache, VirtualNode } from './records';
import { LoadedOnDemand } from '../explorer/reloader';
import { StringInterner } from '../explorer/string-interner';
import type { Message } from '../core/messages/messages';
import { countMessage, countsMessage, say } from '../core/messages/messages';

/**
 * What the explorer knows of one region of one profile: the container groups loaded so far (pages of 20, in the
 * API's order), whether more pages exist, the image caches, the data caches and the virtual nodes. Free of
 * `vscode`, so paging and refreshing are tested in plain node against the emulator; the tree nodes only render it.
 */
export const PAGE_SIZE = 20;

/** States a group or an image cache passes through on its way somewhere: the only ones worth polling. */
export const TRANSITIONAL: ReadonlySet<string> = new Set([
  'Pending',
  'Scheduling',
  'Restarting',
  'Updating',
  'Creating',
  'Deleting',
  'Preparing',
]);

/** A data cache's and a virtual node's states on the way somewhere (the API's own words for them). */
export const DATA_CACHE_TRANSITIONAL: ReadonlySet<string> = new Set(['Creating', 'Loading', 'Updating']);
export const VIRTUAL_NODE_TRANSITIONAL: ReadonlySet<string> = new Set(['Pending']);

/** At most this many data caches and virtual nodes are held per region (pages of 100 and 20). */
export const MAX_HELD_EXTRAS = 500;

/** What the tree shows of a group's events without holding them: how many, how many warnings. */
export interface EventSummary {
  readonly count: number;
  readonly warnings: number;
  /** The newest event's count: a repeating event (a crash loop's BackOff) changes only this. */
  readonly lastCount: number;
}

/** What a poll changed: some groups' rows, or the region as a whole. */
export interface RegionChange {
  readonly groups: readonly string[];
  readonly whole: boolean;
}

export function summarizeEvents(events: readonly ContainerGroupEvent[]): EventSummary {
  return {
    count: events.length,
    warnings: events.filter((e) => e.Type === 'Warning').length,
    lastCount: events.at(-1)?.Count ?? 0,
  };
}

/**
 * Held groups carry no events (about half of a record): the tree shows their summary and asks for the events of a
 * group when its Events folder opens, fresh. With 10,000 groups that is tens of megabytes of the extension host.
 */
const NO_EVENTS: ContainerGroupEvent[] = [];

export class EciRegionState extends LoadedOnDemand {
  groups: ContainerGroup[] = [];
  imageCaches: ImageCache[] = [];
  /** Data caches and virtual nodes, without their events; each list's failure is kept apart from the groups'. */
  dataCaches: DataCache[] = [];
  dataCachesError: unknown;
  virtualNodes: VirtualNode[] = [];
  virtualNodesError: unknown;
  /** How many groups the region has (the API's TotalCount), when it said. */
  total: number | undefined;
  nextToken: string | undefined;
  /** The last failure, shown in place of the groups; cleared by the next success. */
  error: unknown;
  /** The IDs in `groups`, so that a page repeated under change is not listed twice. */
  private known = new Set<string>();
  private readonly strings = new StringInterner();
  private readonly eventSummaries = new Map<string, EventSummary>();

  constructor(
    readonly regionId: string,
    private readonly client: () => Promise<EciClient>,
  ) {
    super();
  }

  get hasMore(): boolean {
    return this.nextToken !== undefined && this.nextToken !== '';
  }

  /**
   * Groups, caches and virtual nodes are empty: a region the explorer may hide. A data-cache or virtual-node list
   * that failed (an account not allowed those calls fails them in every region) does not keep a region shown.
   */
  get isEmpty(): boolean {
    return (
      this.loaded &&
      this.error === undefined &&
      this.groups.length === 0 &&
      this.imageCaches.length === 0 &&
      this.dataCaches.length === 0 &&
      this.virtualNodes.length === 0
    );
  }

  /** What the region's row says: its groups, then what else it has, each only when it has some. */
  get summary(): string | undefined {
    const said = this.summarySaid;
    return said === undefined ? undefined : say(said);
  }

  get summarySaid(): Message | undefined {
    if (!this.loaded || this.error !== undefined) return undefined;
    const total = this.total ?? this.groups.length;
    return countsMessage([
      countMessage(total, 'region.groups'),
      this.imageCaches.length > 0 ? countMessage(this.imageCaches.length, 'region.imageCaches') : undefined,
      this.dataCaches.length > 0 ? countMessage(this.dataCaches.length, 'region.dataCaches') : undefined,
      this.virtualNodes.length > 0 ? countMessage(this.virtualNodes.length, 'region.virtualNodes') : undefined,
    ]);
  }

  /** Something (a group, an image or data cache, a virtual node) is on its way to another state: worth polling. */
  get isTransitional(): boolean {
    const { groups, caches, extras } = this.transitional();
    return groups.length > 0 || caches || extras;
  }

  protected async load(): Promise<void> {
    try {
      const client = await this.client();
      // Data caches and virtual nodes are newer calls than the groups': one that fails is said in its folder.
      const [page, caches, dataCaches, virtualNodes] = await Promise.all([
        describeContainerGroups(client, { Limit: PAGE_SIZE }, { regionId: this.regionId }),
        describeImageCaches(client, {}, { regionId: this.regionId }),
        settled(this.loadDataCaches(client)),
        settled(this.loadVirtualNodes(client)),
      ]);
      this.eventSummaries.clear();
      this.groups = page.ContainerGroups.map((g) => this.hold(g));
      this.known = new Set(this.groups.map((g) => g.ContainerGroupId));
      this.total = page.TotalCount;
      this.nextToken = page.NextToken;
      this.imageCaches = caches.ImageCaches;
      this.dataCaches = dataCaches.value ?? [];
      this.dataCachesError = dataCaches.error;
      this.virtualNodes = virtualNodes.value ?? [];
      this.virtualNodesError = virtualNodes.error;
      this.error = undefined;
    } catch (error) {
      this.eventSummaries.clear();
      this.groups = [];
      this.known = new Set();
      this.total = undefined;
      this.nextToken = undefined;
      this.imageCaches = [];
      this.dataCaches = [];
      this.dataCachesError = undefined;
      this.virtualNodes = [];
      this.virtualNodesError = undefined;
      this.error = error;
    }
    this.loaded = true;
  }

  /** Every data cache of the region (pages of 100, up to MAX_HELD_EXTRAS), held without events. */
  private loadDataCaches(client: EciClient): Promise<DataCache[]> {
    return everyPage(async (NextToken) => {
      const page = await describeDataCaches(client, { Limit: 100, NextToken }, { regionId: this.regionId });
      return { items: page.DataCaches.map((c) => ({ ...c, Events: [] })), nextToken: page.NextToken };
    });
  }

  /** Every virtual node of the region (pages of 20, up to MAX_HELD_EXTRAS), held without events. */
  private loadVirtualNodes(client: EciClient): Promise<VirtualNode[]> {
    return everyPage(async (NextToken) => {
      const page = await describeVirtualNodes(client, { Limit: 20, NextToken }, { regionId: this.regionId });
      return { items: page.VirtualNodes.map((n) => ({ ...n, Events: [] })), nextToken: page.NextToken };
    });
  }

  /** One more page, appended (a repeated group, as paging under change can give, is not listed twice). */
  async loadMore(): Promise<void> {
    if (!this.hasMore) return;
    try {
      const page = await describeContainerGroups(
        await this.client(),
        { Limit: PAGE_SIZE, NextToken: this.nextToken },
        { regionId: this.regionId },
      );
      for (const group of page.ContainerGroups) {
        if (this.known.has(group.ContainerGroupId)) continue;
        this.known.add(group.ContainerGroupId);
        this.groups.push(this.hold(group));
      }
      this.nextToken = page.NextToken === this.nextToken ? undefined : page.NextToken;
      if (page.TotalCount !== undefined) this.total = page.TotalCount;
      this.error = undefined;
    } catch (error) {
      this.error = error;
      throw error;
    }
  }

  /** Every remaining page, calling `onPage` after each so that the list grows as it loads. */
  async loadAll(onPage?: () => void): Promise<void> {
    while (this.hasMore) {
      await this.loadMore();
      onPage?.();
    }
  }

  /** The summary of a held group's events. */
  events(containerGroupId: string): EventSummary {
    return this.eventSummaries.get(containerGroupId) ?? { count: 0, warnings: 0, lastCount: 0 };
  }

  /** A group's events, fresh from DescribeContainerGroupEvents (held groups carry none). */
  async loadEvents(containerGroupId: string): Promise<ContainerGroupEvent[]> {
    const events = await loadGroupEvents(await this.client(), this.regionId, containerGroupId);
    this.eventSummaries.set(containerGroupId, summarizeEvents(events));
    return events;
  }

  /** A record as the region keeps it: its events summarized and dropped, its short strings shared. */
  private hold(group: ContainerGroup): ContainerGroup {
    this.eventSummaries.set(group.ContainerGroupId, summarizeEvents(group.Events));
    group.Events = NO_EVENTS;
    return this.strings.intern(group);
  }

  /**
   * Reads some held groups again by ID (an announcement said they changed: a running group failed), so that their
   * rows show it without reloading the region, which would drop the pages loaded beyond the first.
   */
  async refreshGroups(ids: readonly string[]): Promise<RegionChange | undefined> {
    const held = ids.filter((id) => this.known.has(id));
    if (held.length === 0) return undefined;
    const change = await this.refetch(await this.client(), held);
    if (change.whole) return change;
    return change.groups.length > 0 ? change : undefined;
  }

  /** Reads the groups of `ids` again, 20 IDs per call, in place; a group gone is removed (the region then changed). */
  private async refetch(client: EciClient, ids: readonly string[]): Promise<RegionChange> {
    let whole = false;
    const changedGroups: string[] = [];
    for (let i = 0; i < ids.length; i += PAGE_SIZE) {
      const batch = ids.slice(i, i + PAGE_SIZE);
      const fresh = (
        await describeContainerGroups(
          client,
          { ContainerGroupIds: batch, Limit: PAGE_SIZE },
          { regionId: this.regionId },
        )
      ).ContainerGroups;
      const byId = new Map(fresh.map((g) => [g.ContainerGroupId, g]));
      const before = this.groups.length;
      this.groups = this.groups.flatMap((g) => {
        if (!batch.includes(g.ContainerGroupId)) return [g];
        const next = byId.get(g.ContainerGroupId);
        if (next === undefined) {
          this.known.delete(g.ContainerGroupId);
          this.eventSummaries.delete(g.ContainerGroupId);
          return [];
        }
        if (fingerprint(next, summarizeEvents(next.Events)) !== fingerprint(g, this.events(g.ContainerGroupId)))
          changedGroups.push(g.ContainerGroupId);
        return [this.hold(next)];
      });
      if (this.groups.length !== before) whole = true;
    }
    return whole ? { groups: [], whole: true } : { groups: changedGroups, whole: false };
  }

  /** The groups in a transitional state, by ID; whether an image cache is, and a data cache or virtual node. */
  transitional(): { groups: string[]; caches: boolean; extras: boolean } {
    return {
      groups: this.groups.filter((g) => TRANSITIONAL.has(g.Status)).map((g) => g.ContainerGroupId),
      caches: this.imageCaches.some((c) => TRANSITIONAL.has(c.Status)),
      // A list whose last call failed is not polled: its folder says why, and a refresh asks again.
      extras:
        (this.dataCachesError === undefined &&
          this.dataCaches.some((c) => DATA_CACHE_TRANSITIONAL.has(c.Status ?? ''))) ||
        (this.virtualNodesError === undefined &&
          this.virtualNodes.some((n) => VIRTUAL_NODE_TRANSITIONAL.has(n.Status ?? ''))),
    };
  }

  /** The group with an ID, as last read. */
  group(id: string): ContainerGroup | undefined {
    return this.groups.find((g) => g.ContainerGroupId === id);
  }

  /**
   * Asks again about the transitional groups only (20 IDs per call), and lists the image caches, data caches or
   * virtual nodes again when one of them is transitional (those calls take no IDs); says what the tree shows that
   * changed: some groups only (the tree redraws just those rows, so a row being right-clicked elsewhere keeps its
   * node), or the region as a whole (a group gone, a cache changed, a list failing); undefined when nothing did. A
   * group that is gone is removed; a list that fails keeps its rows.
   */
  async pollTransitional(): Promise<RegionChange | undefined> {
    const { groups: ids, caches, extras } = this.transitional();
    if (ids.length === 0 && !caches && !extras) return undefined;
    const client = await this.client();
    const fetched = await this.refetch(client, ids);
    let whole = fetched.whole;
    const changedGroups = fetched.groups;
    // The groups above are already taken in: a failing list below must not lose what they changed, so each is
    // settled on its own, keeping its old rows on failure.
    if (caches) {
      const fresh = await settled(describeImageCaches(client, {}, { regionId: this.regionId }));
      if (fresh.value !== undefined) {
        const list = fresh.value.ImageCaches;
        if (list.map(cacheFingerprint).join() !== this.imageCaches.map(cacheFingerprint).join()) whole = true;
        this.imageCaches = list;
      }
    }
    if (extras) {
      const before = `${this.dataCaches.map(dataCacheFingerprint).join()}|${this.virtualNodes.map(virtualNodeFingerprint).join()}`;
      const [dataCaches, virtualNodes] = await Promise.all([
        settled(this.loadDataCaches(client)),
        settled(this.loadVirtualNodes(client)),
      ]);
      // A failure is kept for its folder (which then says why) and stops that list's polling; the rows stay.
      if (dataCaches.value !== undefined) this.dataCaches = dataCaches.value;
      if (dataCaches.error !== undefined || this.dataCachesError !== undefined) whole = true;
      this.dataCachesError = dataCaches.error;
      if (virtualNodes.value !== undefined) this.virtualNodes = virtualNodes.value;
      if (virtualNodes.error !== undefined || this.virtualNodesError !== undefined) whole = true;
      this.virtualNodesError = virtualNodes.error;
      const after = `${this.dataCaches.map(dataCacheFingerprint).join()}|${this.virtualNodes.map(virtualNodeFingerprint).join()}`;
      if (after !== before) whole = true;
    }
    if (whole) return { groups: [], whole: true };
    return changedGroups.length > 0 ? { groups: changedGroups, whole: false } : undefined;
  }
}

function fingerprint(group: ContainerGroup, events: EventSummary): string {
  return `${group.Status}|${group.Containers.map((c) => `${c.CurrentState?.State ?? ''}:${String(c.Ready)}:${c.RestartCount ?? 0}`).join(',')}|${events.count}|${events.lastCount}`;
}

function cacheFingerprint(cache: ImageCache): string {
  return `${cache.ImageCacheId}:${cache.Status}:${cache.Progress ?? ''}`;
}

function dataCacheFingerprint(cache: DataCache): string {
  return `${cache.DataCacheId}:${cache.Status ?? ''}:${cache.Progress ?? ''}`;
}

function virtualNodeFingerprint(node: VirtualNode): string {
  return `${node.VirtualNodeId}:${node.Status ?? ''}`;
}

/** A call's answer or its failure, so that one list failing does not fail the region's load. */
async function settled<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** The items of every page `read` gives, until the last (no token, or the same one again) or MAX_HELD_EXTRAS. */
async function everyPage<T>(
  read: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await read(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken === nextToken ? undefined : page.nextToken;
  } while (nextToken !== undefined && nextToken !== '' && items.length < MAX_HELD_EXTRAS);
  return items;
}
