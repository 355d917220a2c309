import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { logsAndTerminal, runningGroup } from './running-group';
import { until } from './until';
import { EciClient } from '../../src/eci/client';
import {
  createContainerGroup,
  deleteContainerGroup,
  describeContainerGroupMetric,
  describeContainerGroups,
} from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';

/** Logs, terminals and one-shot commands through the extension's commands, in a real VS Code, on the emulator. */

describe('debugging a running group from VS Code', function () {
  this.timeout(60_000);
  let client: EciClient;
  let id = '';
  before(async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
    client = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
    id = await runningGroup(client, 'debug-me');
  });
  after(async () => {
    await deleteContainerGroup(client, id);
    await client.close();
  });

  it("streams a container's logs into a view that follows new lines, pauses and stops", async () => {
    const view = await vscode.commands.executeCommand<
      | {
          received: number;
          transcript: string;
          following: boolean;
          setPaused(p: boolean): void;
          stop(): void;
          whenStopped(): Promise<void>;
        }
      | undefined
    >('eci.streamLogs', { containerGroupId: id, containerName: 'web' });
    assert.ok(view);
    await until(() => (view.received > 0 ? true : undefined), 'the first lines');
    await until(
      () => (/GET \/\S* HTTP\/1\.1" \d{3}/.test(view.transcript) ? true : undefined),
      'an access-log line on screen',
    );
    const before = view.received;
    await until(() => (view.received > before ? true : undefined), 'new lines to arrive while following');
    view.setPaused(true);
    assert.match(view.transcript, /paused/);
    view.setPaused(false);
    view.stop();
    assert.equal(view.following, false);
    // The follow loop returns (not merely is asked to): no line can be received after this.
    await view.whenStopped();
  });

  it('keeps a log view and a terminal working through Refresh and a settings change (both make new clients)', async () => {
    const { view, opened } = await logsAndTerminal(id);

    // Each of these closes every client the extension had made.
    await vscode.commands.executeCommand('eci.refresh');
    const config = vscode.workspace.getConfiguration('eci');
    await config.update('requestTimeoutMs', 29_000, vscode.ConfigurationTarget.Global);
    try {
      const after = view.received;
      await until(() => (view.received > after ? true : undefined), 'new lines after the clients were reset');
      opened.terminal.sendText('echo after-refresh');
      await until(() => (/[\r\n]after-refresh\r?\n/.test(opened.transcript()) ? true : undefined), 'the echo');
      assert.doesNotMatch(view.transcript, /reconnecting|destroyed|UND_ERR/);
    } finally {
      await config.update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
      view.stop();
      opened.terminal.dispose();
    }
  });

  it('keeps only the newest eci.logs.maxLines lines of a long log', async () => {
    const config = vscode.workspace.getConfiguration('eci');
    await config.update('logs.maxLines', 100, vscode.ConfigurationTarget.Global);
    await config.update('logs.tail', 1000, vscode.ConfigurationTarget.Global);
    try {
      // A loud container: 100 lines a second.
      const { ContainerGroupId: loud } = await createContainerGroup(client, {
        ContainerGroupName: 'loud-logs',
        SecurityGroupId: 'sg-cn-hangzhou-demo',
        VSwitchId: 'vsw-cn-hangzhou-h-demo',
        Container: [
          {
            Name: 'web',
            Image: 'nginx:1.27-alpine',
            EnvironmentVar: [{ Key: 'EMULATOR_LOG_EVERY_SECOND', Value: '100' }],
          },
        ],
      });
      await until(
        async () =>
          (await describeContainerGroups(client, { ContainerGroupIds: [loud] })).ContainerGroups[0]?.Status ===
          'Running'
            ? true
            : undefined,
        'the loud group to run',
      );
      const view = await vscode.commands.executeCommand<
        { received: number; keptCount: number; stop(): void } | undefined
      >('eci.streamLogs', { containerGroupId: loud, containerName: 'web' });
      assert.ok(view);
      // More than the cap and its trimming slack arrive; the view keeps the cap.
      await until(() => (view.received > 250 ? true : undefined), 'more lines than the cap');
      assert.equal(view.keptCount, 100);
      view.stop();
      await deleteContainerGroup(client, loud);
    } finally {
      await config.update('logs.maxLines', undefined, vscode.ConfigurationTarget.Global);
      await config.update('logs.tail', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('opens a terminal in the container: echo hello shows hello', async () => {
    const opened = await vscode.commands.executeCommand<
      { terminal: vscode.Terminal; transcript: () => string } | undefined
    >('eci.openTerminal', { containerGroupId: id, containerName: 'web' });
    assert.ok(opened);
    await until(() => (/[#$] /.test(opened.transcript()) ? true : undefined), 'the prompt');
    opened.terminal.sendText('echo hello');
    await until(() => (/[\r\n]hello\r?\n/.test(opened.transcript()) ? true : undefined), 'hello');
    opened.terminal.dispose();
  });

  it("shows the group's metrics in a panel that loads its charts", async () => {
    const panel = await vscode.commands.executeCommand<
      { updates: number; lastError: string | undefined; panel: vscode.WebviewPanel } | undefined
    >('eci.showMetrics', { containerGroupId: id });
    assert.ok(panel);
    await until(() => (panel.updates > 0 ? true : undefined), 'the first charts to be sent');
    assert.equal(panel.lastError, undefined);
    assert.match(panel.panel.webview.html, /Content-Security-Policy" content="default-src 'none'/);
    // Every period the panel offers is one the API takes (an hour was offered, and refused).
    const periods = [...panel.panel.webview.html.matchAll(/<option value="(\d+)"[^>]*>every /g)].map((m) =>
      Number(m[1]),
    );
    assert.ok(periods.length >= 3, periods.join());
    // The words the page's script writes come from the extension, in the editor's language, escaped in an attribute.
    assert.match(panel.panel.webview.html, /<option value="300" selected>Last 5 minutes<\/option>/);
    const words = /<body data-words="([^"]*)"/.exec(panel.panel.webview.html)?.[1];
    assert.ok(words !== undefined, 'the page is given its words');
    const decoded = JSON.parse(
      words.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
    ) as Record<string, string>;
    assert.equal(decoded['updatedMany'], 'Updated {0} · {1} points');
    assert.equal(decoded['memory'], 'Memory (working set)');
    const end = new Date();
    const start = new Date(end.getTime() - 3600_000);
    for (const period of periods)
      await describeContainerGroupMetric(client, {
        ContainerGroupId: id,
        StartTime: start.toISOString().replace(/\.\d+Z$/, 'Z'),
        EndTime: end.toISOString().replace(/\.\d+Z$/, 'Z'),
        Period: period,
      });
    panel.panel.dispose();
  });

  it('runs one command and returns its output', async () => {
    assert.equal(
      await vscode.commands.executeCommand<string>(
        'eci.runCommand',
        { containerGroupId: id, containerName: 'web' },
        'echo one; echo two',
      ),
      'one\ntwo\n',
    );
  });
});
