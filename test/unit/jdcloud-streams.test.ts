import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { JdcloudClient } from '../../src/jdcloud/client';
import { jdcloudExecBackend, runJdcloudCommand } from '../../src/jdcloud/exec-session';
import { jdcloudLogSource, jdcloudLogLine, OverlapCursor } from '../../src/jdcloud/log-source';
import {
  createContainers,
  deleteContainer,
  describeContainer,
  startContainer,
  stopContainer,
} from '../../src/jdcloud/operations';
import type { FollowedLine, FollowStatus } from '../../src/core/log-follower';
import { followSource } from '../../src/core/log-follower';
import { EmulatorFixture, eventually } from '../helpers/emulator';
import { message, say } from '../../src/core/messages/messages';

const REGION = 'cn-north-1';
const line = (text: string): FollowedLine => ({ timestamp: '', text, container: 'c' });

describe("Native Container logs and terminals through the providers' shared follower and exec boundary", () => {
  it('an overlap cursor delivers only what follows what it delivered, in order, each line once', () => {
    const cursor = new OverlapCursor(() => Date.parse('2026-11-22T10:00:00Z'));
    assert.deepEqual(
      cursor.take(['a', 'b', 'c'].map(line)).map((l) => l.text),
      ['a', 'b', 'c'],
    );
    // The next answer overlaps the end of the last: only the new lines.
    assert.deepEqual(
      cursor.take(['b', 'c', 'd', 'e'].map(line)).map((l) => l.text),
      ['d', 'e'],
    );
    assert.deepEqual(
      cursor.take(['d', 'e'].map(line)).map((l) => l.text),
      [],
    );
    // Nothing in common (a restart, or more lines than one answer holds): all of it is new.
    assert.deepEqual(
      cursor.take(['x', 'y'].map(line)).map((l) => l.text),
      ['x', 'y'],
    );
    // Identical lines: the longest overlap is taken, so none is shown twice.
    assert.deepEqual(
      cursor.take(['y', 'y', 'y'].map(line)).map((l) => l.text),
      ['y', 'y'],
    );
    // Arrival stamps keep the order across answers, for interleaving.
    const stamps = cursor.take(['1', '2'].map(line)).map((l) => l.timestamp);
    assert.ok((stamps[0] ?? '') < (stamps[1] ?? ''));
    assert.match(stamps[0] ?? '', /^2026-11-22T10:00:00\.\d{9}Z$/);
  });

  it('a getLogs line that starts with its own time keeps that time as its timestamp, and its text without it', () => {
    assert.deepEqual(jdcloudLogLine('2026-11-22T10:00:01.5Z GET / 200', 'web'), {
      timestamp: '2026-11-22T10:00:01.500000000Z',
      text: 'GET / 200',
      container: 'web',
    });
    assert.equal(jdcloudLogLine('2026-11-22T18:00:01+08:00 up', 'web').timestamp, '2026-11-22T10:00:01.000000000Z');
    // No time of its own: the text as it is, stamped on arrival as before.
    assert.deepEqual(jdcloudLogLine('listening on :80', 'web'), {
      timestamp: '',
      text: 'listening on :80',
      container: 'web',
    });
    assert.deepEqual(jdcloudLogLine('2026-11-22 not RFC 3339', 'web').text, '2026-11-22 not RFC 3339');
    const cursor = new OverlapCursor(() => Date.parse('2026-11-22T10:05:00Z'));
    const at = (second: number, text: string): FollowedLine =>
      jdcloudLogLine(`2026-11-22T10:00:0${second}Z ${text}`, 'web');
    assert.deepEqual(
      cursor.take([at(1, 'tick'), jdcloudLogLine('plain', 'web')]).map((l) => [l.timestamp.slice(11, 19), l.text]),
      [
        ['10:00:01', 'tick'],
        ['10:05:00', 'plain'],
      ],
    );
    // The same text at another time is a new line (matched by text alone it looked like the one delivered).
    assert.deepEqual(
      cursor.take([at(1, 'tick'), jdcloudLogLine('plain', 'web'), at(2, 'tick')]).map((l) => l.timestamp),
      ['2026-11-22T10:00:02.000000000Z'],
    );
  });

  describe('against the emulator', () => {
    let fixture: EmulatorFixture;
    let client: JdcloudClient;
    let clock = Date.now();
    before(async () => {
      // One clock for the emulator and the client: the test moves time on, and the container's log grows with it.
      // At speed 1, creating, starting and stopping take a few seconds of that clock, which `reaches` steps through.
      fixture = await EmulatorFixture.start({ now: () => clock, speed: 1 });
      client = new JdcloudClient({
        credentials: DEMO_KEY,
        endpoint: fixture.emulator.url,
        maxAttempts: 1,
        now: () => new Date(clock),
      });
    });
    after(async () => {
      await client.close();
      await fixture.close();
    });
    /** Moves the clock on until the container is in `status`; the clock is then where it got there. */
    const reaches = async (id: string, status: string): Promise<void> => {
      for (let step = 0; (await describeContainer(client, REGION, id)).container.status !== status; step++) {
        assert.ok(step < 100, `${id} did not become ${status} within 10 s of its clock`);
        clock += 100;
      }
    };

    it('follows a container: history, then each new line once, a stop and a new start, and the end when it is deleted', async () => {
      const [id = ''] = (
        await createContainers(client, REGION, {
          instanceType: 'n.c1.medium',
          az: 'cn-north-1a',
          name: 'logger',
          image: 'busybox',
          primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
        })
      ).containerIds;
      await reaches(id, 'running');
      const created = clock;
      clock += 4_000; // lines 1–5
      // Stops the follow whatever happens, so that a failing test does not leave it polling.
      const abort = new AbortController();
      after(() => abort.abort());
      const received: string[] = [];
      const statuses: FollowStatus[] = [];
      const follow = (async () => {
        for await (const l of followSource(
          jdcloudLogSource(
            () => Promise.resolve(client),
            REGION,
            id,
            () => clock,
          ),
          { tail: 3, minIntervalMs: 10, maxIntervalMs: 20, signal: abort.signal, onStatus: (s) => statuses.push(s) },
        )) {
          assert.equal(l.container, 'logger');
          received.push(l.text);
        }
      })();
      await eventually(async () => (received.length >= 3 ? true : undefined), 5_000, 'the history');
      assert.deepEqual(
        received.map((t) => /request (\d+)/.exec(t)?.[1]),
        ['3', '4', '5'],
      );
      // Time moves on in steps, polls read overlapping answers: every line once, in order.
      for (let step = 0; step < 10; step++) {
        clock += 1_500;
        await new Promise((r) => setTimeout(r, 30));
      }
      const count = Math.floor((clock - created) / 1000) + 1; // a line a second since the start
      await eventually(async () => (received.length >= count - 2 ? true : undefined), 5_000, `${count - 2} lines`);
      assert.deepEqual(
        received.map((t) => Number(/request (\d+)/.exec(t)?.[1])),
        Array.from({ length: received.length }, (_, i) => i + 3),
      );
      // Stopped, then started: a new instance, whose lines follow.
      await stopContainer(client, REGION, id);
      clock += 2_000;
      await reaches(id, 'stopped');
      await startContainer(client, REGION, id);
      await reaches(id, 'running');
      clock += 1_000;
      await eventually(
        async () => (received.some((t) => /instance 2: request 2 served/.test(t)) ? true : undefined),
        5_000,
        "the new instance's lines",
      );
      await deleteContainer(client, REGION, id);
      await follow;
      assert.deepEqual(statuses.at(-1), {
        state: 'ended',
        reason: 'The container was deleted.',
        said: message('log.ended.deleted', { noun: message('noun.container') }),
      });
      assert.equal(new Set(received).size, received.length, 'no line twice');
    });

    const createContainer = async (name: string): Promise<string> =>
      (
        await createContainers(client, REGION, {
          instanceType: 'n.c1.medium',
          az: 'cn-north-1a',
          name,
          image: 'busybox',
          primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
        })
      ).containerIds[0] ?? '';

    /** Follows a container until the test ends; counts the follower's polls (its describes). */
    const follow = (id: string, tail: number): { lines: FollowedLine[]; polls: () => number } => {
      const abort = new AbortController();
      after(() => abort.abort());
      const source = jdcloudLogSource(
        () => Promise.resolve(client),
        REGION,
        id,
        () => clock,
      );
      let polls = 0;
      const counted = {
        ...source,
        describe: (signal?: AbortSignal) => {
          polls++;
          return source.describe(signal);
        },
      };
      const lines: FollowedLine[] = [];
      void (async () => {
        for await (const l of followSource(counted, {
          tail,
          minIntervalMs: 10,
          maxIntervalMs: 20,
          signal: abort.signal,
        }))
          lines.push(l);
      })();
      return { lines, polls: () => polls };
    };
    const texts = (lines: readonly FollowedLine[], pattern: RegExp): number[] =>
      lines.flatMap((l, i) => (pattern.test(l.text) ? [i] : []));

    it('stamps each line with the time the container printed it, not the time it was read, and shows it once', async () => {
      const id = await createContainer('stamped');
      await reaches(id, 'running');
      const started = clock;
      clock += 2_000; // lines 1–3
      const followed = follow(id, 10);
      await eventually(async () => (followed.lines.length >= 3 ? true : undefined), 5_000, 'the history');
      clock += 60_000; // read a minute later than printed
      await eventually(async () => (followed.lines.length >= 5 ? true : undefined), 5_000, 'two more lines');
      followed.lines.slice(0, 5).forEach((l, i) => {
        assert.equal(l.timestamp, `${new Date(started + i * 1000).toISOString().slice(0, 23)}000000Z`);
        assert.equal(l.text, `[busybox] instance 1: request ${i + 1} served`);
      });
      await deleteContainer(client, REGION, id);
    });

    it('says once that the followed container stopped, after its last lines, and once that it runs again, before its new ones', async () => {
      const id = await createContainer('stopper');
      await reaches(id, 'running');
      clock += 2_000;
      const followed = follow(id, 10);
      const { lines } = followed;
      await eventually(async () => (lines.length >= 3 ? true : undefined), 5_000, 'the history');
      clock += 1_000;
      await stopContainer(client, REGION, id);
      await reaches(id, 'stopped');
      const stopped = /^— stopper stopped; following resumes when it starts again\.$/;
      await eventually(async () => (texts(lines, stopped).length > 0 ? true : undefined), 5_000, 'the stop said');
      const polled = followed.polls();
      clock += 5_000;
      await eventually(async () => (followed.polls() >= polled + 5 ? true : undefined), 5_000, 'five more polls');
      assert.equal(texts(lines, stopped).length, 1, 'said once');
      assert.deepEqual(texts(lines, stopped), [lines.length - 1], 'nothing after it while stopped');
      assert.equal(texts(lines, /instance 1: request 4 served/).length, 1, 'the last line before the stop');

      await startContainer(client, REGION, id);
      await reaches(id, 'running');
      clock += 1_000;
      await eventually(
        async () => (texts(lines, /instance 2: request 2 served/).length > 0 ? true : undefined),
        5_000,
        "the new instance's lines",
      );
      const again = texts(lines, /^— stopper is running again\.$/);
      assert.equal(again.length, 1);
      assert.deepEqual(texts(lines, /instance 2: request 1 served/), [(again[0] ?? 0) + 1]);
      const polledAgain = followed.polls();
      await eventually(async () => (followed.polls() >= polledAgain + 5 ? true : undefined), 5_000, 'more polls');
      assert.equal(texts(lines, /running again|following resumes/).length, 2, 'each said once');
      await deleteContainer(client, REGION, id);
    });

    it('says that a container is stopped when the follow starts on it, after its history', async () => {
      const id = await createContainer('idle');
      await reaches(id, 'running');
      clock += 1_000;
      await stopContainer(client, REGION, id);
      await reaches(id, 'stopped');
      const { lines } = follow(id, 10);
      await eventually(async () => (lines.length >= 3 ? true : undefined), 5_000, 'the history and the status');
      assert.deepEqual(
        lines.map((l) => l.text),
        [
          '[busybox] instance 1: request 1 served',
          '[busybox] instance 1: request 2 served',
          '— idle is stopped; following resumes when it starts again.',
        ],
      );
      const notice = lines[2]?.said;
      assert.ok(notice !== undefined, "the source's own line carries its message");
      assert.equal(say(notice, 'zh-cn'), '— idle 已停止；启动后将继续显示实时日志。');
      assert.equal(lines[0]?.said, undefined, "the container's lines are its own");
      await deleteContainer(client, REGION, id);
    });

    it('opens a terminal backend on bash when the container has it, and runs commands to their end', async () => {
      const [id = ''] = (
        await createContainers(client, REGION, {
          instanceType: 'n.c1.medium',
          az: 'cn-north-1a',
          name: 'shell',
          image: 'busybox',
          primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
        })
      ).containerIds;
      await reaches(id, 'running');
      assert.equal(
        (await runJdcloudCommand(client, REGION, id, ['sh', '-c', 'echo one; echo two'])).replace(/\r/g, ''),
        'one\ntwo\n',
      );
      const backend = jdcloudExecBackend(() => Promise.resolve(client), REGION, { containerId: id, name: 'shell' });
      assert.equal(backend.label, 'shell');
      const hasBash =
        (await runJdcloudCommand(client, REGION, id, ['sh', '-c', 'command -v bash || true'])).trim() !== '';
      assert.deepEqual(await backend.detectShell(), hasBash ? ['/bin/bash'] : ['/bin/sh']);
      let output = '';
      const session = await backend.open(['sh'], { columns: 80, rows: 24 }, { onOutput: (text) => (output += text) });
      await eventually(async () => (/[#$] $/m.test(output) ? true : undefined), 10_000, 'the prompt');
      session.write('echo ready\n');
      await eventually(async () => (/^ready\r?$/m.test(output) ? true : undefined), 10_000, 'ready');
      await session.close();
    });
  });
});
