import { posix } from 'node:path';
import type { ExecBackend, ExecByteStream, ExecEnd } from './exec';
import { runToEnd } from './exec';
import type { Message } from './messages/messages';
import { isMessageId, message, MessageError } from './messages/messages';

/**
 * A container's files over exec, whichever provider's: neither ECI nor JD Cloud's Native Container has a file API,
 * but their exec sessions carry bytes both ways. Each operation is one short POSIX `sh` script run without a terminal
 * (list, stat, mkdir, delete, rename), or a script that streams a file's bytes out (`cat`) or in (stdin to a temporary
 * file, then `mv`). Only `sh` and coreutils or busybox are needed: a listing uses GNU find's `-printf` where the
 * container has it (one process for the whole folder), else `stat -c` (GNU's or busybox's), found out once per
 * container. Names travel NUL-separated, so spaces, newlines and any Unicode in them stay whole.
 *
 * ECI's ExecContainerCommand takes at most 20 command items of at most 256 characters (eci-api.md §4): every script,
 * with its paths quoted into it, goes as pieces that a short `sh -c` joins and evaluates.
 */

export type ContainerFileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface ContainerFileStat {
  readonly kind: ContainerFileKind;
  /** A symbolic link's target's kind ('other' for a dangling or looping link); the entry's own kind otherwise. */
  readonly targetKind: ContainerFileKind;
  readonly size: number;
  /** Modification time, in milliseconds since the epoch. */
  readonly mtimeMs: number;
  /** Permission bits (0o755); the file type's bits left out. */
  readonly mode: number;
  /** Where a symbolic link points, where the container's tools say it. */
  readonly linkTarget?: string | undefined;
  /**
   * Whether the container's exec user may write it (what `[ -w ]` says: its permissions, a read-only mount); only
   * `stat()` asks, a listing does not.
   */
  readonly writable?: boolean | undefined;
}

export interface ContainerFileEntry extends ContainerFileStat {
  readonly name: string;
}

export type ContainerFileErrorCode =
  'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EACCES' | 'EEXIST' | 'ENOTEMPTY' | 'ENOTSUP' | 'EIO';

/**
 * A failed file operation, with a code a caller can map (VS Code's FileSystemError kinds) and a plain message (a
 * message of the catalog: `said` says it in another language).
 */
export class ContainerFileError extends MessageError {
  override readonly name = 'ContainerFileError';
  constructor(
    readonly code: ContainerFileErrorCode,
    said: Message,
    readonly path: string,
  ) {
    super(said);
  }
}

/** The exit codes the scripts use to say what went wrong (below 126, and above the tools' own 1 and 2). */
const EXIT_CODES: Readonly<Record<number, ContainerFileErrorCode>> = {
  40: 'ENOENT',
  41: 'ENOTDIR',
  42: 'EISDIR',
  43: 'EACCES',
  44: 'EEXIST',
  45: 'ENOTEMPTY',
};

/** How a container lists a folder: GNU find's -printf, or stat -c (coreutils' or busybox's). */
export type ListingDialect = 'find' | 'stat';

/** sh helpers every script starts with: the checks that give the exit codes above. */
const PRELUDE = [
  'unset IFS',
  // Not there: permission denied when the nearest folder above that is there may not be searched, else no such file.
  'e(){ [ -e "$1" ]||[ -L "$1" ]||{ p=$1;while [ ! -e "$p" ]&&[ "$p" != / ];do p=$(dirname -- "$p");done;[ -x "$p" ]||exit 43;exit 40;};}',
  'd(){ e "$1";[ -d "$1" ]||exit 41;}',
  'nd(){ [ -d "$1" ]&&exit 42;:;}',
  'pd(){ p=$(dirname -- "$1");d "$p";}',
].join(';');

/** GNU find's record of one entry: kind, target's kind, size, mtime, mode, link target, name; each NUL-ended. */
const FIND_FORMAT = '%y\\0%Y\\0%s\\0%T@\\0%m\\0%l\\0%f\\0';

/**
 * stat's record of entries: the names NUL-separated (each with its link's target kind), an empty field, then one
 * line per name (`raw-mode size mtime`), in the same order.
 */
const STAT_LISTING = [
  'for f; do printf "%s\\0" "$f"',
  'if [ -L "$f" ]; then if [ -d "$f" ]; then printf "d\\0"; elif [ -e "$f" ]; then printf "f\\0"; else printf "N\\0"; fi',
  'else printf "%s\\0" -; fi; done; printf "\\0"',
  '[ $# -gt 0 ] && stat -c "%f %s %Y" -- "$@"; :',
].join(';');

/** Above this many bytes handed to the exec connection and not yet sent, an upload waits. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** The size of the pieces an upload is sent in. */
const CHUNK_BYTES = 256 * 1024;

export interface ContainerFilesOptions {
  /** A script still running after this long is closed and said to be (default 60 s; a read or write: none). */
  readonly timeoutMs?: number | undefined;
  /** The listing dialect, when known (tests); found out with the first listing otherwise. */
  readonly dialect?: ListingDialect | undefined;
}

/** The files of one container, through its exec backend. Paths are absolute POSIX paths in the container. */
export class ContainerFiles {
  private dialect: Promise<ListingDialect> | undefined;
  private cwd: Promise<string> | undefined;

  constructor(
    readonly backend: ExecBackend,
    private readonly options: ContainerFilesOptions = {},
  ) {
    if (options.dialect !== undefined) this.dialect = Promise.resolve(options.dialect);
  }

  /** The folder's entries (without . and ..), in no particular order. */
  async list(path: string): Promise<ContainerFileEntry[]> {
    const dir = absolute(path);
    const dialect = await this.listingDialect();
    const listing =
      dialect === 'find'
        ? // -H: a link to a folder (/bin on many images) is listed as the folder it points to.
          `find -H "$P" -mindepth 1 -maxdepth 1 -printf '${FIND_FORMAT}'`
        : `cd -- "$P"||exit 43;set --;for f in .* *; do case $f in .|..) continue;; esac;[ -e "$f" ]||[ -L "$f" ]&&set -- "$@" "$f";done;${STAT_LISTING}`;
    const script = `P=${quote(dir)};d "$P";[ -r "$P" ]&&[ -x "$P" ]||exit 43;${listing}`;
    const stdout = await this.run('list', dir, script);
    return dialect === 'find' ? parseFindRecords(stdout) : parseStatRecords(stdout);
  }

  /** What the path is (a symbolic link as itself, with its target's kind). */
  async stat(path: string): Promise<ContainerFileStat> {
    const target = absolute(path);
    const dialect = await this.listingDialect();
    const record =
      dialect === 'find'
        ? `find "$P" -maxdepth 0 -printf '${FIND_FORMAT}'`
        : `cd -- "$(dirname -- "$P")"||exit 43;set -- "$(basename -- "$P")";${STAT_LISTING}`;
    // W or R first: whether the exec user may write it, then the record.
    const stdout = await this.run(
      'stat',
      target,
      `P=${quote(target)};e "$P";{ [ -w "$P" ]&&printf W||printf R;};${record}`,
    );
    const records = stdout.subarray(1);
    const [entry] = dialect === 'find' ? parseFindRecords(records) : parseStatRecords(records);
    if (entry === undefined) throw this.failure('stat', target, 'EIO', message('files.detail.noRecord'));
    const { name: _name, ...stat } = entry;
    return { ...stat, writable: stdout[0] === 0x57 };
  }

  /**
   * A file's bytes, streamed to `onChunk` as they come (a chunk's buffer is the reader's to keep); resolves when the
   * file has been read to its end. `onChunk` may return a promise (the writing of a local file): output is paused
   * until it settles. `onSize` hears the file's size first, where the container's `stat` says it.
   */
  async readTo(
    path: string,
    onChunk: (chunk: Buffer) => void | Promise<void>,
    onSize?: (size: number) => void,
  ): Promise<void> {
    const file = absolute(path);
    // The size first, on a line of its own ("-" when stat cannot say), then the bytes.
    const script = `P=${quote(file)};e "$P";nd "$P";[ -r "$P" ]||exit 43;{ stat -L -c %s -- "$P" 2>/dev/null||echo -;};exec cat -- "$P"`;
    let header: Buffer | undefined = Buffer.alloc(0);
    const stderr: Buffer[] = [];
    let pending: Promise<void> = Promise.resolve();
    let failed: unknown;
    // Set once the session is open; output is paused through it while the reader is busy.
    const opened: { stream?: ExecByteStream } = {};
    const deliver = (chunk: Buffer): void => {
      const result = onChunk(chunk);
      if (result === undefined) return;
      opened.stream?.pause();
      pending = pending
        .then(() => result)
        .catch((error: unknown) => {
          failed ??= error;
          void opened.stream?.close();
        })
        .finally(() => opened.stream?.resume());
    };
    const stream = await this.backend.openStream(command(script), {
      onData: (data, which) => {
        if (which === 'stderr') {
          stderr.push(data);
          return;
        }
        if (header === undefined) {
          deliver(data);
          return;
        }
        header = Buffer.concat([header, data]);
        const newline = header.indexOf(0x0a);
        if (newline === -1) return;
        const size = Number(header.subarray(0, newline).toString('latin1'));
        if (Number.isSafeInteger(size)) onSize?.(size);
        const rest = header.subarray(newline + 1);
        header = undefined;
        if (rest.length > 0) deliver(rest);
      },
    });
    opened.stream = stream;
    stream.end();
    const end = await stream.done();
    await pending;
    if (failed !== undefined) throw failed;
    this.check('read', file, end, Buffer.concat(stderr));
    if (header !== undefined) throw this.failure('read', file, 'EIO', message('files.detail.nothingSent'));
  }

  /** A file's bytes, in one buffer (allocated once when the container says the size). */
  async read(path: string): Promise<Buffer> {
    let whole: Buffer | undefined;
    let filled = 0;
    const extra: Buffer[] = [];
    await this.readTo(
      path,
      (chunk) => {
        if (whole !== undefined && filled + chunk.length <= whole.length) {
          chunk.copy(whole, filled);
          filled += chunk.length;
        } else extra.push(chunk);
      },
      (size) => (whole = Buffer.allocUnsafe(size)),
    );
    // A file that grew while it was read, or a container that could not say its size: what came, joined.
    if (whole === undefined) return Buffer.concat(extra);
    if (extra.length === 0) return whole.subarray(0, filled);
    return Buffer.concat([whole.subarray(0, filled), ...extra]);
  }

  /**
   * Writes a file from `content` (bytes, or pieces as they are read), through a temporary file beside it that is
   * then moved over it (a reader never sees half a file; the old file's permissions are kept). Where the folder
   * cannot take a new file but the file may be written, it is written in place.
   * `create` (default true): may make a new file; `overwrite` (default true): may replace one.
   */
  async write(
    path: string,
    content: Buffer | AsyncIterable<Buffer>,
    options: {
      readonly create?: boolean;
      readonly overwrite?: boolean;
      /** The number of bytes `content` holds, when it is read as it goes and that is known (a local file's size). */
      readonly size?: number | undefined;
    } = {},
  ): Promise<void> {
    const file = absolute(path);
    const create = options.create ?? true;
    const overwrite = options.overwrite ?? true;
    const size = Buffer.isBuffer(content) ? content.length : options.size;
    // With the size known, the copy ends after that many bytes without waiting for the end of input: ECI documents
    // no end-of-input signal (eci-api.md §4), so a server that ignored ours would otherwise leave it waiting.
    const copy = size === undefined ? 'cat' : `head -c ${size}`;
    const script = [
      `P=${quote(file)}`,
      `if [ -e "$P" ]||[ -L "$P" ]; then nd "$P";${overwrite ? '' : 'exit 44;'}[ -w "$P" ]||exit 43;x=1;[ -L "$P" ]&&x=2`,
      `else ${create ? '' : 'exit 40;'}pd "$P";x=;fi`,
      'D=$(dirname -- "$P");T="$D/.$(basename -- "$P").eci-$$"',
      // A link is written through (replacing it would cut it); a hang-up leaves no temporary file behind.
      `if [ "$x" != 2 ]&&( : >"$T" ) 2>/dev/null; then trap 'rm -f -- "$T";exit 1' HUP INT TERM`,
      `${copy} >"$T"||{ rm -f -- "$T";exit 1;}`,
      '[ -n "$x" ]&&{ m=$(stat -c %a -- "$P" 2>/dev/null)&&chmod "$m" "$T";}',
      'mv -f -- "$T" "$P"||{ rm -f -- "$T";exit 1;}',
      `elif [ -n "$x" ]; then ${copy} >"$P"; else [ -w "$D" ]||exit 43;${copy} >"$P";fi`,
    ].join(';');
    const stderr: Buffer[] = [];
    const stream = await this.backend.openStream(command(script), {
      onData: (data, which) => {
        if (which === 'stderr') stderr.push(data);
      },
    });
    try {
      await send(stream, content);
    } catch (error) {
      // The script may have refused (the file exists, a folder is missing) and ended the session: say why.
      const ended = await Promise.race([
        stream.done(),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000).unref()),
      ]);
      if (ended === undefined) await stream.close();
      else this.check('write', file, ended, Buffer.concat(stderr));
      throw error;
    }
    stream.end();
    this.check('write', file, await stream.done(), Buffer.concat(stderr));
  }

  /** Makes a folder (its parent must exist). */
  async mkdir(path: string): Promise<void> {
    const dir = absolute(path);
    await this.run('mkdir', dir, `P=${quote(dir)};[ -e "$P" ]||[ -L "$P" ]&&exit 44;pd "$P";mkdir -- "$P"`);
  }

  /** Deletes a file, a link or an empty folder; a folder with everything in it when `recursive`. */
  async delete(path: string, options: { readonly recursive?: boolean } = {}): Promise<void> {
    const target = absolute(path);
    if (target === '/') throw this.failure('delete', target, 'EACCES', message('files.detail.rootNotDeleted'));
    const remove = options.recursive
      ? 'rm -rf -- "$P"'
      : 'if [ -d "$P" ]&&[ ! -L "$P" ]; then [ -z "$(ls -A -- "$P")" ]||exit 45;rmdir -- "$P"; else rm -f -- "$P";fi';
    await this.run('delete', target, `P=${quote(target)};e "$P";${remove}`);
  }

  /** Renames (moves) a file or folder; an existing target is replaced only when `overwrite`. */
  async rename(from: string, to: string, options: { readonly overwrite?: boolean } = {}): Promise<void> {
    const source = absolute(from);
    const target = absolute(to);
    // mv onto an existing folder would move into it: the target goes first when it is to be replaced.
    const replace = options.overwrite ? 'rm -rf -- "$T"' : 'exit 44';
    await this.run(
      'rename',
      source,
      `P=${quote(source)};T=${quote(target)};e "$P";if [ -e "$T" ]||[ -L "$T" ]; then ${replace};else pd "$T";fi;mv -f -- "$P" "$T"`,
    );
  }

  /** Where exec starts in the container (its image's working directory): asked once. */
  workingDirectory(): Promise<string> {
    this.cwd ??= (async () => {
      const { stdout, end } = await runToEnd(this.backend, ['pwd'], { timeoutMs: this.options.timeoutMs ?? 60_000 });
      const cwd = stdout.toString('utf8').trim();
      if (end.exitCode !== 0 || !cwd.startsWith('/'))
        throw new ContainerFileError('EIO', message('files.noWorkingDirectory', { container: this.backend.label }), '');
      return cwd;
    })();
    this.cwd.catch(() => (this.cwd = undefined));
    return this.cwd;
  }

  /** GNU find with -printf where the container has it, else stat -c; asked once. */
  listingDialect(): Promise<ListingDialect> {
    this.dialect ??= (async () => {
      const { stdout } = await runToEnd(
        this.backend,
        command(
          "if find / -maxdepth 0 -printf '' >/dev/null 2>&1; then echo find; elif stat -c %f / >/dev/null 2>&1; then echo stat; fi",
        ),
        { timeoutMs: this.options.timeoutMs ?? 60_000 },
      );
      const found = stdout.toString('utf8').trim();
      if (found === 'find' || found === 'stat') return found;
      throw new ContainerFileError('ENOTSUP', message('files.noLister', { container: this.backend.label }), '/');
    })();
    // A failure (a lost connection) is asked again next time.
    this.dialect.catch(() => (this.dialect = undefined));
    return this.dialect;
  }

  private async run(operation: string, path: string, script: string): Promise<Buffer> {
    const { stdout, stderr, end } = await runToEnd(this.backend, command(script), {
      timeoutMs: this.options.timeoutMs ?? 60_000,
    });
    this.check(operation, path, end, stderr);
    return stdout;
  }

  private check(operation: string, path: string, end: ExecEnd, stderr: Buffer): void {
    if (end.exitCode === 0) return;
    const said = stderr.toString('utf8').trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';
    if (end.exitCode === undefined && end.by !== 'server')
      throw this.failure(operation, path, 'EIO', end.reason.replace(/\.$/, ''));
    const code = EXIT_CODES[end.exitCode ?? -1] ?? codeOfMessage(said);
    throw this.failure(operation, path, code, code === 'EIO' ? said || end.reason.replace(/\.$/, '') : undefined);
  }

  private failure(
    operation: string,
    path: string,
    code: ContainerFileErrorCode,
    detail: Message | string | undefined,
  ): ContainerFileError {
    const op = `files.op.${operation}`;
    const said = message('files.failure', {
      operation: isMessageId(op) ? message(op) : operation,
      path,
      container: this.backend.label,
      detail: detail ?? message(`files.plain.${code}`),
    });
    return new ContainerFileError(code, said, path);
  }
}

/** The tools' own words for the errors the checks do not catch first (a read-only file system, a race). */
function codeOfMessage(message: string): ContainerFileErrorCode {
  if (/no such file/i.test(message)) return 'ENOENT';
  if (/not a directory/i.test(message)) return 'ENOTDIR';
  if (/is a directory/i.test(message)) return 'EISDIR';
  if (/permission denied|operation not permitted|read-only file system/i.test(message)) return 'EACCES';
  if (/file exists/i.test(message)) return 'EEXIST';
  if (/not empty/i.test(message)) return 'ENOTEMPTY';
  return 'EIO';
}

/** An absolute, normalised POSIX path; an Error for a relative one. */
export function absolute(path: string): string {
  if (!path.startsWith('/')) throw new ContainerFileError('ENOENT', message('files.notAbsolute', { path }), path);
  if (path.includes('\0')) throw new ContainerFileError('ENOENT', message('files.nul'), path);
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** `text` in single quotes for sh. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** ECI's longest command item (eci-api.md §4), counted here in UTF-8 bytes: the strictest reading of it. */
const PIECE_BYTES = 256;

/**
 * The command that runs `script` with the prelude: `sh -c` joins its arguments and evaluates them. ECI takes at
 * most 20 items of 256 characters: 16 pieces, about 4,000 bytes of script (cut between characters).
 */
export function command(script: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const point of `${PRELUDE};${script}`) {
    const size = Buffer.byteLength(point, 'utf8');
    if (bytes + size > PIECE_BYTES) {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += point;
    bytes += size;
  }
  if (piece !== '') pieces.push(piece);
  if (pieces.length > 16) throw new ContainerFileError('ENOTSUP', message('files.tooLong'), '');
  return ['sh', '-c', 'IFS=;eval "$*"', 'sh', ...pieces];
}

/** Sends `content` in pieces, waiting while too much is on its way. */
async function send(stream: ExecByteStream, content: Buffer | AsyncIterable<Buffer>): Promise<void> {
  let unsent = 0;
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const put = async (piece: Buffer): Promise<void> => {
    if (failure !== undefined) throw failure;
    unsent += piece.length;
    stream.write(piece, (error) => {
      unsent -= piece.length;
      if (error) failure ??= error;
      if (unsent <= HIGH_WATER_BYTES) wake?.();
    });
    while (unsent > HIGH_WATER_BYTES && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
  };
  const pieces = Buffer.isBuffer(content) ? [content] : content;
  for await (const buffer of pieces)
    for (let at = 0; at < buffer.length; at += CHUNK_BYTES) await put(buffer.subarray(at, at + CHUNK_BYTES));
  if (failure !== undefined) throw failure;
}

const KINDS: Readonly<Record<string, ContainerFileKind>> = { f: 'file', d: 'directory', l: 'symlink' };

/** GNU find's records (FIND_FORMAT). */
export function parseFindRecords(stdout: Buffer): ContainerFileEntry[] {
  const fields = splitNul(stdout);
  const entries: ContainerFileEntry[] = [];
  for (let i = 0; i + 7 <= fields.length; i += 7) {
    const [type = '', targetType = '', size = '', mtime = '', mode = '', link = '', name = ''] = fields.slice(i, i + 7);
    const kind = KINDS[type] ?? 'other';
    entries.push({
      name,
      kind,
      targetKind: kind === 'symlink' ? (KINDS[targetType] ?? 'other') : kind,
      size: Number(size) || 0,
      mtimeMs: Math.round(Number(mtime) * 1000) || 0,
      mode: parseInt(mode, 8) || 0,
      linkTarget: kind === 'symlink' ? link : undefined,
    });
  }
  return entries;
}

/** stat -c's records (STAT_LISTING). */
export function parseStatRecords(stdout: Buffer): ContainerFileEntry[] {
  const end = stdout.indexOf(Buffer.of(0, 0));
  // The names and link kinds, then (after the empty field) the stat lines.
  const names = splitNul(end === -1 ? stdout : stdout.subarray(0, end + 1));
  const lines = (end === -1 ? '' : stdout.subarray(end + 2).toString('utf8')).split('\n').filter(Boolean);
  const entries: ContainerFileEntry[] = [];
  for (let i = 0; i + 1 < names.length && i / 2 < lines.length; i += 2) {
    const [rawMode = '0', size = '0', mtime = '0'] = (lines[i / 2] ?? '').split(' ');
    const mode = parseInt(rawMode, 16);
    const type = mode & 0o170000;
    const kind: ContainerFileKind =
      type === 0o100000 ? 'file' : type === 0o040000 ? 'directory' : type === 0o120000 ? 'symlink' : 'other';
    const link = names[i + 1];
    entries.push({
      name: names[i] ?? '',
      kind,
      targetKind: kind === 'symlink' ? (link === 'd' ? 'directory' : link === 'f' ? 'file' : 'other') : kind,
      size: Number(size) || 0,
      mtimeMs: (Number(mtime) || 0) * 1000,
      mode: mode & 0o7777,
    });
  }
  return entries;
}

/** NUL-ended fields, decoded as UTF-8 (the last, empty piece after the final NUL left out). */
function splitNul(data: Buffer): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let at = data.indexOf(0); at !== -1; at = data.indexOf(0, start)) {
    fields.push(data.subarray(start, at).toString('utf8'));
    start = at + 1;
  }
  return fields;
}
