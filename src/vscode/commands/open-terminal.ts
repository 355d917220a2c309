import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { ExecTerminal } from '../terminals/exec-terminal';
import { pickWorkload } from './workload-pick';
import { targetLabel, workloadTarget } from './workload-target';

/**
 * ECI: Open Terminal — an interactive shell in a container of any provider, in a VS Code terminal named after the
 * workload and the container. Several at once are fine. Returns the terminal and a reader of what it showed (for
 * tests).
 */
export async function openTerminal(
  services: ExtensionServices,
  given?: unknown,
): Promise<{ terminal: vscode.Terminal; transcript: () => string } | undefined> {
  // From the palette: a running workload of the regions the explorer shows, of every provider.
  const arg = given ?? (await pickWorkload(services, vscode.l10n.t('Open a Terminal in'), true));
  if (arg === undefined) return undefined;
  const target = await workloadTarget(services, arg, false);
  if (target?.container === undefined) return undefined;
  const { profile, provider, regionId, item, container } = target;
  const pty = new ExecTerminal(
    // The client is asked for at each open: Enter after a lost connection reconnects with whatever client is current.
    provider.execBackend(() => services.clients.client(profile), regionId, item, container),
    vscode.workspace.getConfiguration('eci').get<string>('exec.shell', 'auto'),
  );
  const terminal = vscode.window.createTerminal({
    name: targetLabel(target),
    pty,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  services.log.info(`Opened a terminal in ${target.workload.id}${target.workload.isContainer ? '' : `/${container}`}`);
  return { terminal, transcript: () => pty.transcript };
}
