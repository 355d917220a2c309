import { ECI_PROVIDER } from '../../../eci/provider';
import type { EciRegionState } from '../../../eci/region-state';
import type { ExtensionServices } from '../../services';
import { LoadMoreNode } from '../../tree/eci/load-more-node';

/** "Load more" is ECI's (JD Cloud's regions list every container at once). */
function regionOf(services: ExtensionServices, node: unknown): EciRegionState | undefined {
  if (!(node instanceof LoadMoreNode)) return undefined;
  const profile = services.profiles.all().find((p) => p.id === node.profileId);
  return profile === undefined
    ? undefined
    : services.explorer.model.region(profile.id, node.regionId, ECI_PROVIDER, () =>
        services.clients.of(profile, ECI_PROVIDER),
      );
}

/** Load More (a "Load more" node's click): the next page of 20 groups of the region. */
export async function loadMore(services: ExtensionServices, node?: unknown): Promise<void> {
  await regionOf(services, node)?.loadMore();
  services.explorer.redraw();
}

/** Load All: every remaining page of the region, the list growing as each arrives. */
export async function loadAll(services: ExtensionServices, node?: unknown): Promise<void> {
  await regionOf(services, node)?.loadAll(() => services.explorer.redraw());
}
