import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EciExtensionApi } from '../../src/extension';
import { EciClient } from '../../src/eci/client';
import { CloudError } from '../../src/core/errors';
import { describeRegions } from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import { checkFailure } from '../../src/vscode/commands/eci/add-profile';
import { exactly, ScriptedPrompter } from './scripted-prompter';
import { until } from './until';

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
    // The person is asked whether to save it anyway, and says no.
    const id = await new ScriptedPrompter()
      .expectConfirm(/^The AccessKey of "Wrong key" did not work: /, false)
      .answering(() =>
        vscode.commands.executeCommand<string | undefined>('eci.addProfile', {
          name: 'Wrong key',
          accessKeyId: DEMO_KEY.accessKeyId,
          accessKeySecret: 'not-the-secret',
          regionId: 'cn-hangzhou',
          endpoint: url,
        }),
      );
    assert.equal(id, undefined);
    assert.equal(eci.profiles().length, before);
  });

  it('says an endpoint it cannot reach is not a rejected key, and keeps a profile saved anyway out of use', async () => {
    await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
    const eci = await api();
    // Nothing listens on port 9 of this machine: refused at once, as an unreachable endpoint is.
    const unreachable = { name: 'Nowhere', ...DEMO_KEY, regionId: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9' };
    const before = eci.profiles().length;
    const unreachableSaid =
      /^http:\/\/127\.0\.0\.1:9 could not be reached, so the AccessKey of "Nowhere" was not tried: /;
    const declined = new ScriptedPrompter().expectConfirm(unreachableSaid, false);
    assert.equal(
      await declined.answering(() => vscode.commands.executeCommand('eci.addProfile', unreachable)),
      undefined,
    );
    assert.equal(eci.profiles().length, before, 'nothing saved');
    assert.doesNotMatch(declined.confirmations[0]?.message ?? '', /did not work/);
    assert.equal(declined.confirmations[0]?.action, 'Save Anyway');
    // What the command says of that failure (its notification), from the same call's real error.
    const probe = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: unreachable.endpoint,
      maxAttempts: 1,
    });
    const error = await describeRegions(probe).then(
      () => assert.fail('nothing listens there'),
      (e: unknown) => e,
    );
    await probe.close();
    const said = checkFailure('Nowhere', unreachable.endpoint, error);
    assert.match(said, /^http:\/\/127\.0\.0\.1:9 could not be reached, so the AccessKey of "Nowhere" was not tried: /);
    assert.doesNotMatch(said, /did not work/);
    assert.match(
      checkFailure(
        'Wrong',
        'eci.cn-hangzhou.aliyuncs.com',
        new CloudError({ code: 'InvalidAccessKeyId.NotFound', message: 'x' }),
      ),
      /^The AccessKey of "Wrong" did not work: /,
    );
    const id = await new ScriptedPrompter()
      .expectConfirm(unreachableSaid, true)
      .answering(() => vscode.commands.executeCommand<string | undefined>('eci.addProfile', unreachable));
    assert.match(id ?? '', /^ak-/);
    assert.ok(eci.profiles().some((p) => p.id === id));
    assert.equal(eci.activeProfile()?.id, 'local-emulator', 'the working profile stays active');
    const removed = await new ScriptedPrompter()
      .expectConfirm(
        exactly('Remove the profile "Nowhere" and its stored AccessKey? Its container groups are not touched.'),
        true,
      )
      .answering(() => vscode.commands.executeCommand('eci.removeProfile', id));
    assert.equal(removed, true);
    assert.ok(!eci.profiles().some((p) => p.id === id));
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
          // No key to keep in SecretStorage: linked, read from the file at each use.
          { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'worker' },
        ],
      }),
    );
    const imported = await vscode.commands.executeCommand<string[]>('eci.importAliyunProfiles', { path, all: true });
    assert.deepEqual(imported, ['dev', 'ecs']);
    const eci = await api();
    assert.equal(eci.profiles().find((p) => p.id === 'aliyun-ecs')?.kind, 'aliyunCli');
    // Off this machine's nonexistent instance metadata service for the tests after.
    await new ScriptedPrompter()
      .expectConfirm(/^Remove the profile "ecs \(aliyun CLI\)"/, true)
      .answering(() => vscode.commands.executeCommand('eci.removeProfile', 'aliyun-ecs'));
    const dev = eci.profiles().find((p) => p.name === 'dev (aliyun CLI)');
    assert.equal(dev?.regionId, 'cn-beijing');
    assert.equal(await vscode.commands.executeCommand<string>('eci.selectProfile', dev?.id), dev?.id);
    assert.equal(eci.activeProfile()?.id, dev?.id);
    // Back to the emulator, which the other tests use.
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
    assert.equal(eci.activeProfile()?.id, 'local-emulator');
  });

  it("imports a RamRoleArn profile that keeps its role, and whose calls are signed with the role's keys", async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    const dir = mkdtempSync(join(tmpdir(), 'eci-aliyun-role-'));
    const path = join(dir, 'config.json');
    const roleProfile = (name: string, secret: string) => ({
      name,
      mode: 'RamRoleArn',
      access_key_id: DEMO_KEY.accessKeyId,
      access_key_secret: secret,
      ram_role_arn: 'acs:ram::1234567890123456:role/eci-operator',
      ram_session_name: 'vscode-test',
      expired_seconds: 900,
      // The emulator serves STS's AssumeRole at its one address.
      sts_endpoint: url,
      region_id: 'cn-hangzhou',
    });
    writeFileSync(
      path,
      JSON.stringify({
        current: 'ops',
        profiles: [roleProfile('ops', DEMO_KEY.accessKeySecret), roleProfile('ops-wrong', 'not-the-role-secret')],
      }),
    );
    const imported = await vscode.commands.executeCommand<string[]>('eci.importAliyunProfiles', {
      path,
      all: true,
      endpoint: url,
    });
    assert.deepEqual(imported, ['ops', 'ops-wrong']);
    const eci = await api();
    const ops = eci.profiles().find((p) => p.name === 'ops (aliyun CLI)');
    assert.equal(ops?.role?.roleArn, 'acs:ram::1234567890123456:role/eci-operator');
    assert.equal(ops.role.durationSeconds, 900);
    // The source key is in SecretStorage only.
    assert.ok(!JSON.stringify(eci.profiles()).includes(DEMO_KEY.accessKeySecret));
    // Its explorer lists the emulator's groups: AssumeRole worked and the temporary key signed the listing.
    const rows = await until(async () => {
      const shown = await eci.explorerRows(ops.id, 2);
      return shown.some((row) => /^ {2}\S/.test(row)) ? shown : undefined;
    }, "the role profile's explorer");
    assert.ok(!rows.some((row) => /error|could not/i.test(row)), rows.join('\n'));
    // A source key STS refuses: the explorer says which role could not be assumed, never the secret.
    const wrong = eci.profiles().find((p) => p.name === 'ops-wrong (aliyun CLI)');
    assert.ok(wrong);
    const refused = await until(async () => {
      const shown = await eci.explorerRows(wrong.id, 2);
      return shown.some((row) => /Could not assume the RAM role/.test(row)) ? shown : undefined;
    }, "the refused role profile's error");
    assert.ok(!refused.join('\n').includes('not-the-role-secret'));
    for (const id of [ops.id, wrong.id])
      await new ScriptedPrompter()
        .expectConfirm(/^Remove the profile /, true)
        .answering(() => vscode.commands.executeCommand('eci.removeProfile', id));
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
  });
});
