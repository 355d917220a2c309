import { basename } from 'node:path';
import { posix } from 'node:path';
import * as vscode from '../../vscode-api';
import type { CopyResult } from '../../../core/container-copy';
import { copyToContainer } from '../../../core/container-copy';
import { containerFileSystem } from '../../files/container-file-system';
import type { ExtensionServices } from '../../services';
import type { ContainerFileTarget } from './container-file-arg';
import { containerFileTarget } from './container-file-arg';

/**
 * Upload…: local files and folders (with everything in them) into a container's folder, streamed over exec; what is
 * there under the same name is replaced. Returns the paths made in the container; undefined when the choice is
 * dismissed. Files dropped on a folder of the tree go the same way (src/vscode/files/container-drop.ts).
 */
export async function uploadToContainer(services: ExtensionServices, arg?: unknown): Promise<string[] | undefined> {
  const target = await containerFileTarget('eci.uploadToContainer', arg);
  const chosen = await services.prompter.chooseLocal({
    title: vscode.l10n.t('Upload to {0} in {1}', target.path, target.files.backend.label),
    action: vscode.l10n.t('Upload'),
    folders: false,
    many: true,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  if (chosen === undefined || chosen.length === 0) return undefined;
  return uploadInto(
    services,
    target,
    chosen.map((uri) => uri.fsPath),
  );
}

/** Copies local paths into the target folder, then redraws its row and says what changed. */
export async function uploadInto(
  services: ExtensionServices,
  target: ContainerFileTarget,
  locals: readonly string[],
): Promise<string[]> {
  if (target.node !== undefined && !target.node.isFolder)
    throw new Error(vscode.l10n.t('{0} is a file: upload into a folder.', target.path));
  const made: string[] = [];
  const total: CopyResult = { files: 0, folders: 0, bytes: 0, skipped: 0 };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading to {0}…', target.path) },
    async (progress) => {
      for (const local of locals) {
        const remote = posix.join(target.path, basename(local));
        progress.report({ message: basename(local) });
        const copied = await copyToContainer(target.files, local, remote);
        made.push(remote);
        Object.assign(total, {
          files: total.files + copied.files,
          folders: total.folders + copied.folders,
          bytes: total.bytes + copied.bytes,
          skipped: total.skipped + copied.skipped,
        });
      }
    },
  );
  services.log.info(
    `Uploaded ${locals.length} item(s) to ${target.files.backend.label}:${target.path} (${total.files} files, ${total.bytes} bytes)`,
  );
  containerFileSystem().announce(
    made.map((path) => ({ type: vscode.FileChangeType.Created, uri: target.uri.with({ path }) })),
  );
  if (target.node !== undefined) services.explorer.redrawRow(target.node);
  return made;
}
