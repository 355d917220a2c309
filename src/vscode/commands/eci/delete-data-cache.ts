import { l10n } from '../../vscode-api';
import { deleteDataCache } from '../../../eci/operations';
import type { ExtensionServices } from '../../services';
import { placeText } from './group-target';
import { dataCacheTarget, named, settledDataCache } from './ops-targets';

/** ECI: Delete Data Cache — from its node, by `{ dataCacheId, regionId? }` or picked; after a modal confirmation. */
export async function deleteDataCacheCommand(services: ExtensionServices, node?: unknown): Promise<string | undefined> {
  const target = await dataCacheTarget(services, node);
  if (target === undefined) return undefined;
  settledDataCache(target.cache, 'deleted');
  const label = named(target.cache.Name, target.cache.DataCacheId);
  const confirmed = await services.prompter.confirm({
    message: l10n.t('Delete the data cache {0}? New groups can no longer mount it.', label),
    detail: placeText(target.regionId, target.profile.name),
    action: l10n.t('Delete'),
  });
  if (!confirmed) return undefined;
  const { RequestId } = await deleteDataCache(
    target.client,
    { DataCacheId: target.cache.DataCacheId },
    { regionId: target.regionId },
  );
  services.log.info(`Deleted data cache ${label} in ${target.regionId} (request ${RequestId ?? 'n/a'})`);
  await services.explorer.refresh(target.profile.id);
  return target.cache.DataCacheId;
}
