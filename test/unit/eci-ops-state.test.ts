import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { EmulatorFixture } from '../helpers/emulator';
import { tempDir } from '../helpers/temp';

// The newer operations keep their records under their own key of the state (src/emulator/ops-state.ts); a
// restart with the same state file must find them, as it finds groups and image caches.
describe('the newer operations across an emulator restart', () => {
  it('keeps data caches, virtual nodes, commit tasks, ops records and resized volumes', async () => {
    const dir = tempDir('eci-ops-state-');
    const statePath = join(dir.path, 'state.json');
    const time = { now: Date.parse('2026-11-24T10:00:00Z') };
    const options = { statePath, speed: 1, now: () => time.now };
    try {
      const first = await EmulatorFixture.start(options);
      const client = first.client({ now: () => new Date(time.now) });
      const { ContainerGroupId: group } = await ops.createContainerGroup(client, {
        ContainerGroupName: 'kept',
        SecurityGroupId: 'sg-test',
        VSwitchId: 'vsw-cn-hangzhou-h-test',
        Container: [{ Name: 'app', Image: 'nginx:1.27-alpine' }],
        Volume: [{ Name: 'data', Type: 'FlexVolume', FlexVolume: { Driver: 'alicloud/disk' } }],
      });
      time.now += 5_000;
      await ops.resizeContainerGroupVolume(client, { ContainerGroupId: group, VolumeName: 'data', NewSize: 60 });
      const { TaskId } = await ops.commitContainer(client, {
        ContainerGroupId: group,
        ContainerName: 'app',
        Image: { Repository: 'team/app' },
      });
      await ops.createInstanceOpsTask(client, { ContainerGroupId: group, OpsType: 'coredump', OpsValue: 'enable' });
      const { DataCacheId } = await ops.createDataCache(client, {
        SecurityGroupId: 'sg-test',
        VSwitchId: 'vsw-cn-hangzhou-h-test',
        Path: '/kept',
        DataSource: { Type: 'OSS', Options: { bucket: 'b' } },
      });
      const { VirtualNodeId } = await ops.createVirtualNode(client, {
        SecurityGroupId: 'sg-test',
        VSwitchId: 'vsw-cn-hangzhou-h-test',
        KubeConfig: 'clusters:\n- cluster:\n    server: https://10.0.0.1:6443\n',
      });
      await first.close();

      const second = await EmulatorFixture.start(options);
      try {
        const again = second.client({ now: () => new Date(time.now) });
        const tasks = await ops.describeCommitContainerTask(again, { ContainerGroupId: group });
        assert.deepEqual(
          tasks.CommitTasks.map((t) => t.TaskId),
          [TaskId],
        );
        const records = await ops.describeInstanceOpsRecords(again, { ContainerGroupId: group });
        assert.equal(records.Records.length, 1);
        const caches = await ops.describeDataCaches(again, { DataCacheId: [DataCacheId] });
        assert.equal(caches.DataCaches.length, 1);
        const nodes = await ops.describeVirtualNodes(again, { VirtualNodeIds: [VirtualNodeId] });
        assert.equal(nodes.VirtualNodes.length, 1);
        // The resized volume is held to its new size: 50 GiB would be smaller than the 60 it has.
        await assert.rejects(
          ops.resizeContainerGroupVolume(again, { ContainerGroupId: group, VolumeName: 'data', NewSize: 50 }),
          /60 GiB/,
        );
      } finally {
        await second.close();
      }
    } finally {
      dir.remove();
    }
  });
});
