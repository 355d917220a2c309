import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// The newer operations as the official clients send them: the OpenAPI client (signature V3) with parameters
// flattened by the official OpenApiUtil.query (what the generated ECI SDK does with nested request objects: maps,
// objects and lists), and pop-core (signature V1). The ECI SDK package itself is not among the devDependencies.
import RPCClient from '@alicloud/pop-core';
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import * as $Util from '@alicloud/tea-util';
import { DEMO_KEY } from '../../src/emulator/server';
import { EmulatorFixture } from '../helpers/emulator';

type Body = Record<string, unknown>;

let fixture: EmulatorFixture;
before(async () => {
  fixture = await EmulatorFixture.start();
});
after(() => fixture.close());

async function openApi(action: string, request: Record<string, unknown>): Promise<Body> {
  const url = new URL(fixture.emulator.url);
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: DEMO_KEY.accessKeyId,
      accessKeySecret: DEMO_KEY.accessKeySecret,
      endpoint: url.host,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
  const response = await client.callApi(
    new $OpenApi.Params({
      action,
      version: '2018-08-08',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new $OpenApi.OpenApiRequest({ query: OpenApiUtil.query({ RegionId: 'cn-hangzhou', ...request }) }),
    new $Util.RuntimeOptions({ autoretry: false, readTimeout: 10_000, connectTimeout: 10_000 }),
  );
  return response['body'] as Body;
}

function popCore(action: string, params: Record<string, string>): Promise<Body> {
  const client = new RPCClient({
    accessKeyId: DEMO_KEY.accessKeyId,
    accessKeySecret: DEMO_KEY.accessKeySecret,
    endpoint: fixture.emulator.url,
    apiVersion: '2018-08-08',
  });
  return client.request(
    action,
    { RegionId: 'cn-hangzhou', ...params },
    { method: 'POST', timeout: 10_000 },
  ) as Promise<Body>;
}

describe('the newer operations through the official clients', () => {
  it('reads nested objects, maps and lists the way the SDK flattens them', async () => {
    const created = await openApi('CreateDataCache', {
      Path: '/sdk/model',
      SecurityGroupId: 'sg-sdk',
      VSwitchId: 'vsw-sdk',
      DataSource: { Type: 'URL', Options: { repoSource: 'HuggingFace/Model', repoId: 'org/model' } },
      Tag: [{ Key: 'via', Value: 'sdk' }],
    });
    const id = String(created['DataCacheId']);
    assert.match(id, /^edc-/);
    const listed = await openApi('DescribeDataCaches', { DataCacheId: [id] });
    const caches = listed['DataCaches'] as Body[];
    assert.equal(caches.length, 1);
    assert.deepEqual(caches[0]?.['DataSource'], {
      Type: 'URL',
      Options: { repoSource: 'HuggingFace/Model', repoId: 'org/model' },
    });
    assert.deepEqual(caches[0]?.['Tags'], [{ Key: 'via', Value: 'sdk' }]);

    const offered = await openApi('DescribeAvailableResource', {
      DestinationResource: { Category: 'InstanceType', Cores: 2, Memory: 4 },
    });
    const zones = (offered['AvailableZones'] as { AvailableZone: Body[] }).AvailableZone;
    assert.ok(zones.length > 0);
    assert.deepEqual(
      (
        zones[0]?.['AvailableResources'] as {
          AvailableResource: { SupportedResources: { SupportedResource: Body[] } }[];
        }
      ).AvailableResource[0]?.SupportedResources.SupportedResource.map((r) => r['Value']),
      ['ecs.c6.large'],
    );
  });

  it('answers the status, events and usage of groups to pop-core', async () => {
    const created = await popCore('CreateContainerGroup', {
      ContainerGroupName: 'sdk-status',
      SecurityGroupId: 'sg-sdk',
      VSwitchId: 'vsw-sdk',
      'Container.1.Name': 'web',
      'Container.1.Image': 'nginx:alpine',
    });
    const id = String(created['ContainerGroupId']);
    const status = await popCore('DescribeContainerGroupStatus', { ContainerGroupIds: JSON.stringify([id]) });
    assert.deepEqual(
      (status['Data'] as Body[]).map((d) => d['ContainerGroupId']),
      [id],
    );
    const events = await popCore('DescribeContainerGroupEvents', { ContainerGroupIds: JSON.stringify([id]) });
    assert.ok(Array.isArray(events['Data']));
    const usage = await popCore('ListUsage', {});
    assert.ok(((usage['Attributes'] as Body)['UsedCpu'] as number) >= 2);
  });
});
