import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// The official Alibaba Cloud SDK clients, unchanged: the RPC client of the aliyun CLI era (pop-core, signature V1)
// and the current OpenAPI client (darabonba, signature V3 ACS3-HMAC-SHA256).
import RPCClient from '@alicloud/pop-core';
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { DEMO_KEY } from '../../src/emulator/server';
import { EmulatorFixture, eventually } from '../helpers/emulator';

type Body = Record<string, unknown>;
type Caller = (action: string, params: Record<string, string>) => Promise<Body>;

let fixture: EmulatorFixture;
before(async () => {
  fixture = await EmulatorFixture.start();
});
after(() => fixture.close());

function popCore(secret = DEMO_KEY.accessKeySecret): Caller {
  const client = new RPCClient({
    accessKeyId: DEMO_KEY.accessKeyId,
    accessKeySecret: secret,
    endpoint: fixture.emulator.url,
    apiVersion: '2018-08-08',
  });
  return (action, params) => client.request(action, params, { method: 'POST', timeout: 10_000 }) as Promise<Body>;
}

function openApiClient(secret = DEMO_KEY.accessKeySecret): Caller {
  const url = new URL(fixture.emulator.url);
  const client = new OpenApi(
    new $OpenApi.Config({
      accessKeyId: DEMO_KEY.accessKeyId,
      accessKeySecret: secret,
      endpoint: url.host,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
  return async (action, params) => {
    const request = new $OpenApi.OpenApiRequest({ query: params });
    const api = new $OpenApi.Params({
      action,
      version: '2018-08-08',
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const response = await client.callApi(
      api,
      request,
      new $Util.RuntimeOptions({ autoretry: false, readTimeout: 10_000, connectTimeout: 10_000 }),
    );
    return response['body'] as Body;
  };
}

async function lifecycle(call: Caller, name: string): Promise<void> {
  const regions = await call('DescribeRegions', {});
  assert.ok(Array.isArray(regions['Regions']));
  const created = await call('CreateContainerGroup', {
    RegionId: 'cn-hangzhou',
    ContainerGroupName: name,
    SecurityGroupId: 'sg-sdk',
    VSwitchId: 'vsw-sdk',
    'Container.1.Name': 'web',
    'Container.1.Image': 'nginx:alpine',
    'Container.1.Command.1': 'nginx',
    'Container.1.Arg.1': '-g',
    'Container.1.Arg.2': 'daemon off;',
    'Container.1.EnvironmentVar.1.Key': 'MESSAGE',
    'Container.1.EnvironmentVar.1.Value': 'héllo wörld * ~ (1)',
  });
  const id = String(created['ContainerGroupId']);
  assert.match(id, /^eci-/);
  const describe = async () =>
    (
      (await call('DescribeContainerGroups', { RegionId: 'cn-hangzhou', ContainerGroupIds: JSON.stringify([id]) }))[
        'ContainerGroups'
      ] as Body[]
    )[0];
  await eventually(
    async () => ((await describe())?.['Status'] === 'Running' ? true : undefined),
    5000,
    `${name} Running`,
  );
  const group = await describe();
  const env = ((group?.['Containers'] as Body[])[0]?.['EnvironmentVars'] as Body[])[0];
  assert.equal(env?.['Value'], 'héllo wörld * ~ (1)');
  await call('RestartContainerGroup', { RegionId: 'cn-hangzhou', ContainerGroupId: id });
  await call('UpdateContainerGroup', {
    RegionId: 'cn-hangzhou',
    ContainerGroupId: id,
    'Tag.1.Key': 'by',
    'Tag.1.Value': 'sdk',
  }).catch((error: { code?: string; data?: { Code?: string } }) => {
    // Updating right after a restart may meet the group still Restarting: that is ECI's OperationConflict.
    assert.equal(error.data?.Code ?? error.code, 'OperationConflict');
  });
  const logs = await call('DescribeContainerLog', {
    RegionId: 'cn-hangzhou',
    ContainerGroupId: id,
    ContainerName: 'web',
    Tail: '5',
  });
  assert.equal(logs['ContainerName'], 'web');
  await call('DeleteContainerGroup', { RegionId: 'cn-hangzhou', ContainerGroupId: id });
  assert.equal(await describe(), undefined);
}

describe('official Alibaba Cloud SDK clients against the emulator', () => {
  it('pop-core (RPC, signature V1) drives a full lifecycle', async () => {
    const before = { ...fixture.emulator.signatures };
    await lifecycle(popCore(), 'sdk-pop-core');
    assert.ok(fixture.emulator.signatures.v1 > before.v1 + 5);
    assert.equal(fixture.emulator.signatures.v3, before.v3);
  });

  it('the OpenAPI client (signature V3) drives a full lifecycle', async () => {
    const before = { ...fixture.emulator.signatures };
    await lifecycle(openApiClient(), 'sdk-openapi');
    assert.ok(fixture.emulator.signatures.v3 > before.v3 + 5);
    assert.equal(fixture.emulator.signatures.v1, before.v1);
  });

  it('pop-core is refused with SignatureDoesNotMatch when its secret is wrong', async () => {
    await assert.rejects(popCore('wrong-secret')('DescribeRegions', {}), (error: { code?: string; data?: Body }) => {
      assert.equal(error.data?.['Code'] ?? error.code, 'SignatureDoesNotMatch');
      return true;
    });
  });

  it('the OpenAPI client is refused with SignatureDoesNotMatch when its secret is wrong', async () => {
    await assert.rejects(
      openApiClient('wrong-secret')('DescribeRegions', {}),
      (error: { code?: string; statusCode?: number }) => {
        assert.equal(error.code, 'SignatureDoesNotMatch');
        assert.equal(error.statusCode, 400);
        return true;
      },
    );
  });
});
