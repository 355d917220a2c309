import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerSpec } from '../../src/eci/operations';
import * as ops from '../../src/eci/operations';
import { apiError } from '../helpers/emulator';
import { SteppedEmulator } from '../helpers/stepped-emulator';

// The emulator's clock is stepped by hand (speed 1: a millisecond is an emulated millisecond), so every state below
// is reached by moving time, never by waiting for it. The lifecycle's durations are in src/emulator/lifecycle.ts.
const emulator = SteppedEmulator.forFile();
const { time } = emulator;
const SECOND = 1000;

function container(name: string, command: string[] = []): ContainerSpec {
  return { Name: name, Image: 'busybox:1.36', Cpu: 0.5, Memory: 1, Command: command };
}

async function create(name: string, containers: ContainerSpec[], restart: 'Always' | 'Never' = 'Never') {
  const { ContainerGroupId } = await ops.createContainerGroup(emulator.client, {
    ContainerGroupName: name,
    SecurityGroupId: 'sg-test',
    VSwitchId: 'vsw-cn-hangzhou-h-test',
    RestartPolicy: restart,
    Container: containers,
  });
  return ContainerGroupId;
}

describe('DescribeContainerGroupStatus', () => {
  it('reports phase, conditions and container states of many groups in one call', async () => {
    const done = await create('status-done', [container('ok', ['sh', '-c', 'exit 0'])]);
    const broken = await create('status-broken', [container('bad', ['sh', '-c', 'exit 3'])]);
    const serving = await create('status-serving', [container('web')]);

    const pending = await ops.describeContainerGroupStatus(emulator.client, {
      ContainerGroupIds: [done, broken, serving],
    });
    assert.equal(pending.TotalCount, 3);
    const early = pending.Data.find((d) => d.ContainerGroupId === serving);
    assert.equal(early?.PodStatus?.Phase, 'Pending');
    assert.equal(early?.PodStatus?.ContainerStatuses[0]?.State?.Waiting?.Reason, 'Pending');
    assert.equal(early?.PodStatus?.Conditions.find((c) => c.type === 'PodScheduled')?.status, 'False');

    // Pending 1 s, image pull 2 s, a scripted run of 5 s: 10 s later every scripted container has exited.
    time.now += 10 * SECOND;
    const page = await ops.describeContainerGroupStatus(emulator.client, {
      ContainerGroupIds: [done, broken, serving],
    });
    const byId = new Map(page.Data.map((d) => [d.ContainerGroupId, d]));

    const ok = byId.get(done);
    assert.equal(ok?.Status, 'Succeeded');
    assert.equal(ok?.PodStatus?.Phase, 'Succeeded');
    const okState = ok?.PodStatus?.ContainerStatuses[0]?.State?.Terminated;
    assert.equal(okState?.Reason, 'Completed');
    assert.equal(okState?.ExitCode, 0);

    const bad = byId.get(broken);
    assert.equal(bad?.Status, 'Failed');
    assert.equal(bad?.PodStatus?.Phase, 'Failed');
    assert.equal(bad?.PodStatus?.ContainerStatuses[0]?.State?.Terminated?.Reason, 'Error');
    assert.equal(bad?.PodStatus?.ContainerStatuses[0]?.State?.Terminated?.ExitCode, 3);

    const web = byId.get(serving);
    assert.equal(web?.Status, 'Running');
    assert.equal(web?.Name, 'status-serving');
    assert.ok(web?.uuid !== undefined && /^[0-9a-f-]{36}$/.test(web.uuid));
    assert.equal(web?.PodStatus?.Phase, 'Running');
    assert.ok(web?.PodStatus?.PodIp);
    const webState = web?.PodStatus?.ContainerStatuses[0];
    assert.equal(webState?.Ready, true);
    assert.equal(webState?.Started, true);
    assert.ok(webState?.State?.Running?.StartedAtstartedAt);
    assert.equal(web?.PodStatus?.Conditions.find((c) => c.type === 'Ready')?.status, 'True');
  });

  it('shows a crashing container waiting in CrashLoopBackOff, its last run terminated with Error', async () => {
    const id = await create('status-crashloop', [container('crash', ['sh', '-c', 'exit 2'])], 'Always');
    // Running at 3 s, exits at 8 s, restarts after a back-off of 2 s: at 9 s it is waiting.
    time.now += 9 * SECOND;
    const { Data } = await ops.describeContainerGroupStatus(emulator.client, { ContainerGroupIds: [id] });
    const status = Data[0]?.PodStatus?.ContainerStatuses[0];
    assert.equal(Data[0]?.Status, 'Running');
    assert.equal(status?.State?.Waiting?.Reason, 'CrashLoopBackOff');
    assert.equal(status?.LastState?.Terminated?.Reason, 'Error');
    assert.equal(status?.LastState?.Terminated?.ExitCode, 2);
    assert.equal(status?.Ready, false);
    // After the back-off it runs again, and its restart is counted.
    time.now += 2 * SECOND;
    const again = await ops.describeContainerGroupStatus(emulator.client, { ContainerGroupIds: [id] });
    const restarted = again.Data[0]?.PodStatus?.ContainerStatuses[0];
    assert.ok(restarted?.State?.Running);
    assert.equal(restarted?.RestartCount, 1);
    assert.equal(restarted?.LastState?.Terminated?.ExitCode, 2);
  });

  it('pages with Limit and NextToken, and filters by SinceSecond', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await create(`status-page-${i}`, [container('web')]));
    const first = await ops.describeContainerGroupStatus(emulator.client, { ContainerGroupIds: ids, Limit: 2 });
    assert.equal(first.Data.length, 2);
    assert.equal(first.TotalCount, 3);
    assert.ok(first.NextToken);
    const second = await ops.describeContainerGroupStatus(emulator.client, {
      ContainerGroupIds: ids,
      Limit: 2,
      NextToken: first.NextToken,
    });
    assert.equal(second.Data.length, 1);
    assert.equal(second.NextToken, '');
    assert.deepEqual([...first.Data, ...second.Data].map((d) => d.ContainerGroupId).sort(), [...ids].sort());

    // An hour later nothing of these groups has changed in the last minute.
    time.now += 3600 * SECOND;
    const quiet = await ops.describeContainerGroupStatus(emulator.client, { ContainerGroupIds: ids, SinceSecond: 60 });
    assert.equal(quiet.TotalCount, 0);
  });

  it('answers the API errors for bad parameters', async () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => `eci-${i}`);
    assert.equal(
      (await apiError(ops.describeContainerGroupStatus(emulator.client, { ContainerGroupIds: tooMany }))).code,
      'InvalidParameter.LengthExceeded',
    );
    assert.equal(
      (await apiError(ops.describeContainerGroupStatus(emulator.client, { Limit: 201 }))).code,
      'InvalidParameter.ValueExceeded',
    );
    assert.equal(
      (await apiError(ops.describeContainerGroupStatus(emulator.client, { NextToken: 'not-a-token' }))).code,
      'InvalidParameter',
    );
  });
});

describe('DescribeContainerGroupEvents', () => {
  it('lists the events of the groups asked for, by source, with Kubernetes metadata', async () => {
    const a = await create('events-a', [container('web')]);
    const b = await create('events-b', [container('job', ['sh', '-c', 'exit 1'])]);
    time.now += 10 * SECOND;
    const all = await ops.describeContainerGroupEvents(emulator.client, { ContainerGroupIds: [a, b] });
    assert.deepEqual(all.Data.map((d) => d.ContainerGroupId).sort(), [a, b].sort());
    const eventsOfA = all.Data.find((d) => d.ContainerGroupId === a)?.Events ?? [];
    const reasons = eventsOfA.map((e) => e.Reason);
    for (const reason of ['SuccessfulCreate', 'Scheduled', 'Pulling', 'Pulled', 'Started'])
      assert.ok(reasons.includes(reason), `${reason} in ${reasons.join(', ')}`);
    assert.equal(
      all.TotalCount,
      all.Data.reduce((n, d) => n + d.Events.length, 0),
    );
    const started = eventsOfA.find((e) => e.Reason === 'Started');
    assert.equal(started?.involvedObject?.Kind, 'Pod');
    assert.equal(started?.involvedObject?.Name, 'events-a');
    assert.ok(started?.FirstTimestamp?.endsWith('Z'));

    // The group's own phases are ECI's; the containers' are the in-pod agent's.
    const service = await ops.describeContainerGroupEvents(emulator.client, {
      ContainerGroupIds: [a],
      EventSource: 'EciService',
    });
    const agent = await ops.describeContainerGroupEvents(emulator.client, {
      ContainerGroupIds: [a],
      EventSource: 'K8sAgent',
    });
    const serviceReasons = service.Data[0]?.Events.map((e) => e.Reason) ?? [];
    const agentReasons = agent.Data[0]?.Events.map((e) => e.Reason) ?? [];
    assert.ok(serviceReasons.includes('Scheduled') && !serviceReasons.includes('Pulled'));
    assert.ok(agentReasons.includes('Pulled') && !agentReasons.includes('Scheduled'));
  });

  it('pages by group and keeps only recent events with SinceSecond', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await create(`events-page-${i}`, [container('web')]));
    time.now += 5 * SECOND;
    const first = await ops.describeContainerGroupEvents(emulator.client, { ContainerGroupIds: ids, Limit: 2 });
    assert.equal(first.Data.length, 2);
    assert.ok(first.NextToken);
    const second = await ops.describeContainerGroupEvents(emulator.client, {
      ContainerGroupIds: ids,
      Limit: 2,
      NextToken: first.NextToken,
    });
    assert.equal(second.Data.length, 1);
    time.now += 120 * SECOND;
    const recent = await ops.describeContainerGroupEvents(emulator.client, { ContainerGroupIds: ids, SinceSecond: 60 });
    assert.equal(recent.Data.length, 0);
    assert.equal(
      (await apiError(ops.describeContainerGroupEvents(emulator.client, { SinceSecond: 3601 }))).code,
      'InvalidParameter.ValueExceeded',
    );
  });
});
