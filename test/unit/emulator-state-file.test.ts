import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { JdcloudClient } from '../../src/jdcloud/client';
import { createContainers, describeContainer, describeContainers } from '../../src/jdcloud/operations';
import { tempDir } from '../helpers/temp';

// `eci emulator --state <file>` as a user runs it, from the built CLI (src/cli/emulator-command.ts,
// src/emulator/state-store.ts): a file it cannot use is refused before it listens and left as it was; what it keeps
// comes back after a restart; SIGINT and SIGTERM write the state; a write that fails is reported, not a crash.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** One `eci emulator` process, and what it printed so far. */
class Emulator {
  stdout = '';
  stderr = '';
  url = '';
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [CLI, 'emulator', '--speed', '1000', ...args]);
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts one and waits until it listens. */
  static async listening(args: readonly string[]): Promise<Emulator> {
    const emulator = new Emulator(args);
    emulator.url = (await emulator.printed(/^listening on (http:\/\/\S+)$/m, 'stdout'))[1] ?? '';
    return emulator;
  }

  /** Resolves once the process has printed a match of `pattern`; fails if it exits first. */
  printed(pattern: RegExp, stream: 'stdout' | 'stderr'): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(this[stream]);
        if (match === null) return;
        this.child[stream].off('data', onData);
        this.child.off('exit', onExit);
        resolve(match);
      };
      // Called after the constructor's listener, which has added the text by then.
      const onData = (): void => check();
      const onExit = (): void =>
        reject(new Error(`exited before printing ${String(pattern)}: ${this.stdout}${this.stderr}`));
      this.child[stream].on('data', onData);
      this.child.once('exit', onExit);
      check();
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.exited;
  }
}

const eci = (url: string): EciClient =>
  new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
const jdcloud = (url: string): JdcloudClient => new JdcloudClient({ credentials: DEMO_KEY, endpoint: url });

const group = (name: string) => ({
  ContainerGroupName: name,
  SecurityGroupId: 'sg-1',
  VSwitchId: 'vsw-1',
  Container: [{ Name: 'app', Image: 'nginx:1.25' }],
});
const jdContainer = (name: string) => ({
  instanceType: 'n.c1.medium',
  az: 'cn-north-1a',
  name,
  image: 'nginx',
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
});

interface StateShape {
  sequence: number;
  groups: Record<string, Record<string, unknown>>;
  imageCaches: Record<string, unknown>;
  idempotency?: Record<string, unknown>;
  jdcloudContainer?: { containers: Record<string, Record<string, unknown>>; [key: string]: unknown };
  [key: string]: unknown;
}

const dir = tempDir('eci-state-file-');
/** A state the emulator wrote: demo data of both APIs (groups in every status, image caches, containers, secrets). */
let demoText = '';
const demo = (): StateShape => JSON.parse(demoText) as StateShape;
const firstKey = (record: object): string => Object.keys(record)[0] ?? '';

before(async () => {
  assert.ok(existsSync(CLI), 'run npm run build first');
  const path = join(dir.path, 'demo.json');
  const emulator = await Emulator.listening(['--seed', 'demo', '--state', path]);
  assert.deepEqual(await emulator.stop(), { code: 0, signal: null });
  demoText = readFileSync(path, 'utf8');
  assert.ok(Object.keys(demo().groups).length > 0 && Object.keys(demo().jdcloudContainer?.containers ?? {}).length > 0);
});
after(() => dir.remove());

/** Each file is refused with a line that says what is wrong in it; the process ends before it listens. */
const refused: { name: string; text: () => string; message: RegExp }[] = [
  { name: 'a list', text: () => '[]', message: /it holds a list, not the emulator's state object/ },
  { name: 'null', text: () => 'null', message: /it holds null/ },
  {
    name: 'unreadable JSON (cut short)',
    text: () => demoText.slice(0, demoText.length / 2),
    message: /not valid JSON/,
  },
  { name: 'an empty file', text: () => '', message: /not valid JSON/ },
  {
    // The records of the operations served since SDK 2.0 are checked as the older ones are.
    name: 'a data cache that is null',
    text: () => JSON.stringify({ ...demo(), eciOps: { dataCaches: { 'edc-1': null } } }),
    message: /eciOps\.dataCaches\["edc-1"\] must be an object, not null/,
  },
  {
    name: 'a virtual node filed under another ID',
    text: () =>
      JSON.stringify({
        ...demo(),
        eciOps: {
          virtualNodes: {
            'vnd-1': {
              VirtualNodeId: 'vnd-2',
              owner: 'o',
              RegionId: 'cn-hangzhou',
              ZoneId: 'cn-hangzhou-h',
              VirtualNodeName: 'n',
              VSwitchId: 'vsw',
              SecurityGroupId: 'sg',
              IntranetIp: '10.0.0.1',
              Tags: [],
              createdAt: 0,
              readyAt: 0,
              willFail: false,
              events: [],
            },
          },
        },
      }),
    message: /eciOps\.virtualNodes\["vnd-1"\] is filed under another key than its VirtualNodeId/,
  },
  {
    name: 'another version',
    text: () => JSON.stringify({ ...demo(), version: 2 }),
    message: /version is 2; this emulator reads version 1/,
  },
  {
    // Without a sequence, the IDs of new groups held NaN, and a restart lost the groups.
    name: 'no sequence (IDs with NaN)',
    text: () => JSON.stringify({ ...demo(), sequence: undefined }),
    message: /sequence is missing/,
  },
  {
    name: 'a sequence that is text',
    text: () => JSON.stringify({ ...demo(), sequence: '12' }),
    message: /sequence must be a whole number of 0 or more, not the text "12"/,
  },
  {
    name: 'a negative sequence',
    text: () => JSON.stringify({ ...demo(), sequence: -1 }),
    message: /sequence must be a whole number of 0 or more, not -1/,
  },
  {
    name: 'groups as a list',
    text: () => JSON.stringify({ ...demo(), groups: Object.values(demo().groups) }),
    message: /groups must be an object of records by ContainerGroupId, not a list/,
  },
  {
    // A null group answered every listing with a 500.
    name: 'a null group',
    text: () => {
      const state = demo();
      state.groups[firstKey(state.groups)] = null as never;
      return JSON.stringify(state);
    },
    message: /groups\["eci-\w+"\] must be an object, not null/,
  },
  {
    name: 'a group without its ID',
    text: () => {
      const state = demo();
      delete state.groups[firstKey(state.groups)]?.['ContainerGroupId'];
      return JSON.stringify(state);
    },
    message: /groups\["eci-\w+"\]\.ContainerGroupId is missing/,
  },
  {
    name: 'a group filed under another ID',
    text: () => {
      const state = demo();
      const key = firstKey(state.groups);
      state.groups['eci-elsewhere'] = state.groups[key] ?? {};
      delete state.groups[key];
      return JSON.stringify(state);
    },
    message: /groups\["eci-elsewhere"\] is filed under another key than its ContainerGroupId \(the text "eci-\w+"\)/,
  },
  {
    name: 'a container whose Cpu is text',
    text: () => {
      const state = demo();
      const spec = state.groups[firstKey(state.groups)]?.['spec'] as { Containers: { Cpu: unknown }[] };
      spec.Containers = spec.Containers.map((c) => ({ ...c, Cpu: '2' }));
      return JSON.stringify(state);
    },
    message: /groups\["eci-\w+"\]\.spec\.Containers\[0\]\.Cpu must be a number, not the text "2"/,
  },
  {
    name: 'a status the emulator does not know',
    text: () => {
      const state = demo();
      (state.groups[firstKey(state.groups)] ?? {})['status'] = 'Sleeping';
      return JSON.stringify(state);
    },
    message: /groups\["eci-\w+"\]\.status must be one of "Pending", .*, not the text "Sleeping"/,
  },
  {
    name: 'an event time that is not a number',
    text: () => {
      const state = demo();
      const events = state.groups[firstKey(state.groups)]?.['events'] as Record<string, unknown>[];
      (events[0] ?? {})['FirstTimestamp'] = null;
      return JSON.stringify(state);
    },
    message: /groups\["eci-\w+"\]\.events\[0\]\.FirstTimestamp must be a time in milliseconds, not null/,
  },
  {
    name: 'a null image cache',
    text: () => {
      const state = demo();
      state.imageCaches[firstKey(state.imageCaches)] = null;
      return JSON.stringify(state);
    },
    message: /imageCaches\["imc-\w+"\] must be an object, not null/,
  },
  {
    name: 'an idempotency record without its fingerprint',
    text: () =>
      JSON.stringify({ ...demo(), idempotency: { 'account\nCreateContainerGroup\nt1': { response: {}, at: 0 } } }),
    message: /idempotency\["account\\nCreateContainerGroup\\nt1"\]\.fingerprint is missing/,
  },
  {
    name: 'a null JD Cloud container',
    text: () => {
      const state = demo();
      const containers = state.jdcloudContainer?.containers ?? {};
      containers[firstKey(containers)] = null as never;
      return JSON.stringify(state);
    },
    message: /jdcloudContainer\.containers\["c-\w+"\] must be an object, not null/,
  },
  {
    name: 'a JD Cloud container without its start time',
    text: () => {
      const state = demo();
      const containers = state.jdcloudContainer?.containers ?? {};
      delete containers[firstKey(containers)]?.['startedAt'];
      return JSON.stringify(state);
    },
    message: /jdcloudContainer\.containers\["c-\w+"\]\.startedAt is missing/,
  },
  {
    // Private addresses are counted from it.
    name: 'a JD Cloud address counter that is text',
    text: () => JSON.stringify({ ...demo(), jdcloudContainer: { ...demo().jdcloudContainer, nextIp: 'ten' } }),
    message: /jdcloudContainer\.nextIp must be a whole number of 0 or more, not the text "ten"/,
  },
  {
    name: 'JD Cloud secrets as null',
    text: () => JSON.stringify({ ...demo(), jdcloudContainer: { ...demo().jdcloudContainer, secrets: null } }),
    message: /jdcloudContainer\.secrets must be an object of records by regionId\/name, not null/,
  },
  {
    name: 'JD Cloud client tokens that are not lists',
    text: () =>
      JSON.stringify({ ...demo(), jdcloudContainer: { ...demo().jdcloudContainer, clientTokens: { t: 'c-1' } } }),
    message: /jdcloudContainer\.clientTokens\["t"\] must be a list, not the text "c-1"/,
  },
];

describe('eci emulator --state: a file it cannot use', () => {
  for (const { name, text, message } of refused) {
    it(`refuses ${name} before listening, with one line naming the file and what is wrong, and leaves it as it was`, async () => {
      const path = join(dir.path, 'refused.json');
      const bytes = Buffer.from(text());
      writeFileSync(path, bytes);
      const emulator = new Emulator(['--state', path]);
      assert.deepEqual(await emulator.exited, { code: 1, signal: null });
      assert.equal(emulator.stdout, '', 'it never said it was listening');
      const lines = emulator.stderr.split('\n').filter((line) => line !== '');
      assert.equal(lines.length, 1, emulator.stderr);
      assert.ok(lines[0]?.startsWith(`eci emulator: The state file ${path} `), lines[0]);
      assert.match(lines[0] ?? '', message);
      assert.deepEqual(readFileSync(path), bytes);
    });
  }

  it('refuses a state path that is a folder, and one whose folder cannot be made (a file is in the way)', async () => {
    const folder = join(dir.path, 'a-folder');
    mkdirSync(folder);
    const asFolder = new Emulator(['--state', folder]);
    assert.deepEqual(await asFolder.exited, { code: 1, signal: null });
    assert.match(asFolder.stderr, /^eci emulator: The state file .*a-folder cannot be read \(EISDIR\b.*\)\.\n$/);
    assert.equal(asFolder.stdout, '');

    const blocker = join(dir.path, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const under = new Emulator(['--state', join(blocker, 'state.json')]);
    assert.deepEqual(await under.exited, { code: 1, signal: null });
    assert.match(under.stderr, /^eci emulator: The folder of the state file .*a-file\/state\.json cannot be made \(/);
    assert.equal(under.stdout, '');
    assert.equal(readFileSync(blocker, 'utf8'), 'not a folder');
  });
});

describe('eci emulator --state: nothing lost', () => {
  it('makes a missing folder, and what it wrote there comes back after a restart', async () => {
    const path = join(dir.path, 'made', 'for', 'it', 'state.json');
    const first = await Emulator.listening(['--seed', 'demo', '--state', path]);
    // Before the fix, the first write crashed the process here (ENOENT, a stack trace) a moment after it listened.
    const client = eci(first.url);
    const { ContainerGroupId: id } = await ops.createContainerGroup(client, group('in-a-new-folder'));
    await client.close();
    assert.deepEqual(await first.stop(), { code: 0, signal: null });
    assert.equal(first.stderr, '');
    const written = JSON.parse(readFileSync(path, 'utf8')) as StateShape;
    assert.ok(written.groups[id] !== undefined);

    const second = await Emulator.listening(['--state', path]);
    const again = eci(second.url);
    const listed = await ops.describeContainerGroups(again, {});
    assert.deepEqual(
      listed.ContainerGroups.map((g) => g.ContainerGroupId).sort(),
      Object.values(written.groups)
        .filter((g) => g['RegionId'] === 'cn-hangzhou')
        .map((g) => g['ContainerGroupId'])
        .sort(),
    );
    await again.close();
    assert.deepEqual(await second.stop(), { code: 0, signal: null });
    const rewritten = JSON.parse(readFileSync(path, 'utf8')) as StateShape;
    assert.deepEqual(Object.keys(rewritten.groups).sort(), Object.keys(written.groups).sort());
    assert.deepEqual(
      Object.keys(rewritten.jdcloudContainer?.containers ?? {}).sort(),
      Object.keys(written.jdcloudContainer?.containers ?? {}).sort(),
    );
    assert.equal(rewritten.sequence, written.sequence);
  });

  it("keeps a group made with every field of today's template through a restart", async () => {
    // The state's checks are typed against the model: a field the model gained must be checked to load again.
    const path = join(dir.path, 'today.json');
    const template = readFileSync(
      join(__dirname, '..', 'fixtures', 'templates', 'today-group-fields.eci.json'),
      'utf8',
    );
    const first = await Emulator.listening(['--state', path]);
    const client = eci(first.url);
    const { ContainerGroupId: id } = await ops.createContainerGroupFromTemplate(
      client,
      JSON.parse(template) as Record<string, unknown>,
    );
    const before = (await ops.describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0];
    await client.close();
    assert.deepEqual(await first.stop(), { code: 0, signal: null });

    const second = await Emulator.listening(['--state', path]);
    assert.equal(second.stderr, '');
    const again = eci(second.url);
    const after = (await ops.describeContainerGroups(again, { ContainerGroupIds: [id] })).ContainerGroups[0];
    await again.close();
    assert.deepEqual(await second.stop(), { code: 0, signal: null });
    assert.ok(before !== undefined && after !== undefined);
    assert.deepEqual(
      { ...after, Status: before.Status, Events: before.Events, Containers: after.Containers.length },
      { ...before, Containers: before.Containers.length },
    );
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`writes the state at ${signal}, at once (before its usual write after a change), and a restart has it`, async () => {
      const path = join(dir.path, `${signal}.json`);
      const first = await Emulator.listening(['--state', path]);
      const client = eci(first.url);
      const native = jdcloud(first.url);
      const { ContainerGroupId: id } = await ops.createContainerGroup(client, group(`at-${signal.toLowerCase()}`));
      const [containerId = ''] = (await createContainers(native, 'cn-north-1', jdContainer('kept'))).containerIds;
      await Promise.all([client.close(), native.close()]);
      assert.deepEqual(await first.stop(signal), { code: 0, signal: null });
      assert.match(first.stdout, /^stopping \(Ctrl-C again stops at once\)$/m);

      const second = await Emulator.listening(['--state', path]);
      const again = eci(second.url);
      const jdAgain = jdcloud(second.url);
      const page = await ops.describeContainerGroups(again, { ContainerGroupIds: [id] });
      assert.equal(page.ContainerGroups[0]?.ContainerGroupName, `at-${signal.toLowerCase()}`);
      assert.equal((await describeContainer(jdAgain, 'cn-north-1', containerId)).container.name, 'kept');
      await Promise.all([again.close(), jdAgain.close()]);
      assert.deepEqual(await second.stop(), { code: 0, signal: null });
    });
  }

  it('writes its state at a SIGINT sent the moment it says it listens', async () => {
    // Before, its listener for the signal came after that line: a signal sent at once ended the process there (the
    // signal's default effect), the state unwritten. Four at a time, as a busy machine makes that moment longer.
    await Promise.all(
      [1, 2, 3, 4].map(async (i) => {
        const path = join(dir.path, `at-once-${i}.json`);
        const emulator = await Emulator.listening(['--seed', 'demo', '--state', path]);
        assert.deepEqual(await emulator.stop(), { code: 0, signal: null });
        assert.ok(Object.keys((JSON.parse(readFileSync(path, 'utf8')) as StateShape).groups).length > 0);
      }),
    );
  });

  it('ends at a second Ctrl-C while its last write of the state hangs, leaving the file as it was', async () => {
    const path = join(dir.path, 'hanging.json');
    writeFileSync(path, demoText);
    const emulator = await Emulator.listening(['--state', path]);
    // Its temporary file (state-store.ts: `<file>.<pid>.tmp`) is made a FIFO nobody reads: opening it to write
    // blocks, as a write on a stuck file system does.
    const fifo = `${path}.${emulator.child.pid ?? 0}.tmp`;
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, made.stderr.toString());
    try {
      emulator.child.kill('SIGINT');
      await emulator.printed(/^stopping/m, 'stdout');
      // From here it cannot end by itself: the write waits for a reader that never comes.
      emulator.child.kill('SIGINT');
      assert.deepEqual(await emulator.exited, { code: null, signal: 'SIGINT' });
      assert.equal(readFileSync(path, 'utf8'), demoText);
    } finally {
      unlinkSync(fifo);
    }
  });

  it('reports a write that fails while it runs (its folder removed) once, and writes everything with the next change', async () => {
    const folder = join(dir.path, 'removed');
    const path = join(folder, 'state.json');
    const emulator = await Emulator.listening(['--state', path]);
    const client = eci(emulator.url);
    rmSync(folder, { recursive: true });
    const { ContainerGroupId: lost } = await ops.createContainerGroup(client, group('while-removed'));
    await emulator.printed(/could not be written/, 'stderr');
    assert.equal(emulator.child.exitCode, null, 'still running');
    mkdirSync(folder);
    const { ContainerGroupId: next } = await ops.createContainerGroup(client, group('after'));
    await emulator.printed(/is written again\.$/m, 'stderr');
    assert.equal(emulator.stderr.match(/could not be written/g)?.length, 1, emulator.stderr);
    assert.match(
      emulator.stderr,
      /^eci emulator: the state file \S+removed\/state\.json could not be written \(ENOENT\b.*\); the state is kept in memory and written with the next change\.$/m,
    );
    const written = JSON.parse(readFileSync(path, 'utf8')) as StateShape;
    assert.ok(written.groups[lost] !== undefined && written.groups[next] !== undefined);
    await client.close();
    assert.deepEqual(await emulator.stop(), { code: 0, signal: null });
  });

  it('reports a full disk once, then writes with the next change', async () => {
    const path = join(dir.path, 'full.json');
    const emulator = await Emulator.listening(['--state', path]);
    const native = jdcloud(emulator.url);
    // The next write of the state goes to /dev/full (its temporary file is a link there): ENOSPC.
    symlinkSync('/dev/full', `${path}.${emulator.child.pid ?? 0}.tmp`);
    const [first = ''] = (await createContainers(native, 'cn-north-1', jdContainer('on-a-full-disk'))).containerIds;
    await emulator.printed(/could not be written \(ENOSPC\b/, 'stderr');
    // The failed write removed its temporary file (the link): the next one has room.
    const [second = ''] = (await createContainers(native, 'cn-north-1', jdContainer('with-room'))).containerIds;
    await emulator.printed(/is written again\.$/m, 'stderr');
    assert.equal(emulator.stderr.match(/could not be written/g)?.length, 1, emulator.stderr);
    const written = JSON.parse(readFileSync(path, 'utf8')) as StateShape;
    assert.deepEqual(Object.keys(written.jdcloudContainer?.containers ?? {}).sort(), [first, second].sort());
    await native.close();
    assert.deepEqual(await emulator.stop(), { code: 0, signal: null });
  });

  it('still ends at Ctrl-C when the state cannot be written then, and says the changes are lost (exit 1)', async () => {
    const folder = join(dir.path, 'gone-at-exit');
    const path = join(folder, 'state.json');
    const emulator = await Emulator.listening(['--state', path]);
    rmSync(folder, { recursive: true });
    // Before the fix, the write threw out of close(): the server was never closed and the process hung.
    assert.deepEqual(await emulator.stop(), { code: 1, signal: null });
    assert.match(
      emulator.stderr,
      /^eci emulator: the state file \S+gone-at-exit\/state\.json could not be written at exit \(ENOENT\b.*\); the changes since it was last written are lost\.\n$/,
    );
  });

  it('reads JD Cloud records kept under their first name (nativeContainer) and keeps them under jdcloudContainer', async () => {
    const path = join(dir.path, 'native.json');
    const old = demo();
    old['nativeContainer'] = old.jdcloudContainer;
    delete old.jdcloudContainer;
    writeFileSync(path, JSON.stringify(old));
    const ids = Object.keys((old['nativeContainer'] as StateShape['jdcloudContainer'])?.containers ?? {}).sort();
    const emulator = await Emulator.listening(['--state', path]);
    const native = jdcloud(emulator.url);
    const regions = [...new Set(Object.values(demo().jdcloudContainer?.containers ?? {}).map((c) => c['regionId']))];
    const listed: string[] = [];
    for (const region of regions)
      listed.push(...(await describeContainers(native, String(region))).containers.map((c) => c.containerId));
    assert.deepEqual(listed.sort(), ids);
    await native.close();
    assert.deepEqual(await emulator.stop(), { code: 0, signal: null });
    const written = JSON.parse(readFileSync(path, 'utf8')) as StateShape;
    assert.equal(written['nativeContainer'], undefined);
    assert.deepEqual(Object.keys(written.jdcloudContainer?.containers ?? {}).sort(), ids);
  });
});
