import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { EmulatorFixture, eventually } from '../helpers/emulator';
import { tempDir } from '../helpers/temp';

const work = tempDir('eci-process-runtime-');
let fixture: EmulatorFixture;
let client: EciClient;
before(async () => {
  fixture = await EmulatorFixture.start({ runtime: 'process', speed: 50, workRoot: work.path });
  client = fixture.client();
});
after(async () => {
  await fixture.close();
  work.remove();
});

const describeOne = async (id: string) =>
  (await ops.describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0];

describe('emulator --runtime process', () => {
  it('runs the command for real: its output is the log, its exit code ends the group', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, {
      ContainerGroupName: 'real-job',
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      RestartPolicy: 'Never',
      Container: [
        {
          Name: 'job',
          Image: 'busybox',
          Command: ['sh', '-c', 'echo "start $GREETING"; echo oops >&2; echo bye; exit 4'],
          EnvironmentVar: [{ Key: 'GREETING', Value: 'from a real process' }],
        },
      ],
    });
    const failed = await eventually(
      async () => {
        const g = await describeOne(id);
        return g?.Status === 'Failed' ? g : undefined;
      },
      8000,
      'the job to fail',
    );
    assert.equal(failed.Containers[0]?.CurrentState?.ExitCode, 4);
    const logs = await ops.describeContainerLog(client, {
      ContainerGroupId: id,
      ContainerName: 'job',
      Timestamps: true,
    });
    const lines = (logs.Content ?? '')
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/^\S+ /, ''));
    assert.deepEqual([...lines].sort(), ['bye', 'oops', 'start from a real process']);
  });

  it("restarts a failing process under OnFailure and keeps the previous instance's output", async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, {
      ContainerGroupName: 'flaky',
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      RestartPolicy: 'OnFailure',
      Container: [{ Name: 'app', Image: 'busybox', Command: ['sh', '-c', 'echo "run $(date +%s%N)"; exit 1'] }],
    });
    const restarted = await eventually(
      async () => {
        const g = await describeOne(id);
        return (g?.Containers[0]?.RestartCount ?? 0) >= 1 && g?.Containers[0]?.PreviousState?.ExitCode === 1
          ? g
          : undefined;
      },
      8000,
      'a restart',
    );
    assert.equal(restarted.Status, 'Running');
    const previous = await ops.describeContainerLog(client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      LastTime: true,
    });
    assert.match(previous.Content ?? '', /^run \d+\n$/);
  });

  it('stops the process when the group is deleted', async () => {
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, {
      ContainerGroupName: 'long-runner',
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      Container: [{ Name: 'app', Image: 'busybox', Command: ['sh', '-c', 'echo $$ > pid; exec sleep 60'] }],
    });
    const pidFile = join(work.path, id, 'app', 'pid');
    await eventually(
      async () => (existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '' ? true : undefined),
      8000,
      'the process to start',
    );
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.doesNotThrow(() => process.kill(pid, 0));
    await ops.deleteContainerGroup(client, id);
    await eventually(
      async () => {
        try {
          process.kill(pid, 0);
          return undefined;
        } catch {
          return true;
        }
      },
      5000,
      'the process to be stopped',
    );
  });
});
