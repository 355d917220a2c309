import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EciExtensionApi } from '../../src/extension';
import { DEMO_KEY } from '../../src/emulator/server';

/** Profiles inside a real VS Code: added with a key that is tried first, imported from the aliyun CLI, switched. */
async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find(
    (e) => (e.packageJSON as { name?: string } | undefined)?.name === 'vscode-eci',
  );
  assert.ok(extension);
  return (await extension.activate()) as EciExtensionApi;
}

describe('profiles in VS Code', () => {
  it('adds a profile whose key works, and makes it the active one', async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    const id = await vscode.commands.executeCommand<string | undefined>('eci.addProfile', {
      name: 'Emulator by key',
      ...DEMO_KEY,
      regionId: 'cn-shanghai',
      endpoint: url,
    });
    assert.match(id ?? '', /^ak-/);
    const eci = await api();
    assert.equal(eci.activeProfile()?.name, 'Emulator by key');
    assert.equal(eci.activeProfile()?.regionId, 'cn-shanghai');
    // Nothing secret is kept with the profile itself.
    assert.ok(!JSON.stringify(eci.profiles()).includes(DEMO_KEY.accessKeySecret));
  });

  it('refuses a profile whose key the API rejects, and adds nothing', async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    const eci = await api();
    const before = eci.profiles().length;
    const id = await vscode.commands.executeCommand<string | undefined>('eci.addProfile', {
      name: 'Wrong key',
      accessKeyId: DEMO_KEY.accessKeyId,
      accessKeySecret: 'not-the-secret',
      regionId: 'cn-hangzhou',
      endpoint: url,
    });
    assert.equal(id, undefined);
    assert.equal(eci.profiles().length, before);
  });

  it('imports the usable profiles of an aliyun CLI config, and switches between profiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-aliyun-'));
    const path = join(dir, 'config.json');
    writeFileSync(
      path,
      JSON.stringify({
        current: 'dev',
        profiles: [
          { name: 'dev', mode: 'AK', access_key_id: 'LTAIdev000001', access_key_secret: 's', region_id: 'cn-beijing' },
          { name: 'sso', mode: 'CloudSSO' },
        ],
      }),
    );
    const imported = await vscode.commands.executeCommand<string[]>('eci.importAliyunProfiles', { path, all: true });
    assert.deepEqual(imported, ['dev']);
    const eci = await api();
    const dev = eci.profiles().find((p) => p.name === 'dev (aliyun CLI)');
    assert.equal(dev?.regionId, 'cn-beijing');
    assert.equal(await vscode.commands.executeCommand<string>('eci.selectProfile', dev?.id), dev?.id);
    assert.equal(eci.activeProfile()?.id, dev?.id);
    // Back to the emulator, which the other tests use.
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
    assert.equal(eci.activeProfile()?.id, 'local-emulator');
  });
});
