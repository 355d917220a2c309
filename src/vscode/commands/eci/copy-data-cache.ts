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
    if (regions.length === 0) throw new Error(`${target.profile.name} has no other region to copy ${label} to.`);
    destination = (
      await services.prompter.pick(
        regions.map((id) => ({ label: id })),
        { title: `Copy the data cache ${label} from ${target.regionId} to` },
      )
    )?.label;
    if (destination === undefined) return undefined;
  }
  if (destination === target.regionId) throw new Error(`${label} is in ${destination} already.`);
  const { DataCacheId, RequestId } = await copyDataCache(
    target.client,
    { DataCacheId: cache.DataCacheId, DestinationRegionId: destination },
    { regionId: target.regionId },
  );
  if (DataCacheId === undefined || DataCacheId === '')
    throw new Error(`Copying ${label} to ${destination} gave no new data cache ID (request ${RequestId ?? 'n/a'}).`);
  services.log.info(
    `Copying data cache ${label} from ${target.regionId} to ${destination} as ${DataCacheId} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(target.profile.id);
  void vscode.window.showInformationMessage(
    `Copying the data cache ${label} to ${destination} as ${DataCacheId}; its Data caches folder there shows it loading.`,
  );
  return { dataCacheId: DataCacheId, regionId: destination };
}
