import assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Runs a command of the extension host (the extension's commands return what they did, for tests). */
export const run = <T>(command: string, ...args: unknown[]): Thenable<T> =>
  vscode.commands.executeCommand<T>(command, ...args);

/** The test workspace's folder. */
export function workspace(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri;
}

/** A file of the test workspace written with `content`, opened in an editor. */
export async function open(name: string, content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(workspace(), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(content));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

/** The extension on an emulator a test started (`eci.emulator.url`, as `npm start` sets it), its profile active. */
export async function useEmulatorAt(url: string): Promise<void> {
  await vscode.workspace.getConfiguration('eci').update('emulator.url', url, vscode.ConfigurationTarget.Global);
  assert.equal(await run<string>('eci.useLocalEmulator'), url);
}

/** Back on the extension's own emulator, as the tests after expect. */
export async function backOnOwnEmulator(): Promise<void> {
  await vscode.workspace.getConfiguration('eci').update('emulator.url', undefined, vscode.ConfigurationTarget.Global);
  await run('eci.useLocalEmulator');
  await run('eci.refresh');
}
