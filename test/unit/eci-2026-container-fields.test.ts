import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as $Eci from '@alicloud/eci20180808';
import * as $Util from '@alicloud/tea-util';
import { deployTemplate, waitUntilSettled } from '../../src/deploy/template-deploy';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import type { ContainerModel } from '../../src/emulator/model';
import { validateTemplateText } from '../../src/template/validate';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * Today's per-container fields of CreateContainerGroup (gpu, environmentVarHide, lifecycle handlers, runAsGroup and
 * runAsNonRoot, the termination message, mountPropagation) and the host's sysctls, by our client, a template (the
 * converter and the emulator's template action) and the official SDK: each way, the emulator holds the same
 * container. DescribeContainerGroups returns only some of them (Gpu, a mount's MountPropagation: the official SDK's
 * DescribeContainerGroupsResponseBodyContainerGroupsContainers), so the rest is read from the emulator's own record.
 */

type Json = Record<string, unknown>;
const REGION = 'cn-hangzhou';

let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start();
  client = fixture.client();
});
after(() => fixture.close());

const TEMPLATE: Json = {
  containerGroupName: 'today-containers',
  spec: {
    hostSecurityContext: { sysctls: [{ name: 'vm.max_map_count', value: '262144' }] },
    volumes: [{ name: 'data', emptyDir: {} }],
    containers: [
      {
        name: 'web',
        image: 'nginx:alpine',
        resources: { gpu: 1 },
        environmentVarHide: true,
        terminationMessagePath: '/tmp/done',
        terminationMessagePolicy: 'FallbackToLogsOnError',
        securityContext: { runAsUser: 1000, runAsGroup: 2000, runAsNonRoot: true },
        volumeMounts: [{ name: 'data', mountPath: '/data', mountPropagation: 'HostToContainer' }],
        lifecycle: {
          postStart: { exec: { command: ['sh', '-c', 'echo up'] } },
          preStop: {
            httpGet: { path: '/stop', port: 8080, scheme: 'HTTP', httpHeaders: [{ name: 'X-Why', value: 'stop' }] },
          },
        },
      },
    ],
  },
};

/** The emulator's record of the group's first container, and its host sysctls. */
function held(id: string): { container: ContainerModel; hostSysctls: unknown } {
  const group = fixture.emulator.api.state.groups[id];
  assert.ok(group !== undefined);
  return { container: group.spec.Containers[0] as ContainerModel, hostSysctls: group.spec.HostSysctls };
}

function assertHeld(id: string): void {
  const { container, hostSysctls } = held(id);
  assert.equal(container.Gpu, 1);
  assert.equal(container.EnvironmentVarHide, true);
  assert.equal(container.TerminationMessagePath, '/tmp/done');
  assert.equal(container.TerminationMessagePolicy, 'FallbackToLogsOnError');
  assert.equal(container.SecurityContext?.RunAsGroup, 2000);
  assert.equal(container.SecurityContext?.RunAsNonRoot, true);
  assert.equal(container.VolumeMounts[0]?.MountPropagation, 'HostToContainer');
  assert.deepEqual(container.PostStart?.Exec, ['sh', '-c', 'echo up']);
  assert.equal(container.PreStop?.HttpGet?.Port, 8080);
  assert.deepEqual(container.PreStop?.HttpGet?.HttpHeaders, [{ Name: 'X-Why', Value: 'stop' }]);
  assert.deepEqual(hostSysctls, [{ Name: 'vm.max_map_count', Value: '262144' }]);
}

describe("today's per-container fields round-trip", () => {
  it('the template is valid for the schema', () => {
    assert.deepEqual(
      validateTemplateText(JSON.stringify(TEMPLATE)).filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('through a template, by the converter and by the template action alike', async () => {
    for (const method of ['rpc', 'template'] as const) {
      const deployed = await deployTemplate(
        client,
        { ...TEMPLATE, containerGroupName: `today-containers-${method}` },
        REGION,
        method,
      );
      await waitUntilSettled(client, deployed.containerGroupId, REGION);
      assertHeld(deployed.containerGroupId);
      const group = (await ops.describeContainerGroups(client, { ContainerGroupIds: [deployed.containerGroupId] }))
        .ContainerGroups[0];
      assert.equal(group?.Containers[0]?.Gpu, 1);
    }
  });

  it('through our client', async () => {
    // ContainerSpec (src/eci/operations.ts) is the other engineer's; the fields travel as the API names them.
    const web = {
      Name: 'web',
      Image: 'nginx:alpine',
      Gpu: 1,
      EnvironmentVarHide: true,
      TerminationMessagePath: '/tmp/done',
      TerminationMessagePolicy: 'FallbackToLogsOnError',
      SecurityContext: { RunAsUser: 1000 },
      SecurityContextRunAsGroup: 2000,
      SecurityContextRunAsNonRoot: true,
      VolumeMount: [{ Name: 'data', MountPath: '/data', MountPropagation: 'HostToContainer' }],
      LifecyclePostStartHandlerExec: ['sh', '-c', 'echo up'],
      LifecyclePreStopHandlerHttpGetPath: '/stop',
      LifecyclePreStopHandlerHttpGetPort: 8080,
      LifecyclePreStopHandlerHttpGetScheme: 'HTTP',
      LifecyclePreStopHandlerHttpGetHttpHeader: [{ Name: 'X-Why', Value: 'stop' }],
    };
    const created = await client.call(
      'CreateContainerGroup',
      {
        ContainerGroupName: 'today-containers-client',
        Container: [web],
        Volume: [{ Name: 'data', Type: 'EmptyDirVolume' }],
        HostSecurityContext: { Sysctl: [{ Name: 'vm.max_map_count', Value: '262144' }] },
      },
      (body) => body as { ContainerGroupId: string },
      { mutating: true },
    );
    await waitUntilSettled(client, created.ContainerGroupId, REGION);
    assertHeld(created.ContainerGroupId);
  });

  it('through the official SDK', async () => {
    const eci = fixture.officialEci(REGION);
    const runtime = new $Util.RuntimeOptions({ autoretry: false });
    const created = await eci.createContainerGroupWithOptions(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'today-containers-sdk',
        hostSecurityContext: new $Eci.CreateContainerGroupRequestHostSecurityContext({
          sysctl: [
            new $Eci.CreateContainerGroupRequestHostSecurityContextSysctl({
              name: 'vm.max_map_count',
              value: '262144',
            }),
          ],
        }),
        volume: [new $Eci.CreateContainerGroupRequestVolume({ name: 'data', type: 'EmptyDirVolume' })],
        container: [
          new $Eci.CreateContainerGroupRequestContainer({
            name: 'web',
            image: 'nginx:alpine',
            gpu: 1,
            environmentVarHide: true,
            terminationMessagePath: '/tmp/done',
            terminationMessagePolicy: 'FallbackToLogsOnError',
            securityContext: new $Eci.CreateContainerGroupRequestContainerSecurityContext({ runAsUser: 1000 }),
            securityContextRunAsGroup: 2000,
            securityContextRunAsNonRoot: true,
            volumeMount: [
              new $Eci.CreateContainerGroupRequestContainerVolumeMount({
                name: 'data',
                mountPath: '/data',
                mountPropagation: 'HostToContainer',
              }),
            ],
            lifecyclePostStartHandlerExec: ['sh', '-c', 'echo up'],
            lifecyclePreStopHandlerHttpGetPath: '/stop',
            lifecyclePreStopHandlerHttpGetPort: 8080,
            lifecyclePreStopHandlerHttpGetScheme: 'HTTP',
            lifecyclePreStopHandlerHttpGetHttpHeader: [
              new $Eci.CreateContainerGroupRequestContainerLifecyclePreStopHandlerHttpGetHttpHeader({
                name: 'X-Why',
                value: 'stop',
              }),
            ],
          }),
        ],
      }),
      runtime,
    );
    const id = created.body?.containerGroupId ?? '';
    await waitUntilSettled(client, id, REGION);
    assertHeld(id);
    const described = await eci.describeContainerGroupsWithOptions(
      new $Eci.DescribeContainerGroupsRequest({ regionId: REGION, containerGroupIds: JSON.stringify([id]) }),
      runtime,
    );
    const web = described.body?.containerGroups?.[0]?.containers?.[0];
    assert.equal(web?.gpu, 1);
    assert.equal(web?.volumeMounts?.[0]?.mountPropagation, 'HostToContainer');
  });
});
