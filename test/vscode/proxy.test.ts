import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import type { EciExtensionApi } from '../../src/extension';
import type { ProxiedConnection } from '../helpers/test-proxy';
import { basic, TestProxy } from '../helpers/test-proxy';
import type { OpenTerminal } from './running-group';
import { runningGroup } from './running-group';
import { until } from './until';

/**
 * VS Code's proxy settings in a real VS Code: with `http.proxy` set, the explorer's API calls and a terminal's exec
 * socket go through that proxy (a real one, test/helpers/test-proxy.ts, with Basic authorization through
 * `http.proxyAuthorization`), and the local emulator (on loopback) stays direct unless `http.noProxy` says
 * `<-loopback>`. The extension talks to an emulator of the test's own (`eci.emulator.url`).
 */
const run = <T>(command: string, ...args: unknown[]): Thenable<T> =>
  vscode.commands.executeCommand<T>(command, ...args);

const http = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('http');
const eci = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('eci');

async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

describe('VS Code proxy settings', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let client: EciClient;
  let proxy: TestProxy;
  let groupId: string;
  const authorization = basic('tester', 'proxy-pass');

  /** The explorer, refreshed, shows the group: it asked the API anew (new clients after a settings change). */
  const explorerShowsGroup = async (): Promise<void> => {
    await run('eci.refresh');
    await until(
      async () =>
        (await (await api()).explorerRows('local-emulator')).some((r) => /proxied-web/.test(r)) ? true : undefined,
      'the group in the explorer',
    );
  };

  /** A terminal on the group's container shows its prompt and the echo of `word`. */
  const echoInTerminal = async (word: string): Promise<void> => {
    const opened = await run<OpenTerminal | undefined>('eci.openTerminal', {
      containerGroupId: groupId,
      containerName: 'web',
    });
    assert.ok(opened);
    try {
      await until(() => (/[#$] /.test(opened.transcript()) ? true : undefined), 'the prompt');
      opened.terminal.sendText(`echo ${word}`);
      await until(() => (new RegExp(`${word}\\r?\\n`).test(opened.transcript()) ? true : undefined), 'the echo');
    } finally {
      opened.terminal.dispose();
    }
  };

  const setProxy = async (noProxy: string[] | undefined): Promise<void> => {
    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await http().update('proxyAuthorization', authorization, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', noProxy, vscode.ConfigurationTarget.Global);
  };

  before(async () => {
    emulator = await Emulator.start({ speed: 1000 });
    client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
    });
    groupId = await runningGroup(client, 'proxied-web');
    proxy = await TestProxy.start({ authorization });
    await eci().update('emulator.url', emulator.url, vscode.ConfigurationTarget.Global);
    assert.equal(await run<string>('eci.useLocalEmulator'), emulator.url);
  });

  after(async () => {
    for (const key of ['proxy', 'proxyAuthorization', 'noProxy'])
      await http().update(key, undefined, vscode.ConfigurationTarget.Global);
    await eci().update('emulator.url', undefined, vscode.ConfigurationTarget.Global);
    // Back on the extension's own emulator, as the tests after this one expect.
    await run('eci.useLocalEmulator');
    await run('eci.refresh');
    await client.close();
    await proxy.close();
    await emulator.close();
  });

  it('keeps the local emulator direct behind a proxy, as loopback is, unless http.noProxy says <-loopback>', async () => {
    await setProxy(['<-loopback>']);
    // Only what went to this test's emulator counts: other profiles (a cloud account added by another test) go
    // through the proxy too, as they should.
    const host = new URL(emulator.url).host;
    const toEmulator = (): ProxiedConnection[] => proxy.connections.filter((c) => c.target === host);
    const calls = (): number => toEmulator().filter((c) => /^POST \/\?/.test(c.firstLine ?? '')).length;
    const proxied = calls();
    await explorerShowsGroup();
    assert.ok(calls() > proxied, 'with <-loopback>, the calls went through the proxy');
    // The change of http.noProxy makes new clients: once calls in flight have ended (other views may be polling), a
    // refresh of the explorer makes none through the proxy, and neither does a terminal.
    await setProxy(undefined);
    await until(async () => {
      const before = toEmulator().length;
      await explorerShowsGroup();
      return toEmulator().length === before ? true : undefined;
    }, 'a refresh that goes direct').catch((error: Error) => {
      throw new Error(`${error.message}; the last through the proxy: ${JSON.stringify(toEmulator().slice(-5))}`);
    });
    const before = toEmulator().length;
    await echoInTerminal('direct-again');
    assert.equal(toEmulator().length, before, 'the exec socket went direct');
  });

  it("sends the explorer's API calls and a terminal's exec socket through http.proxy, with http.proxyAuthorization", async () => {
    await setProxy(['<-loopback>']);
    const host = new URL(emulator.url).host;
    const toEmulator = (firstLine: RegExp): number => proxy.tunnels(firstLine).filter((c) => c.target === host).length;
    const calls = toEmulator(/^POST \/\?/);
    await explorerShowsGroup();
    assert.ok(toEmulator(/^POST \/\?/) > calls, 'the API calls went through the proxy');
    // The proxy lets nothing through without its authorization (it answers 407): what it carried had it.
    assert.ok(proxy.connections.every((c) => c.authorization === authorization));

    const sockets = toEmulator(/^GET \/exec\/\?s=/);
    await echoInTerminal('via-the-proxy');
    assert.equal(toEmulator(/^GET \/exec\/\?s=/), sockets + 1, 'the exec socket went through the proxy');
  });
});
