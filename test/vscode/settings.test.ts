import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import { createContainerGroup } from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/demo-key';
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

describe('an emulator that runs already (eci.emulator.url, as npm start sets it)', () => {
  it('is the one the Local emulator profile talks to, with its demo key; a wrong value is refused with a message', async () => {
    const extension = vscode.extensions.all.find(
      (e) => (e.packageJSON as { name?: string } | undefined)?.name === 'vscode-eci',
    );
    assert.ok(extension);
    // An emulator of the test's own, empty, in its own process, as `npm start` runs one.
    const child = spawn(
      process.execPath,
      [join(extension.extensionPath, 'dist', 'cli.js'), 'emulator', '--port', '0', '--speed', '100'],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
    );
    const config = vscode.workspace.getConfiguration('eci');
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /^listening on (\S+)$/m.exec(out)?.[1];
          if (found !== undefined) resolve(found);
        });
        child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
      });
      const client = new EciClient({
        credentials: { ...DEMO_KEY, source: 'test' },
        regionId: 'cn-hangzhou',
        endpoint: url,
        maxAttempts: 1,
      });
      const { ContainerGroupId: id } = await createContainerGroup(client, {
        ContainerGroupName: 'only-here',
        SecurityGroupId: 'sg-t',
        VSwitchId: 'vsw-cn-hangzhou-h-t',
        Container: [{ Name: 'app', Image: 'nginx:alpine' }],
      });

      await config.update('emulator.url', url, vscode.ConfigurationTarget.Global);
      assert.equal(await vscode.commands.executeCommand<string>('eci.useLocalEmulator'), url);
      await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
      // The group exists only in this emulator: the extension finds its events there.
      const shown = await vscode.commands.executeCommand<number | undefined>(
        'eci.showEvents',
        { containerGroupId: id },
        undefined,
        'noPicker',
      );
      assert.ok((shown ?? 0) > 0, `events shown: ${shown}`);

      await config.update('emulator.url', 'ftp://127.0.0.1:1', vscode.ConfigurationTarget.Global);
      // Refused (the message goes to a notification), not taken for an emulator.
      assert.equal(await vscode.commands.executeCommand<string | undefined>('eci.useLocalEmulator'), undefined);
      await client.close();
    } finally {
      await config.update('emulator.url', undefined, vscode.ConfigurationTarget.Global);
      child.kill();
    }
    // Back to the extension's own emulator, which the other tests use.
    assert.match(await vscode.commands.executeCommand<string>('eci.useLocalEmulator'), /^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('diagnostics', () => {
  it('reports the extension host heap and what the explorer holds, without a secret', async () => {
    await vscode.commands.executeCommand('eci.useLocalEmulator');
    await vscode.commands.executeCommand('eci.selectProfile', 'local-emulator');
    const diagnostics = await vscode.commands.executeCommand<
      | {
          heapUsedMb: number;
          rssMb: number;
          held: Record<string, { regions: number; workloads: number }>;
          logViews: number;
        }
      | undefined
    >('eci.showDiagnostics');
    assert.ok(diagnostics !== undefined);
    assert.ok(diagnostics.heapUsedMb > 1 && diagnostics.heapUsedMb < diagnostics.rssMb, JSON.stringify(diagnostics));
    for (const counts of Object.values(diagnostics.held))
      assert.ok(
        Number.isInteger(counts.workloads) && counts.workloads >= 0 && counts.regions >= 1,
        JSON.stringify(diagnostics),
      );
    assert.ok(!JSON.stringify(diagnostics).includes(DEMO_KEY.accessKeySecret));
  });
});
