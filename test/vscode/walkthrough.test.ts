import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import { deleteContainerGroup, describeContainerGroups } from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import { SAMPLE_TEMPLATE } from '../../src/template/sample-template';
import { commandTitles } from '../../src/vscode/workspace-trust';
import { ScriptedPrompter } from './scripted-prompter';
import { until } from './until';
import { run } from './workbench';

/** The extension as VS Code loaded it (its manifest after VS Code put in package.nls.json's strings). */
function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'vscode-eci');
  assert.ok(found, 'the extension is installed');
  return found;
}

/**
 * The first-run walkthrough's steps as a newcomer takes them, in a real VS Code against the extension's own emulator:
 * the sample template it opens, deployed as the walkthrough says; and the manifest VS Code reads with its strings.
 */
describe('the first-run walkthrough', function () {
  this.timeout(60_000);
  let client: EciClient;
  before(async () => {
    await extension().activate();
    const url = await run<string>('eci.useLocalEmulator');
    client = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
  });
  let sample: vscode.TextDocument | undefined;
  after(async () => {
    // The unsaved sample is closed without saving, so that no later test finds it.
    if (sample !== undefined) {
      await vscode.window.showTextDocument(sample);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    client.close();
  });

  it('opens the sample template unsaved, once, checked as a template, and deploys it', async () => {
    const uri = await run<string>('eci.openSampleTemplate');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.ok(document, uri);
    sample = document;
    assert.equal(document.uri.scheme, 'untitled');
    assert.match(document.fileName, /hello-nginx\.eci\.yaml$/);
    assert.equal(document.getText(), SAMPLE_TEMPLATE);
    // Asked again (the walkthrough's button, twice): the same document, its text not written twice.
    assert.equal(await run<string>('eci.openSampleTemplate'), uri);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.toString() === uri).length, 1);
    assert.equal(document.getText(), SAMPLE_TEMPLATE);

    // The next step, Deploy, on the unsaved sample: the network settings the sample leaves out are the emulator's.
    const prompts = new ScriptedPrompter().expectConfirm(
      /^Deploy (another )?hello-nginx to cn-hangzhou with Local emulator\?$/,
      true,
    );
    const id = await prompts.answering(() =>
      run<string | undefined>('eci.deploy', document.uri, {
        vSwitchId: 'vsw-cn-hangzhou-h-demo',
        securityGroupId: 'sg-cn-hangzhou-demo',
        followIntervalMs: 200,
      }),
    );
    assert.match(id ?? '', /^eci-/);
    const [group] = (await describeContainerGroups(client, { ContainerGroupIds: [id ?? ''] })).ContainerGroups;
    assert.equal(group?.ContainerGroupName, 'hello-nginx');
    assert.deepEqual(
      group?.Containers.map((c) => c.Image),
      ['nginx:1.27-alpine'],
    );
    await deleteContainerGroup(client, id ?? '');

    // It is a template to the editor: a mistake typed into it is a problem at once.
    const editor = await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf('restartPolicy: Always') + 'restartPolicy: '.length;
    await editor.edit((edit) =>
      edit.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 6)), 'Alwayz'),
    );
    const problem = await until(
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'ECI' && d.code === 'schema-enum'),
      'the problem of the misspelled restartPolicy',
    );
    assert.match(
      problem.message,
      /^"Alwayz" is not allowed here; use Always, OnFailure, Never\. Did you mean Always\?$/,
    );
  });

  it('is in the manifest VS Code read, its strings put in from package.nls.json', () => {
    const manifest = extension().packageJSON as {
      contributes: { walkthroughs: { id: string; title: string; steps: { id: string; title: string }[] }[] };
    };
    assert.doesNotMatch(JSON.stringify(manifest), /"%[\w.]+%"/);
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough?.title, 'Get Started with ECI');
    assert.deepEqual(
      walkthrough?.steps.map((s) => s.title),
      [
        'Try the local emulator',
        'Open a sample template',
        'Deploy it',
        'Follow its logs',
        'Open a terminal',
        'Add a real profile',
      ],
    );
    assert.equal(commandTitles(manifest)['eci.openSampleTemplate'], 'ECI: Open Sample Template');
  });

  it('names a command by the title VS Code shows, in another display language too', () => {
    // In Chinese, VS Code gives a title and category as { value, original } (package.nls.zh-cn.json).
    const localized = {
      contributes: {
        commands: [
          { command: 'eci.deploy', title: { value: '部署模板', original: 'Deploy Template' }, category: 'ECI' },
          {
            command: 'eci.jdcloud.startContainer',
            title: { value: '启动容器', original: 'Start Container' },
            category: { value: '京东云', original: 'JD Cloud' },
          },
          { command: 'eci.refresh', title: 'Refresh' },
        ],
      },
    };
    assert.deepEqual(commandTitles(localized), {
      'eci.deploy': 'ECI: 部署模板',
      'eci.jdcloud.startContainer': '京东云: 启动容器',
      'eci.refresh': 'Refresh',
    });
  });
});
