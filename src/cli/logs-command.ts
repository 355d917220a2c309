import { CloudError } from '../core/errors';
import { followSource } from '../core/log-follower';
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
import type { TerminalIO } from './terminal-io';

export const LOGS_USAGE = `Usage: eci logs [-f] <group> [container] [options]

Prints the logs of a container group's containers (all of them, or the one named), or of a JD Cloud container
(--provider jdcloud). <group> is an ID or a name.

Options:
  -f, --follow         keep printing new lines until Ctrl-C, or until the group has ended or is deleted
  --tail <n>           lines of history to start with, per container (default 100)
  --timestamps         put each line's timestamp before it
${WORKLOAD_OPTIONS_HELP}

${NETWORK_ENV_HELP}

Exit status: 0 when done (or stopped with Ctrl-C), 1 on an API or network error, 2 on bad usage.`;

export async function runLogs(argv: readonly string[], io: TerminalIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  let tail: number;
  try {
    parsed = parseArgs(argv, [...WORKLOAD_VALUE_OPTIONS, 'tail'], ['help', 'follow', 'timestamps'], { f: 'follow' });
    if (parsed.flags.has('help')) {
      io.stdout(LOGS_USAGE + '\n');
      return 0;
    }
    providerOption(parsed);
    if (parsed.positionals.length < 1 || parsed.positionals.length > 2)
      throw new UsageError(parsed.positionals.length < 1 ? 'Missing the group.' : 'Too many arguments.');
    const tailText = parsed.options.get('tail') ?? '100';
    if (!/^\d+$/.test(tailText) || Number(tailText) > 10_000)
      throw new UsageError('--tail must be a number of lines from 0 to 10000.');
    tail = Number(tailText);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'logs', error.message);
    throw error;
  }
  const [ref = '', containerName] = parsed.positionals;
  let target: CloudTarget | undefined;
  const abort = new AbortController();
  const stopListening = io.onInterrupt(() => abort.abort());
  try {
    target = await openCloudTarget(parsed, io.env);
    const { item, workload } = await findWorkload(target, ref, containerName);
    const containers = containerName === undefined ? workload.containers : [containerName];
    const several = containers.length > 1;
    let ended: string | undefined;
    const lines = followSource(
      target.provider.logSource(() => Promise.resolve(target!.client), target.regionId, item),
      {
        containers,
        tail,
        follow: parsed.flags.has('follow'),
        signal: abort.signal,
        onStatus: (status) => {
          if (status.state === 'reconnecting') io.stderr(`eci logs: reconnecting (${status.error})\n`);
          else if (status.state === 'gap')
            io.stderr(`eci logs: lines of ${status.container} from ${status.from} to ${status.to} were left out\n`);
          else if (status.state === 'ended') ended = status.reason;
        },
      },
    );
    for await (const line of lines) {
      const prefix = `${parsed.flags.has('timestamps') ? `${line.timestamp} ` : ''}${several ? `[${line.container}] ` : ''}`;
      io.stdout(`${prefix}${line.text}\n`);
    }
    // A follow that ends by itself because the group ended or went says so on stderr; that is no failure. Any other
    // end but Ctrl-C and the history read is an error that could not be waited out.
    if (ended === undefined || /^(Stopped|History read)\.$/.test(ended)) return 0;
    io.stderr(`eci logs: ${target.clean(ended)}\n`);
    return /^The .+ (was deleted|is \w+)\.$/.test(ended) ? 0 : 1;
  } catch (error) {
    return reportFailure(io, 'logs', error, target);
  } finally {
    stopListening();
    await target?.close();
  }
}

/** An API error as JSON (as `eci call` prints it), anything else as one line; secrets cleaned. Exit status 1. */
export function reportFailure(
  io: TerminalIO,
  command: string,
  error: unknown,
  target: CloudTarget | undefined,
): number {
  const clean = target?.clean ?? ((text: string) => text);
  if (error instanceof CloudError) io.stderr(clean(JSON.stringify(error.toJSON(), null, 2)) + '\n');
  else if (error instanceof Error) io.stderr(`eci ${command}: ${clean(error.message)}\n`);
  else throw error;
  return 1;
}
