import { posix } from 'node:path';
import {
  copyFromContainer,
  copyToContainer,
  localDestination,
  remoteDestination,
  remoteName,
} from '../core/container-copy';
import type { CopyResult } from '../core/container-copy';
import { ContainerFiles } from '../core/container-files';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import type { CloudTarget } from './cloud-options';
import { findWorkload, providerOption, openCloudTarget, SHARED_HELP, WORKLOAD_VALUE_OPTIONS } from './cloud-options';
import { reportFailure } from './logs-command';
import { shortQuote } from './text';
import type { TerminalIO } from './terminal-io';
import type { Locale } from '../core/messages/messages';
import { countMessage, message, say } from '../core/messages/messages';

export const CP_USAGE = message('cli.usage.cp', SHARED_HELP);

/** "web:/etc/hosts", "web/app:/etc/hosts", "eci-abc:relative": a group, maybe a container, and a path. */
const REMOTE = /^([^/:]+)(?:\/([^/:]+))?:([\s\S]*)$/;

interface RemoteSpec {
  readonly ref: string;
  readonly container: string | undefined;
  readonly path: string;
}

function remoteSpec(arg: string): RemoteSpec | undefined {
  const match = REMOTE.exec(arg);
  return match === null ? undefined : { ref: match[1] ?? '', container: match[2], path: match[3] ?? '' };
}

export async function runCp(argv: readonly string[], io: TerminalIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  let remote: RemoteSpec;
  let local: string;
  let direction: 'out' | 'in';
  const locale = commandLocale(argv, io.env);
  try {
    parsed = parseArgs(argv, WORKLOAD_VALUE_OPTIONS, ['help']);
    if (parsed.flags.has('help')) {
      io.stdout(say(CP_USAGE, locale) + '\n');
      return 0;
    }
    providerOption(parsed);
    if (parsed.positionals.length !== 2)
      throw new UsageError(message(parsed.positionals.length < 2 ? 'cli.cp.missingPath' : 'cli.tooManyArguments'));
    const [source = '', destination = ''] = parsed.positionals;
    const from = remoteSpec(source);
    const to = remoteSpec(destination);
    if (from !== undefined && to !== undefined) throw new UsageError(message('cli.cp.bothInContainers'));
    if (from === undefined && to === undefined)
      throw new UsageError(
        message('cli.cp.noContainer', { source: shortQuote(source), destination: shortQuote(destination) }),
      );
    remote = from ?? to ?? { ref: '', container: undefined, path: '' };
    direction = from !== undefined ? 'out' : 'in';
    local = from !== undefined ? destination : source;
    if (local === '') throw new UsageError(message('cli.cp.emptyLocal'));
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'cp', error, locale);
    throw error;
  }
  let target: CloudTarget | undefined;
  try {
    target = await openCloudTarget(parsed, io.env);
    const client = target.client;
    const { item, container } = await findWorkload(target, remote.ref, remote.container);
    const backend = target.provider.execBackend(() => Promise.resolve(client), target.regionId, item, container);
    const files = new ContainerFiles(backend);
    const path = remote.path.startsWith('/') ? remote.path : posix.join(await files.workingDirectory(), remote.path);
    if (direction === 'out') await copyOut(files, path, local, io, locale);
    else await copyIn(files, local, path, io, locale);
    return 0;
  } catch (error) {
    return reportFailure(io, 'cp', error, target, locale);
  } finally {
    await target?.close();
  }
}

async function copyOut(
  files: ContainerFiles,
  remote: string,
  local: string,
  io: TerminalIO,
  locale: Locale,
): Promise<void> {
  if (local === '-') {
    await files.readTo(remote, (chunk) => io.writeStdout(chunk));
    return;
  }
  const to = await localDestination(local, remoteName(remote));
  summary(io, await copyFromContainer(files, remote, to), `${files.backend.label}:${remote}`, to, locale);
}

async function copyIn(
  files: ContainerFiles,
  local: string,
  remote: string,
  io: TerminalIO,
  locale: Locale,
): Promise<void> {
  if (local === '-') {
    await files.write(remote, io.stdin as AsyncIterable<Buffer>);
    return;
  }
  const to = await remoteDestination(files, remote, posix.basename(local.replace(/\/+$/, '')));
  summary(io, await copyToContainer(files, local, to), local, `${files.backend.label}:${to}`, locale);
}

/** One line on stderr (stdout stays free for a copy to "-"). */
function summary(io: TerminalIO, result: CopyResult, from: string, to: string, locale: Locale): void {
  const copied = message('cli.cp.copied', {
    files: countMessage(result.files, 'cli.cp.files'),
    folders:
      result.folders > 0
        ? message('cli.cp.inFolders', { folders: countMessage(result.folders, 'cli.cp.folders') })
        : '',
    bytes: result.bytes,
    from,
    to,
    skipped: result.skipped > 0 ? message('cli.cp.skipped', { count: result.skipped }) : '',
  });
  io.stderr(`${say(copied, locale)}\n`);
}
