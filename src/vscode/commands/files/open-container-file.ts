import * as vscode from '../../vscode-api';
import { containerFileTarget } from './container-file-arg';

/**
 * Opens a container's file (a Files row's, or an `eci-container:` URI) in the editor, read over exec; saving it writes
 * it back (src/vscode/files/container-file-system.ts). Returns the editor, or undefined for a file VS Code shows
 * otherwise (a binary one).
 */
export async function openContainerFile(_services: unknown, arg?: unknown): Promise<vscode.TextEditor | undefined> {
  const { uri } = await containerFileTarget('eci.openContainerFile', arg);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  const editor = vscode.window.activeTextEditor;
  return editor?.document.uri.toString() === uri.toString() ? editor : undefined;
}
