import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { eciLogSource } from '../../logs/log-follower';
import { LogTerminal } from '../terminals/log-terminal';
import { containerTarget } from './container-target';

/**
 * ECI: Stream Logs — follows a container's logs (or all of a group's, interleaved by time) in a terminal, with the
 * tail, since and timestamps of the `eci.logs.*` settings. Returns the view (for tests).
 */
export async function streamLogs(services: ExtensionServices, arg?: unknown): Promise<LogTerminal | undefined> {
  const target = await containerTarget(services, arg, true);
  if (target === undefined) return undefined;
  const settings = vscode.workspace.getConfiguration('eci');
  const since = settings.get<number>('logs.sinceSeconds', 0);
  const groupName = target.group.ContainerGroupName ?? target.group.ContainerGroupId;
  const view = new LogTerminal(
    { source: eciLogSource(target.client, target.group.ContainerGroupId, target.regionId), label: groupName, containerName: target.containerName },
    { tail: settings.get<number>('logs.tail', 100), sinceSeconds: since > 0 ? since : undefined, timestamps: settings.get<boolean>('logs.timestamps', true), maxLines: settings.get<number>('logs.maxLines', 10_000) },
    () => services.logStatus.update(),
  );
  const terminal = vscode.window.createTerminal({ name: `Logs: ${groupName}/${target.containerName ?? 'all'}`, pty: view, iconPath: new vscode.ThemeIcon('output') });
  services.logStatus.add(view);
  terminal.show(true);
  return view;
}
