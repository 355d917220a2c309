import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import * as ops from '../../src/eci/operations';
import { ExecSession, runCommand } from '../../src/eci/exec-session';
import { EmulatorFixture, eventually } from '../helpers/emulator';

/** Our exec session against the emulator's real shell (a process under a pseudo-terminal on this machine). */
let fixture: EmulatorFixture;
let client: EciClient;
let groupId: string;
before(async () => {
  fixture = await EmulatorFixture.start();
  client = fixture.client();
  ({ ContainerGroupId: groupId } = await ops.createContainerGroup(client, {
    ContainerGroupName: 'exec',
    SecurityGroupId: 'sg',
    VSwitchId: 'vsw',
    Container: [{ Name: 'app', Image: 'busybox:1.36' }],
  }));
  await eventually(async () =>
    (await ops.describeContainerGroups(client, { ContainerGroupIds: [groupId] })).ContainerGroups[0]?.Status ===
    'Running'
      ? true
      : undefined,
  );
});
after(() => fixture.close());

const until = (check: () => boolean, what: string): Promise<true> =>
  eventually(async () => (check() ? true : undefined), 10_000, what);

/** A shell session whose prompt has appeared: as a person, the tests type only once the shell is ready. */
async function open(
  command = ['/bin/bash'],
  size = { columns: 80, rows: 24 },
): Promise<{ session: ExecSession; output: () => string; chunks: string[]; prompt: () => Promise<true> }> {
  const chunks: string[] = [];
  const session = await ExecSession.open(
    client,
    { containerGroupId: groupId, containerName: 'app', command, size },
    { onOutput: (text) => chunks.push(text) },
  );
  const output = (): string => chunks.join('');
  let prompts = 0;
  // Each call waits for one more prompt than the last (a `# ` or `$ `).
  const prompt = (): Promise<true> => {
    const wanted = ++prompts;
    return until(() => (output().match(/[#$] /g) ?? []).length >= wanted, `prompt ${wanted}`);
  };
  await prompt();
  return { session, output, chunks, prompt };
}

describe('exec sessions', () => {
  it('echoes a command and its output, and reports the exit code when the shell exits', async () => {
    const { session, output } = await open();
    session.write('echo hello\r');
    await until(() => /[\r\n]hello\r?\n/.test(output()), 'the output hello');
    session.write('exit 3\r');
    const end = await session.done();
    assert.equal(end.exitCode, 3);
    assert.equal(end.by, 'server');
    assert.equal(session.isOpen, false);
  });

  it('keeps a character whole when its bytes come in two frames', async () => {
    const { session, output, chunks } = await open();
    // The euro sign is e2 82 ac: two bytes, a pause (another frame), the last byte.
    session.write("printf 'A\\342\\202'; sleep 0.3; printf '\\254B\\n'\r");
    await until(() => /A€B/.test(output()), 'A€B');
    assert.ok(!output().includes('\ufffd'), 'no replacement character');
    assert.ok(chunks.length > 2, 'the output came in several chunks');
    await session.close();
  });

  it('resizes the terminal', async () => {
    const { session, output } = await open(['/bin/bash'], { columns: 80, rows: 24 });
    // The emulator applies a resize before any input that follows it, as a terminal does.
    session.resize(132, 43);
    session.write('stty size\r');
    await until(() => /[\r\n]43 132\r?\n/.test(output()), 'stty to say 43 132');
    await session.close();
  });

  it('interrupts a running command with Ctrl-C and goes on', async () => {
    const { session, output, prompt } = await open();
    // Ctrl-C once the command runs in the foreground (it says so first), not while the shell still reads its line.
    session.write("sh -c 'echo sleeping; exec sleep 30'\r");
    await until(() => /[\r\n]sleeping\r?\n/.test(output()), 'the command to say it is sleeping');
    const started = Date.now();
    // Ctrl-C flushes what was typed after it, as in any terminal: type on once the prompt is back.
    session.write('\x03');
    await prompt();
    session.write('echo after\r');
    await until(() => /[\r\n]after\r?\n/.test(output()), 'the output after');
    assert.ok(Date.now() - started < 5000);
    await session.close();
  });

  it('closes from this side, and says so', async () => {
    const { session } = await open();
    const end = await session.close();
    assert.equal(end.by, 'client');
    assert.equal(session.isOpen, false);
    // Writing after the end is a no-op, not an error.
    session.write('echo nobody\r');
  });

  it('runs one command without a terminal and returns its output', async () => {
    assert.equal(
      (
        await runCommand(client, {
          containerGroupId: groupId,
          containerName: 'app',
          command: ['sh', '-c', 'echo one; echo two'],
        })
      ).trim(),
      'one\ntwo',
    );
  });

  it('says clearly when the group does not exist', async () => {
    await assert.rejects(
      ExecSession.open(client, { containerGroupId: 'eci-missing000000000', containerName: 'app' }),
      /eci-missing000000000|does not exist|not found/i,
    );
  });
});
