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
import { parseArgs, usageFailure, UsageError } from './args';
import type { CloudTarget } from './cloud-options';
import {
  findWorkload,
  providerOption,
  NETWORK_ENV_HELP,
  openCloudTarget,
  WORKLOAD_OPTIONS_HELP,
  WORKLOAD_VALUE_OPTIONS,
} from './cloud-options';
import { reportFailure } from './logs-command';
import { shortQuote } from './text';
import type { TerminalIO } from './terminal-io';

export const CP_USAGE = `Usage: eci cp <group>[/container]:<path> <local> [options]
       eci cp <local> <group>[/container]:<path> [options]

Copies a file or a folder (with everything in it) out of a container or into one: of a container group, or a JD
Cloud container (--provider jdcloud). ECI and JD Cloud have no file API: the copy goes through exec and needs only
sh and coreutils or busybox in the container. <group> is an ID or a name; the container may be left out when the
group has one. A relative <path> is from the container's working directory. As with cp, a copy into an existing
folder lands in it under its own name. <local> "-" is stdout (copying out a file) or stdin (copying in).
Examples:
  eci cp web:/etc/nginx/nginx.conf .            into this folder, as nginx.conf
  eci cp ./site web/nginx:/usr/share/nginx/html the folder site into the html folder of the container nginx
  eci cp job:/tmp/out.json - | jq .

Options:
${WORKLOAD_OPTIONS_HELP}

A local path with a colon before any slash is written ./a:b, so that it is not read as a container's.

${NETWORK_ENV_HELP}

Exit status: 0 when copied, 1 when not (no such file, permission denied, an API or network error), 2 on bad usage.`;

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
  try {
    parsed = parseArgs(argv, WORKLOAD_VALUE_OPTIONS, ['help']);
    if (parsed.flags.has('help')) {
      io.stdout(CP_USAGE + '\n');
      return 0;
    }
    providerOption(parsed);
    if (parsed.positionals.length !== 2)
      throw new UsageError(
        parsed.positionals.length < 2 ? 'Missing the source or the destination.' : 'Too many arguments.',
      );
    const [source = '', destination = ''] = parsed.positionals;
    const from = remoteSpec(source);
    const to = remoteSpec(destination);
    if (from !== undefined && to !== undefined)
      throw new UsageError('Both are in containers: one of the two must be a local path.');
    if (from === undefined && to === undefined)
      throw new UsageError(
        `Neither ${shortQuote(source)} nor ${shortQuote(destination)} names a container: write <group>[/container]:<path>.`,
      );
    remote = from ?? to ?? { ref: '', container: undefined, path: '' };
    direction = from !== undefined ? 'out' : 'in';
    local = from !== undefined ? destination : source;
    if (local === '') throw new UsageError('The local path is empty.');
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'cp', error.message);
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
    if (direction === 'out') await copyOut(files, path, local, io);
    else await copyIn(files, local, path, io);
    return 0;
  } catch (error) {
    return reportFailure(io, 'cp', error, target);
  } finally {
    await target?.close();
  }
}

async function copyOut(files: ContainerFiles, remote: string, local: string, io: TerminalIO): Promise<void> {
  if (local === '-') {
    await files.readTo(remote, (chunk) => io.writeStdout(chunk));
    return;
  }
  const to = await localDestination(local, remoteName(remote));
  summary(io, await copyFromContainer(files, remote, to), `${files.backend.label}:${remote}`, to);
}

async function copyIn(files: ContainerFiles, local: string, remote: string, io: TerminalIO): Promise<void> {
  if (local === '-') {
    await files.write(remote, io.stdin as AsyncIterable<Buffer>);
    return;
  }
  const to = await remoteDestination(files, remote, posix.basename(local.replace(/\/+$/, '')));
  summary(io, await copyToContainer(files, local, to), local, `${files.backend.label}:${to}`);
}

/** One line on stderr (stdout stays free for a copy to "-"). */
function summary(io: TerminalIO, result: CopyResult, from: string, to: string): void {
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`;
  const folders = result.folders > 0 ? ` in ${result.folders} folder${result.folders === 1 ? '' : 's'}` : '';
  const skipped =
    result.skipped > 0 ? `; left out ${result.skipped} link(s) to folders, dangling links or devices` : '';
  io.stderr(`Copied ${files}${folders} (${result.bytes} bytes) from ${from} to ${to}${skipped}.\n`);
}
