import { posix } from 'node:path';
import * as vscode from '../../vscode-api';
import type { CopyResult } from '../../../core/container-copy';
import { copyFromContainer, localDestination } from '../../../core/container-copy';
import type { ExtensionServices } from '../../services';
import { containerFileTarget } from './container-file-arg';

/**
 * Download…: a container's file or folder (with everything in it) to a local folder the person chooses, streamed
 * over exec. Returns where it went and what was copied; undefined when the choice is dismissed.
 */
export async function downloadContainerFile(
  services: ExtensionServices,
  arg?: unknown,
): Promise<{ local: string; copied: CopyResult } | undefined> {
  const target = await containerFileTarget('eci.downloadContainerFile', arg);
  const name = posix.basename(target.path) || 'root';
  const [folder] =
    (await services.prompter.chooseLocal({
      title: vscode.l10n.t('Download {0} from {1} to', name, target.files.backend.label),
      action: vscode.l10n.t('Download Here'),
      folders: true,
      many: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    })) ?? [];
  if (folder === undefined) return undefined;
  const local = await localDestination(folder.fsPath, name);
  const copied = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}…', target.path) },
    () => copyFromContainer(target.files, target.path, local),
  );
  services.log.info(
    `Downloaded ${target.files.backend.label}:${target.path} to ${local} (${copied.files} files, ${copied.bytes} bytes)`,
  );
  return { local, copied };
}
