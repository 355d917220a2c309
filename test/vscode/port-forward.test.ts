import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ForwardedPort } from '../../src/vscode/ports/forwarded-ports';
import { extensionLog } from './extension-log';
import { ScriptedPrompter } from './scripted-prompter';
import { freePort, useProcessEmulator } from './process-emulator';
import { until } from './until';
import { run, workspace } from './workbench';

/**
 * Forward a Port and Attach Debugger in a real VS Code, on an emulator of the test's own that runs containers'
 * commands as processes of this machine (`--runtime process`): what a container listens on is then on this machine's
 * loopback too, so a relay run in the container by exec reaches it, as it would in a real container.
 */

/**
 * Sends `data` to 127.0.0.1:port and gives back as many bytes as came back by then (an echo's), then closes. Not
 * by half-closing: a relay through bash's /dev/tcp cannot pass a half-close on (src/core/port-forward.ts).
 */
function roundTrip(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= data.length) {
        socket.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`closed after ${received} of ${data.length} bytes`)));
    socket.write(data);
  });
}

describe('forwarding a port and attaching a debugger', function () {
  this.timeout(120_000);
  const suite = useProcessEmulator('eci-forward-', { name: 'web', image: 'node:22-alpine' });

  it("forwards a container's port: every byte both ways, several connections, and Stop frees the port", async () => {
    // A TCP echo server "in the container": a node program the group runs.
    const remotePort = await freePort();
    const echo = `require('net').createServer((s) => s.pipe(s)).listen(${remotePort}, '127.0.0.1')`;
    const id = await suite.group('forward-echo', 'exec node -e "$ECHO"', { ECHO: echo });
    const target = { containerGroupId: id, containerName: 'web' };
    await until(
      () =>
        roundTrip(remotePort, Buffer.from('up?')).then(
          (b) => (b.toString() === 'up?' ? true : undefined),
          () => undefined,
        ),
      'the echo server to listen',
    );

    const port = await run<ForwardedPort | undefined>('eci.forwardPort', target, { remotePort });
    assert.ok(port);
    assert.equal(port.remotePort, remotePort);
    assert.notEqual(port.localPort, remotePort, 'the same number is taken on this machine (by the echo server itself)');
    assert.equal(port.label, 'forward-echo/web');
    const again = await run<ForwardedPort | undefined>('eci.forwardPort', target, { remotePort });
    assert.equal(again?.id, port.id, 'forwarding it again gives the same forward');

    const everyByte = Buffer.from(Array.from({ length: 256 * 64 }, (_, i) => i % 256));
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => roundTrip(port.localPort, everyByte)));
    for (const answer of answers) assert.ok(answer.equals(everyByte), 'every byte value came back, in order');
    assert.equal(await run('eci.copyForwardedAddress', port.id), `127.0.0.1:${port.localPort}`);
    assert.equal(await vscode.env.clipboard.readText(), `127.0.0.1:${port.localPort}`);

    assert.equal(await run('eci.stopPortForward', port.id), true);
    await assert.rejects(roundTrip(port.localPort, Buffer.from('x')), /ECONNREFUSED/, 'the local port is closed');
    assert.equal(
      await run('eci.copyForwardedAddress', port.id),
      undefined,
      'it is no longer there ("No forwarded port …")',
    );
  });

  it('attaches the JavaScript debugger to Node in a container: a breakpoint in a workspace file stops it, and a variable is read', async () => {
    const inspectorPort = await freePort();
    const program = [
      'let counter = 0;',
      'setInterval(() => {',
      '  counter += 1;',
      '  const doubled = counter * 2;',
      '  if (doubled < 0) console.log(doubled);',
      '}, 100);',
      '',
    ].join('\n');
    // The same program in the workspace (where the breakpoint is set) and in the container's folder (where it runs).
    const local = vscode.Uri.joinPath(workspace(), 'inspect-me.js');
    await vscode.workspace.fs.writeFile(local, Buffer.from(program));
    const id = await suite.group(
      'debug-node',
      `printf '%s' "$APP" > inspect-me.js && exec node --inspect=127.0.0.1:${inspectorPort} inspect-me.js`,
      { APP: program },
    );
    const containerFolder = join(suite.workRoot, id, 'web');
    await until(
      () =>
        fetch(`http://127.0.0.1:${inspectorPort}/json/version`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      "Node's inspector to listen",
    );

    // An unsaved untitled editor (an export not saved yet) must not hold the attach up: saving it would ask where.
    const unsaved = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: v1\n' });
    await vscode.window.showTextDocument(unsaved);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(local, new vscode.Position(3, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const stops: { session: vscode.DebugSession; threadId: number }[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: {
          type?: string;
          event?: string;
          body?: { reason?: string; threadId?: number };
        }) => {
          if (message.type === 'event' && message.event === 'stopped' && message.body?.threadId !== undefined)
            stops.push({ session, threadId: message.body.threadId });
        },
      }),
    });
    try {
      const prompts = new ScriptedPrompter().expectInput(
        containerFolder,
        /^The folder in debug-node\/web that holds the program/,
      );
      // Bounded, with what the extension logged: a session that never starts says where it stood.
      let timer: NodeJS.Timeout | undefined;
      const started = await Promise.race([
        prompts.answering(() =>
          run<{ name: string } | undefined>(
            'eci.attachDebugger',
            { containerGroupId: id, containerName: 'web' },
            { runtime: 'node', port: inspectorPort, localRoot: workspace().fsPath },
          ),
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `Attach Debugger did not return within 60 s: ${extensionLog().split('\n').slice(-10).join('\n')}`,
                ),
              ),
            60_000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      assert.ok(started, `the session started: ${extensionLog().split('\n').slice(-8).join('\n')}`);
      const offered = prompts.asked[0];
      assert.equal(
        offered?.kind === 'input' ? offered.value : undefined,
        containerFolder,
        "the container's working directory was offered",
      );

      const stop = await until(() => stops[0], 'the program to stop at the breakpoint', 60_000);
      const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId })) as {
        stackFrames: { id: number; line: number; source?: { path?: string } }[];
      };
      const top = trace.stackFrames[0];
      assert.ok(top);
      assert.equal(top.line, 4, 'stopped on the line of the breakpoint');
      // (In code-server, the workspace's file is named by its vscode-remote: URI.)
      assert.equal(
        vscode.Uri.parse(top.source?.path ?? '').path,
        local.path,
        "the container's file is shown as the workspace's file",
      );
      const { scopes } = (await stop.session.customRequest('scopes', { frameId: top.id })) as {
        scopes: { name: string; variablesReference: number }[];
      };
      const values: Record<string, string> = {};
      for (const scope of scopes.slice(0, 2)) {
        const { variables } = (await stop.session.customRequest('variables', {
          variablesReference: scope.variablesReference,
        })) as { variables: { name: string; value: string }[] };
        for (const variable of variables) values[variable.name] ??= variable.value;
      }
      assert.match(values['counter'] ?? '', /^[1-9]\d*$/, `counter is read in the debugger: ${JSON.stringify(values)}`);
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints([breakpoint]);
      await vscode.window.showTextDocument(unsaved);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.debug.stopDebugging();
    }
    // The forward the session made ends with it (then naming it is refused: "No forwarded port …").
    const forward = `local-emulator/${id}/web:${inspectorPort}`;
    await until(
      async () => ((await run('eci.copyForwardedAddress', forward)) === undefined ? true : undefined),
      "the session's forward to stop with it",
    );
  });
});
