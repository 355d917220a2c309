import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { apiError } from '../helpers/emulator';
import { SteppedEmulator } from '../helpers/stepped-emulator';

// A hand-stepped clock at speed 1 (src/emulator/lifecycle.ts gives the durations): states are reached by moving it.
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;

describe('ResizeContainerGroupVolume', () => {
  it('grows a cloud disk volume of a running group, and refuses what ECI refuses', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(emulator.client, {
      ContainerGroupName: 'resize-web',
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-hangzhou-h-test',
      Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
      Volume: [
        {
          Name: 'data',
          Type: 'FlexVolume',
          FlexVolume: { Driver: 'alicloud/disk', FsType: 'ext4', Options: '{"volumeSize":"50"}' },
        },
        { Name: 'scratch', Type: 'EmptyDirVolume', EmptyDirVolume: {} },
      ],
    });
    const resize = (VolumeName: string, NewSize: number) =>
      ops.resizeContainerGroupVolume(emulator.client, { ContainerGroupId: id, VolumeName, NewSize });

    assert.equal((await apiError(resize('data', 100))).code, 'IncorrectStatus', 'not yet running');
    time.now += 5 * SECOND;
    assert.equal((await apiError(resize('data', 40))).code, 'InvalidParameter', 'smaller than its 50 GiB');
    assert.equal((await apiError(resize('scratch', 100))).code, 'InvalidParameter', 'not a disk');
    assert.equal((await apiError(resize('nope', 100))).code, 'InvalidParameter.NotFound');
    assert.equal((await apiError(resize('data', 40_000))).code, 'InvalidParameter.ValueExceeded');

    await resize('data', 100);
    // The new size is the one the next resize is held to, and the group's events say it.
    assert.equal((await apiError(resize('data', 80))).code, 'InvalidParameter');
    const { Data } = await ops.describeContainerGroupEvents(emulator.client, { ContainerGroupIds: [id] });
    const event = Data[0]?.Events.find((e) => e.Reason === 'ResizeVolume');
    assert.equal(event?.Message, 'Resized volume data from 50 GiB to 100 GiB');
  });
});

describe('UpdateImageCache', () => {
  it('renames, grows and rebuilds a ready cache with new images', async () => {
    const { ImageCacheId: id } = await ops.createImageCache(emulator.client, {
      ImageCacheName: 'update-cache',
      Image: ['nginx:1.27-alpine'],
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-hangzhou-h-test',
    });
    const cache = async () => {
      const { ImageCaches } = await ops.describeImageCaches(emulator.client, { ImageCacheId: id });
      assert.ok(ImageCaches[0]);
      return ImageCaches[0];
    };
    assert.equal(
      (await apiError(ops.updateImageCache(emulator.client, { ImageCacheId: id, ImageCacheName: 'x' }))).code,
      'ImageCache.IncorrectStatus',
      'still being made',
    );
    time.now += 20 * SECOND;
    assert.equal((await cache()).Status, 'Ready');

    await ops.updateImageCache(emulator.client, { ImageCacheId: id, ImageCacheName: 'renamed', ImageCacheSize: 40 });
    const renamed = await cache();
    assert.equal(renamed.ImageCacheName, 'renamed');
    assert.equal(renamed.ImageCacheSize, 40);
    assert.equal(renamed.Status, 'Ready', 'no new images: nothing to rebuild');
    assert.equal(
      (await apiError(ops.updateImageCache(emulator.client, { ImageCacheId: id, ImageCacheSize: 30 }))).code,
      'InvalidParameter',
      'a cache does not shrink',
    );

    await ops.updateImageCache(emulator.client, { ImageCacheId: id, Image: ['nginx:1.27-alpine', 'redis:7'] });
    const rebuilding = await cache();
    assert.notEqual(rebuilding.Status, 'Ready');
    assert.deepEqual(rebuilding.Images, ['nginx:1.27-alpine', 'redis:7']);
    time.now += 20 * SECOND;
    assert.equal((await cache()).Status, 'Ready');

    assert.equal(
      (await apiError(ops.updateImageCache(emulator.client, { ImageCacheId: 'imc-nope', ImageCacheName: 'x' }))).code,
      'InvalidParameter.NotFound',
    );
  });
});

describe('image cache tags', () => {
  it('are set on create, replaced by UpdateImageCache, returned and filtered on: in place of the old', async () => {
    const { ImageCacheId: id } = await ops.createImageCache(emulator.client, {
      ImageCacheName: 'tagged-cache',
      Image: ['nginx:1.27-alpine'],
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-hangzhou-h-test',
      Tag: [{ Key: 'team', Value: 'web' }],
    });
    const tagged = async (tag: ops.KeyValue) =>
      (await ops.describeImageCaches(emulator.client, { Tag: [tag] })).ImageCaches.map((c) => c.ImageCacheId);
    assert.deepEqual(await tagged({ Key: 'team', Value: 'web' }), [id]);
    assert.deepEqual(await tagged({ Key: 'team' }), [id], 'a key alone matches any value');
    assert.deepEqual(await tagged({ Key: 'team', Value: 'db' }), []);
    time.now += 20 * SECOND;

    await ops.updateImageCache(emulator.client, {
      ImageCacheId: id,
      Tag: [
        { Key: 'team', Value: 'db' },
        { Key: 'tier', Value: 'gold' },
      ],
    });
    const [updated] = (await ops.describeImageCaches(emulator.client, { ImageCacheId: id })).ImageCaches;
    assert.deepEqual(updated?.Tags, [
      { Key: 'team', Value: 'db' },
      { Key: 'tier', Value: 'gold' },
    ]);
    // An update without tags keeps them.
    await ops.updateImageCache(emulator.client, { ImageCacheId: id, RetentionDays: 2 });
    assert.deepEqual(await tagged({ Key: 'tier', Value: 'gold' }), [id]);
  });
});
