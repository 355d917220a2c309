import * as vscode from '../../vscode-api';
import { ECI_PROVIDER } from '../../../eci/provider';
import type { EciRegionState } from '../../../eci/region-state';
import type { ExtensionServices } from '../../services';
import { LoadMoreNode } from '../../tree/eci/load-more-node';

/** A profile's region as the explorer keeps it (made for the profile's ECI client). */
function regionState(services: ExtensionServices, profileId: string, regionId: string): EciRegionState | undefined {
  const profile = services.profiles.all().find((p) => p.id === profileId);
  return profile === undefined
    ? undefined
    : services.explorer.model.region(profile.id, regionId, ECI_PROVIDER, () =>
        services.clients.of(profile, ECI_PROVIDER),
      );
}

/**
 * The region of a "Load more" row. "Load more" is ECI's (JD Cloud's regions list every container at once). When the
 * row's menu gives no node (VS Code forgets the rows below one it redraws, and a command picked from a menu just then
 * gets nothing: src/vscode/tree/explorer-provider.ts), the one region shown with more to load is meant; with several,
 * which one cannot be known, and that is said rather than nothing happening.
 */
function regionOf(services: ExtensionServices, node: unknown): EciRegionState | undefined {
  if (node instanceof LoadMoreNode) return regionState(services, node.profileId, node.regionId);
  const withMore = services.profiles
    .of('eci')
    .flatMap((profile) =>
      services.explorer.model.loadedRegions(profile.id).map((regionId) => regionState(services, profile.id, regionId)),
    )
    .filter((region): region is EciRegionState => region?.hasMore === true);
  if (withMore.length === 1) return withMore[0];
  if (withMore.length > 1)
    void vscode.window.showInformationMessage(
      vscode.l10n.t('The list was redrawn as you chose; choose "Load more" again.'),
    );
  return undefined;
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
