import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import { describeContainerGroups, describeImageCaches } from '../../src/eci/operations';
import type { ContainerGroup } from '../../src/eci/records';
import { DEMO_KEY } from '../../src/emulator/server';
import { exactly, ScriptedPrompter } from './scripted-prompter';
import { failedCallLine, logged } from './extension-log';
import { until } from './until';
import { open, run } from './workbench';

/**
 * Deploy, export, update, restart and delete through the extension's commands, inside a real VS Code, against the
 * local emulator the extension starts itself. What the commands did is checked with our own client, independently
 * of what they return; their confirmations are answered by a ScriptedPrompter, which also shows what they said.
 */
/** The deploy confirmation of a group of that name on the emulator's ECI profile (another, when one is there). */
const DEPLOY = (name: string): RegExp =>
  new RegExp(`^Deploy (another )?${name} to cn-hangzhou with Local emulator\\?$`);

const TEMPLATE = `containerGroupName: deployed-from-vscode
regionId: cn-hangzhou
vSwitchId: vsw-cn-hangzhou-h-demo
securityGroupId: sg-cn-hangzhou-demo
resources: {cpu: 1, memory: 2}
spec:
  containers:
    - name: web
      image: nginx:1.25
      resources: {cpu: 1, memory: 2}
`;

describe('deploying and managing groups from VS Code', function () {
  this.timeout(60_000);
  let client: EciClient;
  let id = '';
  const group = async (): Promise<ContainerGroup | undefined> =>
    (await describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0];

  /** The group the tests below act on: the deploy test's, or deployed now when a test runs without it. */
  const deployedGroup = async (): Promise<string> => {
    if (id !== '' && (await group()) !== undefined) return id;
    const document = await open('deploy.eci.yaml', TEMPLATE);
    const prompts = new ScriptedPrompter().expectConfirm(DEPLOY('deployed-from-vscode'), true);
    id =
      (await prompts.answering(() => run<string | undefined>('eci.deploy', document.uri, { followIntervalMs: 200 }))) ??
      '';
    assert.match(id, /^eci-/);
    // The price is said in the same confirmation (the emulator prices 1 vCPU and 2 GiB).
    assert.match(
      prompts.confirmations[0]?.detail ?? '',
      /^Estimated price: about \S+ per hour \(pay-as-you-go, 1 vCPU, 2 GiB\)\./,
    );
    return id;
  };

  before(async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    client = new EciClient({ credentials: { ...DEMO_KEY, source: 'test' }, regionId: 'cn-hangzhou', endpoint: url });
  });
  after(async () => client.close());

  it('shows Deploy (and for an update template, Update group) above a template', async () => {
    const document = await open('lens.eci.yaml', TEMPLATE);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      ['eci.deploy'],
    );
    const update = await open('lens-update.eci.yaml', `containerGroupId: eci-x\n${TEMPLATE}`);
    const both = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', update.uri);
    assert.deepEqual(
      both.map((l) => l.command?.command),
      ['eci.deploy', 'eci.updateFromTemplate'],
    );
  });

  it('refuses to deploy an invalid template and deploys nothing', async () => {
    const count = async (): Promise<number | undefined> =>
      (await describeContainerGroups(client, { Limit: 20 })).TotalCount;
    const before = await count();
    assert.equal(typeof before, 'number');
    const document = await open('invalid-deploy.eci.yaml', TEMPLATE.replace('nginx:1.25', 'NOT A VALID IMAGE'));
    // Refused before anything is asked: the script expects no question.
    const result = await new ScriptedPrompter().answering(() => run<string | undefined>('eci.deploy', document.uri));
    assert.equal(result, undefined);
    assert.equal(await count(), before);
  });

  it('marks the field an API refusal names, and drops the mark once that field is edited', async () => {
    const refused = TEMPLATE.replace('regionId: cn-hangzhou', 'regionId: cn-hangzhou\nzoneId: cn-hangzhou-i');
    const document = await open('refused.eci.yaml', refused);
    const result = await new ScriptedPrompter()
      .expectConfirm(DEPLOY('deployed-from-vscode'), true)
      .answering(() => run<string | undefined>('eci.deploy', document.uri));
    assert.equal(result, undefined);
    const fromApi = (): vscode.Diagnostic[] =>
      vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ECI API');
    const [marked] = await until(() => (fromApi().length > 0 ? fromApi() : undefined), 'the API error on the field');
    assert.equal(marked?.code, 'OperationDenied.VswZoneMismatch');
    // The refused call itself is in the log, with ECI's code and request ID, as JD Cloud's are (jdcloud.test.ts).
    await logged(
      failedCallLine('Local emulator', /CreateContainerGroup(FromTemplate)?/, 'OperationDenied.VswZoneMismatch'),
    );
    assert.equal(document.getText(marked?.range), 'vsw-cn-hangzhou-h-demo');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, marked?.range ?? new vscode.Range(0, 0, 0, 0), 'vsw-cn-hangzhou-i-demo');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await document.save();
    await until(() => (fromApi().length === 0 ? true : undefined), 'the API error to go with the edit');
  });

  it('deploys a template and follows the group until it runs', async () => {
    id = '';
    await deployedGroup();
    // The command returns once the group has settled: the emulator says it runs, with the image of the template.
    const deployed = await group();
    assert.equal(deployed?.Status, 'Running');
    assert.equal(deployed?.Containers[0]?.Image, 'nginx:1.25');
    // Its events, as Show Events lists them: as many as the API has, from creation to the started container.
    const shown = await vscode.commands.executeCommand<number | undefined>(
      'eci.showEvents',
      { containerGroupId: id },
      undefined,
      'noPicker',
    );
    assert.equal(shown, (await group())?.Events.length);
    assert.ok((shown ?? 0) >= 4, String(shown));
  });

  it('exports the group as a template, and updates it from an edited copy after showing what changes', async () => {
    await deployedGroup();
    const exported = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('eci.exportTemplate', {
      containerGroupId: id,
    });
    assert.ok(exported);
    // A template from the first moment: named after the group (Save proposes that name), with its lenses.
    assert.equal(exported.uri.scheme, 'untitled');
    assert.match(exported.uri.path, /\/deployed-from-vscode(-\d+)?\.eci\.yaml$/);
    assert.equal(exported.languageId, 'yaml');
    assert.match(exported.getText(), new RegExp(`containerGroupId: ${id}`));
    assert.match(exported.getText(), /image: nginx:1\.25/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      exported.uri,
    );
    assert.ok(lenses.some((l) => l.command?.command === 'eci.updateFromTemplate'));

    // Edited in place, unsaved, it updates the group.
    const edit = new vscode.WorkspaceEdit();
    const image = exported.getText().indexOf('nginx:1.25');
    edit.replace(
      exported.uri,
      new vscode.Range(exported.positionAt(image), exported.positionAt(image + 10)),
      'nginx:1.27',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = exported;
    const prompts = new ScriptedPrompter().expectConfirm(exactly('Update deployed-from-vscode: 1 change?'), true);
    const summary = await prompts.answering(() =>
      run<string[] | undefined>('eci.updateFromTemplate', edited.uri, { followIntervalMs: 200 }),
    );
    assert.deepEqual(summary, ['spec.containers[web].image: nginx:1.25 → nginx:1.27']);
    // The confirmation lists the change it sends.
    assert.equal(prompts.confirmations[0]?.detail, 'spec.containers[web].image: nginx:1.25 → nginx:1.27');
    assert.equal((await group())?.Containers[0]?.Image, 'nginx:1.27');
    // The same file again: nothing changes, nothing is asked, and nothing is sent.
    const again = await new ScriptedPrompter().answering(() =>
      run<string[] | undefined>('eci.updateFromTemplate', edited.uri),
    );
    assert.deepEqual(again, []);
  });

  it('restarts and deletes the group', async () => {
    await deployedGroup();
    const restartsBefore = (await group())?.Containers[0]?.RestartCount ?? 0;
    const restart = new ScriptedPrompter().expectConfirm(
      exactly(`Restart deployed-from-vscode (${id})? Its containers stop and start again.`),
      true,
    );
    assert.deepEqual(await restart.answering(() => run<string[]>('eci.restartGroup', { containerGroupId: id })), [id]);
    assert.equal(restart.confirmations[0]?.detail, 'In cn-hangzhou with Local emulator.');
    const restarted = await group();
    assert.ok(
      restarted?.Status === 'Restarting' || (restarted?.Containers[0]?.RestartCount ?? 0) > restartsBefore,
      restarted?.Status,
    );
    // Describe shows the group as the API gives it now, as JD Cloud's Describe Container does (one command for both).
    const described = await run<{ ContainerGroupId: string; ContainerGroupName: string }>('eci.describeGroup', {
      containerGroupId: id,
    });
    assert.equal(described.ContainerGroupId, id);
    assert.equal(described.ContainerGroupName, 'deployed-from-vscode');
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'json');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', new RegExp(`"ContainerGroupId": "${id}"`));
    // The confirmation names the group, its region and its profile; declined, nothing is deleted.
    const question = exactly(`Delete deployed-from-vscode (${id})? This cannot be undone.`);
    const declined = new ScriptedPrompter().expectConfirm(question, false);
    assert.deepEqual(await declined.answering(() => run<string[]>('eci.deleteGroup', { containerGroupId: id })), []);
    assert.equal(declined.confirmations[0]?.detail, 'In cn-hangzhou with Local emulator.');
    assert.ok(await group(), 'still there');
    const deleted = new ScriptedPrompter().expectConfirm(question, true);
    assert.deepEqual(await deleted.answering(() => run<string[]>('eci.deleteGroup', { containerGroupId: id })), [id]);
    assert.equal(await group(), undefined);
  });

  it('deletes several groups at once, as a multi-selection in the tree does', async () => {
    const document = await open('many.eci.yaml', TEMPLATE.replace('deployed-from-vscode', 'one-of-two'));
    const deploy = (): Thenable<string> => run<string>('eci.deploy', document.uri, { followIntervalMs: 200 });
    const first = await new ScriptedPrompter().expectConfirm(DEPLOY('one-of-two'), true).answering(deploy);
    // The second of the same name is said to be another, with the first named.
    const again = new ScriptedPrompter().expectConfirm(
      exactly('Deploy another one-of-two to cn-hangzhou with Local emulator?'),
      true,
    );
    const second = await again.answering(deploy);
    assert.match(
      again.confirmations[0]?.detail ?? '',
      new RegExp(`A group named one-of-two already exists in cn-hangzhou \\(${first}, `),
    );
    assert.equal(again.confirmations[0]?.action, 'Deploy Another');
    assert.notEqual(first, second);
    const prompts = new ScriptedPrompter().expectConfirm(
      /^Delete one-of-two \(eci-\w+\), one-of-two \(eci-\w+\)\? /,
      true,
    );
    const deleted = await prompts.answering(() =>
      run<string[]>('eci.deleteGroup', { containerGroupIds: [first, second] }),
    );
    // One confirmation names both.
    for (const groupId of [first, second])
      assert.ok(prompts.confirmations[0]?.message.includes(`one-of-two (${groupId})`));
    assert.deepEqual([...deleted].sort(), [first, second].sort());
    assert.deepEqual(
      (await describeContainerGroups(client, { ContainerGroupIds: [first, second] })).ContainerGroups,
      [],
    );
  });

  it('creates an image cache from its input flow, and deletes it once it is past Preparing', async () => {
    const cacheId = await vscode.commands.executeCommand<string | undefined>('eci.createImageCache', undefined, {
      name: 'vscode-cache',
      images: ['nginx:1.27'],
      vSwitchId: 'vsw-cn-hangzhou-h-demo',
      securityGroupId: 'sg-cn-hangzhou-demo',
      sizeGiB: 20,
      retentionDays: 7,
    });
    assert.match(cacheId ?? '', /^imc-/);
    const cache = async () => (await describeImageCaches(client, { ImageCacheId: cacheId })).ImageCaches[0];
    assert.equal((await cache())?.ImageCacheName, 'vscode-cache');
    const jobGroupId = (await cache())?.ContainerGroupId ?? assert.fail('the image cache has no job group');
    const deadline = Date.now() + 20_000;
    while ((await cache())?.Status === 'Preparing' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    const prompts = new ScriptedPrompter().expectConfirm(
      exactly(`Delete the image cache vscode-cache (${cacheId})? Groups created from it keep running.`),
      true,
    );
    assert.equal(
      await prompts.answering(() => run<string | undefined>('eci.deleteImageCache', { imageCacheId: cacheId })),
      cacheId,
    );
    assert.equal(prompts.confirmations[0]?.detail, 'In cn-hangzhou with Local emulator.');
    assert.equal(await cache(), undefined);
    // The cache's job group goes on to its end (it pulls, then exits): the test leaves it there, not on its way,
    // so that the tests after it (the explorer's filter) see the same rows in every look.
    await until(async () => {
      const job = (await describeContainerGroups(client, { ContainerGroupIds: [jobGroupId] })).ContainerGroups[0];
      return job === undefined || job.Status === 'Succeeded' || job.Status === 'Failed' ? true : undefined;
    }, "the image cache's job group to end");
  });
});
