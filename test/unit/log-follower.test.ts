import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import {
  createContainerGroup,
  deleteContainerGroup,
  describeContainerGroups,
  restartContainerGroup,
} from '../../src/eci/operations';
import type { FollowedLine, FollowStatus } from '../../src/core/log-follower';
import { normalizeTimestamp } from '../../src/core/log-follower';
import { message, say } from '../../src/core/messages/messages';
import { followLogs, LogCursor, parseLogContent } from '../../src/eci/log-source';
import { EmulatorFixture, eventually } from '../helpers/emulator';

describe('log lines and the cursor', () => {
  it('normalises timestamps to nanoseconds in UTC', () => {
    assert.equal(normalizeTimestamp('2026-11-22T10:00:00Z'), '2026-11-22T10:00:00.000000000Z');
    assert.equal(normalizeTimestamp('2026-11-22T10:00:00.5Z'), '2026-11-22T10:00:00.500000000Z');
    assert.equal(normalizeTimestamp('2026-11-22T18:00:00.123456789+08:00'), '2026-11-22T10:00:00.123456789Z');
    assert.equal(normalizeTimestamp('yesterday'), undefined);
  });

  it('delivers identical lines in the same nanosecond as many times as they were printed, and each once', () => {
    const at = (t: string, text: string): FollowedLine => ({
      timestamp: `2026-11-22T10:00:0${t}Z`,
      text,
      container: 'c',
    });
    const cursor = new LogCursor();
    assert.deepEqual(
      cursor.take([at('0.1', 'a'), at('0.2', 'same'), at('0.2', 'same')]).map((l) => l.text),
      ['a', 'same', 'same'],
    );
    // The next answer starts at the same second again and has one more identical line, and a new one.
    assert.deepEqual(
      cursor
        .take([at('0.1', 'a'), at('0.2', 'same'), at('0.2', 'same'), at('0.2', 'same'), at('0.3', 'b')])
        .map((l) => l.text),
      ['same', 'b'],
    );
    assert.deepEqual(cursor.take([at('0.3', 'b')]), []);
    assert.equal(cursor.startTime(), '2026-11-22T10:00:00Z');
  });

  it('keeps a line without a timestamp with the one before it', () => {
    assert.deepEqual(
      parseLogContent('2026-11-22T10:00:00.1Z first\ncontinued\n', 'c').map((l) => [l.timestamp, l.text]),
      [
        ['2026-11-22T10:00:00.100000000Z', 'first'],
        ['2026-11-22T10:00:00.100000000Z', 'continued'],
      ],
    );
  });
});

describe('following logs against the emulator', () => {
  let fixture: EmulatorFixture;
  let client: EciClient;
  // 50× real time, on a clock that moves 10 ms (half an emulated second) with each request the emulator is sent and
  // never otherwise: how many lines come between two reads depends on the follower's calls, not on how busy this
  // machine is. On the wall clock, a starved process fell more than one answer (2,000 lines) behind and rightly
  // reported a gap; how fast the follower keeps up is measured in bench/logs.bench.ts, not here.
  before(async () => {
    const started = Date.now();
    let requests = (): number => 0;
    fixture = await EmulatorFixture.start({ speed: 50, now: () => started + requests() * 10 });
    requests = () => fixture.emulator.signatures.v1 + fixture.emulator.signatures.v3;
    client = fixture.client({ retryBaseDelayMs: 5, retryMaxDelayMs: 20 });
  });
  after(() => fixture.close());

  const loud = (name: string, runSeconds: number, extra: Record<string, unknown> = {}) => ({
    ContainerGroupName: name,
    SecurityGroupId: 'sg-logs',
    VSwitchId: 'vsw-cn-hangzhou-h-logs',
    RestartPolicy: 'Never' as const,
    Container: [
      {
        Name: 'app',
        Image: 'demo/batch:1',
        Command: ['sh', '-c', 'work; exit 0'],
        EnvironmentVar: [
          { Key: 'EMULATOR_LOG_BURST', Value: '1000' },
          { Key: 'EMULATOR_LOG_EVERY_SECOND', Value: '150' },
          { Key: 'EMULATOR_RUN_SECONDS', Value: String(runSeconds) },
        ],
      },
    ],
    ...extra,
  });

  it('delivers 100,000 lines with bursts of 1,000 a second, repeats and a restart, through injected faults, exactly as produced', async () => {
    const { ContainerGroupId: id } = await createContainerGroup(client, loud('loud', 370));
    const statuses: FollowStatus[] = [];
    const received: FollowedLine[] = [];
    let restarted = false;
    fixture.emulator.faults.faultRate = 0.05;
    try {
      for await (const line of followLogs(client, {
        containerGroupId: id,
        tail: 2000,
        minIntervalMs: 20,
        maxIntervalMs: 200,
        onStatus: (s) => statuses.push(s),
      })) {
        received.push(line);
        if (!restarted && received.length >= 30_000) {
          restarted = true;
          await restartContainerGroup(client, id);
        }
      }
    } finally {
      fixture.emulator.faults.faultRate = 0;
    }
    const produced = fixture.emulator.producedLines(id, 'app');
    assert.ok(produced.length >= 100_000, `only ${produced.length} lines were produced`);
    assert.equal(
      statuses.filter((s) => s.state === 'gap').length,
      0,
      JSON.stringify(statuses.filter((s) => s.state === 'gap')),
    );
    // Element by element, so that a failure names the first difference rather than printing 100,000 lines.
    for (let i = 0; i < produced.length; i++) {
      if (received[i]?.timestamp !== produced[i]?.timestamp || received[i]?.text !== produced[i]?.text) {
        assert.fail(
          `line ${i} of ${produced.length} differs (${received.length} received): got ${JSON.stringify(received[i])}, produced ${JSON.stringify(produced[i])}; before: ${JSON.stringify(produced[i - 1])}`,
        );
      }
    }
    assert.equal(received.length, produced.length);
    // Identical consecutive lines were among them, and the faults were met and overcome.
    assert.ok(produced.some((line, i) => i > 0 && line.text === produced[i - 1]?.text));
    assert.ok(statuses.some((s) => s.state === 'reconnecting') || fixture.emulator.signatures.v3 > 0);
    const end = statuses.at(-1);
    assert.equal(end?.state === 'ended' && end.reason, 'The container group is Succeeded.');
    assert.equal(end?.state === 'ended' && end.said && say(end.said, 'zh-cn'), '容器组的状态为 Succeeded。');
  });

  it('interleaves the containers of a group by time, each line tagged with its container', async () => {
    const template = loud('two', 20);
    const [container] = template.Container;
    assert.ok(container);
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ...template,
      Container: [
        { ...container, Name: 'left' },
        { ...container, Name: 'right' },
      ],
    });
    const received: FollowedLine[] = [];
    for await (const line of followLogs(client, { containerGroupId: id, tail: 2000, minIntervalMs: 20 }))
      received.push(line);
    const expected = [
      ...fixture.emulator.producedLines(id, 'left').map((l) => ({ ...l, container: 'left' })),
      ...fixture.emulator.producedLines(id, 'right').map((l) => ({ ...l, container: 'right' })),
    ];
    assert.equal(received.length, expected.length);
    for (const name of ['left', 'right']) {
      assert.deepEqual(
        received.filter((l) => l.container === name).map((l) => l.text),
        expected.filter((l) => l.container === name).map((l) => l.text),
      );
    }
  });

  it('leaves no listener behind on its signal, however many times it polls', async () => {
    const { ContainerGroupId: id } = await createContainerGroup(client, loud('listeners', 3600));
    const abort = new AbortController();
    let polls = 0;
    let most = 0;
    for await (const _line of followLogs(client, {
      containerGroupId: id,
      signal: abort.signal,
      minIntervalMs: 1,
      maxIntervalMs: 2,
      onStatus: () => undefined,
    })) {
      most = Math.max(most, getEventListeners(abort.signal, 'abort').length);
      if (++polls === 3000) abort.abort();
    }
    // A wait's listener goes with the wait (undici adds one per request in flight, and removes it).
    assert.ok(most <= 3, `${most} abort listeners on the signal`);
    await deleteContainerGroup(client, id);
  });

  it('stops at once when told, and ends with a reason when the group is deleted', async () => {
    const { ContainerGroupId: id } = await createContainerGroup(client, loud('stoppable', 3600));
    const abort = new AbortController();
    const statuses: FollowStatus[] = [];
    let count = 0;
    const started = Date.now();
    for await (const _line of followLogs(client, {
      containerGroupId: id,
      signal: abort.signal,
      minIntervalMs: 20,
      onStatus: (s) => statuses.push(s),
    })) {
      if (++count === 500) abort.abort();
    }
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(statuses.at(-1), { state: 'ended', reason: 'Stopped.', said: message('log.ended.stopped') });

    const { ContainerGroupId: doomed } = await createContainerGroup(client, loud('doomed', 3600));
    await eventually(
      async () =>
        (await describeContainerGroups(client, { ContainerGroupIds: [doomed] })).ContainerGroups[0]?.Status ===
        'Running'
          ? true
          : undefined,
      10_000,
    );
    const ends: FollowStatus[] = [];
    let deleted = false;
    for await (const _line of followLogs(client, {
      containerGroupId: doomed,
      minIntervalMs: 20,
      onStatus: (s) => ends.push(s),
    })) {
      if (!deleted) {
        deleted = true;
        await deleteContainerGroup(client, doomed);
      }
    }
    assert.ok(ends.at(-1)?.state === 'ended', JSON.stringify(ends.at(-1)));
  });
});
