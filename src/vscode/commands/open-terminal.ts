import * as vscode from '../vscode-api';
import type { ExtensionServices } from '../services';
import { eciExecBackend } from '../../eci/exec-session';
import { ExecTerminal } from '../terminals/exec-terminal';
import { jdcloudExecBackend } from '../../jdcloud/exec-session';
import { containerTarget } from './eci/container-target';
import { isJdcloudArg, jdcloudContainerTarget } from './jdcloud/container-target';
import { pickWorkload } from './workload-pick';

/**
 * ECI: Open Terminal — an interactive shell in a container, in a VS Code terminal named after the group and the
 * container. Several at once are fine. Returns the terminal and a reader of what it showed (for tests).
 */
export async function openTerminal(
  services: ExtensionServices,
  given?: unknown,
): Promise<{ terminal: vscode.Terminal; transcript: () => string } | undefined> {
  // From the palette: a running group or JD Cloud container of the regions the explorer shows.
  const arg = given ?? (await pickWorkload(services, 'Open a Terminal in', true));
  if (arg === undefined) return undefined;
  if (isJdcloudArg(arg)) {
    // A JD Cloud Native Container: the same terminal over its exec.
    const native = await jdcloudContainerTarget(services, arg, ['running']);
    if (native === undefined) return undefined;
    const pty = new ExecTerminal(
      jdcloudExecBackend(() => services.clients.jdcloudFor(native.profile), native.regionId, native.container),
      vscode.workspace.getConfiguration('eci').get<string>('exec.shell', 'auto'),
    );
    const terminal = vscode.window.createTerminal({
      name: native.container.name,
      pty,
      iconPath: new vscode.ThemeIcon('terminal'),
    });
    terminal.show();
    services.log.info(`Opened a terminal in ${native.container.containerId}`);
    return { terminal, transcript: () => pty.transcript };
  }
  const target = await containerTarget(services, arg, false);
  if (target?.containerName === undefined) return undefined;
  const groupName = target.group.ContainerGroupName ?? target.group.ContainerGroupId;
  const pty = new ExecTerminal(
    eciExecBackend(() => services.clients.for(target.profile), {
      regionId: target.regionId,
      containerGroupId: target.group.ContainerGroupId,
      groupName,
      containerName: target.containerName,
    }),
    vscode.workspace.getConfiguration('eci').get<string>('exec.shell', 'auto'),
  );
  const terminal = vscode.window.createTerminal({
    name: `${groupName}/${target.containerName}`,
    pty,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  services.log.info(`Opened a terminal in ${target.group.ContainerGroupId}/${target.containerName}`);
  return { terminal, transcript: () => pty.transcript };
}
