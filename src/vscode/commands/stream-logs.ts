import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { LogTerminal } from '../terminals/log-terminal';
import { pickWorkload } from './workload-pick';
import { targetLabel, workloadTarget } from './workload-target';

/**
 * ECI: Stream Logs — follows a workload's logs in a terminal, of any provider (a container, or all of an ECI group's
 * interleaved by time), with the tail, since and timestamps of the `eci.logs.*` settings. Returns the view (for
 * tests).
 */
export async function streamLogs(services: ExtensionServices, given?: unknown): Promise<LogTerminal | undefined> {
  // From the palette: any workload of the regions the explorer shows, of every provider, not only the home region's.
  const arg = given ?? (await pickWorkload(services, vscode.l10n.t('Stream Logs of'), false));
  if (arg === undefined) return undefined;
  const target = await workloadTarget(services, arg, true);
  if (target === undefined) return undefined;
  const { profile, provider, regionId, item } = target;
  const settings = vscode.workspace.getConfiguration('eci');
  const since = settings.get<number>('logs.sinceSeconds', 0);
  const view = new LogTerminal(
    {
      // The client is asked for at each call: the view outlives Refresh and settings changes, which replace it.
      source: provider.logSource(() => services.clients.client(profile), regionId, item),
      label: targetLabel(target),
      containerName: target.container,
    },
    {
      tail: settings.get<number>('logs.tail', 100),
      sinceSeconds: since > 0 ? since : undefined,
      timestamps: settings.get<boolean>('logs.timestamps', true),
      maxLines: settings.get<number>('logs.maxLines', 10_000),
    },
    () => services.logStatus.update(),
  );
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('Logs: {0}', targetLabel(target, vscode.l10n.t('all'))),
    pty: view,
    iconPath: new vscode.ThemeIcon('output'),
  });
  services.logStatus.add(view);
  terminal.show(true);
  return view;
}
