import type { EciClient } from './client';
import { loadGroupEvents } from './group-events';
import { describeContainerGroups, describeImageCaches } from './operations';
import type { ContainerGroup, ContainerGroupEvent, ImageCache } from './records';
import { LoadedOnDemand } from '../explorer/reloader';
import { StringInterner } from '../explorer/string-interner';

/**
 * What the explorer knows of one region of one profile: the container groups loaded so far (pages of 20, in the
 * API's order), whether more pages exist, and the image caches. Free of `vscode`, so paging and refreshing are
 * tested in plain node against the emulator; the tree nodes only render it.
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

  /** Groups and caches are empty: a region the explorer may hide. */
  get isEmpty(): boolean {
    return this.loaded && this.error === undefined && this.groups.length === 0 && this.imageCaches.length === 0;
  }

  /** What the region's row says: its groups, and its image caches when it has some. */
  get summary(): string | undefined {
    if (!this.loaded || this.error !== undefined) return undefined;
    const total = this.total ?? this.groups.length;
    const caches = this.imageCaches.length;
    return `${total} group${total === 1 ? '' : 's'}${caches > 0 ? ` · ${caches} image cache${caches === 1 ? '' : 's'}` : ''}`;
  }

  /** Something (a group or an image cache) is on its way to another state: worth polling. */
  get isTransitional(): boolean {
    const { groups, caches } = this.transitional();
    return groups.length > 0 || caches;
  }

  protected async load(): Promise<void> {
    try {
      const client = await this.client();
      const [page, caches] = await Promise.all([
        describeContainerGroups(client, { Limit: PAGE_SIZE }, { regionId: this.regionId }),
        describeImageCaches(client, {}, { regionId: this.regionId }),
      ]);
      this.eventSummaries.clear();
      this.groups = page.ContainerGroups.map((g) => this.hold(g));
      this.known = new Set(this.groups.map((g) => g.ContainerGroupId));
      this.total = page.TotalCount;
      this.nextToken = page.NextToken;
      this.imageCaches = caches.ImageCaches;
      this.error = undefined;
    } catch (error) {
      this.eventSummaries.clear();
      this.groups = [];
      this.known = new Set();
      this.total = undefined;
      this.nextToken = undefined;
      this.imageCaches = [];
      this.error = error;
    }
    this.loaded = true;
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

  /** The groups and caches in a transitional state, by ID. */
  transitional(): { groups: string[]; caches: boolean } {
    return {
      groups: this.groups.filter((g) => TRANSITIONAL.has(g.Status)).map((g) => g.ContainerGroupId),
      caches: this.imageCaches.some((c) => TRANSITIONAL.has(c.Status)),
    };
  }

  /** The group with an ID, as last read. */
  group(id: string): ContainerGroup | undefined {
    return this.groups.find((g) => g.ContainerGroupId === id);
  }

  /**
   * Asks again about the transitional groups only (20 IDs per call) and the caches if one is transitional; says what
   * the tree shows that changed: some groups only (the tree redraws just those rows, so a row being right-clicked
   * elsewhere keeps its node), or the region as a whole (a group gone, an image cache changed); undefined when
   * nothing did. A group that is gone is removed.
   */
  async pollTransitional(): Promise<RegionChange | undefined> {
    const { groups: ids, caches } = this.transitional();
    if (ids.length === 0 && !caches) return undefined;
    const client = await this.client();
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
    if (caches) {
      const fresh = (await describeImageCaches(client, {}, { regionId: this.regionId })).ImageCaches;
      if (fresh.map(cacheFingerprint).join() !== this.imageCaches.map(cacheFingerprint).join()) whole = true;
      this.imageCaches = fresh;
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
