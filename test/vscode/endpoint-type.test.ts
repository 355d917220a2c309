import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_KEY } from '../../src/emulator/server';
import type { EciExtensionApi } from '../../src/extension';
import { ECI_PROVIDER } from '../../src/eci/provider';
import { profileTooltip } from '../../src/vscode/tree/profile-node';
import { TestProxy } from '../helpers/test-proxy';
import { ScriptedPrompter } from './scripted-prompter';
import { until } from './until';

/**
 * An ECI profile's public or VPC endpoint, in a real VS Code: Add Profile offers the choice after the region, the
 * profile keeps it, its tooltip says it, and its calls go to `eci-vpc.<region>.aliyuncs.com`. No call may reach the
 * real cloud: a proxy of the test's own (`http.proxy`) records where each call wanted to go, and refuses it.
 */
const run = <T>(command: string, ...args: unknown[]): Thenable<T> =>
  vscode.commands.executeCommand<T>(command, ...args);

async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

const removeProfile = (id: string): Thenable<unknown> =>
  new ScriptedPrompter().expectConfirm(/^Remove the profile /, true).answering(() => run('eci.removeProfile', id));

describe('ECI endpoint type', function () {
  this.timeout(120_000);

  it('offers public or VPC after the region, and keeps the choice with the profile (an override still wins)', async () => {
    const url = await run<string>('eci.useLocalEmulator');
    const prompts = new ScriptedPrompter()
      .expectPick('AccessKey', /^Add ECI profile: credentials$/)
      .expectInput('VPC by hand', /\(1\/7\): name/)
      .expectInput(DEMO_KEY.accessKeyId, /\(2\/7\)/)
      .expectInput(DEMO_KEY.accessKeySecret, /\(3\/7\)/)
      .expectInput('', /\(4\/7\)/)
      .expectPick('cn-shanghai', /\(5\/7\): home region/)
      .expectPick('VPC', /\(6\/7\): endpoint$/)
      .expectInput(url, /\(7\/7\): endpoint override/);
    const id = await prompts.answering(() => run<string | undefined>('eci.addProfile'));
    assert.match(id ?? '', /^ak-/);
    const asked = prompts.asked.find((a) => a.kind === 'pick' && /endpoint/.test(a.title ?? ''));
    assert.deepEqual(asked?.kind === 'pick' ? asked.labels : [], ['Public', 'VPC']);
    const profile = (await api()).profiles().find((p) => p.id === id);
    assert.equal(profile?.endpointType, 'vpc');
    assert.equal(profile?.endpoint, url);
    assert.ok(profile);
    assert.match(profileTooltip(profile, ECI_PROVIDER), /Endpoint: http:\/\/127\.0\.0\.1:\d+ \(override\)$/);
    await removeProfile(id ?? '');
  });

  it("sends a VPC profile's check and calls to eci-vpc.<region>.aliyuncs.com, and says so in its tooltip", async () => {
    const proxy = await TestProxy.start({ refuseWith: 403 });
    const http = vscode.workspace.getConfiguration('http');
    await http.update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    let id: string | undefined;
    try {
      const prompts = new ScriptedPrompter().expectConfirm(
        /^eci-vpc\.cn-shanghai\.aliyuncs\.com could not be reached, so the AccessKey of "In the VPC" was not tried: .*answered 403/,
        true,
      );
      id = await prompts.answering(() =>
        run<string | undefined>('eci.addProfile', {
          name: 'In the VPC',
          ...DEMO_KEY,
          regionId: 'cn-shanghai',
          endpointType: 'vpc',
        }),
      );
      assert.match(id ?? '', /^ak-/);
      assert.deepEqual(
        proxy.asked,
        ['eci-vpc.cn-shanghai.aliyuncs.com:443'],
        "the check asked for the region's VPC endpoint",
      );
      const profile = (await api()).profiles().find((p) => p.id === id);
      assert.ok(profile);
      assert.equal(profile.endpointType, 'vpc');
      assert.equal(
        profileTooltip(profile, ECI_PROVIDER),
        'In the VPC (Alibaba Cloud ECI)\nHome region: cn-shanghai\nCredentials: AccessKey (VS Code secret storage)\n' +
          'Endpoint: eci-vpc.cn-shanghai.aliyuncs.com (VPC)',
      );
      // The explorer's client of the profile goes there too.
      const rows = await until(async () => {
        const shown = await (await api()).explorerRows(profile.id);
        return shown.some((row) => /answered 403/.test(row)) ? shown : undefined;
      }, "the profile's error in the explorer");
      assert.ok(rows.length > 0);
      assert.ok(
        proxy.asked.length > 1 && proxy.asked.every((target) => target === 'eci-vpc.cn-shanghai.aliyuncs.com:443'),
      );
    } finally {
      await http.update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await proxy.close();
      if (id !== undefined) await removeProfile(id);
      await run('eci.useLocalEmulator');
      await run('eci.selectProfile', 'local-emulator');
    }
  });

  it('refuses an endpoint type that is neither public nor vpc, and adds nothing', async () => {
    const before = (await api()).profiles().length;
    const id = await run('eci.addProfile', {
      name: 'x',
      ...DEMO_KEY,
      regionId: 'cn-hangzhou',
      endpointType: 'internal',
    });
    assert.equal(id, undefined);
    assert.equal((await api()).profiles().length, before);
  });
});
