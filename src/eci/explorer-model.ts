import type { EciClient } from './client';
import { describeRegions } from './operations';
import { RegionMap } from '../explorer/region-map';
import { RegionState } from './region-state';
import { LoadedOnDemand } from '../explorer/reloader';

/** The regions an ECI profile can use (DescribeRegions), kept like a region's data: loaded once, reloaded in place. */
export class RegionList extends LoadedOnDemand {
  ids: string[] = [];
  /** The last failure, shown in place of the regions; cleared by the next success. */
  error: unknown;

  constructor(private readonly client: () => Promise<EciClient>) {
    super();
  }

  protected async load(): Promise<void> {
    try {
      this.ids = (await describeRegions(await this.client())).Regions.map((r) => r.RegionId);
      this.error = undefined;
    } catch (error) {
      this.ids = [];
      this.error = error;
    }
    this.loaded = true;
  }
}

/** ECI's regions by profile: container groups and image caches (RegionState), and each profile's list of regions. */
export class ExplorerModel extends RegionMap<RegionState, () => Promise<EciClient>> {
  private readonly lists = new Map<string, RegionList>();

  constructor() {
    super((regionId, client) => new RegionState(regionId, client));
  }

  /** The regions a profile can use, as DescribeRegions said (loaded on first use). */
  regionList(profileId: string, client: () => Promise<EciClient>): RegionList {
    let list = this.lists.get(profileId);
    if (list === undefined) {
      list = new RegionList(client);
      this.lists.set(profileId, list);
    }
    return list;
  }

  /** The region lists and then every region loaded so far (of one profile, or of all), each in place. */
  override async reload(profileId?: string): Promise<void> {
    await Promise.all(
      [...this.lists]
        .filter(([id, list]) => list.loaded && (profileId === undefined || id === profileId))
        .map(([, list]) => list.reload()),
    );
    await super.reload(profileId);
  }

  override forget(profileId?: string): void {
    if (profileId === undefined) this.lists.clear();
    else this.lists.delete(profileId);
    super.forget(profileId);
  }
}

/**
 * The regions a profile shows: the pinned list (`eci.regions`) if any, else every region DescribeRegions gives;
 * without the empty ones when asked, except the profile's home region, where deploys go by default.
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
