import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import type { EciExtensionApi } from '../../src/extension';
import { JdcloudClient } from '../../src/jdcloud/client';
import { describeContainers } from '../../src/jdcloud/operations';
import { migrateSavedState, ProfileStore } from '../../src/vscode/profiles/profile-store';

/**
 * What users saved while JD Cloud's provider was named `native-container` (and its commands `eci.nc.*`, its setting
 * `eci.nativeContainer.regions`) keeps working under the one name it has now, `jdcloud`: no profile, choice or
 * setting is lost.
 */

/** The extension's global state as VS Code keeps it between windows: keys and JSON values. */
class SavedState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();

  constructor(initial: Record<string, unknown>) {
    for (const [key, value] of Object.entries(initial)) this.values.set(key, structuredClone(value));
  }

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string, defaultValue?: T): T {
    return (this.values.has(key) ? structuredClone(this.values.get(key)) : defaultValue) as T;
  }

  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

const ECI_PROFILE = { id: 'prod', name: 'prod', kind: 'accessKey', regionId: 'cn-hangzhou' };
const EIP = { elasticIpId: 'fip-1', elasticIpAddress: '203.0.113.7' };

describe("JD Cloud's former names", function () {
  this.timeout(60_000);

  it('rewrites saved profiles, the active profile and the elastic IPs seen under the new names, once, losing nothing', async () => {
    const state = new SavedState({
      'eci.profiles': [
        ECI_PROFILE,
        {
          id: 'local-emulator-native-container',
          name: 'Local emulator (JD Cloud)',
          kind: 'emulator',
          provider: 'native-container',
          regionId: 'cn-north-1',
        },
        { id: 'jd-prod', name: 'jd', kind: 'accessKey', provider: 'native-container', regionId: 'cn-east-2' },
      ],
      'eci.activeProfile': 'prod',
      'eci.activeProfile.native-container': 'jd-prod',
      'eci.nc.knownElasticIps': {
        'local-emulator-native-container/cn-north-1': [EIP],
        'jd-prod/cn-east-2': [EIP],
      },
    });
    // Read before the rewrite (the explorer may ask first): already under the new name.
    assert.deepEqual(
      new ProfileStore(state).all().map((p) => `${p.provider ?? 'eci'} ${p.id}`),
      ['eci prod', 'jdcloud local-emulator-jdcloud', 'jdcloud jd-prod'],
    );

    await migrateSavedState(state);
    const expected = {
      'eci.profiles': [
        ECI_PROFILE,
        {
          id: 'local-emulator-jdcloud',
          name: 'Local emulator (JD Cloud)',
          kind: 'emulator',
          provider: 'jdcloud',
          regionId: 'cn-north-1',
        },
        { id: 'jd-prod', name: 'jd', kind: 'accessKey', provider: 'jdcloud', regionId: 'cn-east-2' },
      ],
      'eci.activeProfile': 'prod',
      'eci.activeProfile.jdcloud': 'jd-prod',
      'eci.jdcloud.knownElasticIps': {
        'local-emulator-jdcloud/cn-north-1': [EIP],
        'jd-prod/cn-east-2': [EIP],
      },
    };
    const saved = (): Record<string, unknown> => Object.fromEntries(state.keys().map((k) => [k, state.get(k)]));
    assert.deepEqual(saved(), expected);
    const store = new ProfileStore(state);
    assert.equal(store.active('jdcloud')?.id, 'jd-prod');
    assert.equal(store.active('eci')?.id, 'prod');

    // A second time (every activation runs it) changes nothing.
    await migrateSavedState(state);
    assert.deepEqual(saved(), expected);
  });

  it('leaves saved state it does not recognise as it is', async () => {
    const odd = { 'eci.profiles': 'not a list', 'eci.nc.knownElasticIps': ['not', 'a', 'map'] };
    const state = new SavedState(odd);
    await migrateSavedState(state);
    assert.deepEqual(Object.fromEntries(state.keys().map((k) => [k, state.get(k)])), odd);
  });

  it('runs a command by its former ID with an argument that names the provider by its former name', async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    const client = new JdcloudClient({ credentials: DEMO_KEY, endpoint: url });
    try {
      const [first] = (await describeContainers(client, 'cn-north-1', { pageSize: 10 })).containers;
      assert.ok(first !== undefined, 'the demo data has JD Cloud containers');
      const described = await vscode.commands.executeCommand<{ containerId: string; name: string }>(
        'eci.nc.describeContainer',
        { provider: 'native-container', containerId: first.containerId, regionId: 'cn-north-1' },
      );
      assert.deepEqual([described.containerId, described.name], [first.containerId, first.name]);
    } finally {
      await client.close();
    }
  });

  it('reads eci.nativeContainer.regions while eci.jdcloud.regions is not set, and the new setting once it is', async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
    assert.ok(extension);
    const eci = (await extension.activate()) as EciExtensionApi;
    await vscode.commands.executeCommand('eci.useLocalEmulator');
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('eci');
    const regions = async (): Promise<string[]> =>
      (await eci.explorerRows('local-emulator-jdcloud', 2)).filter((r) => /^ {2}\S/.test(r)).map((r) => r.trim());
    // The explorer reads the setting when it lists a profile's regions: what it lists right after the update.
    const shows = async (wanted: string[]): Promise<void> =>
      assert.deepEqual((await regions()).map((row) => row.split(' ')[0]).sort(), [...wanted].sort());
    const hideEmpty = config().inspect<boolean>('hideEmptyRegions')?.globalValue;
    await config().update('hideEmptyRegions', false, vscode.ConfigurationTarget.Global);
    try {
      await config().update('nativeContainer.regions', ['cn-north-1', 'cn-east-2'], vscode.ConfigurationTarget.Global);
      await shows(['cn-north-1', 'cn-east-2']);
      await config().update('jdcloud.regions', ['cn-north-1', 'cn-south-1'], vscode.ConfigurationTarget.Global);
      await shows(['cn-north-1', 'cn-south-1']);
    } finally {
      await config().update('nativeContainer.regions', undefined, vscode.ConfigurationTarget.Global);
      await config().update('jdcloud.regions', undefined, vscode.ConfigurationTarget.Global);
      await config().update('hideEmptyRegions', hideEmpty, vscode.ConfigurationTarget.Global);
    }
  });
});
