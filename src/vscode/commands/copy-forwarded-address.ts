import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { forwardedPortArg } from './stop-port-forward';

/** ECI: Copy Forwarded Address — `127.0.0.1:<local port>` to the clipboard. Returns it. */
export async function copyForwardedAddress(services: ExtensionServices, given?: unknown): Promise<string | undefined> {
  const port = await forwardedPortArg(services, given, vscode.l10n.t('Copy the address of'));
  if (port === undefined) return undefined;
  const address = `127.0.0.1:${port.localPort}`;
  await vscode.env.clipboard.writeText(address);
  return address;
}
