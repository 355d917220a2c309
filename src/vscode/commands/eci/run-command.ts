import * as vscode from '../../vscode-api';
import { runCommand as runInContainer } from '../../../eci/exec-session';
import type { ExtensionServices } from '../../services';
import { textArg } from '../command-args';
import { containerTarget } from './container-target';

/** ECI: Run Command — one command in a container (ExecContainerCommand with Sync=true); its output in a new document. */
export async function runCommand(
  services: ExtensionServices,
  arg?: unknown,
  commandLine?: unknown,
): Promise<string | undefined> {
  // l10n-ignore: names the argument in command-args.ts's (English) refusal of a wrong one from automation
  const given = textArg(commandLine, 'the command line');
  const target = await containerTarget(services, arg, false);
  if (target?.containerName === undefined) return undefined;
  const line =
    given !== undefined
      ? given
      : await services.prompter.input({
          title: vscode.l10n.t('Run in {0}/{1}', target.group.ContainerGroupName ?? '', target.containerName),
          prompt: vscode.l10n.t('A command, run with sh -c; its output opens in a new document'),
          ignoreFocusOut: true,
        });
  if (line === undefined || line.trim() === '') return undefined;
  const output = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0}', line) },
    () =>
      runInContainer(target.client, {
        containerGroupId: target.group.ContainerGroupId,
        containerName: target.containerName ?? '',
        regionId: target.regionId,
        command: ['sh', '-c', line],
      }),
  );
  if (given === undefined)
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: output, language: 'log' }));
  return output;
}
