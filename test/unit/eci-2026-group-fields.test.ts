import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as $Eci from '@alicloud/eci20180808';
import * as $Util from '@alicloud/tea-util';
import { deployTemplate, exportGroup, updateFromTemplate, waitUntilSettled } from '../../src/deploy/template-deploy';
import { createOnlyDifferences, templateChanges } from '../../src/deploy/template-diff';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import type { ContainerGroup } from '../../src/eci/records';
import { parseTemplateText } from '../../src/template/document';
import { validateTemplateText } from '../../src/template/validate';
import { apiError, EmulatorFixture, eventually } from '../helpers/emulator';

/**
 * Today's group-level fields of CreateContainerGroup, round-tripped: what a request or a template says comes back
 * from DescribeContainerGroups as ECI returns it (the fields of the official SDK's
 * DescribeContainerGroupsResponseBodyContainerGroups), by three ways in: our client (src/eci/operations.ts), the
 * template (both the converter, src/template/convert.ts, and the emulator's own template action), and the official
 * SDK. The template is test/fixtures/templates/today-group-fields.eci.json.
 */

type Json = Record<string, unknown>;
const REGION = 'cn-hangzhou';
const FIXTURE = join(__dirname, '..', 'fixtures', 'templates', 'today-group-fields.eci.json');

let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start();
  client = fixture.client();
});
after(() => fixture.close());

async function describeGroup(id: string): Promise<ContainerGroup> {
  const groups = (await ops.describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups;
  assert.equal(groups.length, 1);
  return groups[0] as ContainerGroup;
}

/** What the fixture's template says, as DescribeContainerGroups returns it. */
function assertTodayFields(group: ContainerGroup): void {
  // ecs.c6.xlarge is 4 vCPU and 8 GiB (INSTANCE_TYPES in src/emulator/spec-parser.ts).
  assert.equal(group.InstanceType, 'ecs.c6.xlarge');
  assert.equal(group.Cpu, 4);
  assert.equal(group.Memory, 8);
  assert.equal(group.SpotStrategy, 'SpotWithPriceLimit');
  assert.equal(group.SpotPriceLimit, 0.5);
  // The free 30 GiB and the 20 asked for.
  assert.equal(group.EphemeralStorage, 50);
  assert.equal(group.RamRoleName, 'eci-role');
  assert.equal(group.IntranetIp, '172.16.8.9');
  // Neither a security group nor a vSwitch given: the defaults (today's API takes both as optional).
  assert.equal(group.SecurityGroupId, 'sg-cn-hangzhou-default');
  assert.equal(group.VSwitchId, 'vsw-cn-hangzhou-h-default');
  assert.equal(group.ZoneId, 'cn-hangzhou-h');
  assert.match(group.Ipv6Address ?? '', /^[0-9a-f:]+$/);
}

/** The fixture's registry and overhead settings, which DescribeContainerGroups does not return: the emulator's record. */
function assertHeldRegistry(id: string): void {
  const spec = fixture.emulator.api.state.groups[id]?.spec;
  assert.deepEqual(spec?.AcrRegistryInfos?.[0]?.Domains, ['today-registry.cn-hangzhou.cr.aliyuncs.com']);
  assert.equal(spec?.AcrRegistryInfos?.[0]?.InstanceId, 'cri-today');
  assert.equal(spec?.EnableOverheadReservation, true);
}

function fixtureTemplate(): Json {
  const text = readFileSync(FIXTURE, 'utf8');
  assert.deepEqual(
    validateTemplateText(text).filter((d) => d.severity === 'error'),
    [],
    'the fixture is a valid template',
  );
  return parseTemplateText(text).documents[0]?.value as Json;
}

describe("today's group-level fields round-trip", () => {
  it('through our client (CreateContainerGroup)', async () => {
    const created = await ops.createContainerGroup(client, {
      ContainerGroupName: 'today-client',
      InstanceType: 'ecs.c6.xlarge',
      SpotStrategy: 'SpotWithPriceLimit',
      SpotPriceLimit: 0.5,
      EphemeralStorage: 20,
      RamRoleName: 'eci-role',
      PrivateIpAddress: '172.16.8.9',
      Ipv6AddressCount: 1,
      NtpServer: ['ntp.aliyun.com'],
      HostName: 'web-1',
      Container: [{ Name: 'web', Image: 'nginx:alpine' }],
    });
    await waitUntilSettled(client, created.ContainerGroupId, REGION);
    assertTodayFields(await describeGroup(created.ContainerGroupId));
  });

  it('through a template, by the converter and by the template action alike', async () => {
    const template = fixtureTemplate();
    for (const method of ['rpc', 'template'] as const) {
      const deployed = await deployTemplate(
        client,
        { ...template, containerGroupName: `today-${method}` },
        REGION,
        method,
      );
      await waitUntilSettled(client, deployed.containerGroupId, REGION);
      assertTodayFields(await describeGroup(deployed.containerGroupId));
      assertHeldRegistry(deployed.containerGroupId);
    }
  });

  it('through the official SDK', async () => {
    const eci = fixture.officialEci(REGION);
    const runtime = new $Util.RuntimeOptions({ autoretry: false });
    const created = await eci.createContainerGroupWithOptions(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'today-sdk',
        instanceType: 'ecs.c6.xlarge',
        spotStrategy: 'SpotWithPriceLimit',
        spotPriceLimit: 0.5,
        spotDuration: 1,
        ephemeralStorage: 20,
        ramRoleName: 'eci-role',
        privateIpAddress: '172.16.8.9',
        ipv6AddressCount: 1,
        ntpServer: ['ntp.aliyun.com'],
        cpuArchitecture: 'AMD64',
        acrRegistryInfo: [
          new $Eci.CreateContainerGroupRequestAcrRegistryInfo({
            instanceId: 'cri-today',
            regionId: REGION,
            domain: ['today-registry.cn-hangzhou.cr.aliyuncs.com'],
          }),
        ],
        overheadReservationOption: new $Eci.CreateContainerGroupRequestOverheadReservationOption({
          enableOverheadReservation: true,
        }),
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'web', image: 'nginx:alpine' })],
      }),
      runtime,
    );
    const id = created.body?.containerGroupId ?? '';
    await waitUntilSettled(client, id, REGION);
    assertTodayFields(await describeGroup(id));
    assertHeldRegistry(id);
    const sdkView = await eci.describeContainerGroupsWithOptions(
      new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
      runtime,
    );
    const group = sdkView.body?.containerGroups?.[0];
    assert.equal(group?.spotStrategy, 'SpotWithPriceLimit');
    assert.equal(group?.ephemeralStorage, 50);
    assert.equal(group?.ramRoleName, 'eci-role');
  });

  it('a group created without spot is NoSpot; an update keeps the create-only fields', async () => {
    const created = await ops.createContainerGroup(client, {
      ContainerGroupName: 'today-update',
      RamRoleName: 'keeper',
      Container: [{ Name: 'web', Image: 'nginx:alpine' }],
    });
    await waitUntilSettled(client, created.ContainerGroupId, REGION);
    assert.equal((await describeGroup(created.ContainerGroupId)).SpotStrategy, 'NoSpot');
    await ops.updateContainerGroup(client, {
      ContainerGroupId: created.ContainerGroupId,
      UpdateType: 'RenewUpdate',
      Container: [{ Name: 'api', Image: 'busybox' }],
    });
    await waitUntilSettled(client, created.ContainerGroupId, REGION);
    const group = await describeGroup(created.ContainerGroupId);
    assert.equal(group.RamRoleName, 'keeper');
    assert.deepEqual(
      group.Containers.map((c) => c.Name),
      ['api'],
    );
  });

  it('export gives back what DescribeContainerGroups returns of them, and an update from the export keeps them', async () => {
    const template = fixtureTemplate();
    const deployed = await deployTemplate(client, { ...template, containerGroupName: 'today-export' }, REGION, 'rpc');
    await waitUntilSettled(client, deployed.containerGroupId, REGION);
    const { template: exported } = await exportGroup(client, deployed.containerGroupId, REGION, 'rpc');
    for (const key of ['instanceType', 'spotStrategy', 'spotPriceLimit', 'ephemeralStorage', 'ramRoleName'])
      assert.deepEqual(exported[key], template[key], key);
    // The export is the group as it is: nothing to change, nothing create-only that differs.
    assert.deepEqual(templateChanges(exported, exported), []);
    assert.deepEqual(createOnlyDifferences(exported, template), []);
    // A file that changes a create-only field and a container: the difference is named, not counted as a change,
    // and not sent; the container's image is.
    const edited = structuredClone(exported);
    edited['ephemeralStorage'] = 40;
    const containers = (edited['spec'] as Json)['containers'] as Json[];
    (containers[0] as Json)['image'] = 'nginx:1.27-alpine';
    assert.deepEqual(createOnlyDifferences(exported, edited), ['ephemeralStorage']);
    assert.deepEqual(
      templateChanges(exported, edited).map((c) => c.path),
      [`spec.containers[${String((containers[0] as Json)['name'])}].image`],
    );
    await updateFromTemplate(client, deployed.containerGroupId, edited, REGION, 'rpc');
    await waitUntilSettled(client, deployed.containerGroupId, REGION);
    const group = await describeGroup(deployed.containerGroupId);
    assert.equal(group.Containers[0]?.Image, 'nginx:1.27-alpine');
    assertTodayFields(group);
  });

  it('activeDeadlineSeconds: the group is stopped and Failed when it passes (the emulator runs 1000× faster)', async () => {
    const created = await ops.createContainerGroup(client, {
      ContainerGroupName: 'today-deadline',
      ActiveDeadlineSeconds: 30,
      RestartPolicy: 'Always',
      Container: [{ Name: 'web', Image: 'nginx:alpine' }],
    });
    const group = await eventually(
      async () => {
        const g = await describeGroup(created.ContainerGroupId);
        return g.Status === 'Failed' ? g : undefined;
      },
      5000,
      'the group Failed past its deadline',
    );
    assert.ok(group.Events.some((e) => e.Reason === 'DeadlineExceeded'));
    assert.equal(group.Containers[0]?.CurrentState?.ExitCode, 137);
  });

  it('SpotWithPriceLimit without a limit, and an unknown spot strategy, are refused', async () => {
    const base = { ContainerGroupName: 'today-bad', Container: [{ Name: 'web', Image: 'nginx:alpine' }] };
    const noLimit = await apiError(ops.createContainerGroup(client, { ...base, SpotStrategy: 'SpotWithPriceLimit' }));
    assert.equal(noLimit.code, 'MissingParameter');
    const unknown = await apiError(
      client.call(
        'CreateContainerGroup',
        { ...base, 'Container.1.Name': 'web', 'Container.1.Image': 'x', SpotStrategy: 'Cheap' },
        (v) => v,
      ),
    );
    assert.equal(unknown.code, 'InvalidParameter');
  });

  it('DescribeContainerGroupPrice: an instance type is priced as its size, spot at the market price under its limit', async () => {
    const price = async (request: ops.DescribeContainerGroupPriceRequest): Promise<number> =>
      (await ops.describeContainerGroupPrice(client, request)).PriceInfo.Price.TradePrice ?? NaN;
    const bySize = await price({ Cpu: 4, Memory: 8 });
    assert.equal(await price({ InstanceType: 'ecs.c6.xlarge' }), bySize);
    const spot = await price({ InstanceType: 'ecs.c6.xlarge', SpotStrategy: 'SpotAsPriceGo' });
    assert.ok(spot < bySize, `spot ${spot} is below on-demand ${bySize}`);
    assert.equal(
      await price({ InstanceType: 'ecs.c6.xlarge', SpotStrategy: 'SpotWithPriceLimit', SpotPriceLimit: 0.01 }),
      0.01,
    );
    assert.ok((await price({ Cpu: 4, Memory: 8, EphemeralStorage: 100 })) > bySize);
  });
});
