import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { apiError, EmulatorFixture } from '../helpers/emulator';

// The clock stands still (it is moved by nobody), so the groups below stay Pending and hold their vCPUs: the image
// cache's job group would otherwise finish within milliseconds at the fixture's usual speed.
const time = { now: Date.parse('2026-11-24T10:00:00Z') };
let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start({ quota: 7, speed: 1, now: () => time.now });
  client = fixture.client({ regionId: 'cn-shanghai', now: () => new Date(time.now) });
});
after(() => fixture.close());

describe('DescribeAvailableResource', () => {
  it('lists the instance families of every zone, the memory-optimized one missing from the last zone', async () => {
    const { AvailableZones } = await ops.describeAvailableResource(client, {
      DestinationResource: { Category: 'InstanceTypeFamily' },
    });
    assert.deepEqual(
      AvailableZones.map((z) => z.ZoneId),
      ['cn-shanghai-b', 'cn-shanghai-l'],
    );
    const families = (zone: string) =>
      AvailableZones.find((z) => z.ZoneId === zone)?.AvailableResources[0]?.SupportedResources.map((r) => r.Value);
    assert.deepEqual(families('cn-shanghai-b'), ['ecs.c6', 'ecs.g6', 'ecs.r6', 'ecs.gn6i']);
    assert.deepEqual(families('cn-shanghai-l'), ['ecs.c6', 'ecs.g6', 'ecs.gn6i']);
    assert.equal(AvailableZones[0]?.AvailableResources[0]?.Type, 'InstanceTypeFamily');
    assert.equal(AvailableZones[0]?.RegionId, 'cn-shanghai');
  });

  it('finds instance types by vCPUs and memory, and reports GPU types out of stock', async () => {
    const { AvailableZones } = await ops.describeAvailableResource(client, {
      DestinationResource: { Category: 'InstanceType', Cores: 2, Memory: 16 },
    });
    // Only ecs.r6.large has 2 vCPUs and 16 GiB, and the region's last zone does not sell it.
    assert.deepEqual(
      AvailableZones.map((z) => [z.ZoneId, z.AvailableResources[0]?.SupportedResources.map((r) => r.Value)]),
      [['cn-shanghai-b', ['ecs.r6.large']]],
    );
    const gpu = await ops.describeAvailableResource(client, {
      DestinationResource: { Category: 'InstanceType', Value: 'ecs.gn6i-c4g1.xlarge' },
      ZoneId: 'cn-shanghai-l',
    });
    assert.deepEqual(gpu.AvailableZones[0]?.AvailableResources[0]?.SupportedResources, [
      { Value: 'ecs.gn6i-c4g1.xlarge', StatusCategory: 'WithoutStock' },
    ]);
    const none = await ops.describeAvailableResource(client, {
      DestinationResource: { Category: 'InstanceType', Value: 'ecs.nope.large' },
    });
    assert.deepEqual(none.AvailableZones, []);
  });

  it('answers the API errors for a missing category and a zone of another region', async () => {
    const missing = await apiError(client.call('DescribeAvailableResource', {}, () => undefined));
    assert.equal(missing.code, 'MissingParameter');
    const wrongZone = await apiError(
      ops.describeAvailableResource(client, {
        DestinationResource: { Category: 'InstanceTypeFamily' },
        ZoneId: 'cn-hangzhou-h',
      }),
    );
    assert.equal(wrongZone.code, 'InvalidParameter');
  });
});

describe('ListUsage', () => {
  it("counts the account's vCPUs, image caches and groups in the region against the emulator's limits", async () => {
    const empty = await ops.listUsage(client);
    assert.equal(empty.Attributes['UsedCpu'], 0);
    assert.equal(empty.Attributes['MaxContainerGroupCount'], 7);
    for (const [name, cpu] of [
      ['usage-a', 2],
      ['usage-b', 4],
    ] as const) {
      await ops.createContainerGroup(client, {
        ContainerGroupName: name,
        SecurityGroupId: 'sg-test',
        VSwitchId: 'vsw-cn-shanghai-b-test',
        Cpu: cpu,
        Memory: cpu * 2,
        Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
      });
    }
    await ops.createImageCache(client, {
      ImageCacheName: 'usage-cache',
      Image: ['nginx:1.27-alpine'],
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-shanghai-b-test',
    });
    const used = await ops.listUsage(client);
    // The image cache's job group is a 2-vCPU group of its own.
    assert.equal(used.Attributes['UsedCpu'], 2 + 4 + 2);
    assert.equal(used.Attributes['UsedContainerGroupCount'], 3);
    assert.equal(used.Attributes['UsedImageCacheCount'], 1);
    assert.equal(used.Attributes['MaxImageCacheCount'], 20);
    assert.equal(used.Attributes['MaxCpu'], 7 * 64);
    // Another region's usage is its own.
    const other = await ops.listUsage(fixture.client({ regionId: 'cn-beijing', now: () => new Date(time.now) }));
    assert.equal(other.Attributes['UsedCpu'], 0);
  });
});
