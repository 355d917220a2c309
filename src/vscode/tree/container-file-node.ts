import * as vscode from '../vscode-api';
import type { ContainerFileEntry, ContainerFiles } from '../../core/container-files';
import type { AnyProvider } from '../../providers/provider';
import { containerFileSystem } from '../files/container-file-system';
import type { ContainerPlace } from '../files/container-uri';
import { containerUri } from '../files/container-uri';
import type { Profile } from '../profiles/profile-store';
import { MessageNode } from './message-node';
import { childId } from './tree-node';
import type { TreeNode } from './tree-node';

/** The container a Files row and the rows under it belong to, as its container's row knows it. */
export interface FilesOwner {
  readonly profile: Profile;
  readonly provider: AnyProvider;
  readonly regionId: string;
  /** The provider's record of the workload. */
  readonly item: unknown;
  readonly place: ContainerPlace;
}

/**
 * A container's "Files" row and the files and folders under it, of either provider, read over exec when a folder is
 * opened (never by a refresh). The Files row is the container's working directory (where exec starts: the image's
 * WORKDIR), with the root folder "/" first when that is elsewhere. A file's row opens it in the editor through the
 * `eci-container:` file system; Download… and Upload… act on these rows, and local files dropped on a folder go in.
 */
export class ContainerFileNode implements TreeNode {
  readonly id: string;
  readonly childrenFromApi = true;

  private constructor(
    readonly owner: FilesOwner,
    /** The path in the container; undefined for the Files row until it has been asked (the working directory). */
    private knownPath: string | undefined,
    /** What the listing said of it; undefined for a folder row of ours (Files, "/"). */
    readonly entry: Pick<ContainerFileEntry, 'kind' | 'targetKind' | 'linkTarget' | 'size'> | undefined,
    private readonly label: string,
    private readonly above: TreeNode,
    kind: string,
    key?: string,
  ) {
    this.id = childId(above.id, kind, key);
  }

  /** The Files row under a container's row. */
  static filesRow(owner: FilesOwner, above: TreeNode): ContainerFileNode {
    return new ContainerFileNode(owner, undefined, undefined, vscode.l10n.t('Files'), above, 'files');
  }

  get isFolder(): boolean {
    return this.entry === undefined || this.entry.targetKind === 'directory';
  }

  parent(): TreeNode | undefined {
    return this.above;
  }

  /** The container's files (its exec backend known from the row: no lookup). */
  files(): Promise<ContainerFiles> {
    const { profile, provider, item, place } = this.owner;
    return containerFileSystem().filesOf(place, { profile, provider, item });
  }

  /** Its path in the container (the Files row's: the working directory, asked once). */
  async path(): Promise<string> {
    this.knownPath ??= await (await this.files()).workingDirectory();
    return this.knownPath;
  }

  async uri(): Promise<vscode.Uri> {
    return containerUri(this.owner.place, await this.path());
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.isFolder ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const entry = this.entry;
    if (entry === undefined) {
      item.iconPath = new vscode.ThemeIcon(this.knownPath === '/' ? 'root-folder' : 'files');
      item.description = this.knownPath === '/' ? vscode.l10n.t('root') : vscode.l10n.t('working directory');
    } else if (this.knownPath !== undefined) {
      // The theme's icon for the file's name and kind.
      item.resourceUri = containerUri(this.owner.place, this.knownPath);
      item.iconPath = this.isFolder ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
      if (entry.kind === 'symlink') item.description = `→ ${entry.linkTarget ?? vscode.l10n.t('link')}`;
      item.tooltip =
        entry.kind === 'file' ? vscode.l10n.t('{0} · {1} bytes', this.knownPath, entry.size) : this.knownPath;
      if (!this.isFolder)
        item.command = { command: 'eci.openContainerFile', title: vscode.l10n.t('Open'), arguments: [this] };
    }
    item.contextValue = this.isFolder ? 'eci.file.folder' : 'eci.file.file';
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    if (!this.isFolder) return [];
    try {
      const files = await this.files();
      const path = await this.path();
      const entries = (await files.list(path)).sort(
        (a, b) =>
          Number(b.targetKind === 'directory') - Number(a.targetKind === 'directory') || a.name.localeCompare(b.name),
      );
      const rows: TreeNode[] = entries.map(
        (entry) =>
          new ContainerFileNode(
            this.owner,
            path === '/' ? `/${entry.name}` : `${path}/${entry.name}`,
            entry,
            entry.name,
            this,
            'file',
            entry.name,
          ),
      );
      // The Files row (the only folder row of ours not at "/") shows "/" first when the working directory is not it.
      const root =
        this.knownPath !== '/' && this.entry === undefined
          ? [new ContainerFileNode(this.owner, '/', undefined, '/', this, 'root')]
          : [];
      if (rows.length === 0) return [...root, new MessageNode(this.id, vscode.l10n.t('Empty folder'), 'info')];
      return [...root, ...rows];
    } catch (error) {
      return [MessageNode.fromError(this.id, error)];
    }
  }
}
