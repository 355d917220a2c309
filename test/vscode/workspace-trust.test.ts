import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, guardedCommand } from '../../src/vscode/commands/registry';
import { DeployCodeLens } from '../../src/vscode/template/deploy-codelens';
import {
  COMMAND_TRUST,
  commandTitles,
  TrustGuard,
  type TrustState,
  WorkspaceTrustRequired,
} from '../../src/vscode/workspace-trust';
import { open } from './workbench';

interface ManifestCommand {
  command: string;
}
interface MenuEntry {
  command?: string;
  when?: string;
}
interface Manifest {
  extensionKind?: string[];
  capabilities?: {
    untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] };
    virtualWorkspaces?: unknown;
  };
  contributes: { commands: ManifestCommand[]; menus: Record<string, MenuEntry[]> };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'vscode-eci');
  assert.ok(found, 'the extension is installed');
  return found;
}

/**
 * A trust state the test sets: the test host runs code-server with --disable-workspace-trust, where VS Code's own
 * state is always trusted, so the guard and the lenses are given this one instead.
 */
class StatedTrust implements TrustState {
  private readonly granted = new vscode.EventEmitter<void>();
  readonly onDidGrant = this.granted.event;
  constructor(public isTrusted: boolean) {}
  grant(): void {
    this.isTrusted = true;
    this.granted.fire();
  }
}

describe('Restricted Mode (workspace trust)', () => {
  const log = vscode.window.createOutputChannel('ECI trust test', { log: true });
  after(() => log.dispose());

  it('classifies every command of package.json as acting or reading, and no other', () => {
    const manifest = extension().packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.keys(COMMAND_TRUST).sort(), contributed);
    assert.deepEqual(Object.keys(COMMANDS).sort(), contributed);
    // What the issue names as acting: deploy, update, delete, run, exec, the emulator, importing credentials.
    for (const id of [
      'eci.deploy',
      'eci.updateFromTemplate',
      'eci.deleteGroup',
      'eci.runCommand',
      'eci.openTerminal',
      'eci.useLocalEmulator',
      'eci.importAliyunProfiles',
      'eci.jdcloud.importJdcProfiles',
      'eci.jdcloud.createContainers',
      'eci.jdcloud.deleteContainer',
    ])
      assert.equal(COMMAND_TRUST[id], 'acts', id);
    for (const id of ['eci.refresh', 'eci.describeGroup', 'eci.streamLogs', 'eci.showEvents', 'eci.showMetrics'])
      assert.equal(COMMAND_TRUST[id], 'reads', id);
  });

  it('declares where it runs and what it does in untrusted and virtual workspaces', () => {
    const manifest = extension().packageJSON as Manifest;
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.deepEqual(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations, [
      'eci.emulator.url',
      'eci.exec.shell',
    ]);
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
  });

  it('hides every menu entry of an acting command in Restricted Mode, and no entry of a reading one', () => {
    const manifest = extension().packageJSON as Manifest;
    let acting = 0;
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      if (menu === 'commandPalette') continue;
      for (const entry of entries) {
        if (entry.command === undefined) continue;
        const gated = /(^|&& )isWorkspaceTrusted$/.test(entry.when ?? '');
        if (COMMAND_TRUST[entry.command] === 'acts') acting++;
        assert.equal(gated, COMMAND_TRUST[entry.command] === 'acts', `${menu} ${entry.command}: ${entry.when}`);
      }
    }
    assert.ok(acting > 20, `${acting} menu entries of acting commands`);
  });

  it('refuses an acting command in an untrusted workspace, whatever ran it, and runs a reading one', async () => {
    const titles = commandTitles(extension().packageJSON);
    const untrusted = new TrustGuard(new StatedTrust(false), titles);
    const ran: string[] = [];
    const command = (id: string, guard: TrustGuard) =>
      guardedCommand(
        id,
        (...args: unknown[]) => {
          ran.push(id);
          return { ran: id, args };
        },
        log,
        guard,
      );

    assert.equal(await command('eci.deploy', untrusted)(vscode.Uri.file('/tmp/web.eci.yaml')), undefined);
    assert.equal(await command('eci.jdcloud.deleteContainer', untrusted)({ containerId: 'c-1' }), undefined);
    assert.deepEqual(await command('eci.describeGroup', untrusted)('eci-1'), {
      ran: 'eci.describeGroup',
      args: ['eci-1'],
    });
    // A command the table does not know is held as acting.
    assert.equal(await command('eci.somethingNew', untrusted)(), undefined);
    assert.deepEqual(ran, ['eci.describeGroup']);

    assert.throws(
      () => untrusted.check('eci.deploy'),
      (error: unknown) =>
        error instanceof WorkspaceTrustRequired &&
        error.commandId === 'eci.deploy' &&
        error.message.startsWith('"ECI: Deploy Template" needs a trusted workspace.'),
    );

    const trusted = new TrustGuard(new StatedTrust(true), titles);
    assert.deepEqual(await command('eci.deploy', trusted)('x'), { ran: 'eci.deploy', args: ['x'] });
  });

  it('lets acting commands run once trust is granted', async () => {
    const trust = new StatedTrust(false);
    const guard = new TrustGuard(trust);
    let deployed = 0;
    const deploy = guardedCommand('eci.deploy', () => ++deployed, log, guard);
    assert.equal(await deploy(), undefined);
    trust.grant();
    assert.equal(await deploy(), 1);
  });

  it('says on the Deploy and Update lenses that they need trust, and changes them when trust is granted', async () => {
    const document = await open(
      'trust-lens.eci.yaml',
      'containerGroupId: eci-123\ncontainerGroupName: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n',
    );
    const trust = new StatedTrust(false);
    const lens = new DeployCodeLens(new TrustGuard(trust));
    try {
      const titles = () => lens.provideCodeLenses(document).map((l) => l.command?.title);
      assert.deepEqual(titles(), [
        '$(workspace-untrusted) Deploy (needs a trusted workspace)',
        '$(workspace-untrusted) Update group (needs a trusted workspace)',
      ]);
      // Still the commands: run, they give the refusal with its "Manage Workspace Trust" button.
      assert.deepEqual(
        lens.provideCodeLenses(document).map((l) => l.command?.command),
        ['eci.deploy', 'eci.updateFromTemplate'],
      );
      let changed = false;
      const listening = lens.onDidChangeCodeLenses(() => (changed = true));
      trust.grant();
      listening.dispose();
      assert.equal(changed, true, 'the lenses are asked for again on grant');
      assert.deepEqual(titles(), ['$(cloud-upload) Deploy', '$(diff) Update group']);
    } finally {
      lens.dispose();
    }
  });

  it('keeps validation, completion and hover free of trust: no template language feature consults it', () => {
    // They are what Restricted Mode is for; only the lenses, which run commands, look at trust.
    const folder = join(extension().extensionPath, 'src', 'vscode', 'template');
    const consulting = readdirSync(folder)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => /workspace-trust|isTrusted|TrustGuard/.test(readFileSync(join(folder, name), 'utf8')));
    assert.deepEqual(consulting, ['deploy-codelens.ts']);
  });
});
