import { homedir } from 'node:os';
import * as vscode from '../../vscode-api';
import { SAMPLE_TEMPLATE, SAMPLE_TEMPLATE_NAME } from '../../../template/sample-template';

/**
 * ECI: Open Sample Template — the walkthrough's second step: a web server's template as a new, unsaved
 * `hello-nginx.eci.yaml` in the first workspace folder (or the home folder), so that it is validated, completed and
 * deployable at once, and saved where the person says. An open one is shown again rather than opened twice.
 * Returns the document's URI.
 */
export async function openSampleTemplate(): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const uri = vscode.Uri.joinPath(folder, SAMPLE_TEMPLATE_NAME).with({ scheme: 'untitled' });
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const document = open ?? (await vscode.workspace.openTextDocument(uri));
  const editor = await vscode.window.showTextDocument(document);
  if (document.getText() === '') await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), SAMPLE_TEMPLATE));
  return document.uri.toString();
}
