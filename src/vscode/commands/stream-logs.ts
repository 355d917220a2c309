import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { eciLogSource } from '../../eci/log-source';
import { jdcloudLogSource } from '../../jdcloud/log-source';
import type { LogTarget } from '../terminals/log-terminal';
import { LogTerminal } from '../terminals/log-terminal';
import { isJdcloudArg, jdcloudContainerTarget } from './jdcloud/container-target';
import { containerTarget } from './eci/container-target';
import { pickWorkload } from './workload-pick';

/**
 * ECI: Stream Logs — follows a container's logs (or all of a group's, interleaved by time) in a terminal, with the
 * tail, since and timestamps of the `eci.logs.*` settings; a JD Cloud Native Container's too, through the same
 * view. Returns the view (for tests).
 */
export async function streamLogs(services: ExtensionServices, given?: unknown): Promise<LogTerminal | undefined> {
  // From the palette: any group or JD Cloud container of the regions the explorer shows, not only the home region's.
  const arg = given ?? (await pickWorkload(services, 'Stream Logs of', false));
  if (arg === undefined) return undefined;
  let logTarget: LogTarget;
  let name: string;
  if (isJdcloudArg(arg)) {
    // A JD Cloud Native Container: getLogs through the same follower and the same view.
    const target = await jdcloudContainerTarget(services, arg);
    if (target === undefined) return undefined;
    logTarget = {
      source: jdcloudLogSource(
        () => services.clients.jdcloudFor(target.profile),
        target.regionId,
        target.container.containerId,
      ),
      label: target.container.name,
      containerName: target.container.name,
    };
    name = `Logs: ${target.container.name}`;
  } else {
    const target = await containerTarget(services, arg, true);
    if (target === undefined) return undefined;
    const groupName = target.group.ContainerGroupName ?? target.group.ContainerGroupId;
    logTarget = {
      source: eciLogSource(() => services.clients.for(target.profile), target.group.ContainerGroupId, target.regionId),
      label: `${groupName}/${target.containerName ?? 'all containers'}`,
      containerName: target.containerName,
    };
    name = `Logs: ${groupName}/${target.containerName ?? 'all'}`;
  }
  const settings = vscode.workspace.getConfiguration('eci');
  const since = settings.get<number>('logs.sinceSeconds', 0);
  const view = new LogTerminal(
    logTarget,
    {
      tail: settings.get<number>('logs.tail', 100),
      sinceSeconds: since > 0 ? since : undefined,
      timestamps: settings.get<boolean>('logs.timestamps', true),
      maxLines: settings.get<number>('logs.maxLines', 10_000),
    },
    () => services.logStatus.update(),
  );
  const terminal = vscode.window.createTerminal({ name, pty: view, iconPath: new vscode.ThemeIcon('output') });
  services.logStatus.add(view);
  terminal.show(true);
  return view;
}
