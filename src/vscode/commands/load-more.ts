import type { ExtensionServices } from '../services';
import { LoadMoreNode } from '../tree/load-more-node';

function regionOf(services: ExtensionServices, node: unknown) {
  if (!(node instanceof LoadMoreNode)) return undefined;
  const profile = services.profiles.all().find((p) => p.id === node.profileId);
  return profile === undefined
    ? undefined
    : services.explorer.model.region(profile.id, node.regionId, services.explorer.clientFor(profile));
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
