import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { apiError } from '../helpers/emulator';
import { SteppedEmulator } from '../helpers/stepped-emulator';

// A hand-stepped clock at speed 1. A 20 GiB cache is Creating for 2 s, then Loading for 12 s
// (src/emulator/data-caches.ts).
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;

const network = { SecurityGroupId: 'sg-test', VSwitchId: 'vsw-cn-hangzhou-h-test' };

async function cache(id: string, regionClient = emulator.client) {
  const { DataCaches } = await ops.describeDataCaches(regionClient, { DataCacheId: [id] });
  assert.ok(DataCaches[0], `data cache ${id} listed`);
  return DataCaches[0];
}

describe('DataCache operations', () => {
  it('creates a cache that loads to Available, and lists it by place, tag and ID', async () => {
    const { DataCacheId: id } = await ops.createDataCache(emulator.client, {
      ...network,
      Path: '/models/qwen',
      DataSource: { Type: 'URL', Options: { repoSource: 'ModelScope/Model', repoId: 'Qwen/Qwen2-7B' } },
      Tag: [{ Key: 'team', Value: 'ml' }],
      RetentionDays: 7,
    });
    assert.match(id, /^edc-/);
    const creating = await cache(id);
    assert.equal(creating.Status, 'Creating');
    assert.equal(creating.Name, 'qwen');
    assert.equal(creating.Bucket, 'default');
    assert.deepEqual(creating.DataSource, {
      Type: 'URL',
      Options: { repoSource: 'ModelScope/Model', repoId: 'Qwen/Qwen2-7B' },
    });
    time.now += 5 * SECOND;
    assert.equal((await cache(id)).Status, 'Loading');
    time.now += 10 * SECOND;
    const available = await cache(id);
    assert.equal(available.Status, 'Available');
    assert.equal(available.Progress, '100%');
    assert.match(available.SnapshotId ?? '', /^s-/);
    assert.ok(available.ExpireDateTime);
    assert.deepEqual(
      available.Events.map((e) => e.Reason),
      ['Creating', 'Available'],
    );

    const byPlace = await ops.describeDataCaches(emulator.client, { Bucket: 'default', Path: '/models/qwen' });
    assert.deepEqual(
      byPlace.DataCaches.map((c) => c.DataCacheId),
      [id],
    );
    const byTag = await ops.describeDataCaches(emulator.client, { Tag: [{ Key: 'team', Value: 'ml' }] });
    assert.ok(byTag.DataCaches.some((c) => c.DataCacheId === id));
    const otherTag = await ops.describeDataCaches(emulator.client, { Tag: [{ Key: 'team', Value: 'web' }] });
    assert.ok(!otherTag.DataCaches.some((c) => c.DataCacheId === id));

    // The cache counts in ListUsage.
    const usage = await ops.listUsage(emulator.client);
    assert.ok((usage.Attributes['UsedDataCacheCount'] ?? 0) >= 1);
    assert.equal(usage.Attributes['MaxDataCacheCount'], 50);

    // After its retention it is gone.
    time.now += 8 * 86_400 * SECOND;
    const after = await ops.describeDataCaches(emulator.client, { DataCacheId: [id] });
    assert.equal(after.DataCaches.length, 0);
  });

  it('updates a cache (a new source loads it again), copies it to another region and deletes it', async () => {
    const { DataCacheId: id } = await ops.createDataCache(emulator.client, {
      ...network,
      Bucket: 'team',
      Path: '/data/set',
      DataSource: { Type: 'NAS', Options: { server: 'nas.example.com', path: '/set' } },
      Size: 30,
    });
    assert.equal(
      (await apiError(ops.updateDataCache(emulator.client, { DataCacheId: id, Name: 'x' }))).code,
      'IncorrectStatus',
      'still loading',
    );
    assert.equal((await apiError(ops.deleteDataCache(emulator.client, { DataCacheId: id }))).code, 'IncorrectStatus');
    time.now += 20 * SECOND;

    await ops.updateDataCache(emulator.client, { DataCacheId: id, Name: 'set-v1', RetentionDays: 30 });
    const renamed = await cache(id);
    assert.equal(renamed.Name, 'set-v1');
    assert.equal(renamed.Status, 'Available', 'nothing to load again');
    assert.equal(
      (await apiError(ops.updateDataCache(emulator.client, { DataCacheId: id, Size: 25 }))).code,
      'InvalidParameter',
    );

    await ops.updateDataCache(emulator.client, {
      DataCacheId: id,
      Size: 40,
      DataSource: { Type: 'NAS', Options: { server: 'nas.example.com', path: '/set-v2' } },
    });
    const updating = await cache(id);
    assert.equal(updating.Status, 'Updating');
    assert.equal(updating.Size, 40);
    time.now += 20 * SECOND;
    assert.equal((await cache(id)).Status, 'Available');

    const { DataCacheId: copyId } = await ops.copyDataCache(emulator.client, {
      DataCacheId: id,
      DestinationRegionId: 'cn-shanghai',
    });
    assert.ok(copyId);
    const shanghai = emulator.clientWith({ regionId: 'cn-shanghai' });
    const copy = await cache(copyId, shanghai);
    assert.equal(copy.RegionId, 'cn-shanghai');
    assert.equal(copy.Path, '/data/set');
    assert.equal(copy.DataSource?.Type, 'SNAPSHOT');
    assert.equal(copy.DataSource?.Options['snapshotId'], (await cache(id)).SnapshotId);

    // Deleted by its place rather than its ID.
    await ops.deleteDataCache(emulator.client, { Bucket: 'team', Path: '/data/set' });
    assert.equal((await ops.describeDataCaches(emulator.client, { DataCacheId: [id] })).DataCaches.length, 0);
    assert.equal(
      (await apiError(ops.deleteDataCache(emulator.client, { DataCacheId: id }))).code,
      'InvalidParameter.NotFound',
    );
  });

  it('answers the API errors for bad requests', async () => {
    const create = (request: Partial<ops.CreateDataCacheRequest>) =>
      ops.createDataCache(emulator.client, {
        ...network,
        Path: '/errors',
        DataSource: { Type: 'OSS', Options: { bucket: 'b' } },
        ...request,
      });
    assert.equal((await apiError(create({ Path: 'relative' }))).code, 'InvalidParameter');
    assert.equal(
      (await apiError(create({ DataSource: { Type: 'FTP' as 'URL' } }))).code,
      'InvalidParameter',
      'an unknown source type',
    );
    assert.equal((await apiError(create({ Size: 10 }))).code, 'InvalidParameter.ValueExceeded');
    const noSource = await apiError(
      emulator.client.call('CreateDataCache', { ...network, Path: '/errors' }, () => undefined),
    );
    assert.equal(noSource.code, 'MissingParameter');
    const { DataCacheId: ok } = await create({});
    assert.equal((await apiError(create({}))).code, 'InvalidParameter', 'the same place twice');

    // A source that cannot be read ends Failed, and a failed cache cannot be copied.
    const { DataCacheId: failing } = await create({
      Path: '/failing',
      DataSource: { Type: 'URL', Options: { url: 'https://example.com/fail.tar' } },
    });
    time.now += 20 * SECOND;
    assert.equal((await cache(failing)).Status, 'Failed');
    assert.equal(
      (await apiError(ops.copyDataCache(emulator.client, { DataCacheId: failing, DestinationRegionId: 'cn-beijing' })))
        .code,
      'IncorrectStatus',
    );
    assert.equal(
      (await apiError(ops.copyDataCache(emulator.client, { DataCacheId: ok, DestinationRegionId: 'mars-1' }))).code,
      'RegionNotSupported',
    );
  });
});
