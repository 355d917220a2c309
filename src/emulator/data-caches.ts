import { ApiError, invalid, missing, notFound } from './api-error';
import type { Clock } from './lifecycle';
import type { EmulatorStateData } from './model';
import type { DataCacheModel } from './ops-state';
import { opsState } from './ops-state';
import type { Params } from './params';
import { readTags } from './params';
import { findRegion } from './regions';
import { iso } from './render';
import { pageOffset, pageToken } from './status';

/**
 * The five DataCache operations. A data cache is a disk snapshot of data (a model, a data set) that groups mount;
 * ECI loads it from its source in a job of its own. The emulator runs no job: a cache is Creating for
 * CREATING_SECONDS, Loading until its data is in (LOAD_SECONDS plus a second per 10 GiB), then Available — or
 * Failed when its source's options name "fail". Bucket and Path place it; one account has one cache per place.
 */
export const DATA_CACHE_LIMIT = 50;
const CREATING_SECONDS = 2;
const LOAD_SECONDS = 10;
const SOURCE_TYPES = ['URL', 'NAS', 'OSS', 'SNAPSHOT'] as const;
const DAY = 86_400_000;

export type DataCacheStatus = 'Creating' | 'Loading' | 'Available' | 'Failed' | 'Updating' | 'UpdateFailed';

export function dataCacheStatus(cache: DataCacheModel, now: number, clock: Clock): DataCacheStatus {
  if (now < cache.readyAt) {
    if (cache.updating) return 'Updating';
    return now < cache.loadStartedAt + clock.span(CREATING_SECONDS) ? 'Creating' : 'Loading';
  }
  if (cache.willFail) return cache.updating ? 'UpdateFailed' : 'Failed';
  return 'Available';
}

function loadTime(size: number, clock: Clock): number {
  return clock.span(LOAD_SECONDS + Math.ceil(size / 10));
}

function expired(cache: DataCacheModel, now: number): boolean {
  return cache.RetentionDays !== undefined && now >= cache.createdAt + cache.RetentionDays * DAY;
}

/** This owner's caches of a region that have not expired. */
export function liveDataCaches(
  state: EmulatorStateData,
  owner: string,
  regionId: string,
  now: number,
): DataCacheModel[] {
  return Object.values(opsState(state).dataCaches).filter(
    (c) => c.owner === owner && c.RegionId === regionId && !expired(c, now),
  );
}

function dataSource(p: Params): { Type: string; Options: Record<string, string> } | undefined {
  const source = p.object('DataSource');
  if (source === undefined) return undefined;
  const type = source.oneOf('Type', SOURCE_TYPES);
  if (type === undefined) throw missing('DataSource.Type');
  const options = source.object('Options');
  const values: Record<string, string> = {};
  for (const key of Object.keys(options?.values ?? {})) {
    const value = options?.str(key);
    if (value !== undefined) values[key] = value;
  }
  return { Type: type, Options: values };
}

function checkPath(path: string): void {
  if (!path.startsWith('/')) throw invalid('Path', `"${path}" is not an absolute path`);
}

function place(caches: readonly DataCacheModel[], bucket: string, path: string): DataCacheModel | undefined {
  return caches.find((c) => c.Bucket === bucket && c.Path === path);
}

function newCache(
  state: EmulatorStateData,
  owner: string,
  regionId: string,
  fields: Pick<
    DataCacheModel,
    'Name' | 'Bucket' | 'Path' | 'DataSource' | 'Size' | 'RetentionDays' | 'ResourceGroupId' | 'Tags'
  >,
  clock: Clock,
  nextId: (prefix: string) => string,
): DataCacheModel {
  const live = liveDataCaches(state, owner, regionId, clock.now());
  if (live.length >= DATA_CACHE_LIMIT)
    throw new ApiError(
      403,
      'QuotaExceeded',
      `Data cache quota exceeded: at most ${DATA_CACHE_LIMIT} data caches in ${regionId}.`,
    );
  if (place(live, fields.Bucket, fields.Path) !== undefined)
    throw invalid('Path', `a data cache is already at ${fields.Bucket}:${fields.Path}`);
  const now = clock.now();
  const cache: DataCacheModel = {
    ...fields,
    DataCacheId: nextId('edc'),
    owner,
    RegionId: regionId,
    SnapshotId: nextId('s'),
    createdAt: now,
    loadStartedAt: now,
    readyAt: now + clock.span(CREATING_SECONDS) + loadTime(fields.Size, clock),
    updating: false,
    willFail: Object.values(fields.DataSource.Options).some((v) => /fail/i.test(v)),
    events: [{ Type: 'Normal', Reason: 'Creating', Message: `Creating data cache ${fields.Name}`, at: now }],
  };
  opsState(state).dataCaches[cache.DataCacheId] = cache;
  return cache;
}

export function createDataCache(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
  nextId: (prefix: string) => string,
): Record<string, unknown> {
  const regionId = p.requiredStr('RegionId');
  const path = p.requiredStr('Path');
  checkPath(path);
  const source = dataSource(p);
  if (source === undefined) throw missing('DataSource.Type');
  // The job that loads the data runs in the account's network.
  p.requiredStr('SecurityGroupId');
  p.requiredStr('VSwitchId');
  const cache = newCache(
    state,
    owner,
    regionId,
    {
      Name: p.str('Name') ?? path.split('/').filter(Boolean).pop() ?? 'data',
      Bucket: p.str('Bucket') ?? 'default',
      Path: path,
      DataSource: source,
      Size: p.int('Size', 20, 32_768) ?? 20,
      RetentionDays: p.int('RetentionDays', 1),
      ResourceGroupId: p.str('ResourceGroupId'),
      Tags: readTags(p),
    },
    clock,
    nextId,
  );
  return { DataCacheId: cache.DataCacheId };
}

function render(cache: DataCacheModel, now: number, clock: Clock): Record<string, unknown> {
  const status = dataCacheStatus(cache, now, clock);
  const total = cache.readyAt - cache.loadStartedAt;
  const progress =
    status === 'Available' ? 100 : Math.max(0, Math.min(99, Math.floor(((now - cache.loadStartedAt) / total) * 100)));
  const events = [...cache.events];
  if (now >= cache.readyAt)
    events.push({
      Type: cache.willFail ? 'Warning' : 'Normal',
      Reason: cache.willFail ? 'Failed' : 'Available',
      Message: cache.willFail
        ? `Failed to load data from ${cache.DataSource.Type} source`
        : `Data cache ${cache.Name} is available`,
      at: cache.readyAt,
    });
  return {
    DataCacheId: cache.DataCacheId,
    Name: cache.Name,
    RegionId: cache.RegionId,
    Bucket: cache.Bucket,
    Path: cache.Path,
    Status: status,
    Progress: `${progress}%`,
    Size: cache.Size,
    DataSource: cache.DataSource,
    SnapshotId: status === 'Available' ? cache.SnapshotId : '',
    FlashSnapshotId: '',
    // The emulator loads data without a job group.
    ContainerGroupId: '',
    ResourceGroupId: cache.ResourceGroupId ?? '',
    Tags: cache.Tags,
    CreationTime: iso(cache.createdAt),
    ExpireDateTime: cache.RetentionDays === undefined ? '' : iso(cache.createdAt + cache.RetentionDays * DAY),
    LastMatchedTime: '',
    Events: events.map((e) => ({
      Type: e.Type,
      Reason: e.Reason,
      Message: e.Message,
      Name: cache.Name,
      Count: 1,
      FirstTimestamp: iso(e.at),
      LastTimestamp: iso(e.at),
    })),
  };
}

export function describeDataCaches(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
): Record<string, unknown> {
  const regionId = p.requiredStr('RegionId');
  const ids = p.strings('DataCacheId', 100);
  const bucket = p.str('Bucket');
  const path = p.str('Path');
  const resourceGroupId = p.str('ResourceGroupId');
  const wanted = readTags(p);
  const limit = p.int('Limit', 1, 100) ?? 10;
  const now = clock.now();
  const caches = liveDataCaches(state, owner, regionId, now)
    .filter(
      (c) =>
        (ids.length === 0 || ids.includes(c.DataCacheId)) &&
        (bucket === undefined || bucket === '' || c.Bucket === bucket) &&
        (path === undefined || path === '' || c.Path === path) &&
        (resourceGroupId === undefined || resourceGroupId === '' || c.ResourceGroupId === resourceGroupId) &&
        wanted.every((t) =>
          c.Tags.some((have) => have.Key === t.Key && (t.Value === undefined || have.Value === t.Value)),
        ),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (a.DataCacheId < b.DataCacheId ? -1 : 1));
  const offset = pageOffset(p.str('NextToken'));
  return {
    DataCaches: caches.slice(offset, offset + limit).map((c) => render(c, now, clock)),
    NextToken: offset + limit < caches.length ? pageToken(offset + limit) : '',
    TotalCount: caches.length,
  };
}

/** A cache by DataCacheId, or by Bucket and Path (DeleteDataCache takes either). */
function find(state: EmulatorStateData, p: Params, owner: string, now: number): DataCacheModel {
  const regionId = p.requiredStr('RegionId');
  const live = liveDataCaches(state, owner, regionId, now);
  const id = p.str('DataCacheId');
  if (id !== undefined && id !== '') {
    const cache = live.find((c) => c.DataCacheId === id);
    if (cache === undefined) throw notFound('data cache', id);
    return cache;
  }
  const path = p.str('Path');
  if (path === undefined || path === '') throw missing('DataCacheId');
  const bucket = p.str('Bucket') ?? 'default';
  const cache = place(live, bucket, path);
  if (cache === undefined) throw notFound('data cache', `${bucket}:${path}`);
  return cache;
}

function busy(cache: DataCacheModel, now: number, clock: Clock, doing: string): void {
  const status = dataCacheStatus(cache, now, clock);
  if (status === 'Creating' || status === 'Loading' || status === 'Updating')
    throw new ApiError(
      400,
      'IncorrectStatus',
      `The data cache ${cache.DataCacheId} is ${status} and cannot be ${doing} yet.`,
    );
}

export function updateDataCache(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
): Record<string, unknown> {
  const now = clock.now();
  const cache = find(state, p, owner, now);
  busy(cache, now, clock, 'updated');
  const size = p.int('Size', 20, 32_768);
  if (size !== undefined && size < cache.Size)
    throw invalid('Size', `the cache has ${cache.Size} GiB; it cannot shrink`);
  const source = dataSource(p);
  const name = p.str('Name');
  if (name !== undefined && name !== '') cache.Name = name;
  const retention = p.int('RetentionDays', 1);
  if (retention !== undefined) cache.RetentionDays = retention;
  const resourceGroupId = p.str('ResourceGroupId');
  if (resourceGroupId !== undefined && resourceGroupId !== '') cache.ResourceGroupId = resourceGroupId;
  const newTags = readTags(p);
  if (newTags.length > 0) cache.Tags = newTags;
  // New data, or a larger disk for it, is loaded again: the cache is Updating until then.
  if (source !== undefined || (size !== undefined && size > cache.Size)) {
    if (source !== undefined) cache.DataSource = source;
    if (size !== undefined) cache.Size = size;
    cache.updating = true;
    cache.loadStartedAt = now;
    cache.readyAt = now + loadTime(cache.Size, clock);
    cache.willFail = Object.values(cache.DataSource.Options).some((v) => /fail/i.test(v));
    cache.SnapshotId = `s-${cache.DataCacheId.slice(4)}-${now.toString(36)}`;
    cache.events.push({ Type: 'Normal', Reason: 'Updating', Message: `Updating data cache ${cache.Name}`, at: now });
  }
  return {};
}

export function deleteDataCache(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
): Record<string, unknown> {
  const now = clock.now();
  const cache = find(state, p, owner, now);
  busy(cache, now, clock, 'deleted');
  delete opsState(state).dataCaches[cache.DataCacheId];
  return {};
}

export function copyDataCache(
  state: EmulatorStateData,
  p: Params,
  owner: string,
  clock: Clock,
  nextId: (prefix: string) => string,
): Record<string, unknown> {
  const now = clock.now();
  const source = find(state, p, owner, now);
  if (dataCacheStatus(source, now, clock) !== 'Available')
    throw new ApiError(
      400,
      'IncorrectStatus',
      `The data cache ${source.DataCacheId} is ${dataCacheStatus(source, now, clock)}; only an Available cache is copied.`,
    );
  const destination = p.requiredStr('DestinationRegionId');
  if (findRegion(destination) === undefined)
    throw new ApiError(403, 'RegionNotSupported', `The specified Region "${destination}" is not supported.`);
  const path = p.str('Path') ?? source.Path;
  checkPath(path);
  const copy = newCache(
    state,
    owner,
    destination,
    {
      Name: p.str('Name') ?? source.Name,
      Bucket: p.str('Bucket') ?? source.Bucket,
      Path: path,
      // A copy is made from the source's snapshot.
      DataSource: { Type: 'SNAPSHOT', Options: { snapshotId: source.SnapshotId } },
      Size: source.Size,
      RetentionDays: p.int('RetentionDays', 1),
      ResourceGroupId: p.str('ResourceGroupId'),
      Tags: readTags(p),
    },
    clock,
    nextId,
  );
  return { DataCacheId: copy.DataCacheId };
}
