import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { JdcloudClient } from '../../src/jdcloud/client';
import {
  createContainers,
  createSecret,
  describeContainer,
  describeSecrets,
  stopContainer,
  waitForContainerStatus,
} from '../../src/jdcloud/operations';
import { EmulatorFixture } from '../helpers/emulator';
import { tempDir } from '../helpers/temp';

const request = (name: string) => ({
  ContainerGroupName: name,
  SecurityGroupId: 'sg-s',
  VSwitchId: 'vsw-s',
  Container: [{ Name: 'app', Image: 'busybox:1.36' }],
});

/** Runs `work` over `items` with at most `width` at a time. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

describe('emulator at scale', () => {
  it('pages through 1,000 groups, 20 at a time, each exactly once', async () => {
    const fixture = await EmulatorFixture.start();
    try {
      const client = fixture.client();
      const names = Array.from({ length: 1000 }, (_, i) => `page-${String(i).padStart(4, '0')}`);
      await pool(names, 8, async (name) => {
        await ops.createContainerGroup(client, request(name));
      });
      const seen: string[] = [];
      let pages = 0;
      for await (const page of ops.describeContainerGroupPages(client, { WithEvent: false })) {
        pages++;
        assert.ok(page.ContainerGroups.length <= 20);
        assert.equal(page.TotalCount, 1000);
        seen.push(...page.ContainerGroups.map((g) => g.ContainerGroupName ?? ''));
      }
      assert.equal(pages, 50);
      assert.equal(seen.length, 1000);
      assert.deepEqual([...seen].sort(), names);
    } finally {
      await fixture.close();
    }
  });

  it('1,000 creates with 20% of connections dropped after the commit yield exactly 1,000 groups', async () => {
    const fixture = await EmulatorFixture.start({ faults: { dropAfterCommitRate: 0.2 } });
    try {
      const drops: number[] = [];
      const client = fixture.client({
        maxAttempts: 10,
        onCall: (event) => event.errorCode === 'NetworkError' && drops.push(1),
      });
      const names = Array.from({ length: 1000 }, (_, i) => `idem-${i}`);
      const ids = new Set<string>();
      await pool(names, 8, async (name) => {
        ids.add((await ops.createContainerGroup(client, request(name))).ContainerGroupId);
      });
      // Count what the server holds, with faults off.
      fixture.emulator.faults.dropAfterCommitRate = 0;
      let total = 0;
      for await (const page of ops.describeContainerGroupPages(client, { WithEvent: false }))
        total += page.ContainerGroups.length;
      assert.equal(total, 1000, 'every create happened exactly once on the server');
      assert.equal(ids.size, 1000, 'every caller got its own group back');
      assert.ok(drops.length > 100, `expected about 200 dropped answers, saw ${drops.length}`);
    } finally {
      await fixture.close();
    }
  });

  it('answers injected Throttling and ServiceUnavailable, which the client rides out', async () => {
    const fixture = await EmulatorFixture.start({ faults: { faultRate: 0.3 } });
    try {
      const codes: string[] = [];
      const client = fixture.client({
        maxAttempts: 12,
        onCall: (e) => e.errorCode !== undefined && codes.push(e.errorCode),
      });
      for (let i = 0; i < 50; i++) await ops.describeRegions(client);
      assert.ok(codes.includes('Throttling') && codes.includes('ServiceUnavailable'), codes.join(','));
    } finally {
      await fixture.close();
    }
  });

  it('keeps its state across a restart with a state file', async () => {
    const dir = tempDir('eci-state-');
    const statePath = join(dir.path, 'state.json');
    try {
      const first = await EmulatorFixture.start({ statePath });
      const { ContainerGroupId: id } = await ops.createContainerGroup(first.client(), request('survivor'));
      const cache = await ops.createImageCache(first.client(), {
        ImageCacheName: 'kept',
        Image: ['nginx'],
        SecurityGroupId: 'sg',
        VSwitchId: 'vsw',
      });
      // Native Container's containers and secrets are kept in the same file.
      const native = new JdcloudClient({ credentials: DEMO_KEY, endpoint: first.emulator.url, maxAttempts: 1 });
      const [jdcloudId = ''] = (
        await createContainers(native, 'cn-north-1', {
          instanceType: 'n.c1.medium',
          az: 'cn-north-1a',
          name: 'native-survivor',
          image: 'nginx',
          primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
        })
      ).containerIds;
      await waitForContainerStatus(native, 'cn-north-1', jdcloudId, 'running', { intervalMs: 10 });
      await stopContainer(native, 'cn-north-1', jdcloudId);
      await waitForContainerStatus(native, 'cn-north-1', jdcloudId, 'stopped', { intervalMs: 10 });
      await createSecret(native, 'cn-north-1', 'kept-secret', {
        server: 'r.example.com',
        username: 'u',
        password: 'p',
      });
      await native.close();
      await first.close();
      const second = await EmulatorFixture.start({ statePath });
      try {
        const page = await ops.describeContainerGroups(second.client(), { ContainerGroupIds: [id] });
        assert.equal(page.ContainerGroups[0]?.ContainerGroupName, 'survivor');
        const caches = await ops.describeImageCaches(second.client(), { ImageCacheId: cache.ImageCacheId });
        assert.equal(caches.ImageCaches[0]?.ImageCacheName, 'kept');
        const native = new JdcloudClient({ credentials: DEMO_KEY, endpoint: second.emulator.url, maxAttempts: 1 });
        try {
          const { container } = await describeContainer(native, 'cn-north-1', jdcloudId);
          assert.deepEqual([container.name, container.status], ['native-survivor', 'stopped']);
          assert.deepEqual(
            (await describeSecrets(native, 'cn-north-1')).secrets.map((x) => x.name),
            ['kept-secret'],
          );
          // New addresses do not repeat the old ones.
          const [otherId = ''] = (
            await createContainers(native, 'cn-north-1', {
              instanceType: 'n.c1.medium',
              az: 'cn-north-1a',
              name: 'second',
              image: 'nginx',
              primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
            })
          ).containerIds;
          assert.notEqual(
            (await describeContainer(native, 'cn-north-1', otherId)).container.privateIpAddress,
            container.privateIpAddress,
          );
        } finally {
          await native.close();
        }
      } finally {
        await second.close();
      }
    } finally {
      dir.remove();
    }
  });
});
