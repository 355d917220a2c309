import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import type { ContainerSpec, CreateContainerGroupRequest } from '../../src/eci/operations';
import * as ops from '../../src/eci/operations';
import { apiError, EmulatorFixture, eventually } from '../helpers/emulator';

/** A small builder: a valid create request, with only what a test cares about overridden. */
function group(overrides: Partial<CreateContainerGroupRequest> = {}): CreateContainerGroupRequest {
  return {
    ContainerGroupName: 'web',
    SecurityGroupId: 'sg-test',
    VSwitchId: 'vsw-cn-hangzhou-h-test',
    Container: [container()],
    ...overrides,
  };
}
function container(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    Name: 'nginx',
    Image: 'nginx:1.27-alpine',
    Cpu: 1,
    Memory: 2,
    Port: [{ Port: 80, Protocol: 'TCP' }],
    ...overrides,
  };
}

let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start({ quota: 40 });
  client = fixture.client();
});
after(() => fixture.close());

async function describeOne(id: string) {
  const page = await ops.describeContainerGroups(client, { ContainerGroupIds: [id] });
  const found = page.ContainerGroups[0];
  assert.ok(found, `group ${id} not listed`);
  return found;
}

async function untilStatus(id: string, status: string) {
  return eventually(
    async () => {
      const g = await describeOne(id);
      return g.Status === status ? g : undefined;
    },
    5000,
    `${id} reaching ${status}`,
  );
}

describe('emulator: container group lifecycle', () => {
  it('creates a group that goes Pending → Running with events, IPs and container states', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(
      client,
      group({ ContainerGroupName: 'lifecycle-web', Tag: [{ Key: 'app', Value: 'web' }] }),
    );
    assert.match(id, /^eci-/);
    const running = await untilStatus(id, 'Running');
    assert.equal(running.ContainerGroupName, 'lifecycle-web');
    assert.equal(running.ZoneId, 'cn-hangzhou-h');
    assert.equal(running.Cpu, 1);
    assert.equal(running.Memory, 2);
    assert.match(running.IntranetIp ?? '', /^172\.16\./);
    assert.equal(running.Containers[0]?.CurrentState?.State, 'Running');
    assert.equal(running.Containers[0]?.Ready, true);
    const reasons = running.Events.map((e) => e.Reason);
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'])
      assert.ok(reasons.includes(reason), `missing event ${reason} in ${reasons.join(',')}`);
  });

  it('updates a Running group through Updating back to Running with the new spec', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, group({ ContainerGroupName: 'update-me' }));
    await untilStatus(id, 'Running');
    await ops.updateContainerGroup(client, {
      ContainerGroupId: id,
      Container: [container({ Image: 'nginx:1.28-alpine' })],
    });
    // At this clock speed Updating lasts 2 ms, so the event is the lasting witness of the phase.
    const updated = await eventually(async () => {
      const g = await describeOne(id);
      return g.Status === 'Running' && g.Events.some((e) => e.Reason === 'Updating') ? g : undefined;
    });
    assert.equal(updated.Containers[0]?.Image, 'nginx:1.28-alpine');
  });

  it('restarts a Running group and counts the restart', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(
      client,
      group({ ContainerGroupName: 'restart-me' }),
    );
    await untilStatus(id, 'Running');
    await ops.restartContainerGroup(client, id);
    const restarted = await eventually(async () => {
      const g = await describeOne(id);
      return g.Status === 'Running' && g.Events.some((e) => e.Reason === 'Restarting') ? g : undefined;
    });
    assert.equal(restarted.Containers[0]?.RestartCount, 1);
  });

  it('keeps groups made alike apart: updating one leaves the other as it was', async () => {
    // Groups with equal specs share one in memory (src/emulator/intern.ts); an update must not reach the other.
    const [{ ContainerGroupId: a }, { ContainerGroupId: b }] = await Promise.all([
      ops.createContainerGroup(client, group({ ContainerGroupName: 'alike-a', Tag: [{ Key: 'k', Value: 'v' }] })),
      ops.createContainerGroup(client, group({ ContainerGroupName: 'alike-b', Tag: [{ Key: 'k', Value: 'v' }] })),
    ]);
    await untilStatus(a, 'Running');
    await untilStatus(b, 'Running');
    await ops.updateContainerGroup(client, {
      ContainerGroupId: a,
      Container: [container({ Image: 'nginx:1.28-alpine', EnvironmentVar: [{ Key: 'MODE', Value: 'a' }] })],
      Tag: [{ Key: 'k', Value: 'changed' }],
    });
    const updated = await eventually(async () => {
      const g = await describeOne(a);
      return g.Status === 'Running' && g.Events.some((e) => e.Reason === 'Updating') ? g : undefined;
    });
    assert.equal(updated.Containers[0]?.Image, 'nginx:1.28-alpine');
    assert.deepEqual(
      updated.Tags.map((t) => [t.Key, t.Value]),
      [['k', 'changed']],
    );
    const other = await describeOne(b);
    assert.equal(other.Status, 'Running');
    assert.equal(other.Containers[0]?.Image, 'nginx:1.27-alpine');
    assert.deepEqual(other.Containers[0]?.EnvironmentVars, []);
    assert.deepEqual(
      other.Tags.map((t) => [t.Key, t.Value]),
      [['k', 'v']],
    );
    assert.ok(!other.Events.some((e) => e.Reason === 'Updating'));
    for (const id of [a, b]) await ops.deleteContainerGroup(client, id);
  });

  it('ends a Never group Succeeded or Failed by exit code, and refuses restart and update then', async () => {
    const ok = await ops.createContainerGroup(
      client,
      group({
        ContainerGroupName: 'job-ok',
        RestartPolicy: 'Never',
        Container: [container({ Command: ['sh', '-c', 'exit 0'] })],
      }),
    );
    const bad = await ops.createContainerGroup(
      client,
      group({
        ContainerGroupName: 'job-bad',
        RestartPolicy: 'Never',
        Container: [container({ Command: ['sh', '-c', 'exit 3'] })],
      }),
    );
    const succeeded = await untilStatus(ok.ContainerGroupId, 'Succeeded');
    assert.equal(succeeded.Containers[0]?.CurrentState?.ExitCode, 0);
    const failed = await untilStatus(bad.ContainerGroupId, 'Failed');
    assert.equal(failed.Containers[0]?.CurrentState?.ExitCode, 3);
    assert.equal((await apiError(ops.restartContainerGroup(client, ok.ContainerGroupId))).code, 'IncorrectStatus');
    assert.equal(
      (
        await apiError(
          ops.updateContainerGroup(client, { ContainerGroupId: bad.ContainerGroupId, RestartPolicy: 'Always' }),
        )
      ).code,
      'IncorrectStatus',
    );
  });

  it('restarts a crashing container under Always with BackOff events and keeps the previous instance', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(
      client,
      group({
        ContainerGroupName: 'crash-loop',
        RestartPolicy: 'Always',
        Container: [container({ Command: ['sh', '-c', 'exit 1'] })],
      }),
    );
    const looping = await eventually(async () => {
      const g = await describeOne(id);
      return (g.Containers[0]?.RestartCount ?? 0) >= 2 ? g : undefined;
    });
    assert.equal(looping.Status, 'Running');
    // Repeated events count up in one record instead of piling up, as ECI's do.
    assert.equal(looping.Events.filter((e) => e.Reason === 'BackOff').length, 1);
    assert.ok((looping.Events.find((e) => e.Reason === 'BackOff')?.Count ?? 0) >= 2);
    assert.equal(looping.Containers[0]?.PreviousState?.ExitCode, 1);
  });

  it('cannot place a GPU group (no stock in the emulated zones): ScheduleFailed with a FailedScheduling event', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(
      client,
      group({ ContainerGroupName: 'gpu-job', Container: [container({ Gpu: 1 })] }),
    );
    const failed = await untilStatus(id, 'ScheduleFailed');
    assert.ok(failed.Events.some((e) => e.Reason === 'FailedScheduling' && e.Type === 'Warning'));
  });

  it('deletes a group', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, group({ ContainerGroupName: 'delete-me' }));
    await ops.deleteContainerGroup(client, id);
    const page = await ops.describeContainerGroups(client, { ContainerGroupIds: [id] });
    assert.equal(page.ContainerGroups.length, 0);
    assert.equal((await apiError(ops.deleteContainerGroup(client, id))).code, 'InvalidParameter.NotFound');
  });

  it('filters by name, status, tag and zone', async () => {
    await ops.createContainerGroup(
      client,
      group({
        ContainerGroupName: 'filter-a',
        Tag: [{ Key: 'team', Value: 'blue' }],
        ZoneId: 'cn-hangzhou-i',
        VSwitchId: 'vsw-cn-hangzhou-i-x',
      }),
    );
    const byName = await ops.describeContainerGroups(client, { ContainerGroupName: 'filter-a' });
    assert.deepEqual(
      byName.ContainerGroups.map((g) => g.ContainerGroupName),
      ['filter-a'],
    );
    const byTag = await ops.describeContainerGroups(client, { Tag: [{ Key: 'team', Value: 'blue' }] });
    assert.deepEqual(
      byTag.ContainerGroups.map((g) => g.ContainerGroupName),
      ['filter-a'],
    );
    const byZone = await ops.describeContainerGroups(client, { ZoneId: 'cn-hangzhou-i' });
    assert.ok(byZone.ContainerGroups.every((g) => g.ZoneId === 'cn-hangzhou-i'));
    const failed = await ops.describeContainerGroups(client, { Status: 'Failed' });
    assert.ok(failed.ContainerGroups.every((g) => g.Status === 'Failed'));
  });
});

describe("emulator: the seed's error codes", () => {
  const code = async (request: Partial<CreateContainerGroupRequest>) =>
    (await apiError(ops.createContainerGroup(client, group(request)))).code;

  it('InvalidParameter.CPU.Memory for a combination not offered', async () => {
    assert.equal(await code({ Cpu: 2, Memory: 3 }), 'InvalidParameter.CPU.Memory');
  });
  it('InvalidParameter.DuplicatedName for two containers of one name', async () => {
    assert.equal(await code({ Container: [container(), container()] }), 'InvalidParameter.DuplicatedName');
  });
  it('InvalidParameter.DuplicatedVolumeName for two volumes of one name', async () => {
    assert.equal(
      await code({
        Volume: [
          { Name: 'v', Type: 'EmptyDirVolume' },
          { Name: 'v', Type: 'EmptyDirVolume' },
        ],
      }),
      'InvalidParameter.DuplicatedVolumeName',
    );
  });
  it('InvalidParameter.LengthExceeded for 21 containers or 21 tags', async () => {
    assert.equal(
      await code({
        Container: Array.from({ length: 21 }, (_, i) =>
          container({ Name: `c${i}`, Cpu: undefined, Memory: undefined }),
        ),
      }),
      'InvalidParameter.LengthExceeded',
    );
    assert.equal(
      await code({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }),
      'InvalidParameter.LengthExceeded',
    );
  });
  it('MissingParameter for a container without an image', async () => {
    const error = await apiError(
      ops.createContainerGroup(client, group({ Container: [{ Name: 'x' } as ContainerSpec] })),
    );
    assert.equal(error.code, 'MissingParameter');
    assert.match(error.message, /Container\.1\.Image/);
  });
  it("OperationDenied.VswZoneMismatch when the zone is not the vSwitch's", async () => {
    assert.equal(
      await code({ ZoneId: 'cn-hangzhou-j', VSwitchId: 'vsw-cn-hangzhou-h-x' }),
      'OperationDenied.VswZoneMismatch',
    );
  });
  it('InvalidParameter for a group name against the naming rule', async () => {
    assert.equal(await code({ ContainerGroupName: 'Bad_Name' }), 'InvalidParameter');
  });
  it('IdempotentParameterMismatch for one ClientToken with other parameters; the same parameters return the first answer', async () => {
    const first = await ops.createContainerGroup(client, group({ ContainerGroupName: 'idem' }), {
      clientToken: 'token-idem-1',
    });
    const again = await ops.createContainerGroup(client, group({ ContainerGroupName: 'idem' }), {
      clientToken: 'token-idem-1',
    });
    assert.equal(again.ContainerGroupId, first.ContainerGroupId);
    const error = await apiError(
      ops.createContainerGroup(client, group({ ContainerGroupName: 'idem-other' }), { clientToken: 'token-idem-1' }),
    );
    assert.equal(error.code, 'IdempotentParameterMismatch');
  });
  it('QuotaExceeded past the configured quota', async () => {
    const before = (await ops.describeContainerGroups(client)).TotalCount ?? 0;
    let error;
    for (let i = before; i <= 41 && error === undefined; i++) {
      error = await ops.createContainerGroup(client, group({ ContainerGroupName: `quota-${i}` })).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    assert.equal((error as { code?: string } | undefined)?.code, 'QuotaExceeded');
    // clean up for the tests after this one
    for await (const page of ops.describeContainerGroupPages(client, { ContainerGroupName: undefined })) {
      for (const g of page.ContainerGroups)
        if (g.ContainerGroupName?.startsWith('quota-')) await ops.deleteContainerGroup(client, g.ContainerGroupId);
    }
  });
});

describe('emulator: exec, logs, metrics, price, image caches, templates', () => {
  let id: string;
  before(async () => {
    ({ ContainerGroupId: id } = await ops.createContainerGroup(
      client,
      group({
        ContainerGroupName: 'observe-me',
        Container: [
          container({
            EnvironmentVar: [{ Key: 'GREETING', Value: 'hello from env' }],
            VolumeMount: [{ Name: 'conf', MountPath: '/etc/app' }],
          }),
        ],
        Volume: [
          {
            Name: 'conf',
            Type: 'ConfigFileVolume',
            ConfigFileVolume: {
              ConfigFileToPath: [{ Path: 'app.conf', Content: Buffer.from('level=debug\n').toString('base64') }],
            },
          },
        ],
      }),
    ));
    await untilStatus(id, 'Running');
  });

  it("runs a command synchronously with the container's environment and config files", async () => {
    const result = await ops.execContainerCommand(client, {
      ContainerGroupId: id,
      ContainerName: 'nginx',
      Command: ['sh', '-c', 'echo "$GREETING"; cat etc/app/app.conf'],
      Sync: true,
    });
    assert.equal(result.SyncResponse, 'hello from env\nlevel=debug\n');
  });

  it('hands out a one-time WebSocket URI on its own port', async () => {
    const result = await ops.execContainerCommand(client, {
      ContainerGroupId: id,
      ContainerName: 'nginx',
      Command: ['/bin/sh'],
      TTY: true,
    });
    assert.match(
      result.WebSocketUri ?? '',
      new RegExp(`^ws://127\\.0\\.0\\.1:${fixture.emulator.port}/exec/\\?s=[\\w-]+$`),
    );
  });

  it('returns logs with Tail, Timestamps (RFC 3339 with nanoseconds) and the byte limit', async () => {
    await new Promise((r) => setTimeout(r, 50)); // at speed 1000, 50 ms is 50 s of output
    const tail = await ops.describeContainerLog(client, {
      ContainerGroupId: id,
      ContainerName: 'nginx',
      Tail: 10,
      Timestamps: true,
    });
    const lines = (tail.Content ?? '').trimEnd().split('\n');
    assert.equal(lines.length, 10);
    for (const line of lines) assert.match(line, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /);
    const stamps = lines.map((l) => l.slice(0, 30));
    assert.deepEqual([...stamps].sort(), stamps, 'lines come oldest first');
    const limited = await ops.describeContainerLog(client, {
      ContainerGroupId: id,
      ContainerName: 'nginx',
      Tail: 2000,
      LimitBytes: 300,
    });
    assert.ok(Buffer.byteLength(limited.Content ?? '') <= 300);
    assert.equal(limited.ContainerName, 'nginx');
    assert.equal(
      (await apiError(ops.describeContainerLog(client, { ContainerGroupId: id, ContainerName: 'nginx', Tail: 2001 })))
        .code,
      'InvalidParameter.ValueExceeded',
    );
  });

  it('returns metric series and the latest point of several groups', async () => {
    const series = await ops.describeContainerGroupMetric(client, { ContainerGroupId: id });
    assert.equal(series.ContainerGroupId, id);
    assert.ok(series.Records.length > 0);
    const last = series.Records[series.Records.length - 1];
    assert.ok((last?.CPU?.Limit ?? 0) > 0);
    assert.equal(last?.Containers[0]?.Name, 'nginx');
    assert.equal(last?.Network?.Interfaces[0]?.Name, 'eth0');
    const multi = await ops.describeMultiContainerGroupMetric(client, [id]);
    assert.equal(multi.MonitorDatas[0]?.ContainerGroupId, id);
    assert.equal(
      (
        await apiError(
          ops.describeContainerGroupMetric(client, {
            ContainerGroupId: id,
            StartTime: new Date(Date.now() - 60_000).toISOString(),
            Period: 45,
          }),
        )
      ).code,
      'InvalidParameter',
    );
  });

  it('prices a specification', async () => {
    const price = await ops.describeContainerGroupPrice(client, { Cpu: 2, Memory: 4 });
    assert.ok((price.PriceInfo.Price.TradePrice ?? 0) > 0);
    assert.equal(price.PriceInfo.Price.Currency, 'CNY');
  });

  it('creates an image cache that goes to Ready with a job group, and deletes it', async () => {
    const created = await ops.createImageCache(client, {
      ImageCacheName: 'cache-a',
      Image: ['nginx:1.27-alpine'],
      SecurityGroupId: 'sg-x',
      VSwitchId: 'vsw-cn-hangzhou-h-x',
    });
    assert.match(created.ImageCacheId, /^imc-/);
    assert.match(created.ContainerGroupId ?? '', /^eci-/);
    const ready = await eventually(async () => {
      const caches = await ops.describeImageCaches(client, { ImageCacheId: created.ImageCacheId });
      return caches.ImageCaches[0]?.Status === 'Ready' ? caches.ImageCaches[0] : undefined;
    });
    assert.equal(ready.Progress, '100%');
    assert.match(ready.SnapshotId ?? '', /^s-/);
    await ops.deleteImageCache(client, created.ImageCacheId);
    assert.equal((await ops.describeImageCaches(client, { ImageCacheId: created.ImageCacheId })).ImageCaches.length, 0);
  });

  it('creates, updates and exports through the template actions (camelCase in, PascalCase out)', async () => {
    const template = {
      regionId: 'cn-hangzhou',
      securityGroupId: 'sg-t',
      vSwitchId: 'vsw-cn-hangzhou-h-t',
      containerGroupName: 'from-template',
      resources: { cpu: 2, memory: 4 },
      tags: [{ key: 'createdFrom', value: 'template' }],
      spec: {
        restartPolicy: 'Always',
        volumes: [{ name: 'cfg', configFile: { items: [{ path: 'a.txt', content: 'hello' }] } }],
        containers: [
          {
            name: 'web',
            image: 'nginx:alpine',
            resources: { cpu: 1, memory: 2 },
            ports: [{ protocol: 'TCP', containerPort: 80 }],
            volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }],
          },
        ],
      },
    };
    const { ContainerGroupId: created } = await ops.createContainerGroupFromTemplate(client, template);
    await untilStatus(created, 'Running');
    await ops.updateContainerGroupByTemplate(client, {
      ...template,
      containerGroupId: created,
      spec: { ...template.spec, containers: [{ ...template.spec.containers[0], image: 'nginx:1.28' }] },
    });
    await untilStatus(created, 'Running');
    const exported = await ops.exportContainerGroupTemplate(client, created);
    assert.equal(exported.Template.ContainerGroupName, 'from-template');
    assert.equal(exported.Template.Spec?.Containers[0]?.Image, 'nginx:1.28');
    assert.equal(exported.Template.Spec?.Containers[0]?.Ports[0]?.ContainerPort, 80);
    assert.equal(exported.Template.Spec?.Volumes[0]?.ConfigFile?.Items[0]?.Content, 'hello');
    assert.equal(exported.Template.Tags[0]?.Key, 'createdFrom');
  });

  it('reports a template that is not JSON with IncorrectUserTemplateFormat', async () => {
    const error = await apiError(
      client.callRaw('CreateContainerGroupFromTemplate', {}, { bodyParams: { Template: '{"regionId": ' } }),
    );
    assert.equal(error.code, 'IncorrectUserTemplateFormat');
  });
});

describe('emulator: image cache states at real speed', () => {
  it('refuses to delete an image cache while it is being prepared', async () => {
    const slow = await EmulatorFixture.start({ speed: 1 });
    try {
      const c = slow.client();
      const created = await ops.createImageCache(c, {
        ImageCacheName: 'slow',
        Image: ['nginx:1.27-alpine'],
        SecurityGroupId: 'sg-x',
        VSwitchId: 'vsw-x',
      });
      const listed = await ops.describeImageCaches(c, { ImageCacheId: created.ImageCacheId });
      assert.equal(listed.ImageCaches[0]?.Status, 'Preparing');
      assert.equal((await apiError(ops.deleteImageCache(c, created.ImageCacheId))).code, 'ImageCache.IncorrectStatus');
    } finally {
      await slow.close();
    }
  });
});

describe('emulator: --no-template-api', () => {
  it("answers the template actions with InvalidAction, as today's ECI does", async () => {
    const plain = await EmulatorFixture.start({ templateApi: false });
    try {
      const error = await apiError(ops.createContainerGroupFromTemplate(plain.client(), { containerGroupName: 'x' }));
      assert.equal(error.code, 'InvalidAction');
      assert.equal((await apiError(ops.exportContainerGroupTemplate(plain.client(), 'eci-x'))).code, 'InvalidAction');
    } finally {
      await plain.close();
    }
  });
});
