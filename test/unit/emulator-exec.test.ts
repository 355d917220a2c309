import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import * as ops from '../../src/eci/operations';
import { EmulatorFixture, eventually } from '../helpers/emulator';

/** A raw client of the exec framing (docs/reference/eci-api.md §4), so that the emulator's side is tested on its own. */
class Terminal {
  output = '';
  closed: { code: number; reason: string } | undefined;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.output += isBinary ? data.subarray(1).toString('utf8') : data.toString('utf8');
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }
  static async open(uri: string): Promise<Terminal> {
    const ws = new WebSocket(uri);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Terminal(ws);
  }
  type(text: string): void {
    this.ws.send(Buffer.concat([Buffer.of(0), Buffer.from(text)]));
  }
  typeAsText(text: string): void {
    this.ws.send(text);
  }
  resize(cols: number, rows: number): void {
    this.ws.send(Buffer.concat([Buffer.of(3), Buffer.from(JSON.stringify({ Width: cols, Height: rows }))]));
  }
  async waitFor(pattern: RegExp, what = String(pattern)): Promise<void> {
    await eventually(
      async () => (pattern.test(this.output) ? true : undefined),
      5000,
      `terminal output to match ${what} (got ${JSON.stringify(this.output.slice(-300))})`,
    );
  }
  close(): void {
    this.ws.close();
  }
}

let fixture: EmulatorFixture;
let groupId: string;
before(async () => {
  fixture = await EmulatorFixture.start();
  const client = fixture.client();
  ({ ContainerGroupId: groupId } = await ops.createContainerGroup(client, {
    ContainerGroupName: 'shell',
    SecurityGroupId: 'sg',
    VSwitchId: 'vsw',
    Container: [{ Name: 'app', Image: 'busybox:1.36', EnvironmentVar: [{ Key: 'APP_MODE', Value: 'demo' }] }],
  }));
  await eventually(async () =>
    (await ops.describeContainerGroups(client, { ContainerGroupIds: [groupId] })).ContainerGroups[0]?.Status ===
    'Running'
      ? true
      : undefined,
  );
});
after(() => fixture.close());

async function shell(tty = true, command = ['/bin/bash']): Promise<Terminal> {
  const { WebSocketUri } = await ops.execContainerCommand(fixture.client(), {
    ContainerGroupId: groupId,
    ContainerName: 'app',
    Command: command,
    TTY: tty,
  });
  assert.ok(WebSocketUri);
  return Terminal.open(WebSocketUri);
}

describe('emulator exec over WebSocket', () => {
  it('runs a real shell under a terminal: echo, environment, resize, Ctrl-C and the exit code', async () => {
    const term = await shell();
    term.type('echo "hello from $APP_MODE"\r');
    await term.waitFor(/hello from demo/);
    // The emulator applies a resize before any input that follows it, as a terminal does.
    term.resize(132, 43);
    term.type('stty size\r');
    await term.waitFor(/43 132/);
    // Ctrl-C once the command runs in the foreground (it says so first), not while the shell still reads its line.
    term.type("sh -c 'echo sleeping; exec sleep 30'\r");
    await term.waitFor(/^sleeping\r?$/m);
    term.type('\x03');
    term.type('echo "after interrupt"\r');
    await term.waitFor(/after interrupt\r?\n/);
    term.type('exit 7\r');
    await eventually(async () => term.closed, 5000, 'the socket to close');
    assert.equal(term.closed?.code, 1000);
    assert.deepEqual(JSON.parse(term.closed?.reason ?? '{}'), { ExitCode: 7 });
  });

  it('accepts text frames as input', async () => {
    const term = await shell();
    term.typeAsText('echo text-frames-work\r');
    await term.waitFor(/text-frames-work\r?\n/);
    term.close();
  });

  it('runs a command without a terminal, with stdout and stderr on their channels', async () => {
    const term = await shell(false, ['sh', '-c', 'echo out; echo err 1>&2; exit 3']);
    await eventually(async () => term.closed, 5000, 'the command to end');
    assert.match(term.output, /out/);
    assert.match(term.output, /err/);
    assert.deepEqual(JSON.parse(term.closed?.reason ?? '{}'), { ExitCode: 3 });
  });

  it('refuses a token that was used or never given', async () => {
    const { WebSocketUri } = await ops.execContainerCommand(fixture.client(), {
      ContainerGroupId: groupId,
      ContainerName: 'app',
      Command: ['/bin/sh'],
      TTY: true,
    });
    assert.ok(WebSocketUri);
    const first = await Terminal.open(WebSocketUri);
    first.close();
    await assert.rejects(Terminal.open(WebSocketUri), /403/);
    await assert.rejects(Terminal.open(WebSocketUri.replace(/s=.*$/, 's=forged')), /403/);
  });

  it('ends the process when the client closes the socket', async () => {
    const term = await shell(false, ['sh', '-c', 'sleep 60']);
    term.close();
    await eventually(async () => term.closed, 3000, 'the close');
  });
});
