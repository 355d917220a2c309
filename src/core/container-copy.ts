import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import type { ContainerFiles } from './container-files';
import { ContainerFileError } from './container-files';
import { message, MessageError } from './messages/messages';

/**
 * Copies between this machine and a container, files or whole folders, over ContainerFiles (exec): what `eci cp` and
 * the explorer's Download and Upload share. A file streams through (never whole in memory). Inside a copied folder,
 * a symbolic link to a file is copied as that file; links to folders (which may loop) and dangling links are left
 * out, and counted.
 */
export interface CopyResult {
  readonly files: number;
  readonly folders: number;
  readonly bytes: number;
  /** Symbolic links left out (to folders, or dangling), and things that are neither file nor folder. */
  readonly skipped: number;
}

interface Tally {
  files: number;
  folders: number;
  bytes: number;
  skipped: number;
}

const tally = (): Tally => ({ files: 0, folders: 0, bytes: 0, skipped: 0 });

/**
 * Where a copy of `source` lands given `destination`, as cp decides: into `destination` (with the source's name) when
 * that is an existing folder, else at `destination` itself.
 */
export async function localDestination(destination: string, sourceName: string): Promise<string> {
  const existing = await stat(destination).catch(() => undefined);
  return existing?.isDirectory() === true ? join(destination, sourceName) : destination;
}

export async function remoteDestination(
  files: ContainerFiles,
  destination: string,
  sourceName: string,
): Promise<string> {
  const existing = await files.stat(destination).catch((error: unknown) => {
    if (error instanceof ContainerFileError && error.code === 'ENOENT') return undefined;
    throw error;
  });
  return existing?.targetKind === 'directory' ? posix.join(destination, sourceName) : destination;
}

/** Copies the container's file or folder `remote` to `local` (made or replaced). */
export async function copyFromContainer(files: ContainerFiles, remote: string, local: string): Promise<CopyResult> {
  const counts = tally();
  const what = await files.stat(remote);
  if (what.targetKind === 'directory') await downloadFolder(files, remote, local, counts);
  else if (what.targetKind === 'file') await downloadFile(files, remote, local, counts);
  else
    throw new ContainerFileError(
      'ENOTSUP',
      message('files.copy.remoteNeither', { path: remote, container: files.backend.label }),
      remote,
    );
  return counts;
}

async function downloadFolder(files: ContainerFiles, remote: string, local: string, counts: Tally): Promise<void> {
  await mkdir(local, { recursive: true });
  counts.folders++;
  for (const entry of await files.list(remote)) {
    const from = posix.join(remote, entry.name);
    const to = join(local, safeLocalName(entry.name));
    if (entry.kind === 'directory') await downloadFolder(files, from, to, counts);
    else if (entry.targetKind === 'file') await downloadFile(files, from, to, counts);
    else counts.skipped++;
  }
}

async function downloadFile(files: ContainerFiles, remote: string, local: string, counts: Tally): Promise<void> {
  const out = createWriteStream(local);
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  await opened;
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    await files.readTo(remote, async (chunk) => {
      counts.bytes += chunk.length;
      // This side's disk sets the pace: the container's output waits while the file catches up.
      if (!out.write(chunk))
        await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
    });
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  counts.files++;
}

/** A name from the container that this machine's file system takes as one name (no "/", no "." or ".."). */
function safeLocalName(name: string): string {
  if (name === '.' || name === '..' || name.includes('/') || name === '') return encodeURIComponent(name) || '_';
  return name;
}

/** Copies this machine's file or folder `local` to `remote` in the container (made or replaced). */
export async function copyToContainer(files: ContainerFiles, local: string, remote: string): Promise<CopyResult> {
  const counts = tally();
  const what = await stat(local);
  if (what.isDirectory()) await uploadFolder(files, local, remote, counts);
  else if (what.isFile()) await uploadFile(files, local, remote, counts);
  else throw new MessageError(message('files.copy.localNeither', { path: local }));
  return counts;
}

async function uploadFolder(files: ContainerFiles, local: string, remote: string, counts: Tally): Promise<void> {
  try {
    await files.mkdir(remote);
  } catch (error) {
    // An existing folder is copied into, as cp -r does.
    if (!(error instanceof ContainerFileError && error.code === 'EEXIST')) throw error;
    if ((await files.stat(remote)).targetKind !== 'directory') throw error;
  }
  counts.folders++;
  for (const name of await readdir(local)) {
    const from = join(local, name);
    const to = posix.join(remote, name);
    const own = await lstat(from);
    if (own.isDirectory()) await uploadFolder(files, from, to, counts);
    else if (own.isFile() || (own.isSymbolicLink() && (await stat(from).catch(() => undefined))?.isFile() === true))
      await uploadFile(files, from, to, counts);
    else counts.skipped++;
  }
}

async function uploadFile(files: ContainerFiles, local: string, remote: string, counts: Tally): Promise<void> {
  const { size } = await stat(local);
  const input = createReadStream(local);
  async function* counted(): AsyncIterable<Buffer> {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      counts.bytes += chunk.length;
      yield chunk;
    }
  }
  try {
    await files.write(remote, counted(), { size });
  } finally {
    input.destroy();
  }
  counts.files++;
}

/** The last part of a path in the container, for a copy's name. */
export function remoteName(path: string): string {
  return posix.basename(path) || basename(path);
}
