import type { AnyProvider, Provider, ProviderClient, RegionData, RegionList, Workload } from '../providers/provider';
import type { ProviderId } from '../providers/providers';
import { RegionMap } from './region-map';

/**
 * The explorer's data for every profile of every provider, kept between renders: each profile's list of regions and
 * each region's data, made by the profile's provider (src/providers/provider.ts) on first use, reloaded in place,
 * dropped per profile. Free of `vscode`: paging, refreshing and polling are tested in plain Node.
 */
export class ExplorerModel {
  private readonly lists = new Map<string, RegionList>();
  // A region is made by the provider that asks for it first; a profile has one provider, and the key is the profile.
  private readonly regions = new RegionMap<RegionData, () => RegionData>((_regionId, make) => make());
  /** Which provider made each region, for counting what is held. */
  private readonly makers = new WeakMap<RegionData, AnyProvider>();

  /** The regions a profile can use, as its provider says (ECI asks DescribeRegions; loaded on first use). */
  regionList<Client extends ProviderClient>(
    profileId: string,
    provider: Provider<Client, RegionData, unknown>,
    client: () => Promise<Client>,
  ): RegionList {
    let list = this.lists.get(profileId);
    if (list === undefined) {
      list = provider.regionList(client);
      this.lists.set(profileId, list);
    }
    return list;
  }

  /** One region of a profile, as its provider keeps it. */
  region<Client extends ProviderClient, Region extends RegionData>(
    profileId: string,
    regionId: string,
    provider: Provider<Client, Region, unknown>,
    client: () => Promise<Client>,
  ): Region {
    // What `make` returns for this key is the same provider's region: a profile's provider never changes under it
    // (a changed profile is forgotten first).
    return this.regions.region(profileId, regionId, () => {
      const made = provider.region(regionId, client);
      this.makers.set(made, provider);
      return made;
    }) as Region;
  }

  /** How many regions and workloads are held, per provider (for ECI: Show Diagnostics). */
  held(): Partial<Record<ProviderId, { regions: number; workloads: number }>> {
    const held: Partial<Record<ProviderId, { regions: number; workloads: number }>> = {};
    for (const region of this.regions.all()) {
      const provider = this.makers.get(region);
      if (provider === undefined) continue;
      const counts = (held[provider.info.id] ??= { regions: 0, workloads: 0 });
      counts.regions++;
      counts.workloads += provider.items(region).length;
    }
    return held;
  }

  /** Every workload held, of every provider and region (for the tag keys "Group by Tag" offers). */
  *heldWorkloads(): Iterable<Workload> {
    for (const region of this.regions.all()) {
      const provider = this.makers.get(region);
      if (provider !== undefined) for (const item of provider.items(region)) yield provider.workload(item);
    }
  }

  all(): Iterable<RegionData> {
    return this.regions.all();
  }

  /** The regions of a profile the explorer has loaded (opened), in the order they were first shown. */
  loadedRegions(profileId: string): string[] {
    return this.regions.loadedRegions(profileId);
  }

  /** The region lists and every region loaded so far (of one profile, or of all), each in place, side by side. */
  async reload(profileId?: string): Promise<void> {
    await Promise.all([
      ...[...this.lists]
        .filter(([id, list]) => (list.loadedOrLoading ?? list.loaded) && (profileId === undefined || id === profileId))
        .map(([, list]) => list.reload()),
      this.regions.reload(profileId),
    ]);
  }

  /** Drops what is known (of one profile, or of all): the next render loads afresh. */
  forget(profileId?: string): void {
    if (profileId === undefined) this.lists.clear();
    else this.lists.delete(profileId);
    this.regions.forget(profileId);
  }
}

/**
 * The regions a profile shows: the pinned list (a setting) if any, else every region its provider offers; without
 * the empty ones when asked, except the profile's home region, where deploys go by default.
 */
export function regionsToShow(
  available: readonly string[],
  pinned: readonly string[],
  isEmpty: (regionId: string) => boolean,
  hideEmpty: boolean,
  home: string,
): string[] {
  const listed = pinned.length > 0 ? [...pinned] : [...available];
  const ordered = listed.includes(home) ? [home, ...listed.filter((r) => r !== home)] : listed;
  return hideEmpty ? ordered.filter((r) => r === home || !isEmpty(r)) : ordered;
}
