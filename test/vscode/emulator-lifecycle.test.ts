import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { logsAndTerminal, runningGroup } from './running-group';
import { until } from './until';
import { EciClient } from '../../src/eci/client';
import { deleteContainerGroup } from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import type { EciExtensionApi } from '../../src/extension';

/**
 * The local emulator the extension started goes away (its process is ended, as a crash or a closed terminal would):
 * the extension says so in words, and after Use Local Emulator the tree, an open log view and an open terminal go on.
 */

/** The emulator processes this extension host started (its children running `cli.js emulator`), from /proc. */
function emulatorChildren(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (parent === process.pid && command.some((a) => a.endsWith('cli.js')) && command.includes('emulator'))
        found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

describe('the local emulator stops and starts again', function () {
  this.timeout(90_000);

  it('says the emulator stopped instead of "connection refused", and everything goes on once it runs again', async () => {
    const eci = await api();
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    let client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: url,
    });
    const id = await runningGroup(client, 'outlives-the-emulator');
    await client.close();
    const { view, opened } = await logsAndTerminal(id);
    try {
      const [pid, ...others] = emulatorChildren();
      assert.ok(pid !== undefined && others.length === 0, `one emulator child, found ${[pid, ...others].join(', ')}`);
      process.kill(pid, 'SIGTERM');

      // The tree says what happened and what to do, not "ECONNREFUSED" with advice about proxies.
      let shown: string[] = [];
      const rows = await until(async () => {
        shown = await eci.explorerRows('local-emulator', 3);
        return shown.some((r) => /The local emulator\b.*\bstopped/.test(r)) ? shown : undefined;
      }, 'the tree to say the emulator stopped').catch((error: Error) => {
        throw new Error(`${error.message}; it shows:\n${shown.join('\n')}`);
      });
      assert.ok(
        rows.some((r) => /Use Local Emulator/.test(r)),
        rows.join('\n'),
      );
      assert.ok(!rows.some((r) => /ECONNREFUSED|proxy/i.test(r)), rows.join('\n'));
      await until(
        () => (/Press Enter to reconnect/.test(opened.transcript()) ? true : undefined),
        'the terminal to say',
      );

      const again = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
      assert.notEqual(again, url, 'a new emulator, on a port of its own');
      await until(async () => {
        const shown = await eci.explorerRows('local-emulator', 3);
        return shown.some((r) => /outlives-the-emulator/.test(r)) ? true : undefined;
      }, 'the group in the tree again');
      const after = view.received;
      await until(() => (view.received > after ? true : undefined), 'new lines in the open log view', 30_000);
      assert.doesNotMatch(view.transcript, /UND_ERR|destroyed/);
      opened.terminal.sendText('');
      await until(() => (/Connecting to[\s\S]*Connecting to/.test(opened.transcript()) ? true : undefined), 'again');
      await until(() => (/[#$] \s*$/.test(opened.transcript()) ? true : undefined), 'a prompt after reconnecting');
      opened.terminal.sendText('echo back-again');
      await until(() => (/[\r\n]back-again\r?\n/.test(opened.transcript()) ? true : undefined), 'the echo');

      client = new EciClient({
        credentials: { ...DEMO_KEY, source: 'test' },
        regionId: 'cn-hangzhou',
        endpoint: again,
      });
      await deleteContainerGroup(client, id);
      await client.close();
    } finally {
      view.stop();
      opened.terminal.dispose();
    }
  });
});
