import { ApiError, invalid, missing, notFound } from './api-error';
import type { Clock } from './lifecycle';
import { addEvent } from './lifecycle';
import type { EmulatorStateData, GroupModel, ImageCacheModel, VolumeModel } from './model';
import { opsState } from './ops-state';
import type { Params } from './params';
import { readTags } from './params';
import { imageCacheStatus } from './render';

/** ResizeContainerGroupVolume and UpdateImageCache: changes to what a group or an image cache already has. */

/** Cloud disks may grow to 32 TiB; a disk ECI creates starts at 20 GiB, the smallest it makes. */
const DISK_MAX_GIB = 32_768;
const DISK_DEFAULT_GIB = 20;

/** A disk volume's size: the last resize, else a FlexVolume's `volumeSize` option, else the default. */
function diskSize(state: EmulatorStateData, group: GroupModel, volume: VolumeModel): number {
  const resized = opsState(state).volumeSizes[group.ContainerGroupId]?.[volume.Name];
  if (resized !== undefined) return resized;
  try {
    const options = JSON.parse(volume.FlexVolume?.Options ?? '{}') as { volumeSize?: unknown };
    const size = Number(options.volumeSize);
    if (Number.isInteger(size) && size > 0) return size;
  } catch {
    // Options that are not JSON name no size.
  }
  return DISK_DEFAULT_GIB;
}

/** A cloud disk: a DiskVolume, or a FlexVolume of Alibaba Cloud's disk driver (as ECI creates them). */
function isDisk(volume: VolumeModel): boolean {
  return (
    volume.Type === 'DiskVolume' || (volume.Type === 'FlexVolume' && /disk/i.test(volume.FlexVolume?.Driver ?? ''))
  );
}

export function resizeContainerGroupVolume(
  state: EmulatorStateData,
  group: GroupModel,
  p: Params,
  clock: Clock,
): Record<string, unknown> {
  const name = p.requiredStr('VolumeName');
  const newSize = p.int('NewSize');
  if (newSize === undefined) throw missing('NewSize');
  const volume = group.spec.Volumes.find((v) => v.Name === name);
  if (volume === undefined) throw notFound('volume', name);
  if (!isDisk(volume))
    throw invalid('VolumeName', `${name} is a ${volume.Type}; only cloud disk volumes can be resized`);
  if (newSize > DISK_MAX_GIB)
    throw new ApiError(
      400,
      'InvalidParameter.ValueExceeded',
      `NewSize may be at most ${DISK_MAX_GIB} GiB; got ${newSize}.`,
    );
  const current = diskSize(state, group, volume);
  // Disks only grow: a smaller size would cut a file system.
  if (newSize <= current) throw invalid('NewSize', `the volume has ${current} GiB; the new size must be larger`);
  if (group.status !== 'Running')
    throw new ApiError(
      400,
      'IncorrectStatus',
      `The container group ${group.ContainerGroupId} is ${group.status}; volumes are resized in a Running group.`,
    );
  const sizes = opsState(state).volumeSizes;
  (sizes[group.ContainerGroupId] ??= {})[name] = newSize;
  addEvent(
    group,
    clock.now(),
    'Normal',
    'ResizeVolume',
    `Resized volume ${name} from ${current} GiB to ${newSize} GiB`,
  );
  return {};
}

export function updateImageCache(cache: ImageCacheModel, p: Params, clock: Clock): Record<string, unknown> {
  const now = clock.now();
  const status = imageCacheStatus(cache, now);
  if (status === 'Preparing' || status === 'Creating')
    throw new ApiError(
      400,
      'ImageCache.IncorrectStatus',
      `The image cache ${cache.ImageCacheId} is ${status}; it can be updated once it is Ready or Failed.`,
    );
  const images = p.strings('Image', 20);
  const size = p.int('ImageCacheSize', 20, 2000);
  if (size !== undefined && size < cache.ImageCacheSize)
    throw invalid('ImageCacheSize', `the cache has ${cache.ImageCacheSize} GiB; it cannot shrink`);
  const name = p.str('ImageCacheName');
  if (name !== undefined && name !== '') cache.ImageCacheName = name;
  if (size !== undefined) cache.ImageCacheSize = size;
  const retention = p.int('RetentionDays', 1);
  if (retention !== undefined) cache.RetentionDays = retention;
  // Tags given replace the cache's (the update says what the cache is to have); none given keeps them.
  const tags = readTags(p);
  if (tags.length > 0) cache.Tags = tags;
  if (images.length > 0) {
    // New images make a new cache: it is built again from now, and its CreationTime and expiry count from now.
    cache.Images = images;
    cache.createdAt = now;
    cache.readyAt = now + clock.span(10 + images.length * 2);
    cache.willFail = images.some((image) => /fail/i.test(image));
    cache.events = cache.events.filter((e) => e.Reason !== 'Ready' && e.Reason !== 'Failed');
    cache.events.push({
      Type: 'Normal',
      Reason: 'Pulling',
      Message: `pulling images ${images.join(', ')}`,
      Name: cache.ImageCacheName,
      Count: 1,
      FirstTimestamp: now,
      LastTimestamp: now,
    });
  }
  return {};
}
