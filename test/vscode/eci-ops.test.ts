import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import {
  createContainerGroup,
  describeCommitContainerTask,
  describeDataCaches,
  describeVirtualNodes,
} from '../../src/eci/operations';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import type { EciExtensionApi } from '../../src/extension';
import type { CommitOutcome } from '../../src/vscode/commands/eci/commit-container';
import type { DiagnosticsOutcome } from '../../src/vscode/commands/eci/collect-diagnostics';
import { exactly, ScriptedPrompter } from './scripted-prompter';
import { untilRunning } from './running-group';
import { until } from './until';
import { backOnOwnEmulator, run, useEmulatorAt } from './workbench';

/**
 * Today's ECI operations in a real VS Code: Commit to Image, Collect Diagnostics, and the data caches and virtual
 * nodes of a region (their folders, and the commands on them), against an emulator of the test's own
 * (`eci.emulator.url`, then `eci.useLocalEmulator`), 20 times faster than real time, so that a commit's three
 * phases (30 emulated seconds) and a data cache's loading take a second or two. What the commands did is checked
 * with our own client and in the explorer's rows.
 */
const PROFILE = 'local-emulator';
const NETWORK = { vSwitchId: 'vsw-cn-hangzhou-h-ops', securityGroupId: 'sg-ops' };

describe("today's ECI operations from VS Code", function () {
  this.timeout(90_000);
  let emulator: Emulator;
  let client: EciClient;
  let eci: EciExtensionApi;
  /** The home region's row and the rows below it down to its folders' children (region, folder, item). */
  const rows = async (): Promise<string[]> => {
    await run('eci.refresh');
    const all = (await eci.explorerRows(PROFILE, 4)).map((row) => row.trimEnd());
    const start = all.findIndex((row) => row.startsWith('  cn-hangzhou'));
    assert.notEqual(start, -1, all.join('\n'));
    const end = all.findIndex((row, i) => i > start && /^ {0,2}\S/.test(row));
    return all.slice(start, end === -1 ? undefined : end);
  };

  const runningGroup = async (name: string): Promise<string> => {
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: name,
      SecurityGroupId: NETWORK.securityGroupId,
      VSwitchId: NETWORK.vSwitchId,
      Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
    });
    await untilRunning(client, id, name);
    return id;
  };

  before(async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
    assert.ok(extension);
    eci = (await extension.activate()) as EciExtensionApi;
    emulator = await Emulator.start({ speed: 20 });
    client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
    });
    await useEmulatorAt(emulator.url);
    await run('eci.refresh');
  });

  after(async () => {
    await backOnOwnEmulator();
    await client.close();
    await emulator.close();
  });

  it('commits a running container to an image, following the task until it says where the image is', async () => {
    const id = await runningGroup('ops-commit');
    const prompts = new ScriptedPrompter()
      .expectInput(
        'registry.cn-hangzhou.aliyuncs.com/team/web',
        /^Commit web of ops-commit \(1\/3\): image repository$/,
      )
      .expectInput('v1', /\(2\/3\): tag$/)
      .expectInput('', /\(3\/3\): Container Registry Enterprise Edition instance/);
    const outcome = await prompts.answering(() =>
      run<CommitOutcome | undefined>(
        'eci.commitContainer',
        { containerGroupId: id, containerName: 'web' },
        { intervalMs: 100 },
      ),
    );
    assert.equal(outcome?.status, 'Succeeded');
    assert.equal(outcome.image, 'registry.cn-hangzhou.aliyuncs.com/team/web:v1');
    assert.deepEqual(
      prompts.notifications.map((n) => [n.message, n.severity]),
      [['Committed web of ops-commit: the image is registry.cn-hangzhou.aliyuncs.com/team/web:v1.', 'info']],
    );
    assert.equal(outcome.acrInstanceId, undefined);
    const { CommitTasks } = await describeCommitContainerTask(client, {
      ContainerGroupId: id,
      TaskId: [outcome.taskId],
    });
    assert.equal(CommitTasks[0]?.TaskStatus, 'Succeeded');
  });

  it('says when a commit fails, and gives a task still running back when the time is up', async () => {
    const id = await runningGroup('ops-commit-fail');
    const target = { containerGroupId: id, containerName: 'web' };
    const failing = new ScriptedPrompter();
    const failed = await failing.answering(() =>
      run<CommitOutcome | undefined>('eci.commitContainer', target, {
        repository: 'team/fail-web',
        tag: 'v1',
        acrInstanceId: '',
        intervalMs: 100,
      }),
    );
    assert.equal(failed?.status, 'Failed');
    assert.deepEqual(
      failing.notifications.map((n) => n.severity),
      ['error'],
    );
    assert.match(failing.notifications[0]?.message ?? '', /^The commit of web to team\/fail-web:v1 failed: \S/);
    const waiting = new ScriptedPrompter();
    const late = await waiting.answering(() =>
      run<CommitOutcome | undefined>('eci.commitContainer', target, {
        repository: 'team/web',
        tag: 'v2',
        acrInstanceId: 'cri-ops',
        intervalMs: 100,
        timeoutMs: 1,
      }),
    );
    assert.equal(late?.status, 'Running');
    assert.equal(late.acrInstanceId, 'cri-ops');
    assert.deepEqual(
      waiting.notifications.map((n) => n.severity),
      ['warning'],
    );
    assert.match(
      waiting.notifications[0]?.message ?? '',
      /^The commit of web to team\/web:v2 in cri-ops is still running after \d+ minutes \(task \S+, /,
    );
  });

  it("captures a group's network traffic, says where the capture is, and lists the group's past records", async () => {
    const id = await runningGroup('ops-diagnostics');
    const prompts = new ScriptedPrompter()
      .expectPick(/tcpdump/, /^Collect diagnostics in ops-diagnostics \(eci-/)
      .expectInput('20', /for how many seconds$/)
      .clickOnNotification(/The network capture is ready/, 'Show Past Records');
    const outcome = await prompts.answering(() =>
      run<DiagnosticsOutcome | undefined>('eci.collectDiagnostics', { containerGroupId: id }, { intervalMs: 100 }),
    );
    assert.deepEqual(prompts.asked[0]?.kind === 'pick' ? prompts.asked[0].labels : [], [
      '$(pulse) Capture network traffic (tcpdump)',
      '$(bug) Collect core dumps (coredump)',
      '$(circle-slash) Stop collecting core dumps',
    ]);
    assert.equal(outcome?.status, 'Success');
    assert.match(
      outcome.result ?? '',
      /^https:\/\/eci-ops-cn-hangzhou\.oss-cn-hangzhou\.aliyuncs\.com\/eci-\S+\/tcpdump-/,
    );
    // Said with the address, and its button shows the group's records.
    const said = prompts.notifications[0];
    assert.deepEqual(
      [said?.severity, said?.actions, said?.clicked],
      ['info', ['Show Past Records'], 'Show Past Records'],
    );
    assert.ok(said?.message.includes(outcome.result ?? '?'), said?.message);
    await until(
      () =>
        /^# Diagnostics records of ops-diagnostics/.test(vscode.window.activeTextEditor?.document.getText() ?? '')
          ? true
          : undefined,
      'the records shown from the button',
    );

    // Core dumps wait for a crash, which this group never has: given back Ready when the time is up, then turned off.
    const waiting = await new ScriptedPrompter().answering(() =>
      run<DiagnosticsOutcome | undefined>(
        'eci.collectDiagnostics',
        { containerGroupId: id },
        { opsType: 'coredump', intervalMs: 100, timeoutMs: 1 },
      ),
    );
    assert.deepEqual(waiting, { containerGroupId: id, opsType: 'coredump', status: 'Ready', result: undefined });
    const off = await new ScriptedPrompter().answering(() =>
      run<DiagnosticsOutcome | undefined>(
        'eci.collectDiagnostics',
        { containerGroupId: id },
        { opsType: 'coredump-off' },
      ),
    );
    assert.equal(off?.status, 'Closed');

    const records = await run<{ OpsType: string; OpsStatus: string }[] | undefined>('eci.showOpsRecords', {
      containerGroupId: id,
    });
    assert.deepEqual(
      records?.map((r) => [r.OpsType, r.OpsStatus]),
      [
        ['coredump', 'Closed'],
        ['tcpdump', 'Success'],
      ],
    );
    const shown = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(shown, /^# Diagnostics records of ops-diagnostics \(eci-/);
    assert.match(shown, /\| tcpdump \| Success \| .* \| https:\/\/eci-ops-cn-hangzhou/);
  });

  it('shows data caches in their folder, and creates, updates, copies and deletes one', async () => {
    const before = await rows();
    assert.ok(before.includes('    Data caches'), before.join('\n'));
    assert.ok(before.includes('      No data caches'), before.join('\n'));

    const create = new ScriptedPrompter()
      .expectInput('models', /^Create data cache in cn-hangzhou \(1\/8\): name$/)
      .expectInput('/models/llm', /\(2\/8\): path/)
      .expectPick('URL', /\(3\/8\): where the data comes from$/)
      .expectInput('url=https://www.example.com/llm.tar', /\(4\/8\): URL source options$/)
      .expectInput('20', /\(5\/8\)/)
      .expectInput(NETWORK.vSwitchId, /\(6\/8\)/)
      .expectInput(NETWORK.securityGroupId, /\(7\/8\)/)
      .expectInput('', /\(8\/8\)/);
    const id = await create.answering(() => run<string | undefined>('eci.createDataCache'));
    assert.match(id ?? '', /^edc-/);
    const cache = async (regionId = 'cn-hangzhou') =>
      (await describeDataCaches(client, { DataCacheId: [id ?? ''] }, { regionId })).DataCaches[0];
    const available = async (): Promise<true | undefined> =>
      (await cache())?.Status === 'Available' ? true : undefined;
    await until(available, 'the data cache to load');
    assert.deepEqual((await cache())?.DataSource, { Type: 'URL', Options: { url: 'https://www.example.com/llm.tar' } });
    const shown = await until(async () => {
      const now = await rows();
      return now.includes('      models — Available · 20 GiB') ? now : undefined;
    }, 'the data cache row');
    assert.ok(shown.includes('    Data caches — 1'), shown.join('\n'));
    assert.match(shown[0] ?? '', /^ {2}cn-hangzhou — \d+ groups · 1 data cache$/);

    const update = new ScriptedPrompter()
      .expectInput('models-v2', /^Update data cache models \(edc-\S+\) \(1\/3\): name$/)
      .expectInput('40', /\(2\/3\): size in GiB \(now 20;/)
      .expectInput('', /\(3\/3\)/);
    const updated = await update.answering(() =>
      run<{ dataCacheId: string; changes: Record<string, unknown> } | undefined>('eci.updateDataCache', {
        dataCacheId: id,
      }),
    );
    assert.deepEqual(updated, { dataCacheId: id, changes: { DataCacheId: id, Name: 'models-v2', Size: 40 } });
    assert.equal((await cache())?.Name, 'models-v2');
    await until(available, 'the data cache to load again');

    const copy = new ScriptedPrompter().expectPick(
      'cn-shanghai',
      /^Copy the data cache models-v2 \(edc-\S+\) from cn-hangzhou to$/,
    );
    const copied = await copy.answering(() =>
      run<{ dataCacheId: string; regionId: string } | undefined>('eci.copyDataCache', { dataCacheId: id }),
    );
    assert.equal(copied?.regionId, 'cn-shanghai');
    const [inShanghai] = (
      await describeDataCaches(client, { DataCacheId: [copied.dataCacheId] }, { regionId: 'cn-shanghai' })
    ).DataCaches;
    assert.equal(inShanghai?.Name, 'models-v2');
    assert.equal(inShanghai.DataSource?.Type, 'SNAPSHOT');

    const declined = new ScriptedPrompter().expectConfirm(/^Delete the data cache models-v2/, false);
    assert.equal(await declined.answering(() => run('eci.deleteDataCache', { dataCacheId: id })), undefined);
    assert.ok(await cache());
    const remove = new ScriptedPrompter().expectConfirm(
      exactly(`Delete the data cache models-v2 (${id ?? ''})? New groups can no longer mount it.`),
      true,
    );
    assert.equal(await remove.answering(() => run('eci.deleteDataCache', { dataCacheId: id })), id);
    assert.equal(remove.confirmations[0]?.detail, 'In cn-hangzhou with Local emulator.');
    assert.equal(await cache(), undefined);
    const after = await rows();
    assert.ok(after.includes('      No data caches'), after.join('\n'));
  });

  it('lists virtual nodes with their status, creates one from a kubeconfig file and deletes it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'eci-ops-'));
    const kubeconfig = join(folder, 'config');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: ops\n',
    );
    try {
      const create = new ScriptedPrompter()
        .expectInput('vk-ops', /^Create virtual node in cn-hangzhou \(1\/4\): node name/)
        .expectInput(kubeconfig, /\(2\/4\): the cluster's kubeconfig file$/)
        .expectInput(NETWORK.vSwitchId, /\(3\/4\)/)
        .expectInput(NETWORK.securityGroupId, /\(4\/4\)/);
      const id = await create.answering(() => run<string | undefined>('eci.createVirtualNode'));
      assert.match(id ?? '', /^vnd-/);
      const node = async () => (await describeVirtualNodes(client, { VirtualNodeIds: [id ?? ''] })).VirtualNodes[0];
      await until(async () => ((await node())?.Status === 'Ready' ? true : undefined), 'the virtual node to be Ready');
      const shown = await until(async () => {
        const now = await rows();
        return now.some((row) => /^ {6}vk-ops — Ready · 172\.17\.\d+\.\d+$/.test(row)) ? now : undefined;
      }, 'the virtual node row');
      assert.ok(shown.includes('    Virtual nodes — 1'), shown.join('\n'));

      const remove = new ScriptedPrompter().expectConfirm(
        exactly(`Delete the virtual node vk-ops (${id ?? ''})? Its cluster can no longer schedule pods on it.`),
        true,
      );
      assert.equal(await remove.answering(() => run('eci.deleteVirtualNode', { virtualNodeId: id })), id);
      assert.equal(await node(), undefined);
      assert.ok((await rows()).includes('      No virtual nodes'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("acts on the nodes a row's menu gives: creates in its folder's region, deletes its data cache", async () => {
    // The node VS Code holds for a row, as a command picked from the row's context menu gets it.
    let captured: unknown;
    const capture = vscode.commands.registerCommand('eciTest.captureOpsNode', (node: unknown) => {
      captured = node;
    });
    const nodeAt = async (id: string): Promise<unknown> => {
      captured = undefined;
      await run('runCommands', {
        commands: [
          { command: 'eciTest.captureOpsNode', args: [{ $treeViewId: 'eci.explorer', $treeItemHandle: `1/${id}` }] },
        ],
      });
      return captured ?? undefined;
    };
    try {
      await run('workbench.view.extension.eci');
      const folderId = 'eci:local-emulator/region:cn-hangzhou/data-caches';
      const folder = await until(() => nodeAt(folderId), 'the Data caches row in VS Code');
      // The folder's region wins over the one the answers name: the menu was opened there.
      const id = await new ScriptedPrompter().answering(() =>
        run<string | undefined>('eci.createDataCache', folder, {
          regionId: 'cn-shanghai',
          name: 'from-menu',
          path: '/from-menu',
          sourceType: 'OSS',
          sourceOptions: 'bucket=models, path=/llm',
          sizeGiB: 30,
          retentionDays: 3,
          ...NETWORK,
        }),
      );
      assert.match(id ?? '', /^edc-/);
      const [made] = (await describeDataCaches(client, { DataCacheId: [id ?? ''] })).DataCaches;
      assert.deepEqual(
        [made?.RegionId, made?.Size, made?.DataSource?.Options],
        ['cn-hangzhou', 30, { bucket: 'models', path: '/llm' }],
      );
      // Loaded: a cache still loading cannot be deleted.
      await until(
        async () =>
          (await describeDataCaches(client, { DataCacheId: [id ?? ''] })).DataCaches[0]?.Status === 'Available'
            ? true
            : undefined,
        'the data cache to load',
      );
      await run('eci.refresh');
      // Its row's node, as the folder gives it to VS Code once opened.
      const children = await (folder as { getChildren(): Promise<unknown[]> }).getChildren();
      assert.equal(children.length, 1);
      const row = children[0];
      const remove = new ScriptedPrompter().expectConfirm(/^Delete the data cache from-menu \(edc-/, true);
      assert.equal(await remove.answering(() => run('eci.deleteDataCache', row)), id);
      assert.equal((await describeDataCaches(client, { DataCacheId: [id ?? ''] })).DataCaches.length, 0);
    } finally {
      capture.dispose();
    }
  });

  it('creates nothing when the kubeconfig cannot be read', async () => {
    const missing = join(tmpdir(), 'eci-ops-no-such-kubeconfig');
    const result = await new ScriptedPrompter().answering(() =>
      run('eci.createVirtualNode', undefined, { name: 'vk-none', kubeConfigPath: missing, ...NETWORK }),
    );
    assert.equal(result, undefined);
    assert.equal((await describeVirtualNodes(client, { VirtualNodeName: 'vk-none' })).VirtualNodes.length, 0);
  });
});
