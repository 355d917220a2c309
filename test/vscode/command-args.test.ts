import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  commitOptionsArg,
  containerArg,
  dataCacheChangesArg,
  deployOptionsArg,
  diagnosticsOptionsArg,
  groupArg,
  jdcloudContainerArg,
  jdcloudContainerFields,
  newProfileArg,
  uriArg,
} from '../../src/vscode/commands/command-args';
import { ScriptedPrompter } from './scripted-prompter';

/**
 * What automation may give a command (command-args.ts): typed and checked in one place, and refused, saying what the
 * command takes, when it is anything else (rather than read as nothing, and the command asking or doing otherwise).
 */
describe('arguments commands take from automation', () => {
  it('decodes the plain objects the commands take', () => {
    assert.equal(groupArg(undefined), undefined);
    assert.deepEqual(groupArg({ containerGroupId: 'eci-1' }), { containerGroupIds: ['eci-1'], regionId: undefined });
    assert.deepEqual(groupArg({ containerGroupIds: ['eci-1', 'eci-2'], regionId: 'cn-beijing' }), {
      containerGroupIds: ['eci-1', 'eci-2'],
      regionId: 'cn-beijing',
    });
    assert.deepEqual(containerArg({ containerGroupId: 'eci-1', containerName: 'web' }), {
      group: { containerGroupIds: ['eci-1'], regionId: undefined },
      containerName: 'web',
      allContainers: false,
    });
    const jd = { provider: 'jdcloud', containerId: 'c-1', regionId: 'cn-north-1', image: 'nginx:1.29' };
    assert.deepEqual(jdcloudContainerArg(jd), jd);
    assert.equal(jdcloudContainerFields(jd).image, 'nginx:1.29');
    assert.deepEqual(jdcloudContainerFields(undefined), {});
    assert.deepEqual(deployOptionsArg({ vSwitchId: 'vsw-1', followIntervalMs: 200 }), {
      vSwitchId: 'vsw-1',
      followIntervalMs: 200,
    });
    const uri = vscode.Uri.file('/tmp/a.eci.yaml');
    assert.equal(uriArg(uri), uri);
  });

  it('refuses anything else, saying what the command takes and what was wrong', () => {
    assert.throws(
      () => groupArg({ containerGroupID: 'eci-1' }),
      /^CommandArgumentError: expected a container group node, \{ containerGroupId: string, regionId\?: string \} or \{ containerGroupIds: string\[\], regionId\?: string \}; got an object with containerGroupID: containerGroupID is not one of its fields\.$/,
    );
    assert.throws(() => groupArg({ containerGroupId: 5 }), /; containerGroupId is number 5, not a string\.$/);
    assert.throws(() => groupArg('eci-1'), /; got the text "eci-1"\.$/);
    assert.throws(() => groupArg({ regionId: 'cn-hangzhou' }), /; no container group ID was given\.$/);
    assert.throws(
      () => groupArg({ containerGroupId: 'eci-1', containerGroupIds: ['eci-2'] }),
      /; got both containerGroupId and containerGroupIds\.$/,
    );
    const many = Array.from({ length: 21 }, (_, i) => `eci-${i}`);
    assert.throws(() => groupArg({ containerGroupIds: many }), /21 IDs were given, at most 20 are taken at once\.$/);
    assert.throws(() => containerArg({ containerGroupId: 'eci-1', allContainers: 'yes' }), /allContainers is the text/);
    assert.throws(() => jdcloudContainerArg({ provider: 'eci', containerId: 'c-1' }), /; provider is "eci"\.$/);
    assert.throws(() => jdcloudContainerArg({ containerId: ['c-1'] }), /; containerId is a list, not a string\.$/);
    assert.throws(() => uriArg('/tmp/a.eci.yaml'), /^CommandArgumentError: expected a document's URI/);
    // What the back doors took before commands always asked is refused, not ignored.
    assert.throws(() => deployOptionsArg({ confirmed: true }), /confirmed is not one of its fields/);
    assert.throws(() => newProfileArg({ name: 'x', saveAnyway: true }), /saveAnyway is not one of its fields/);
    // A follower told to ask back to back, or the API sent a size it refuses, is refused here.
    assert.throws(() => commitOptionsArg({ intervalMs: 0 }), /; intervalMs must be a positive number, not 0\.$/);
    assert.throws(() => diagnosticsOptionsArg({ timeoutMs: -5 }), /; timeoutMs must be a positive number, not -5\.$/);
    assert.throws(() => dataCacheChangesArg({ sizeGiB: -20 }), /; sizeGiB must be a positive number, not -20\.$/);
    assert.deepEqual(commitOptionsArg({ intervalMs: 100, timeoutMs: 1 }), { intervalMs: 100, timeoutMs: 1 });
  });

  it('a command given an argument it cannot take does nothing and asks nothing', async () => {
    await vscode.commands.executeCommand('eci.useLocalEmulator');
    // Read as nothing, the argument would have led to the palette's pick, which the script does not expect.
    const result = await new ScriptedPrompter().answering(() =>
      vscode.commands.executeCommand('eci.deleteGroup', { containerGroupID: 'eci-1' }),
    );
    assert.equal(result, undefined);
  });
});
