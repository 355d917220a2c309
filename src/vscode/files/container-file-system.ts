import * as vscode from '../vscode-api';
import { messageText } from '../error-text';
import type { ContainerFileStat } from '../../core/container-files';
import { ContainerFileError, ContainerFiles } from '../../core/container-files';
import type { AnyProvider } from '../../providers/provider';
import { providerFor } from '../../providers/registry';
import type { ProfileClients } from '../profiles/clients';
import type { Profile, ProfileStore } from '../profiles/profile-store';
import type { ContainerPlace } from './container-uri';
import { CONTAINER_SCHEME, containerPlace, placeKey } from './container-uri';

/**
 * Containers' files in the editor (`eci-container:` URIs, container-uri.ts): a FileSystemProvider over
 * src/core/container-files.ts, so that a file opens, is edited and saved as a local one, for both providers. A
 * container's workload is looked up once (its exec backend and what its tools are, kept while the window lives);
 * a failure is not kept, so that the next access asks again.
 */
export class ContainerFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly containers = new Map<string, Promise<ContainerFiles>>();

  constructor(
    private readonly profiles: ProfileStore,
    private readonly clients: ProfileClients,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** A container's files, through the workload a tree row holds (no lookup), or found by the URI's IDs. */
  filesOf(
    place: ContainerPlace,
    known?: { readonly profile: Profile; readonly provider: AnyProvider; readonly item: unknown },
  ): Promise<ContainerFiles> {
    const key = placeKey(place);
    let files = this.containers.get(key);
    if (files === undefined) {
      files = known === undefined ? this.lookUp(place) : Promise.resolve(this.make(place, known));
      this.containers.set(key, files);
      files.catch(() => this.containers.delete(key));
    }
    return files;
  }

  /** Says that files changed (after an upload), for open editors and watchers. */
  announce(changes: readonly vscode.FileChangeEvent[]): void {
    this.changed.fire([...changes]);
  }

  watch(): vscode.Disposable {
    // Containers send no change events; what is changed through this provider is announced by it.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return this.call(uri, async (files, path) => fileStat(await files.stat(path)));
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    return this.call(uri, async (files, path) =>
      (await files.list(path)).map((entry): [string, vscode.FileType] => [entry.name, fileType(entry)]),
    );
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await this.call(uri, (files, path) => files.mkdir(path));
    this.changed.fire([{ type: vscode.FileChangeType.Created, uri }]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.call(uri, (files, path) => files.read(path));
  }

  async writeFile(
    uri: vscode.Uri,
    content: Uint8Array,
    options: { readonly create: boolean; readonly overwrite: boolean },
  ): Promise<void> {
    await this.call(uri, (files, path) =>
      files.write(path, Buffer.from(content.buffer, content.byteOffset, content.byteLength), options),
    );
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    await this.call(uri, (files, path) => files.delete(path, options));
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  async rename(oldUri: vscode.Uri, newUri: vscode.Uri, options: { readonly overwrite: boolean }): Promise<void> {
    if (placeKey(containerPlace(oldUri)) !== placeKey(containerPlace(newUri)))
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('A file is moved within one container only.'));
    await this.call(oldUri, (files, path) => files.rename(path, newUri.path, options));
    this.changed.fire([
      { type: vscode.FileChangeType.Deleted, uri: oldUri },
      { type: vscode.FileChangeType.Created, uri: newUri },
    ]);
  }

  /** Runs `operation` on the URI's container and path, its failures as VS Code's FileSystemErrors. */
  private async call<T>(uri: vscode.Uri, operation: (files: ContainerFiles, path: string) => Promise<T>): Promise<T> {
    try {
      return await operation(await this.filesOf(containerPlace(uri)), uri.path);
    } catch (error) {
      throw fileSystemError(error);
    }
  }

  private async lookUp(place: ContainerPlace): Promise<ContainerFiles> {
    const profile = this.profiles.all().find((p) => p.id === place.profileId);
    if (profile === undefined)
      throw vscode.FileSystemError.Unavailable(
        vscode.l10n.t('The profile {0} of this file has been removed.', place.profileId),
      );
    const provider = providerFor(profile);
    const item = await provider.find(await this.clients.client(profile), place.regionId, place.workloadId);
    if (item === undefined)
      throw vscode.FileSystemError.FileNotFound(
        provider.info.id === 'eci'
          ? vscode.l10n.t(
              'No container group {0} in {1}: its files are gone with it.',
              place.workloadId,
              place.regionId,
            )
          : vscode.l10n.t('No container {0} in {1}: its files are gone with it.', place.workloadId, place.regionId),
      );
    return this.make(place, { profile, provider, item });
  }

  private make(
    place: ContainerPlace,
    known: { readonly profile: Profile; readonly provider: AnyProvider; readonly item: unknown },
  ): ContainerFiles {
    const { profile, provider, item } = known;
    // The client is asked for at each exec: a refresh or a settings change makes new ones.
    return new ContainerFiles(
      provider.execBackend(() => this.clients.client(profile), place.regionId, item, place.container),
    );
  }
}

function fileType(stat: ContainerFileStat): vscode.FileType {
  const target =
    stat.targetKind === 'directory'
      ? vscode.FileType.Directory
      : stat.targetKind === 'file'
        ? vscode.FileType.File
        : vscode.FileType.Unknown;
  return stat.kind === 'symlink' ? target | vscode.FileType.SymbolicLink : target;
}

/** A file the container's exec user may not write opens read-only (the editor says so, and does not offer Save). */
function fileStat(stat: ContainerFileStat): vscode.FileStat {
  return {
    type: fileType(stat),
    ctime: stat.mtimeMs,
    mtime: stat.mtimeMs,
    size: stat.size,
    permissions: stat.writable === false ? vscode.FilePermission.Readonly : undefined,
  };
}

/** Our errors as the kinds VS Code acts on (a missing file offers to create it), with our message. */
export function fileSystemError(error: unknown): Error {
  if (error instanceof vscode.FileSystemError) return error;
  const message = messageText(error);
  if (!(error instanceof ContainerFileError)) return vscode.FileSystemError.Unavailable(message);
  switch (error.code) {
    case 'ENOENT':
      return vscode.FileSystemError.FileNotFound(message);
    case 'ENOTDIR':
      return vscode.FileSystemError.FileNotADirectory(message);
    case 'EISDIR':
      return vscode.FileSystemError.FileIsADirectory(message);
    case 'EACCES':
    case 'ENOTEMPTY':
      return vscode.FileSystemError.NoPermissions(message);
    case 'EEXIST':
      return vscode.FileSystemError.FileExists(message);
    default:
      return vscode.FileSystemError.Unavailable(message);
  }
}

/**
 * The one provider of the scheme, made at activation. The explorer's Files rows reach containers through it, as the
 * editor does through VS Code's registry of schemes (which is one per window too).
 */
let registered: ContainerFileSystem | undefined;

export function registerContainerFileSystem(profiles: ProfileStore, clients: ProfileClients): vscode.Disposable[] {
  const fileSystem = new ContainerFileSystem(profiles, clients);
  registered = fileSystem;
  return [
    fileSystem,
    vscode.workspace.registerFileSystemProvider(CONTAINER_SCHEME, fileSystem, { isCaseSensitive: true }),
    new vscode.Disposable(() => {
      if (registered === fileSystem) registered = undefined;
    }),
  ];
}

export function containerFileSystem(): ContainerFileSystem {
  if (registered === undefined)
    throw new Error(vscode.l10n.t('The extension is not active: containers\u2019 files are unavailable.'));
  return registered;
}
