import * as vscode from '../vscode-api';
import type { ForwardedPort } from '../ports/forwarded-ports';
import type { ExtensionServices } from '../services';

/**
 * ECI: Stop Forwarding — a forwarded port's listener and every connection it relays (the Forwarded Ports view's
 * row, or a forward's ID; from the palette, a pick of them). Returns whether one was stopped.
 */
export async function stopPortForward(services: ExtensionServices, given?: unknown): Promise<boolean> {
  const port = await forwardedPortArg(services, given, vscode.l10n.t('Stop forwarding'));
  return port === undefined ? false : services.ports.stop(port.id);
}

/** The forward a command acts on: a view row (the forward itself), its ID, or one picked among them. */
export async function forwardedPortArg(
  services: ExtensionServices,
  given: unknown,
  title: string,
): Promise<ForwardedPort | undefined> {
  const all = services.ports.all();
  const id = typeof given === 'string' ? given : (given as Partial<ForwardedPort> | undefined)?.id;
  if (given !== undefined && given !== null) {
    const found = all.find((port) => port.id === id);
    if (found === undefined)
      throw new Error(vscode.l10n.t('No forwarded port {0}: it was stopped, or never forwarded.', String(id)));
    return found;
  }
  if (all.length === 0)
    throw new Error(vscode.l10n.t('No port is forwarded. Forward one with "ECI: Forward a Port" on a container.'));
  const picked = await services.prompter.pick(
    all.map((port) => ({
      label: `127.0.0.1:${port.localPort}`,
      description: `→ ${port.label}:${port.remotePort}`,
      port,
    })),
    { title },
  );
  return picked?.port;
}
