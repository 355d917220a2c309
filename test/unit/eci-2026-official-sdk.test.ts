import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// The official ECI SDK (darabonba, signature V3), unchanged: its request classes, its field names and its own
// flattening of lists (Container.1.Name, …) are what today's callers send. The emulator shares src/eci/signing.ts
// with our client, so only a client of someone else's making shows that it answers them.
import type Eci from '@alicloud/eci20180808';
import * as $Eci from '@alicloud/eci20180808';
import * as $Util from '@alicloud/tea-util';
import { EmulatorFixture, eventually } from '../helpers/emulator';

let fixture: EmulatorFixture;
let eci: Eci;
before(async () => {
  fixture = await EmulatorFixture.start();
  eci = fixture.officialEci();
});
after(() => fixture.close());

/** No retries: a retried call would hide an answer the SDK could not read. */
const runtime = (): $Util.RuntimeOptions =>
  new $Util.RuntimeOptions({ autoretry: false, readTimeout: 10_000, connectTimeout: 10_000 });

async function describeGroup(id: string): Promise<$Eci.DescribeContainerGroupsResponseBodyContainerGroups | undefined> {
  const response = await eci.describeContainerGroupsWithOptions(
    new $Eci.DescribeContainerGroupsRequest({ regionId: 'cn-hangzhou', containerGroupIds: JSON.stringify([id]) }),
    runtime(),
  );
  return response.body?.containerGroups?.[0];
}

async function running(id: string): Promise<void> {
  await eventually(async () => ((await describeGroup(id))?.status === 'Running' ? true : undefined), 5000, 'Running');
}

describe('the official ECI SDK (@alicloud/eci20180808) drives every operation the emulator serves', () => {
  it('regions, then a group with many of the fields of CreateContainerGroup, through its whole life', async () => {
    const regions = await eci.describeRegionsWithOptions(new $Eci.DescribeRegionsRequest({}), runtime());
    assert.ok(regions.body?.regions?.some((r) => r.regionId === 'cn-hangzhou'));

    const created = await eci.createContainerGroupWithOptions(
      new $Eci.CreateContainerGroupRequest({
        regionId: 'cn-hangzhou',
        containerGroupName: 'sdk-oracle',
        securityGroupId: 'sg-sdk',
        vSwitchId: 'vsw-sdk',
        restartPolicy: 'OnFailure',
        cpu: 2,
        memory: 4,
        dnsPolicy: 'None',
        dnsConfig: new $Eci.CreateContainerGroupRequestDnsConfig({
          nameServer: ['100.100.2.136'],
          search: ['svc.local'],
          option: [new $Eci.CreateContainerGroupRequestDnsConfigOption({ name: 'ndots', value: '2' })],
        }),
        securityContext: new $Eci.CreateContainerGroupRequestSecurityContext({
          sysctl: [
            new $Eci.CreateContainerGroupRequestSecurityContextSysctl({ name: 'net.core.somaxconn', value: '1024' }),
          ],
        }),
        hostAliase: [new $Eci.CreateContainerGroupRequestHostAliase({ ip: '10.0.0.9', hostname: ['db.local'] })],
        tag: [new $Eci.CreateContainerGroupRequestTag({ key: 'by', value: 'eci-sdk' })],
        imageRegistryCredential: [
          new $Eci.CreateContainerGroupRequestImageRegistryCredential({
            server: 'registry.example.com',
            userName: 'u',
            password: 'p',
          }),
        ],
        volume: [
          new $Eci.CreateContainerGroupRequestVolume({
            name: 'scratch',
            type: 'EmptyDirVolume',
            emptyDirVolume: new $Eci.CreateContainerGroupRequestVolumeEmptyDirVolume({ medium: 'Memory' }),
          }),
        ],
        initContainer: [
          new $Eci.CreateContainerGroupRequestInitContainer({ name: 'init', image: 'busybox', command: ['true'] }),
        ],
        container: [
          new $Eci.CreateContainerGroupRequestContainer({
            name: 'web',
            image: 'nginx:alpine',
            cpu: 1,
            memory: 2,
            command: ['nginx'],
            arg: ['-g', 'daemon off;'],
            environmentVar: [
              new $Eci.CreateContainerGroupRequestContainerEnvironmentVar({ key: 'MESSAGE', value: 'héllo * ~' }),
            ],
            port: [new $Eci.CreateContainerGroupRequestContainerPort({ port: 80, protocol: 'TCP' })],
            volumeMount: [
              new $Eci.CreateContainerGroupRequestContainerVolumeMount({ name: 'scratch', mountPath: '/scratch' }),
            ],
            readinessProbe: new $Eci.CreateContainerGroupRequestContainerReadinessProbe({
              tcpSocket: new $Eci.CreateContainerGroupRequestContainerReadinessProbeTcpSocket({ port: 80 }),
              periodSeconds: 5,
            }),
            securityContext: new $Eci.CreateContainerGroupRequestContainerSecurityContext({
              capability: new $Eci.CreateContainerGroupRequestContainerSecurityContextCapability({
                add: ['NET_ADMIN'],
              }),
              runAsUser: 1000,
            }),
          }),
        ],
      }),
      runtime(),
    );
    const id = created.body?.containerGroupId ?? '';
    assert.match(id, /^eci-/);
    await running(id);

    const group = await describeGroup(id);
    assert.equal(group?.restartPolicy, 'OnFailure');
    assert.equal(group?.cpu, 2);
    assert.equal(group?.memory, 4);
    assert.deepEqual(group?.dnsConfig?.nameServers, ['100.100.2.136']);
    assert.deepEqual(group?.hostAliases?.[0]?.hostnames, ['db.local']);
    assert.equal(group?.tags?.[0]?.value, 'eci-sdk');
    assert.equal(group?.eciSecurityContext?.sysctls?.[0]?.value, '1024');
    assert.equal(group?.volumes?.[0]?.emptyDirVolumeMedium, 'Memory');
    assert.equal(group?.initContainers?.[0]?.name, 'init');
    const web = group?.containers?.[0];
    assert.equal(web?.environmentVars?.[0]?.value, 'héllo * ~');
    assert.deepEqual(web?.args, ['-g', 'daemon off;']);
    assert.equal(web?.ports?.[0]?.port, 80);
    assert.equal(web?.volumeMounts?.[0]?.mountPath, '/scratch');
    assert.equal(web?.readinessProbe?.tcpSocket?.port, 80);
    assert.deepEqual(web?.securityContext?.capability?.adds, ['NET_ADMIN']);

    const exec = await eci.execContainerCommandWithOptions(
      new $Eci.ExecContainerCommandRequest({
        regionId: 'cn-hangzhou',
        containerGroupId: id,
        containerName: 'web',
        command: JSON.stringify(['echo', 'hi']),
        sync: false,
        TTY: true,
      }),
      runtime(),
    );
    assert.match(exec.body?.webSocketUri ?? '', /^wss?:/);

    const log = await eci.describeContainerLogWithOptions(
      new $Eci.DescribeContainerLogRequest({
        regionId: 'cn-hangzhou',
        containerGroupId: id,
        containerName: 'web',
        tail: 5,
      }),
      runtime(),
    );
    assert.equal(log.body?.containerName, 'web');

    const metric = await eci.describeContainerGroupMetricWithOptions(
      new $Eci.DescribeContainerGroupMetricRequest({ regionId: 'cn-hangzhou', containerGroupId: id }),
      runtime(),
    );
    assert.equal(metric.body?.containerGroupId, id);
    const metrics = await eci.describeMultiContainerGroupMetricWithOptions(
      new $Eci.DescribeMultiContainerGroupMetricRequest({
        regionId: 'cn-hangzhou',
        containerGroupIds: JSON.stringify([id]),
      }),
      runtime(),
    );
    assert.equal(metrics.body?.monitorDatas?.[0]?.containerGroupId, id);

    await eci.updateContainerGroupWithOptions(
      new $Eci.UpdateContainerGroupRequest({
        regionId: 'cn-hangzhou',
        containerGroupId: id,
        tag: [new $Eci.UpdateContainerGroupRequestTag({ key: 'by', value: 'eci-sdk-update' })],
      }),
      runtime(),
    );
    await running(id);
    assert.equal((await describeGroup(id))?.tags?.[0]?.value, 'eci-sdk-update');

    await eci.restartContainerGroupWithOptions(
      new $Eci.RestartContainerGroupRequest({ regionId: 'cn-hangzhou', containerGroupId: id }),
      runtime(),
    );
    await running(id);
    await eci.deleteContainerGroupWithOptions(
      new $Eci.DeleteContainerGroupRequest({ regionId: 'cn-hangzhou', containerGroupId: id }),
      runtime(),
    );
    assert.equal(await describeGroup(id), undefined);
  });

  it('image caches: create with tags, list by a tag, delete', async () => {
    const created = await eci.createImageCacheWithOptions(
      new $Eci.CreateImageCacheRequest({
        regionId: 'cn-hangzhou',
        imageCacheName: 'sdk-cache',
        image: ['nginx:alpine'],
        securityGroupId: 'sg-sdk',
        vSwitchId: 'vsw-sdk',
        tag: [new $Eci.CreateImageCacheRequestTag({ key: 'team', value: 'sdk' })],
      }),
      runtime(),
    );
    const cacheId = created.body?.imageCacheId ?? '';
    assert.match(cacheId, /^imc-/);
    const byTag = await eci.describeImageCachesWithOptions(
      new $Eci.DescribeImageCachesRequest({
        regionId: 'cn-hangzhou',
        tag: [new $Eci.DescribeImageCachesRequestTag({ key: 'team', value: 'sdk' })],
      }),
      runtime(),
    );
    assert.deepEqual(
      byTag.body?.imageCaches?.map((c) => [c.imageCacheId, c.tags?.map((t) => `${t.key ?? ''}=${t.value ?? ''}`)]),
      [[cacheId, ['team=sdk']]],
    );
    const listed = await eci.describeImageCachesWithOptions(
      new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', imageCacheId: cacheId }),
      runtime(),
    );
    assert.deepEqual(listed.body?.imageCaches?.[0]?.images, ['nginx:alpine']);
    await eci.deleteImageCacheWithOptions(
      new $Eci.DeleteImageCacheRequest({ regionId: 'cn-hangzhou', imageCacheId: cacheId }),
      runtime(),
    );
    const after = await eci.describeImageCachesWithOptions(
      new $Eci.DescribeImageCachesRequest({ regionId: 'cn-hangzhou', imageCacheId: cacheId }),
      runtime(),
    );
    assert.equal(after.body?.imageCaches?.length ?? 0, 0);
  });

  it('DescribeContainerGroupPrice answers the SDK', async () => {
    const price = await eci.describeContainerGroupPriceWithOptions(
      new $Eci.DescribeContainerGroupPriceRequest({ regionId: 'cn-hangzhou', cpu: 2, memory: 4 }),
      runtime(),
    );
    const tradePrice = price.body?.priceInfo?.price?.tradePrice ?? 0;
    assert.ok(tradePrice > 0);
    assert.equal(price.body?.priceInfo?.price?.currency, 'CNY');
  });

  it('an error of the emulator reaches the SDK with ECI code', async () => {
    await assert.rejects(
      eci.deleteContainerGroupWithOptions(
        new $Eci.DeleteContainerGroupRequest({ regionId: 'cn-hangzhou', containerGroupId: 'eci-nothere' }),
        runtime(),
      ),
      (error: { code?: string }) => {
        assert.match(error.code ?? '', /NotFound/);
        return true;
      },
    );
  });
});
