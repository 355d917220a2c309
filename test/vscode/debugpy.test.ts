import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ForwardedPort } from '../../src/vscode/ports/forwarded-ports';
import { ScriptedPrompter } from './scripted-prompter';
import { freePort, useProcessEmulator } from './process-emulator';
import { until } from './until';
import { run, workspace } from './workbench';

/**
 * Python's debugger through a forwarded port, at the protocol level: the test's VS Code has no Python Debugger
 * extension (ms-python.debugpy; it reaches no marketplace), so the test itself speaks the Debug Adapter Protocol to
 * debugpy in a container, over the port Forward a Port made, with the attach arguments the `eci` debug type gives the
 * debugpy extension (src/vscode/debug/container-debug.ts). The container is a process of this machine
 * (an emulator of the test's own, `--runtime process`). Debian's python3-debugpy (installed by
 * scripts/setup-vscode.mjs) is a module of Debian's python3, /usr/bin/python3: a `python3` earlier on PATH (pyenv's)
 * does not see it.
 */
const PYTHON = '/usr/bin/python3';

/** A free port of 127.0.0.1, for a program the test starts. */
function listening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1]?.endsWith(`:${hex}`) === true && fields[3] === '0A';
    });
}

interface DapMessage {
  readonly seq: number;
  readonly type: 'request' | 'response' | 'event';
  readonly command?: string;
  readonly event?: string;
  readonly request_seq?: number;
  readonly success?: boolean;
  readonly message?: string;
  readonly body?: Record<string, unknown>;
}

/** A Debug Adapter Protocol client over one TCP connection: messages framed by a Content-Length header. */
class DapClient {
  private seq = 1;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, (response: DapMessage) => void>();
  /** Every event received, in order. */
  readonly events: DapMessage[] = [];
  private closed: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      this.closed = new Error('the connection to the debug adapter closed');
    });
  }

  static open(port: number): Promise<DapClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new DapClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request; resolves with its response, rejects when the adapter says it failed. */
  request(command: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    if (this.closed !== undefined) return Promise.reject(this.closed);
    const seq = this.seq++;
    const json = Buffer.from(JSON.stringify({ seq, type: 'request', command, arguments: args }));
    const answered = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.pending.set(seq, (response) =>
        response.success === true
          ? resolve(response.body ?? {})
          : reject(new Error(`${command} failed: ${response.message ?? JSON.stringify(response)}`)),
      );
    });
    this.socket.write(Buffer.concat([Buffer.from(`Content-Length: ${json.length}\r\n\r\n`), json]));
    return answered;
  }

  /** The first event named `name` (received already or still to come). */
  event(name: string, timeoutMs = 30_000): Promise<DapMessage> {
    return until(
      () => {
        if (this.closed !== undefined) throw this.closed;
        return this.events.find((e) => e.event === name);
      },
      `the debug adapter's ${name} event`,
      timeoutMs,
    );
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1];
      assert.ok(length, `a DAP header without Content-Length: ${this.buffer.subarray(0, headerEnd).toString()}`);
      const end = headerEnd + 4 + Number(length);
      if (this.buffer.length < end) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, end).toString('utf8')) as DapMessage;
      this.buffer = this.buffer.subarray(end);
      if (message.type === 'event') this.events.push(message);
      else if (message.type === 'response' && message.request_seq !== undefined) {
        this.pending.get(message.request_seq)?.(message);
        this.pending.delete(message.request_seq);
      }
    }
  }
}

describe("attaching to Python's debugpy in a container", function () {
  this.timeout(120_000);
  before(() => {
    const version = spawnSync(PYTHON, ['-m', 'debugpy', '--version'], { encoding: 'utf8' });
    assert.equal(
      version.status,
      0,
      `${PYTHON} -m debugpy does not run (${(version.stderr || version.error?.message || '').trim()}): ` +
        "Debian's python3-debugpy is missing; `npm run setup` (scripts/setup-vscode.mjs) installs it",
    );
  });
  const suite = useProcessEmulator('eci-debugpy-', { name: 'app', image: 'python:3.12-slim' });

  it('stops debugpy at a breakpoint set in the workspace file, through a forwarded port: stack, scopes and a variable', async () => {
    const debugpyPort = await freePort();
    const program = [
      'def greet(name):',
      '    message = "hello " + name',
      '    return message',
      '',
      '',
      'while True:',
      '    greet("container")',
      '',
    ].join('\n');
    const breakpointLine = 2;
    // The same program in the workspace (where the breakpoint is set) and in the container's folder (where it runs).
    const local = vscode.Uri.joinPath(workspace(), 'app.py');
    await vscode.workspace.fs.writeFile(local, Buffer.from(program));
    const id = await suite.group(
      'debug-python',
      `printf '%s' "$APP" > app.py && exec ${PYTHON} -m debugpy --listen 127.0.0.1:${debugpyPort} --wait-for-client app.py`,
      { APP: program },
    );
    const containerFolder = join(suite.workRoot, id, 'app');
    await until(() => (listening(debugpyPort) ? true : undefined), 'debugpy to listen');

    const forward = await run<ForwardedPort | undefined>(
      'eci.forwardPort',
      { containerGroupId: id, containerName: 'app' },
      { remotePort: debugpyPort },
    );
    assert.ok(forward);
    assert.equal(forward.remotePort, debugpyPort);
    const dap = await DapClient.open(forward.localPort);
    try {
      const capabilities = await dap.request('initialize', {
        clientID: 'vscode-eci-test',
        adapterID: 'debugpy',
        pathFormat: 'path',
        linesStartAt1: true,
        columnsStartAt1: true,
      });
      assert.equal(capabilities['supportsConfigurationDoneRequest'], true, JSON.stringify(capabilities));
      // debugpy answers attach only after configurationDone: the breakpoints go in between, after `initialized`.
      const attached = dap.request('attach', {
        pathMappings: [{ localRoot: workspace().fsPath, remoteRoot: containerFolder }],
        justMyCode: false,
      });
      // (Either way round: an attach that fails ends the wait with its message.)
      await Promise.race([dap.event('initialized'), attached.then(() => dap.event('initialized'))]);
      const { breakpoints } = (await dap.request('setBreakpoints', {
        source: { path: local.fsPath },
        breakpoints: [{ line: breakpointLine }],
      })) as { breakpoints: { verified: boolean; line?: number }[] };
      assert.equal(breakpoints.length, 1);
      assert.equal(breakpoints[0]?.verified, true, `the breakpoint binds: ${JSON.stringify(breakpoints)}`);
      await dap.request('configurationDone');
      await attached;

      const stopped = await dap.event('stopped');
      assert.equal(stopped.body?.['reason'], 'breakpoint', JSON.stringify(stopped.body));
      const threadId = stopped.body?.['threadId'];
      assert.equal(typeof threadId, 'number');
      const { stackFrames } = (await dap.request('stackTrace', { threadId })) as {
        stackFrames: { id: number; name: string; line: number; source?: { path?: string } }[];
      };
      const top = stackFrames[0];
      assert.ok(top, 'a frame');
      assert.equal(top.name, 'greet');
      assert.equal(top.line, breakpointLine, 'stopped on the line of the breakpoint');
      assert.equal(top.source?.path, local.fsPath, "the container's file is shown as the workspace's file");
      const { scopes } = (await dap.request('scopes', { frameId: top.id })) as {
        scopes: { name: string; variablesReference: number }[];
      };
      const locals = scopes[0];
      assert.ok(locals, 'a scope');
      const { variables } = (await dap.request('variables', { variablesReference: locals.variablesReference })) as {
        variables: { name: string; value: string }[];
      };
      assert.equal(
        variables.find((v) => v.name === 'name')?.value,
        "'container'",
        `the argument is read in the debugger: ${JSON.stringify(variables)}`,
      );
      await dap.request('disconnect', { terminateDebuggee: false });
    } finally {
      dap.close();
      assert.equal(await run('eci.stopPortForward', forward.id), true);
    }
  });

  it('resolves the eci debug type for Python, without the Python Debugger extension, to a notification saying so', async () => {
    assert.equal(
      vscode.extensions.getExtension('ms-python.debugpy'),
      undefined,
      'this VS Code has no Python Debugger extension (what this test is about)',
    );
    const id = await suite.group('no-python-debugger', 'exec sleep 600');
    const prompts = new ScriptedPrompter();
    const started = await prompts.answering(() =>
      vscode.debug.startDebugging(undefined, {
        type: 'eci',
        request: 'attach',
        name: 'Python in a container',
        workload: id,
        runtime: 'python',
      }),
    );
    assert.equal(started, false, 'no session starts');
    assert.deepEqual(
      prompts.notifications.map(({ severity, message, actions }) => ({ severity, message, actions })),
      [
        {
          severity: 'warning',
          message:
            'Attaching to Python needs the Python Debugger extension (ms-python.debugpy), which is not installed.',
          actions: ['Show Extension'],
        },
      ],
    );
    // Nothing was forwarded for it (naming the forward it would have made is refused: "No forwarded port …").
    assert.equal(await run('eci.copyForwardedAddress', `local-emulator/${id}/app:5678`), undefined);
  });
});
