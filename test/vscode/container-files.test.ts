import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runToEnd } from '../../src/core/exec';
import type { ExecBackend } from '../../src/core/exec';
import { EciClient } from '../../src/eci/client';
import { createContainerGroup, deleteContainerGroup } from '../../src/eci/operations';
import { eciExecBackend } from '../../src/eci/exec-session';
import { DEMO_KEY } from '../../src/emulator/server';
import { JdcloudClient } from '../../src/jdcloud/client';
import { jdcloudExecBackend } from '../../src/jdcloud/exec-session';
import { createContainers, deleteContainer, waitForContainerStatus } from '../../src/jdcloud/operations';
import type { EciExtensionApi } from '../../src/extension';
import { runningGroup, untilRunning } from './running-group';
import { ScriptedPrompter } from './scripted-prompter';
import { until } from './until';

/**
 * A container's files from the explorer, in a real VS Code, on the emulator (whose containers run real processes in
 * a working directory of their own): the Files row under a running container, a file opened from it, edited and
 * saved, and the change seen inside the container through exec; Upload… and Download…; for both providers.
 */

interface Testing {
  explorerNode(profileId: string, labels: readonly string[]): Promise<unknown>;
  drop(target: unknown, uriList: string): Promise<void>;
}

async function testing(): Promise<Testing> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  const api = (await extension.activate()) as EciExtensionApi;
  assert.ok(api.testing, 'the tests run in ExtensionMode.Test');
  return api.testing as unknown as Testing;
}

/** What a command from a row's click runs: the row's own command, with its arguments. */
async function click(node: unknown): Promise<unknown> {
  const item = (node as { getTreeItem(): vscode.TreeItem }).getTreeItem();
  assert.ok(item.command, 'the row runs a command when clicked');
  return vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
}

/** What `command` prints in the container (run through exec, as a person's terminal would). */
async function inContainer(backend: ExecBackend, script: string): Promise<string> {
  const { stdout, end } = await runToEnd(backend, ['sh', '-c', script]);
  assert.equal(end.exitCode, 0, `${script} in ${backend.label}`);
  return stdout.toString('utf8');
}

interface Case {
  readonly provider: string;
  readonly profile: string;
  /** The labels from the profile's row down to the container's row. */
  readonly containerRow: readonly string[];
  readonly backend: ExecBackend;
}

describe("a container's files in the explorer", function () {
  this.timeout(90_000);
  const cases: Case[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  let rows: Testing;

  before(async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    rows = await testing();
    const eci = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
    const groupId = await runningGroup(eci, 'files-web');
    cleanup.push(
      () => deleteContainerGroup(eci, groupId),
      () => eci.close(),
    );
    cases.push({
      provider: 'ECI',
      profile: 'local-emulator',
      containerRow: ['cn-hangzhou', 'files-web', 'web'],
      backend: eciExecBackend(() => Promise.resolve(eci), {
        regionId: 'cn-hangzhou',
        containerGroupId: groupId,
        groupName: 'files-web',
        containerName: 'web',
      }),
    });
    const jd = new JdcloudClient({ credentials: DEMO_KEY, endpoint: url });
    const [containerId = ''] = (
      await createContainers(jd, 'cn-north-1', {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name: 'files-jd',
        image: 'busybox',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
      })
    ).containerIds;
    await waitForContainerStatus(jd, 'cn-north-1', containerId, 'running', { intervalMs: 100, timeoutMs: 30_000 });
    cleanup.push(
      () => deleteContainer(jd, 'cn-north-1', containerId),
      () => jd.close(),
    );
    cases.push({
      provider: 'JD Cloud',
      profile: 'local-emulator-jdcloud',
      containerRow: ['cn-north-1', 'files-jd'],
      backend: jdcloudExecBackend(() => Promise.resolve(jd), 'cn-north-1', { containerId, name: 'files-jd' }),
    });
    await vscode.commands.executeCommand('eci.refresh');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const step of cleanup) await step().catch(() => undefined);
  });

  for (const index of [0, 1]) {
    const which = index === 0 ? 'ECI' : 'JD Cloud';

    it(`opens a file from the tree, edits and saves it, and the container has the change (${which})`, async () => {
      const { profile, containerRow, backend } = cases[index] ?? assert.fail('set up');
      const name = `notes of ${which}.txt`;
      await inContainer(backend, `printf "first line\\n" > "${name}"; mkdir -p conf.d`);
      const shown = await until(
        () => rows.explorerNode(profile, [...containerRow, 'Files', name]),
        `the row ${name} under Files`,
      );

      const editor = (await click(shown)) as vscode.TextEditor | undefined;
      assert.ok(editor, 'the file is open in a text editor');
      assert.equal(editor.document.uri.scheme, 'eci-container');
      assert.equal(editor.document.getText(), 'first line\n');
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'second line, from VS Code\n'));
      assert.ok(await editor.document.save(), 'saved');
      assert.equal(await inContainer(backend, `cat "${name}"`), 'first line\nsecond line, from VS Code\n');

      // The tree shows what the container has: the folder first, then the file; the root folder first of all.
      const files = (await rows.explorerNode(profile, [...containerRow, 'Files'])) as {
        getChildren(): Promise<{ getTreeItem(): vscode.TreeItem }[]>;
      };
      const labels = (await files.getChildren()).map((row) => row.getTreeItem().label);
      assert.equal(labels[0], '/');
      assert.ok(labels.indexOf('conf.d') < labels.indexOf(name), labels.join(', '));
    });

    it(`uploads local files and folders into a folder and downloads them again (${which})`, async () => {
      const { profile, containerRow, backend } = cases[index] ?? assert.fail('set up');
      await inContainer(backend, 'mkdir -p uploads');
      const local = mkdtempSync(join(tmpdir(), 'eci-files-'));
      writeFileSync(join(local, 'app.env'), 'MODE=test\n');
      mkdirSync(join(local, 'static', 'img'), { recursive: true });
      writeFileSync(join(local, 'static', 'img', 'logo.bin'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
      const folder = await until(
        () => rows.explorerNode(profile, [...containerRow, 'Files', 'uploads']),
        'the uploads folder',
      );

      const made = await new ScriptedPrompter()
        .expectChooseLocal([join(local, 'app.env'), join(local, 'static')], /^Upload to .*\/uploads in /)
        .answering(() => vscode.commands.executeCommand<string[]>('eci.uploadToContainer', folder));
      assert.equal(made?.length, 2);
      assert.equal(await inContainer(backend, 'cat uploads/app.env'), 'MODE=test\n');
      assert.equal(
        await inContainer(
          backend,
          'wc -c < uploads/static/img/logo.bin; od -An -tx1 -N4 uploads/static/img/logo.bin | tr -d " "',
        ),
        '256\n00010203\n',
      );
      const uploadedRows = (
        await (folder as { getChildren(): Promise<{ getTreeItem(): vscode.TreeItem }[]> }).getChildren()
      ).map((row) => row.getTreeItem().label);
      assert.deepEqual(uploadedRows, ['static', 'app.env']);

      const downloads = mkdtempSync(join(tmpdir(), 'eci-downloads-'));
      const uploaded = await rows.explorerNode(profile, [...containerRow, 'Files', 'uploads', 'static']);
      const done = await new ScriptedPrompter()
        .expectChooseLocal([downloads], /^Download static from /)
        .answering(() =>
          vscode.commands.executeCommand<{ local: string; copied: { files: number } }>(
            'eci.downloadContainerFile',
            uploaded,
          ),
        );
      assert.equal(done?.local, join(downloads, 'static'));
      assert.equal(done?.copied.files, 1);
      assert.deepEqual(
        [...readFileSync(join(downloads, 'static', 'img', 'logo.bin'))],
        Array.from({ length: 256 }, (_, i) => i),
      );
    });
  }

  it('uploads local files dropped on a folder row, or on a file row into its folder', async () => {
    const { profile, containerRow, backend } = cases[1] ?? assert.fail('set up');
    await inContainer(backend, 'mkdir -p dropped && echo old > dropped/existing.txt');
    const local = mkdtempSync(join(tmpdir(), 'eci-drop-'));
    writeFileSync(join(local, 'one file.txt'), 'one');
    writeFileSync(join(local, 'two.txt'), 'two');
    const folder = await until(() => rows.explorerNode(profile, [...containerRow, 'Files', 'dropped']), 'dropped');
    // As VS Code's Explorer and the operating system put them: file URIs, one a line; a comment and a web link left out.
    await rows.drop(
      folder,
      `# dragged\r\n${vscode.Uri.file(join(local, 'one file.txt')).toString()}\r\nhttps://example.com/x\r\n`,
    );
    assert.equal(await inContainer(backend, 'cat "dropped/one file.txt"'), 'one');
    const file = await rows.explorerNode(profile, [...containerRow, 'Files', 'dropped', 'existing.txt']);
    await rows.drop(file, vscode.Uri.file(join(local, 'two.txt')).toString());
    assert.equal(await inContainer(backend, 'cat dropped/two.txt; ls dropped | wc -l'), 'two3\n');
  });

  it("serves VS Code's file API on a container: folders, writes, renames, links, deletes and their errors", async () => {
    const { profile, containerRow, backend } = cases[0] ?? assert.fail('set up');
    const files = (await rows.explorerNode(profile, [...containerRow, 'Files'])) as { uri(): Promise<vscode.Uri> };
    const home = await files.uri();
    const at = (path: string): vscode.Uri => vscode.Uri.joinPath(home, path);
    await vscode.workspace.fs.createDirectory(at('api test'));
    await vscode.workspace.fs.writeFile(at('api test/a.txt'), new TextEncoder().encode('ä'));
    await inContainer(backend, 'ln -s a.txt "api test/link"');
    assert.deepEqual((await vscode.workspace.fs.readDirectory(at('api test'))).sort(), [
      ['a.txt', vscode.FileType.File],
      ['link', vscode.FileType.File | vscode.FileType.SymbolicLink],
    ]);
    const stat = await vscode.workspace.fs.stat(at('api test/a.txt'));
    assert.deepEqual([stat.type, stat.size], [vscode.FileType.File, 2]);
    await vscode.workspace.fs.rename(at('api test/a.txt'), at('api test/b.txt'));
    assert.equal(await inContainer(backend, 'cat "api test/b.txt"'), 'ä');
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.rename(at('api test/b.txt'), at('api test/link'), { overwrite: false })),
      (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileExists',
    );
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readDirectory(at('api test/b.txt'))),
      (error: unknown) => error instanceof vscode.FileSystemError && error.code === 'FileNotADirectory',
    );
    await vscode.workspace.fs.delete(at('api test'), { recursive: true });
    assert.equal(await inContainer(backend, 'ls -A | grep -c "^api test$" || true'), '0\n');
  });

  it('says that a file the container user may not write is read-only', async () => {
    // A container whose shell runs as nobody (its PATH starts with a folder whose sh drops to that user), and a
    // folder of this machine (so, of the emulator's containers) with a file of root's that nobody may only read.
    // Under /tmp itself: the test run's own temporary folder is closed to other users.
    const scratch = mkdtempSync('/tmp/eci-readonly-');
    chmodSync(scratch, 0o755);
    cleanup.push(() => Promise.resolve(rmSync(scratch, { recursive: true, force: true })));
    mkdirSync(join(scratch, 'bin'));
    writeFileSync(
      join(scratch, 'bin', 'sh'),
      `#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh "$@"\n`,
    );
    chmodSync(join(scratch, 'bin', 'sh'), 0o755);
    writeFileSync(join(scratch, 'root.txt'), 'root only');
    chmodSync(join(scratch, 'root.txt'), 0o644);
    writeFileSync(join(scratch, 'open.txt'), 'anyone');
    chmodSync(join(scratch, 'open.txt'), 0o666);
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    const eci = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
    const { ContainerGroupId: id } = await createContainerGroup(eci, {
      ContainerGroupName: 'files-nobody',
      SecurityGroupId: 'sg-cn-hangzhou-demo',
      VSwitchId: 'vsw-cn-hangzhou-h-demo',
      Container: [
        {
          Name: 'web',
          Image: 'busybox:1.36',
          EnvironmentVar: [{ Key: 'PATH', Value: `${join(scratch, 'bin')}:/usr/bin:/bin` }],
        },
      ],
    });
    cleanup.push(
      () => deleteContainerGroup(eci, id),
      () => eci.close(),
    );
    await untilRunning(eci, id, 'files-nobody');
    await vscode.commands.executeCommand('eci.refresh');
    const files = (await until(
      () => rows.explorerNode('local-emulator', ['cn-hangzhou', 'files-nobody', 'web', 'Files']),
      'the Files row of files-nobody',
    )) as { uri(): Promise<vscode.Uri> };
    const at = async (name: string): Promise<vscode.Uri> => (await files.uri()).with({ path: join(scratch, name) });
    assert.equal((await vscode.workspace.fs.stat(await at('root.txt'))).permissions, vscode.FilePermission.Readonly);
    assert.equal((await vscode.workspace.fs.stat(await at('open.txt'))).permissions, undefined);
  });

  it('says clearly when a file cannot be opened', async () => {
    const { profile, containerRow } = cases[0] ?? assert.fail('set up');
    const files = (await rows.explorerNode(profile, [...containerRow, 'Files'])) as { uri(): Promise<vscode.Uri> };
    const missing = (await files.uri()).with({ path: '/no/such/file' });
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.readFile(missing)),
      (error: unknown) =>
        error instanceof vscode.FileSystemError &&
        error.code === 'FileNotFound' &&
        /Could not read \/no\/such\/file in files-web\/web: No such file or folder\./.test(error.message),
    );
  });
});
