import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as $Eci from '@alicloud/eci20180808';
import * as $Util from '@alicloud/tea-util';
import { deployTemplate, waitUntilSettled } from '../../src/deploy/template-deploy';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { validateTemplateText } from '../../src/template/validate';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * Today's volume kinds in templates (disk, flexVolume, hostPath: the API's DiskVolume, FlexVolume and HostPathVolume),
 * by the converter, the template action and the official SDK. DescribeContainerGroups returns a disk's and a
 * FlexVolume's fields (DiskVolumeDiskId, FlexVolumeDriver, …, the official SDK's
 * DescribeContainerGroupsResponseBodyContainerGroupsVolumes) but nothing of a host path, read from the emulator's record.
 */

const REGION = 'cn-hangzhou';
let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start();
  client = fixture.client();
});
after(() => fixture.close());

const TEMPLATE = {
  containerGroupName: 'today-volumes',
  spec: {
    volumes: [
      { name: 'disk', disk: { diskId: 'd-today', diskSize: 20, fsType: 'ext4' } },
      { name: 'flex', flexVolume: { driver: 'alicloud/disk', fsType: 'ext4', options: '{"volumeId":"d-flex"}' } },
      { name: 'host', hostPath: { path: '/pod/data', type: 'Directory' } },
    ],
    containers: [
      {
        name: 'web',
        image: 'nginx:alpine',
        volumeMounts: [
          { name: 'disk', mountPath: '/disk' },
          { name: 'flex', mountPath: '/flex' },
          { name: 'host', mountPath: '/host' },
        ],
      },
    ],
  },
};

async function assertVolumes(id: string): Promise<void> {
  await waitUntilSettled(client, id, REGION);
  const group = (await ops.describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0];
  const volumes = group?.Volumes ?? [];
  assert.deepEqual(
    volumes.map((v) => v.Type),
    ['DiskVolume', 'FlexVolume', 'HostPathVolume'],
  );
  assert.equal(volumes[0]?.DiskVolumeDiskId, 'd-today');
  assert.equal(volumes[0]?.DiskVolumeFsType, 'ext4');
  assert.equal(volumes[1]?.FlexVolumeDriver, 'alicloud/disk');
  assert.equal(volumes[1]?.FlexVolumeOptions, '{"volumeId":"d-flex"}');
  const held = fixture.emulator.api.state.groups[id]?.spec.Volumes;
  assert.equal(held?.[0]?.DiskVolume?.DiskSize, 20);
  assert.deepEqual(held?.[2]?.HostPathVolume, { Path: '/pod/data', Type: 'Directory' });
}

describe("today's volume kinds round-trip", () => {
  it('the template is valid for the schema and the ECI rules', () => {
    assert.deepEqual(validateTemplateText(JSON.stringify(TEMPLATE)), []);
  });

  it('through a template, by the converter and by the template action alike', async () => {
    for (const method of ['rpc', 'template'] as const) {
      const deployed = await deployTemplate(
        client,
        { ...TEMPLATE, containerGroupName: `today-volumes-${method}` },
        REGION,
        method,
      );
      await assertVolumes(deployed.containerGroupId);
    }
  });

  it('through the official SDK', async () => {
    const eci = fixture.officialEci(REGION);
    const created = await eci.createContainerGroupWithOptions(
      new $Eci.CreateContainerGroupRequest({
        regionId: REGION,
        containerGroupName: 'today-volumes-sdk',
        volume: [
          new $Eci.CreateContainerGroupRequestVolume({
            name: 'disk',
            type: 'DiskVolume',
            diskVolume: new $Eci.CreateContainerGroupRequestVolumeDiskVolume({
              diskId: 'd-today',
              diskSize: 20,
              fsType: 'ext4',
            }),
          }),
          new $Eci.CreateContainerGroupRequestVolume({
            name: 'flex',
            type: 'FlexVolume',
            flexVolume: new $Eci.CreateContainerGroupRequestVolumeFlexVolume({
              driver: 'alicloud/disk',
              fsType: 'ext4',
              options: '{"volumeId":"d-flex"}',
            }),
          }),
          new $Eci.CreateContainerGroupRequestVolume({
            name: 'host',
            type: 'HostPathVolume',
            hostPathVolume: new $Eci.CreateContainerGroupRequestVolumeHostPathVolume({
              path: '/pod/data',
              type: 'Directory',
            }),
          }),
        ],
        container: [new $Eci.CreateContainerGroupRequestContainer({ name: 'web', image: 'nginx:alpine' })],
      }),
      new $Util.RuntimeOptions({ autoretry: false }),
    );
    await assertVolumes(created.body?.containerGroupId ?? '');
  });
});
