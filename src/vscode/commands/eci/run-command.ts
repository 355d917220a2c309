import * as vscode from '../../vscode-api';
import { runCommand as runInContainer } from '../../../eci/exec-session';
import type { ExtensionServices } from '../../services';
import { containerTarget } from './container-target';

/** ECI: Run Command — one command in a container (ExecContainerCommand with Sync=true); its output in a new document. */
export async function runCommand(
  services: ExtensionServices,
  arg?: unknown,
  commandLine?: unknown,
): Promise<string | undefined> {
  const target = await containerTarget(services, arg, false);
  if (target?.containerName === undefined) return undefined;
  const line =
    typeof commandLine === 'string'
      ? commandLine
      : await services.prompter.input({
          title: `Run in ${target.group.ContainerGroupName ?? ''}/${target.containerName}`,
          prompt: 'A command, run with sh -c; its output opens in a new document',
          ignoreFocusOut: true,
        });
  if (line === undefined || line.trim() === '') return undefined;
  const output = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running ${line}` },
    () =>
      runInContainer(target.client, {
        containerGroupId: target.group.ContainerGroupId,
        containerName: target.containerName ?? '',
        regionId: target.regionId,
        command: ['sh', '-c', line],
      }),
  );
  if (typeof commandLine !== 'string')
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: output, language: 'log' }));
  return output;
}
