import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { clientSettings } from '../../src/vscode/client-settings';

/** The client settings the extension reads, against VS Code's real configuration. */
describe('client settings in VS Code', () => {
  it('signs with V3 by default and V1 when the setting says so', async () => {
    const config = vscode.workspace.getConfiguration('eci');
    assert.equal(clientSettings().signatureVersion, 'v3');
    await config.update('signatureVersion', 'v1', vscode.ConfigurationTarget.Global);
    try {
      assert.equal(clientSettings().signatureVersion, 'v1');
    } finally {
      await config.update('signatureVersion', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(clientSettings().signatureVersion, 'v3');
    assert.equal(clientSettings().timeoutMs, 30_000);
  });
});

describe('the local emulator in VS Code', () => {
  it('starts from its command and serves the demo data', async () => {
    const url = await vscode.commands.executeCommand<string>('eci.useLocalEmulator');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    // The same command again finds it running.
    assert.equal(await vscode.commands.executeCommand<string>('eci.useLocalEmulator'), url);
  });
});
