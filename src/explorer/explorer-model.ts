import type { EciClient } from '../eci/client';
import { RegionState } from './region-state';

/** The explorer's data, region by region, kept between renders so that expanding a node does not call the API again. */
export class ExplorerModel {
  private readonly regions = new Map<string, RegionState>();

  region(profileId: string, regionId: string, client: () => Promise<EciClient>): RegionState {
    const key = `${profileId}/${regionId}`;
    let state = this.regions.get(key);
    if (state === undefined) {
      state = new RegionState(regionId, client);
      this.regions.set(key, state);
    }
    return state;
  }

  all(): Iterable<RegionState> {
    return this.regions.values();
  }

  /** Drops what is known (of one profile, or of all): the next render loads afresh. */
  forget(profileId?: string): void {
    if (profileId === undefined) this.regions.clear();
    else for (const key of [...this.regions.keys()]) if (key.startsWith(`${profileId}/`)) this.regions.delete(key);
  }
}

/**
 * The regions a profile shows: the pinned list (`eci.regions`) if any, else every region DescribeRegions gives;
 * without the empty ones when asked, except the profile's home region, where deploys go by default.
 */
export function regionsToShow(available: readonly string[], pinned: readonly string[], isEmpty: (regionId: string) => boolean, hideEmpty: boolean, home: string): string[] {
  const listed = pinned.length > 0 ? [...pinned] : [...available];
  const ordered = listed.includes(home) ? [home, ...listed.filter((r) => r !== home)] : listed;
  return hideEmpty ? ordered.filter((r) => r === home || !isEmpty(r)) : ordered;
}
