import type { EciClient } from '../eci/client';
import { RegionMap } from './region-map';
import { RegionState } from './region-state';

/** ECI's regions by profile: container groups and image caches (RegionState). */
export class ExplorerModel extends RegionMap<RegionState, () => Promise<EciClient>> {
  constructor() {
    super((regionId, client) => new RegionState(regionId, client));
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
