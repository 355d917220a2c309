import * as vscode from '../../vscode-api';
import { describeImageCaches, updateImageCache } from '../../../eci/operations';
import type { UpdateImageCacheRequest } from '../../../eci/operations';
import { retentionProblem } from '../../../eci/data-cache-input';
import { tagText } from '../../../explorer/tag-grouping';
import { ECI_PROVIDER } from '../../../eci/provider';
import type { ImageCache } from '../../../eci/records';
import type { Profile } from '../../profiles/profile-store';
import type { ExtensionServices } from '../../services';
import { ImageCacheNode } from '../../tree/eci/image-cache-node';
import { imageCacheArg } from '../command-args';
import { placeText } from './group-target';
import { targetOf } from './ops-targets';
import type { TargetKind } from './ops-targets';
import { joinSentences } from '../../../core/messages/messages';

/** UpdateImageCache takes up to 20 images, as CreateImageCache does. */
const MAX_IMAGES = 20;

/**
 * ECI: Update Image Cache… — changes a Ready or Failed cache's images (which rebuilds it, after a confirmation) and
 * how many days it is kept and its tags (UpdateImageCache): from its node, by `{ imageCacheId }` or picked in the
 * active profile's region. Returns what it changed.
 */
export async function updateImageCacheCommand(
  services: ExtensionServices,
  node?: unknown,
): Promise<{ imageCacheId: string; images?: string[]; retentionDays?: number; tags?: string[] } | undefined> {
  const target = await imageCacheTarget(services, node);
  if (target === undefined) return undefined;
  const { profile, regionId, cache } = target;
  const label = `${cache.ImageCacheName ?? ''} (${cache.ImageCacheId})`;
  // The API refuses a cache being made; saying so before asking spares the questions.
  if (cache.Status !== 'Ready' && cache.Status !== 'Failed')
    throw new Error(
      vscode.l10n.t(
        'The image cache {0} is {1}; it can be updated once it is Ready or Failed.',
        label,
        cache.Status ?? '',
      ),
    );
  const step = (n: number, what: string): string =>
    vscode.l10n.t('Update image cache {0} ({1}/3): {2}', label, n, what);
  const current = cache.Images ?? [];
  const imageText = await services.prompter.input({
    title: step(1, vscode.l10n.t('images')),
    prompt: vscode.l10n.t('Comma-separated. New images rebuild the cache.'),
    value: current.join(', '),
    validateInput: (v) => {
      const count = splitList(v).length;
      return count === 0
        ? vscode.l10n.t('At least one image')
        : count > MAX_IMAGES
          ? vscode.l10n.t('At most {0} images', MAX_IMAGES)
          : undefined;
    },
    ignoreFocusOut: true,
  });
  if (imageText === undefined) return undefined;
  // ECI counts the days from the cache's creation, not from the update (src/eci/data-cache-input.ts).
  const created = Date.parse(cache.CreationTime ?? '');
  const expiry = cache.ExpireDateTime
    ? vscode.l10n.t('It expires {0} now.', cache.ExpireDateTime)
    : vscode.l10n.t('It is kept for good now.');
  const retention = await services.prompter.input({
    title: step(2, vscode.l10n.t('days to keep it, counted from its creation (empty: as it is)')),
    prompt: Number.isNaN(created)
      ? expiry
      : joinSentences(vscode.l10n.t('Created {0}.', cache.CreationTime ?? ''), expiry),
    validateInput: (v) => retentionProblem(v, cache.CreationTime),
    ignoreFocusOut: true,
  });
  if (retention === undefined) return undefined;
  const currentTags = cache.Tags.map((t) => tagText(t.Key, t.Value));
  const tagsText = await services.prompter.input({
    title: step(3, vscode.l10n.t('tags')),
    prompt: vscode.l10n.t(
      "key=value, comma-separated; the tags given replace the cache's (empty keeps them: the API removes none). At most 20.",
    ),
    value: currentTags.join(', '),
    validateInput: (v) => {
      const tags = splitList(v);
      if (tags.length > MAX_TAGS) return vscode.l10n.t('At most {0} tags', MAX_TAGS);
      return tags.some((t) => t.startsWith('=')) ? vscode.l10n.t('Each tag needs a key before its =') : undefined;
    },
    ignoreFocusOut: true,
  });
  if (tagsText === undefined) return undefined;

  const images = splitList(imageText);
  const tags = splitList(tagsText);
  const newTags = tags.join(',') !== currentTags.join(',') && tags.length > 0 ? tags : undefined;
  const newImages = images.join(',') !== current.join(',') ? images : undefined;
  const retentionDays = retention.trim() === '' ? undefined : Number(retention.trim());
  if (newImages === undefined && retentionDays === undefined && newTags === undefined) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to change in the image cache {0}.', label));
    return undefined;
  }
  if (newImages !== undefined) {
    const confirmed = await services.prompter.confirm({
      message: vscode.l10n.t('Rebuild the image cache {0} with {1}?', label, newImages.join(', ')),
      detail: joinSentences(
        vscode.l10n.t('Its images are pulled again; groups created from it keep running.'),
        placeText(regionId, profile.name),
      ),
      action: vscode.l10n.t('Rebuild'),
    });
    if (!confirmed) return undefined;
  }
  const request: UpdateImageCacheRequest = {
    ImageCacheId: cache.ImageCacheId,
    Image: newImages,
    RetentionDays: retentionDays,
    Tag: newTags?.map((text) => {
      const [key = '', ...value] = text.split('=');
      return value.length === 0 ? { Key: key } : { Key: key, Value: value.join('=') };
    }),
  };
  const client = await services.clients.of(profile, ECI_PROVIDER);
  const { RequestId } = await vscode.window.withProgress(
    { location: { viewId: 'eci.explorer' }, title: vscode.l10n.t('Updating the image cache {0}', label) },
    () => updateImageCache(client, request, { regionId }),
  );
  const changed = [
    newImages === undefined ? undefined : `images ${newImages.join(', ')}`,
    retentionDays === undefined ? undefined : `kept ${retentionDays} day(s)`,
    newTags === undefined ? undefined : `tags ${newTags.join(', ')}`,
  ].filter((part) => part !== undefined);
  services.log.info(
    `Updated image cache ${label} in ${regionId}: ${changed.join('; ')} (request ${RequestId ?? 'n/a'})`,
  );
  await services.explorer.refresh(profile.id);
  return {
    imageCacheId: cache.ImageCacheId,
    ...(newImages === undefined ? {} : { images: newImages }),
    ...(retentionDays === undefined ? {} : { retentionDays }),
    ...(newTags === undefined ? {} : { tags: newTags }),
  };
}

/** The API takes up to 20 tags, as everywhere in ECI. */
const MAX_TAGS = 20;

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const IMAGE_CACHES: TargetKind<ImageCache> = {
  notFound: (id, where) => vscode.l10n.t('No image cache {0} in {1}.', id, where),
  none: (where) => vscode.l10n.t('No image caches in {0}.', where),
  pickTitle: (where) => vscode.l10n.t('Image caches in {0}', where),
  list: async (client, id, regionId) =>
    (await describeImageCaches(client, id === undefined ? {} : { ImageCacheId: id }, { regionId })).ImageCaches,
  idOf: (cache) => cache.ImageCacheId,
  nameOf: (cache) => cache.ImageCacheName,
  statusOf: (cache) => cache.Status,
  noneIsError: true,
};

/** The cache of a node, of `{ imageCacheId }` in the active profile's region, or picked there; read afresh. */
async function imageCacheTarget(
  services: ExtensionServices,
  node: unknown,
): Promise<{ profile: Profile; regionId: string; cache: ImageCache } | undefined> {
  const given = imageCacheArg(node);
  // Afresh even from its node: a cache's status moves while it is made, and whether it can be updated depends on it.
  const target = await targetOf(
    services,
    given instanceof ImageCacheNode
      ? { id: given.cache.ImageCacheId, profile: given.profile, regionId: given.regionId }
      : given && { id: given.imageCacheId },
    IMAGE_CACHES,
  );
  return target === undefined ? undefined : { profile: target.profile, regionId: target.regionId, cache: target.item };
}
