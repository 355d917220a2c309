import { l10n } from '../../vscode-api';
import { ECI_PROVIDER } from '../../../eci/provider';
import { deleteImageCache } from '../../../eci/operations';
import type { ImageCache } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { ImageCacheNode } from '../../tree/eci/image-cache-node';
import { imageCacheArg } from '../command-args';
import { placeText } from './group-target';

/**
 * ECI: Delete Image Cache — from its node, by `{ imageCacheId }` or picked in the active profile's region; after a
 * modal confirmation.
 */
export async function deleteImageCacheCommand(
  services: ExtensionServices,
  node?: unknown,
): Promise<string | undefined> {
  const given = imageCacheArg(node);
  let target: { profile: Profile; regionId: string; cache: ImageCache };
  if (given instanceof ImageCacheNode)
    target = { profile: given.profile, regionId: given.regionId, cache: given.cache };
  else {
    const profile = services.profiles.active();
    if (profile === undefined) return undefined;
    const region = services.explorer.model.region(profile.id, profile.regionId, ECI_PROVIDER, () =>
      services.clients.of(profile, ECI_PROVIDER),
    );
    await region.ensureLoaded();
    const found = region.imageCaches.find((c) => c.ImageCacheId === given?.imageCacheId);
    if (given !== undefined && found === undefined)
      throw new Error(l10n.t('No image cache {0} in {1} ({2}).', given.imageCacheId, profile.regionId, profile.name));
    const cache =
      found ??
      (
        await services.prompter.pick(
          region.imageCaches.map((c) => ({
            label: c.ImageCacheName ?? c.ImageCacheId,
            description: `${c.Status} · ${c.ImageCacheId}`,
            cache: c,
          })),
          { title: l10n.t('Image caches in {0}', profile.regionId) },
        )
      )?.cache;
    if (cache === undefined) return undefined;
    target = { profile, regionId: profile.regionId, cache };
  }
  const label = `${target.cache.ImageCacheName ?? ''} (${target.cache.ImageCacheId})`;
  const confirmed = await services.prompter.confirm({
    message: l10n.t('Delete the image cache {0}? Groups created from it keep running.', label),
    detail: placeText(target.regionId, target.profile.name),
    action: l10n.t('Delete'),
  });
  if (!confirmed) return undefined;
  const client = await services.clients.of(target.profile, ECI_PROVIDER);
  const { RequestId } = await deleteImageCache(client, target.cache.ImageCacheId, { regionId: target.regionId });
  services.log.info(`Deleted image cache ${label} in ${target.regionId} (request ${RequestId ?? 'n/a'})`);
  services.explorer.refresh(target.profile.id);
  return target.cache.ImageCacheId;
}
