import * as vscode from '../../vscode-api';
import type { ContainerFiles } from '../../../core/container-files';
import { containerFileSystem } from '../../files/container-file-system';
import { CONTAINER_SCHEME, containerPlace } from '../../files/container-uri';
import { ContainerFileNode } from '../../tree/container-file-node';
import { CommandArgumentError } from '../command-args';

/** A file or folder of a container a command acts on: a Files row, or an `eci-container:` URI (automation). */
export interface ContainerFileTarget {
  /** The row, when the command came from the tree (to redraw it after a change). */
  readonly node: ContainerFileNode | undefined;
  readonly files: ContainerFiles;
  readonly path: string;
  readonly uri: vscode.Uri;
}

export async function containerFileTarget(command: string, arg: unknown): Promise<ContainerFileTarget> {
  if (arg instanceof ContainerFileNode)
    return { node: arg, files: await arg.files(), path: await arg.path(), uri: await arg.uri() };
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg, true) : undefined;
  if (uri?.scheme !== CONTAINER_SCHEME)
    // l10n-ignore: automation's mistake, said in English as command-args.ts says its own
    throw new CommandArgumentError(`${command} takes a container's file or folder: its row, or an eci-container: URI.`);
  return { node: undefined, files: await containerFileSystem().filesOf(containerPlace(uri)), path: uri.path, uri };
}
