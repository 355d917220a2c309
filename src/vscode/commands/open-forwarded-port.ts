import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { forwardedPortArg } from './stop-port-forward';

/**
 * ECI: Open Forwarded Port in Browser — http://127.0.0.1:<local port> in the browser; where VS Code's window is
 * elsewhere (code-server, Remote-SSH), the address VS Code maps it to. Returns the address opened.
 */
export async function openForwardedPort(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const port = await forwardedPortArg(services, given, vscode.l10n.t('Open in the browser'));
  if (port === undefined) return undefined;
  const local = vscode.Uri.parse(`http://127.0.0.1:${port.localPort}/`);
  const external = await vscode.env.asExternalUri(local);
  await vscode.env.openExternal(external);
  return external.toString();
}
