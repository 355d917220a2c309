import * as vscode from '../../vscode-api';
import { copyDataCache, describeRegions } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { copyDestinationArg } from '../command-args';
import { dataCacheTarget, named } from './ops-targets';

/**
 * ECI: Copy Data Cache to Region — an Available cache copied (from its snapshot) to another region the account
 * can use, at the same bucket, path and name there. Returns the new cache's ID and its region.
 */
export async function copyDataCacheCommand(
  services: ExtensionServices,
  node?: unknown,
  given?: unknown,
): Promise<{ dataCacheId: string; regionId: string } | undefined> {
  const preset = copyDestinationArg(given);
  const target = await dataCacheTarget(services, node);
  if (target === undefined) return undefined;
  const { cache } = target;
  const label = named(cache.Name, cache.DataCacheId);
  let destination = preset.destinationRegionId;
  if (destination === undefined) {
    const regions = (await describeRegions(target.client)).Regions.map((r) => r.RegionId).filter(
      (id) => id !== target.regionId,
    );
    if (regions.length === 0)
      throw new Error(vscode.l10n.t('{0} has no other region to copy {1} to.', target.profile.name, label));
    destination = (
      await services.prompter.pick(
        regions.map((id) => ({ label: id })),
        { title: vscode.l10n.t('Copy the data cache {0} from {1} to', label, target.regionId) },
      )
    )?.label;
    if (destination === undefined) return undefined;
  }
  if (destination === target.regionId) throw new Error(vscode.l10n.t('{0} is in {1} already.', label, destination));
  const { DataCacheId, RequestId } = await copyDataCache(
    target.client,
    { DataCacheId: cache.DataCacheId, DestinationRegionId: destination },
    { regionId: target.regionId },
  );
  if (DataCacheId === undefined || DataCacheId === '')
    throw new Error(
      vscode.l10n.t(
        'Copying {0} to {1} gave no new data cache ID (request {2}).',
        label,
        destination,
        RequestId ?? 'n/a',
      ),
    );
  services.log.info(
    `Copying data cache ${label} from ${target.regionId} to ${destination} as ${DataCacheId} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Copying the data cache {0} to {1} as {2}; its Data caches folder there shows it loading.',
      label,
      destination,
      DataCacheId,
    ),
  );
  return { dataCacheId: DataCacheId, regionId: destination };
}
