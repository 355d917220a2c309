import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from './until';
import { open } from './workbench';

/** Runs inside a real VS Code extension host, with the extension under development loaded. */
describe('the extension in VS Code', () => {
  it('activates and registers its commands and explorer view', async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('eci.refresh'));
    await vscode.commands.executeCommand('workbench.view.extension.eci');
  });
});

describe('templates in VS Code', () => {
  it('shows diagnostics at the exact range and updates them as the user types', async () => {
    const document = await open(
      'broken.eci.yaml',
      'containerGroupName: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n      volumeMounts:\n        - {name: dta, mountPath: /data}\n  volumes:\n    - {name: data, emptyDir: {}}\n',
    );
    const diagnostics = await until(() => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ECI');
      return found.length > 0 ? found : undefined;
    }, 'diagnostics for broken.eci.yaml');
    assert.equal(diagnostics.length, 1);
    const [unknownVolume] = diagnostics;
    assert.equal(unknownVolume?.code, 'unknown-volume');
    assert.deepEqual(
      [unknownVolume?.range.start.line, unknownVolume?.range.start.character, unknownVolume?.range.end.character],
      [6, 17, 20],
    );
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(6, 17, 6, 20), 'data'));
    await until(
      () =>
        vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'ECI').length === 0 ? true : undefined,
      'the problem to go away after the fix',
    );
  });

  it('offers completion of the keys a container can still take', async () => {
    const document = await open(
      'complete.eci.yaml',
      'containerGroupName: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n      \n',
    );
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(5, 6),
    );
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('readinessProbe') && labels.includes('imagePullPolicy'), labels.join(','));
    assert.ok(!labels.includes('regionId'));
  });

  it("offers the signed-in account's image caches of the template's region for imageSnapshotId", async () => {
    await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    const labelsAndDetails = async (name: string, region: string): Promise<string[]> => {
      const document = await open(name, `regionId: ${region}\ncontainerGroupName: web\nimageSnapshotId: \n`);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(2, 17),
      );
      return list.items
        .filter((item) => item.detail?.startsWith('image cache') === true)
        .map((item) => `${typeof item.label === 'string' ? item.label : item.label.label} ${item.detail ?? ''}`);
    };
    // The emulator's demo data has one cache in each of these regions; the IDs are made when it starts.
    const hangzhou = await labelsAndDetails('cache-hz.eci.yaml', 'cn-hangzhou');
    assert.equal(hangzhou.length, 1, hangzhou.join(','));
    assert.match(hangzhou[0] ?? '', /^imc-[a-z0-9]+ image cache base-images \(\w+\)$/);
    const shanghai = await labelsAndDetails('cache-sh.eci.yaml', 'cn-shanghai');
    assert.equal(shanghai.length, 1, shanghai.join(','));
    assert.match(shanghai[0] ?? '', /^imc-[a-z0-9]+ image cache spark-images/);
    assert.notEqual(shanghai[0]?.split(' ')[0], hangzhou[0]?.split(' ')[0]);
  });

  it('shows the field description on hover', async () => {
    const document = await open(
      'hover.eci.json',
      '{\n  "containerGroupName": "web",\n  "spec": { "restartPolicy": "Never", "containers": [] }\n}\n',
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(2, 15),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n');
    assert.match(text, /restartPolicy/);
    assert.match(text, /Never restart; the group ends Succeeded or Failed\./);
  });

  it('gives the JSON and YAML extensions the schemas of the display language, English here', () => {
    // package.json names them by %keys% (package.nls*.json); VS Code puts the display language's file in their place.
    const contributes = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci')?.packageJSON
      ?.contributes as Record<string, { url: string }[]> | undefined;
    for (const kind of ['jsonValidation', 'yamlValidation'])
      assert.deepEqual(
        contributes?.[kind]?.map((v) => v.url),
        ['./schemas/eci-template.schema.json', './schemas/jdcloud-spec.schema.json'],
        kind,
      );
  });

  it('treats a file whose $schema names the 简体中文 schema as a template too', async () => {
    const document = await open(
      'by-zh-cn-schema.yaml',
      '$schema: ../schemas/eci-template.zh-cn.schema.json\ncontainerGroupName: web\nspec:\n  containers:\n    - {name: app, image: nginx, volumeMounts: [{name: nope, mountPath: /x}]}\n',
    );
    await until(
      () => (vscode.languages.getDiagnostics(document.uri).some((d) => d.code === 'unknown-volume') ? true : undefined),
      'diagnostics for a file whose $schema names the Chinese schema',
    );
  });

  it('offers a quick fix that writes a quoted number as a number', async () => {
    const document = await open(
      'quoted.eci.yaml',
      'containerGroupName: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n      ports:\n        - containerPort: "80"\n',
    );
    const warning = await until(
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'number-as-string'),
      'the number-as-string warning',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      warning.range,
    );
    const fix = actions.find((a) => a.title === 'Write 80 without quotes');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(','));
    await vscode.workspace.applyEdit(fix.edit);
    assert.match(document.getText(), /containerPort: 80\n/);
  });

  it('treats a file as a template by its $schema or by the eci.templateFiles setting, and others not at all', async () => {
    const broken =
      'containerGroupName: web\nspec:\n  containers:\n    - {name: app, image: nginx, volumeMounts: [{name: nope, mountPath: /x}]}\n';
    const plain = await open('plain.yaml', broken);
    const bySchema = await open(
      'by-schema.yaml',
      `# yaml-language-server: $schema=../schemas/eci-template.schema.json\n$schema: ../schemas/eci-template.schema.json\n${broken}`,
    );
    await until(
      () => (vscode.languages.getDiagnostics(bySchema.uri).some((d) => d.code === 'unknown-volume') ? true : undefined),
      'diagnostics for a file whose $schema names ours',
    );
    assert.equal(
      vscode.languages.getDiagnostics(plain.uri).filter((d) => d.source === 'ECI').length,
      0,
      'a plain YAML file is not checked',
    );
    const config = vscode.workspace.getConfiguration('eci');
    await config.update('templateFiles', ['**/plain.yaml'], vscode.ConfigurationTarget.Global);
    try {
      await until(
        () => (vscode.languages.getDiagnostics(plain.uri).some((d) => d.code === 'unknown-volume') ? true : undefined),
        'diagnostics once eci.templateFiles names the file',
      );
    } finally {
      await config.update('templateFiles', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(
      () =>
        vscode.languages.getDiagnostics(plain.uri).filter((d) => d.source === 'ECI').length === 0 ? true : undefined,
      'the diagnostics to go once the setting no longer names it',
    );
  });
});
