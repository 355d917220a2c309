import * as vscode from '../vscode-api';
import { messageText } from '../error-text';
import { containerFileTarget } from '../commands/files/container-file-arg';
import { uploadInto } from '../commands/files/upload-to-container';
import type { ExtensionServices } from '../services';
import { ContainerFileNode } from '../tree/container-file-node';
import type { TreeNode } from '../tree/tree-node';

/**
 * Local files and folders dropped on a container's folder in the explorer (from the operating system or VS Code's
 * Explorer: `text/uri-list`) are uploaded into it, as Upload… does; dropped on a file, into the file's folder.
 */
export class ContainerFilesDrop implements vscode.TreeDragAndDropController<TreeNode> {
  readonly dropMimeTypes = ['text/uri-list'];
  readonly dragMimeTypes: string[] = [];

  constructor(private readonly services: () => ExtensionServices) {}

  async handleDrop(target: TreeNode | undefined, dataTransfer: vscode.DataTransfer): Promise<void> {
    const folder = target instanceof ContainerFileNode && !target.isFolder ? target.parent() : target;
    if (!(folder instanceof ContainerFileNode)) return;
    const locals = localPaths(await dataTransfer.get('text/uri-list')?.asString());
    if (locals.length === 0) return;
    const services = this.services();
    try {
      await uploadInto(services, await containerFileTarget('drop', folder), locals);
    } catch (error) {
      services.log.error(`Upload by drop failed: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(messageText(error));
    }
  }
}

/** The local paths of a `text/uri-list` (RFC 2483: one URI a line, "#" lines are comments); others left out. */
export function localPaths(uriList: string | undefined): string[] {
  return (uriList ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => {
      try {
        const uri = vscode.Uri.parse(line, true);
        return uri.scheme === 'file' ? [uri.fsPath] : [];
      } catch {
        return [];
      }
    });
}
