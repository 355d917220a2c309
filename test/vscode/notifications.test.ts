import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import { createContainerGroup, describeContainerGroups } from '../../src/eci/operations';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import type { EciExtensionApi } from '../../src/extension';
import type { ShownNotification } from './scripted-prompter';
import { ScriptedPrompter } from './scripted-prompter';
import { until } from './until';
import { backOnOwnEmulator, run, useEmulatorAt } from './workbench';

/**
 * Notifications of groups that fail, restart or finish while the person works elsewhere, in a real VS Code. The
 * extension talks to an emulator of the test's own (`eci.emulator.url`) whose clock the test moves forward, so a
 * group fails when the test says, after the extension has seen it running; the emulator's answers to the
 * extension's DescribeContainerGroupStatus calls (its checks) and to the calls its buttons make are recorded.
 */
const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('eci');

async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

/** A call the emulator answered: its action and the groups it named. */
interface Call {
  readonly action: string;
  readonly ids: readonly string[];
}

describe('notifications of groups that change', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let client: EciClient;
  /** How far the emulator's clock is ahead of real time (its signatures still take real timestamps: under 15 min). */
  let ahead = 0;
  const calls: Call[] = [];

  /** The checks made so far that asked about `id`. */
  const checksOf = (id: string): number =>
    calls.filter((c) => c.action === 'DescribeContainerGroupStatus' && c.ids.includes(id)).length;

  /** Waits for `count` more checks that ask about `id`: the extension has then seen the group as it is now. */
  const checksMore = async (id: string, count: number): Promise<void> => {
    const from = checksOf(id);
    await until(() => (checksOf(id) >= from + count ? true : undefined), `${count} more status checks`, 30_000);
  };

  /** A group whose one container runs 120 s of the emulator's clock, then exits with `exit`. */
  const create = async (name: string, exit: number, restart: 'Never' | 'OnFailure'): Promise<string> => {
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: name,
      SecurityGroupId: 'sg-notify',
      VSwitchId: 'vsw-cn-hangzhou-h-notify',
      RestartPolicy: restart,
      Container: [
        {
          Name: 'main',
          Image: 'busybox:1.36',
          Command: ['sh', '-c', `exit ${exit}`],
          EnvironmentVar: [{ Key: 'EMULATOR_RUN_SECONDS', Value: '120' }],
        },
      ],
    });
    return id;
  };

  before(async () => {
    emulator = await Emulator.start({ speed: 1, now: () => Date.now() + ahead });
    // Recorded, then answered as ever: what the extension asked the emulator.
    const handle = emulator.api.handle.bind(emulator.api);
    emulator.api.handle = (action, flat, owner) => {
      const ids = flat['ContainerGroupIds'];
      calls.push({ action, ids: ids === undefined ? [] : (JSON.parse(ids) as string[]) });
      return handle(action, flat, owner);
    };
    client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
    });
    await config().update('notifications.intervalSeconds', 5, vscode.ConfigurationTarget.Global);
    await useEmulatorAt(emulator.url);
  });

  after(async () => {
    await config().update('notifications.intervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await backOnOwnEmulator();
    await client.close();
    await emulator.close();
  });

  it('says once that a group failed or finished and each time a container restarted, with buttons that show its logs and events', async () => {
    assert.ok(vscode.window.state.focused, 'the test window has focus (the checks run only then)');
    const failing = await create('notify-fails', 3, 'Never');
    const finishing = await create('notify-finishes', 0, 'Never');
    const restarting = await create('notify-restarts', 1, 'OnFailure');
    const ids = [failing, finishing, restarting];
    await until(
      async () =>
        (await describeContainerGroups(client, { ContainerGroupIds: ids })).ContainerGroups.every(
          (g) => g.Status === 'Running',
        )
          ? true
          : undefined,
      'the groups to run',
    );
    const prompts = new ScriptedPrompter()
      .clickOnNotification(/^notify-fails failed/, 'Show Logs')
      .clickOnNotification(/^notify-restarts: .*\(2 restarts\)/, 'Show Events');
    const about = (name: string): ShownNotification[] =>
      prompts.notifications.filter((n) => n.message.startsWith(`${name}:`) || n.message.startsWith(`${name} `));
    await prompts.answering(async () => {
      // The explorer holds the groups (the home region of the emulator's profile), and the extension has seen them
      // running: that is what a change is news against.
      await run('eci.refresh');
      await until(
        async () =>
          (await (await api()).explorerRows('local-emulator')).some((r) => /notify-fails/.test(r)) ? true : undefined,
        'the groups in the explorer',
      );
      await checksMore(failing, 2);
      assert.deepEqual(prompts.notifications, [], 'nothing to say about groups seen running');
      // Every check asks about the held groups, at most 20 at a time, in one call per region.
      const check = calls.find((c) => c.action === 'DescribeContainerGroupStatus' && c.ids.includes(failing));
      assert.deepEqual([...(check?.ids ?? [])].sort(), [...ids].sort());

      // 130 s later on the emulator's clock: two groups have ended, the third restarted once.
      ahead += 130_000;
      await until(
        () =>
          about('notify-fails').length > 0 && about('notify-finishes').length > 0 && about('notify-restarts').length > 0
            ? true
            : undefined,
        'the three notifications',
      );
      // Said once each, however many checks follow; the groups that ended are asked about no more (the tree shows
      // them ended, read again by ID), the one that goes on is.
      await checksMore(restarting, 2);
      const ended = (await (await api()).explorerRows('local-emulator')).filter((r) =>
        /notify-(fails|finishes)/.test(r),
      );
      assert.ok(
        ended.some((r) => /notify-fails — Failed/.test(r)) && ended.some((r) => /notify-finishes — Succeeded/.test(r)),
        ended.join('\n'),
      );
      const checked = checksOf(failing) + checksOf(finishing);
      await checksMore(restarting, 1);
      assert.equal(checksOf(failing) + checksOf(finishing), checked);
      assert.deepEqual(
        about('notify-fails').map((n) => [n.message, n.severity, n.actions]),
        [['notify-fails failed: container main exited with code 3 (Error).', 'error', ['Show Logs', 'Show Events']]],
      );
      assert.deepEqual(
        about('notify-finishes').map((n) => [n.message, n.severity]),
        [['notify-finishes succeeded: every container exited with code 0.', 'info']],
      );
      assert.deepEqual(
        about('notify-restarts').map((n) => [n.message, n.severity]),
        [['notify-restarts: container main restarted (1 restart); it had exited with code 1 (Error).', 'warning']],
      );

      // Its Show Logs button followed the failed container's logs.
      assert.equal(about('notify-fails')[0]?.clicked, 'Show Logs');
      await until(
        () => (vscode.window.terminals.some((t) => t.name === 'Logs: notify-fails/main') ? true : undefined),
        'the log terminal of notify-fails/main',
      );
      await until(
        () => (calls.some((c) => c.action === 'DescribeContainerLog') ? true : undefined),
        "the log view's first call",
      );

      // Its second restart is news again, once; Show Events asks for that group's events.
      ahead += 125_000;
      await until(() => (about('notify-restarts').length > 1 ? true : undefined), 'the second restart');
      await checksMore(restarting, 2);
      assert.deepEqual(
        about('notify-restarts').map((n) => n.message.replace(/;.*/, '')),
        [
          'notify-restarts: container main restarted (1 restart)',
          'notify-restarts: container main restarted (2 restarts)',
        ],
      );
      assert.equal(about('notify-restarts')[1]?.clicked, 'Show Events');
      await until(
        () =>
          calls.some((c) => c.action === 'DescribeContainerGroupEvents' && c.ids.join() === restarting)
            ? true
            : undefined,
        'the events of notify-restarts',
      );
      assert.equal(about('notify-fails').length, 1);
      assert.equal(about('notify-finishes').length, 1);
    });
  });
});
