import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { apiError } from '../helpers/emulator';
import { SteppedEmulator } from '../helpers/stepped-emulator';

// A hand-stepped clock at speed 1: the commit task's three phases take 10 emulated seconds each
// (src/emulator/commit.ts), and the group runs 3 seconds after it is created (src/emulator/lifecycle.ts).
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;

describe('CommitContainer and DescribeCommitContainerTask', () => {
  it('runs a task through its phases on the emulator clock to Succeeded', async () => {
    const id = await emulator.runningGroup('commit-ok');
    const { TaskId } = await ops.commitContainer(emulator.client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      Image: { Repository: 'registry.cn-hangzhou.aliyuncs.com/team/app', Tag: 'v2' },
    });
    assert.match(TaskId, /^t-/);
    const task = async () => {
      const page = await ops.describeCommitContainerTask(emulator.client, { ContainerGroupId: id, TaskId: [TaskId] });
      assert.equal(page.TotalCount, 1);
      assert.ok(page.CommitTasks[0]);
      return page.CommitTasks[0];
    };

    const started = await task();
    assert.equal(started.TaskStatus, 'Running');
    assert.equal(started.TaskProgress, '0%');
    assert.deepEqual(
      started.CommitPhaseInfos.map((i) => [i.Phase, i.Status]),
      [['PullBaseImage', 'Running']],
    );

    time.now += 15 * SECOND;
    const halfway = await task();
    assert.equal(halfway.TaskProgress, '50%');
    assert.deepEqual(
      halfway.CommitPhaseInfos.map((i) => [i.Phase, i.Status]),
      [
        ['PullBaseImage', 'Success'],
        ['CommitContainer', 'Running'],
      ],
    );

    time.now += 15 * SECOND;
    const done = await task();
    assert.equal(done.TaskStatus, 'Succeeded');
    assert.equal(done.TaskProgress, '100%');
    assert.equal(done.ContainerName, 'app');
    assert.ok(done.TaskFinishedTime);
    assert.deepEqual(
      done.CommitPhaseInfos.map((i) => i.Status),
      ['Success', 'Success', 'Success'],
    );
  });

  it('fails in the push phase when the repository refuses it, and filters tasks by status', async () => {
    const id = await emulator.runningGroup('commit-fail');
    const { TaskId: bad } = await ops.commitContainer(emulator.client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      Image: { Repository: 'team/fail-here' },
    });
    time.now += 30 * SECOND;
    const { TaskId: good } = await ops.commitContainer(emulator.client, {
      ContainerGroupId: id,
      ContainerName: 'app',
      Image: { Repository: 'team/app' },
    });
    const failed = await ops.describeCommitContainerTask(emulator.client, {
      ContainerGroupId: id,
      TaskStatus: 'Failed',
    });
    assert.deepEqual(
      failed.CommitTasks.map((t) => t.TaskId),
      [bad],
    );
    assert.equal(failed.CommitTasks[0]?.CommitPhaseInfos.at(-1)?.Status, 'Failed');
    const running = await ops.describeCommitContainerTask(emulator.client, {
      ContainerGroupId: id,
      TaskStatus: 'Running',
    });
    assert.deepEqual(
      running.CommitTasks.map((t) => t.TaskId),
      [good],
    );
    const paged = await ops.describeCommitContainerTask(emulator.client, { ContainerGroupId: id, MaxResults: 1 });
    assert.equal(paged.CommitTasks.length, 1);
    assert.equal(paged.TotalCount, 2);
    assert.equal(paged.MaxResults, '1');
    const rest = await ops.describeCommitContainerTask(emulator.client, {
      ContainerGroupId: id,
      MaxResults: 1,
      NextToken: paged.NextToken,
    });
    assert.deepEqual([...paged.CommitTasks, ...rest.CommitTasks].map((t) => t.TaskId).sort(), [bad, good].sort());
  });

  it('answers the API errors for what cannot be committed', async () => {
    const { ContainerGroupId: pending } = await ops.createContainerGroup(emulator.client, {
      ContainerGroupName: 'commit-pending',
      SecurityGroupId: 'sg-test',
      VSwitchId: 'vsw-cn-hangzhou-h-test',
      Container: [{ Name: 'app', Image: 'nginx:1.27-alpine' }],
    });
    const commit = (ContainerGroupId: string, ContainerName: string, Repository: string) =>
      ops.commitContainer(emulator.client, { ContainerGroupId, ContainerName, Image: { Repository } });
    assert.equal((await apiError(commit(pending, 'app', 'team/app'))).code, 'IncorrectStatus');
    time.now += 5 * SECOND;
    assert.equal((await apiError(commit(pending, 'nope', 'team/app'))).code, 'InvalidParameter.NotFound');
    assert.equal((await apiError(commit(pending, 'app', 'Team/App!'))).code, 'InvalidParameter');
    assert.equal((await apiError(commit('eci-nope', 'app', 'team/app'))).code, 'InvalidParameter.NotFound');
    const noImage = await apiError(
      emulator.client.call('CommitContainer', { ContainerGroupId: pending, ContainerName: 'app' }, () => undefined),
    );
    assert.equal(noImage.code, 'MissingParameter');
  });
});
