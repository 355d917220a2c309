import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import { eventsOf } from '../../src/eci/group-events';
import type { ContainerSpec } from '../../src/eci/operations';
import * as ops from '../../src/eci/operations';
import { EciRegionState } from '../../src/eci/region-state';
import type { Announcement } from '../../src/eci/status-watch';
import { statusChanges, StatusWatch } from '../../src/eci/status-watch';
import { EmulatorFixture } from '../helpers/emulator';
import { say } from '../../src/core/messages/messages';

// The emulator's clock is stepped by hand (speed 1: a millisecond is an emulated millisecond), with the demo data
// (`--seed demo`, as "Use Local Emulator" loads it): its worker-crashloop group restarts, backing off up to 300 s.
const time = { now: Date.parse('2026-11-24T10:00:00Z') };
const SECOND = 1000;
let fixture: EmulatorFixture;
let client: EciClient;
/** The demo's groups in cn-hangzhou, by name, before the tests add theirs. */
let demo: Map<string, string>;
before(async () => {
  fixture = await EmulatorFixture.start({ seed: 'demo', speed: 1, now: () => time.now });
  client = fixture.client({ maxAttempts: 1, now: () => new Date(time.now) });
  const page = await ops.describeContainerGroups(client, { Limit: 20 });
  demo = new Map(page.ContainerGroups.map((g) => [g.ContainerGroupName ?? '', g.ContainerGroupId]));
});
after(() => fixture.close());

const calls = (): number => fixture.emulator.signatures.v1 + fixture.emulator.signatures.v3;

async function create(name: string, command: string[], restart: 'Never' | 'Always' | 'OnFailure'): Promise<string> {
  const container: ContainerSpec = { Name: 'main', Image: 'busybox:1.36', Cpu: 0.5, Memory: 1, Command: command };
  const { ContainerGroupId } = await ops.createContainerGroup(client, {
    ContainerGroupName: name,
    SecurityGroupId: 'sg-test',
    VSwitchId: 'vsw-cn-hangzhou-h-test',
    RestartPolicy: restart,
    Container: [container],
  });
  return ContainerGroupId;
}

async function restartCount(id: string): Promise<number> {
  const { Data } = await ops.describeContainerGroupStatus(client, { ContainerGroupIds: [id] });
  return Data[0]?.PodStatus?.ContainerStatuses[0]?.RestartCount ?? -1;
}

describe('status watch: what changed between two DescribeContainerGroupStatus answers', () => {
  it("takes the first answer as a baseline: the demo's failed, finished and crash-looping groups say nothing", async () => {
    const ids = [...demo.values()];
    assert.ok(ids.length >= 5, String(ids.length));
    const watch = new StatusWatch();
    assert.deepEqual(await watch.check('p/cn-hangzhou', client, 'cn-hangzhou', ids), []);
    // Asked again at the same moment: nothing changed, nothing to say.
    assert.deepEqual(await watch.check('p/cn-hangzhou', client, 'cn-hangzhou', ids), []);
  });

  it("announces each restart of the demo's crash-looping group once, as its restart count goes up", async () => {
    const crashing = demo.get('worker-crashloop');
    assert.ok(crashing);
    const ids = [...demo.values()];
    const watch = new StatusWatch();
    await watch.check('p/cn-hangzhou', client, 'cn-hangzhou', ids);
    let restarts = await restartCount(crashing);
    const said: Announcement[] = [];
    const others: Announcement[] = [];
    let increments = 0;
    // Twenty checks 30 s apart: the back-off is at its 300 s cap, so about two restarts happen meanwhile.
    for (let step = 0; step < 20; step++) {
      time.now += 30 * SECOND;
      const announced: Announcement[] = await watch.check('p/cn-hangzhou', client, 'cn-hangzhou', ids);
      const aboutCrash: Announcement[] = announced.filter((a) => a.containerGroupId === crashing);
      said.push(...aboutCrash);
      others.push(...announced.filter((a) => a.containerGroupId !== crashing));
      const now = await restartCount(crashing);
      if (now > restarts) increments++;
      assert.equal(
        aboutCrash.length,
        now > restarts ? 1 : 0,
        `step ${step}: ${JSON.stringify(aboutCrash)} with restarts ${restarts} → ${now}`,
      );
      restarts = now;
    }
    assert.ok(increments >= 1, 'the crash loop restarted in ten minutes');
    assert.equal(said.length, increments);
    // The rest of the demo had settled an hour ago, but for the image cache's builder, which finishes now: once.
    assert.deepEqual(
      others.map((a) => [a.kind, a.groupName]),
      [['succeeded', 'imc-job-base-images']],
    );
    for (const a of said) {
      assert.equal(a.kind, 'restarted');
      assert.equal(a.containerGroupId, crashing);
      assert.equal(a.groupName, 'worker-crashloop');
      assert.equal(a.container, 'worker');
      assert.equal(a.reason, 'Error');
      assert.match(
        a.message,
        /^worker-crashloop: container worker restarted \(\d+ restarts\); it had exited with code 1 \(Error\)\.$/,
      );
      assert.match(
        say(a.said, 'zh-cn'),
        /^worker-crashloop：容器 worker 已重启（重启 \d+ 次）；此前它已退出，退出码 1（Error）。$/,
      );
    }
  });

  it('announces a group that fails, and one that finishes, once each, with what ended them', async () => {
    const failing = await create('watch-fails', ['sh', '-c', 'exit 3'], 'Never');
    const finishing = await create('watch-finishes', ['sh', '-c', 'exit 0'], 'Never');
    const watch = new StatusWatch();
    // Seen first while still pending: the baseline the failure is news against.
    assert.deepEqual(await watch.check('p', client, 'cn-hangzhou', [failing, finishing]), []);
    // Pending 1 s, image pull 2 s, a scripted run of 5 s.
    time.now += 10 * SECOND;
    const announced = await watch.check('p', client, 'cn-hangzhou', [failing, finishing]);
    assert.deepEqual(
      announced.map((a) => [a.kind, a.groupName, a.container, a.reason, a.message]),
      [
        ['failed', 'watch-fails', 'main', 'Error', 'watch-fails failed: container main exited with code 3 (Error).'],
        [
          'succeeded',
          'watch-finishes',
          undefined,
          undefined,
          'watch-finishes succeeded: every container exited with code 0.',
        ],
      ],
    );
    // The same, as a notification says it when VS Code speaks Chinese.
    assert.deepEqual(
      announced.map((a) => say(a.said, 'zh-cn')),
      [
        'watch-fails 失败：容器 main 已退出，退出码 3（Error）。',
        'watch-finishes 运行成功：所有容器均以退出码 0 退出。',
      ],
    );
    time.now += 60 * SECOND;
    assert.deepEqual(await watch.check('p', client, 'cn-hangzhou', [failing, finishing]), []);
  });

  it('announces only the kinds asked for', async () => {
    // OnFailure restarts it after its back-off: 12 s in, it has restarted once.
    const looping = await create('watch-kinds', ['sh', '-c', 'exit 4'], 'OnFailure');
    const first = await ops.describeContainerGroupStatus(client, { ContainerGroupIds: [looping] });
    time.now += 12 * SECOND;
    const second = await ops.describeContainerGroupStatus(client, { ContainerGroupIds: [looping] });
    const { snapshot } = statusChanges(new Map(), first.Data);
    assert.equal(second.Data[0]?.PodStatus?.ContainerStatuses[0]?.RestartCount, 1);
    assert.deepEqual(
      statusChanges(snapshot, second.Data).announcements.map((a) => a.kind),
      ['restarted'],
    );
    assert.deepEqual(statusChanges(snapshot, second.Data, new Set(['failed', 'succeeded'])).announcements, []);
  });

  it('announces an OOM kill once, ahead of the restart it caused', async () => {
    // The emulator models no memory limit and never says OOMKilled: its real answer, with the reason a kill gives.
    const looping = await create('watch-oom', ['sh', '-c', 'exit 137'], 'Always');
    const before = (await ops.describeContainerGroupStatus(client, { ContainerGroupIds: [looping] })).Data;
    time.now += 12 * SECOND;
    const answer = (await ops.describeContainerGroupStatus(client, { ContainerGroupIds: [looping] })).Data;
    const killed = answer.map((g) => ({
      ...g,
      PodStatus: g.PodStatus && {
        ...g.PodStatus,
        ContainerStatuses: g.PodStatus.ContainerStatuses.map((c) => ({
          ...c,
          LastState: c.LastState && {
            ...c.LastState,
            Terminated: c.LastState.Terminated && { ...c.LastState.Terminated, Reason: 'OOMKilled' },
          },
        })),
      },
    }));
    const { snapshot } = statusChanges(new Map(), before);
    const once = statusChanges(snapshot, killed);
    assert.deepEqual(
      once.announcements.map((a) => [a.kind, a.container, a.reason, a.message]),
      [['oomKilled', 'main', 'OOMKilled', 'watch-oom: container main was killed for running out of memory.']],
    );
    // The same kill, seen again: not news.
    assert.deepEqual(statusChanges(once.snapshot, killed).announcements, []);
    // Without OOM kills asked for, the restart is what is said.
    assert.deepEqual(
      statusChanges(snapshot, killed, new Set(['restarted'])).announcements.map((a) => a.kind),
      ['restarted'],
    );
  });

  it('asks about 20 groups per call, and forgets the places no longer watched', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(await create(`watch-batch-${i}`, ['sh', '-c', 'exit 5'], 'Never'));
    const watch = new StatusWatch();
    const before = calls();
    assert.deepEqual(await watch.check('many', client, 'cn-hangzhou', ids), []);
    assert.equal(calls() - before, 2);
    time.now += 10 * SECOND;
    const failed = await watch.check('many', client, 'cn-hangzhou', ids);
    assert.deepEqual(failed.map((a) => a.containerGroupId).sort(), [...ids].sort());
    assert.ok(failed.every((a) => a.kind === 'failed'));
    // Forgotten, then watched again: a baseline again, not a repeat of the failures.
    watch.keepOnly([]);
    assert.deepEqual(await watch.check('many', client, 'cn-hangzhou', ids), []);
  });
});

describe("a group's events in the explorer come from DescribeContainerGroupEvents", () => {
  it("lists a demo group's events as DescribeContainerGroupEvents returns them", async () => {
    const id = demo.get('worker-crashloop');
    assert.ok(id);
    const region = new EciRegionState('cn-hangzhou', () => Promise.resolve(client));
    await region.ensureLoaded();
    const listed = await region.loadEvents(id);
    const answer = await ops.describeContainerGroupEvents(client, { ContainerGroupIds: [id] });
    const raw = answer.Data.find((d) => d.ContainerGroupId === id)?.Events ?? [];
    assert.ok(raw.length >= 4, String(raw.length));
    assert.deepEqual(listed, eventsOf(answer, id));
    // Field by field, as the API gave them; the object each is about is the group.
    assert.deepEqual(
      listed.map((e) => [e.Type, e.Reason, e.Message, e.Count, e.FirstTimestamp, e.LastTimestamp, e.Name]),
      raw.map((e) => [e.Type, e.Reason, e.Message, e.Count, e.FirstTimestamp, e.LastTimestamp, 'worker-crashloop']),
    );
    // The same history DescribeContainerGroups gives, and the summary the folder shows counts it.
    const [group] = (await ops.describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups;
    assert.deepEqual(
      listed.map((e) => [e.Reason, e.Message, e.Count, e.LastTimestamp]),
      (group?.Events ?? []).map((e) => [e.Reason, e.Message, e.Count, e.LastTimestamp]),
    );
    assert.equal(region.events(id).count, listed.length);
    assert.equal(region.events(id).warnings, raw.filter((e) => e.Type === 'Warning').length);
  });

  it('lists no events for a group that is gone', async () => {
    const region = new EciRegionState('cn-hangzhou', () => Promise.resolve(client));
    assert.deepEqual(await region.loadEvents('eci-not-there'), []);
  });
});
