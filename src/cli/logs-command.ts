import { CloudError } from '../core/errors';
import type { FollowStatus } from '../core/log-follower';
import { followSource } from '../core/log-follower';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import type { CloudTarget } from './cloud-options';
import { findWorkload, providerOption, openCloudTarget, SHARED_HELP, WORKLOAD_VALUE_OPTIONS } from './cloud-options';
import type { TerminalIO } from './terminal-io';
import type { Locale } from '../core/messages/messages';
import { message, MessageError, say } from '../core/messages/messages';

export const LOGS_USAGE = message('cli.usage.logs', SHARED_HELP);

export async function runLogs(argv: readonly string[], io: TerminalIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  let tail: number;
  const locale = commandLocale(argv, io.env);
  try {
    parsed = parseArgs(argv, [...WORKLOAD_VALUE_OPTIONS, 'tail'], ['help', 'follow', 'timestamps'], { f: 'follow' });
    if (parsed.flags.has('help')) {
      io.stdout(say(LOGS_USAGE, locale) + '\n');
      return 0;
    }
    providerOption(parsed);
    if (parsed.positionals.length < 1 || parsed.positionals.length > 2)
      throw new UsageError(message(parsed.positionals.length < 1 ? 'cli.missingGroup' : 'cli.tooManyArguments'));
    const tailText = parsed.options.get('tail') ?? '100';
    if (!/^\d+$/.test(tailText) || Number(tailText) > 10_000) throw new UsageError(message('cli.logs.tail'));
    tail = Number(tailText);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'logs', error, locale);
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
    let ended: Extract<FollowStatus, { state: 'ended' }> | undefined;
    const lines = followSource(
      target.provider.logSource(() => Promise.resolve(target!.client), target.regionId, item),
      {
        containers,
        tail,
        follow: parsed.flags.has('follow'),
        signal: abort.signal,
        onStatus: (status) => {
          if (status.state === 'reconnecting')
            io.stderr(`${say(message('cli.logs.reconnecting', { error: status.error }), locale)}\n`);
          else if (status.state === 'gap') {
            const { container, from, to } = status;
            io.stderr(`${say(message('cli.logs.gap', { container, from, to }), locale)}\n`);
          } else if (status.state === 'ended') ended = status;
        },
      },
    );
    for await (const line of lines) {
      const prefix = `${parsed.flags.has('timestamps') ? `${line.timestamp} ` : ''}${several ? `[${line.container}] ` : ''}`;
      io.stdout(`${prefix}${line.said === undefined ? line.text : say(line.said, locale)}\n`);
    }
    // A follow that ends by itself because the group ended or went says so on stderr; that is no failure. Any other
    // end but Ctrl-C and the history read is an error that could not be waited out.
    const endedBy = ended?.said?.id;
    if (ended === undefined || endedBy === 'log.ended.stopped' || endedBy === 'log.ended.historyRead') return 0;
    io.stderr(`eci logs: ${target.clean(ended.said === undefined ? ended.reason : say(ended.said, locale))}\n`);
    return endedBy === 'log.ended.deleted' || endedBy === 'log.ended.status' ? 0 : 1;
  } catch (error) {
    return reportFailure(io, 'logs', error, target, locale);
  } finally {
    stopListening();
    await target?.close();
  }
}

/**
 * An API error as JSON (as `eci call` prints it, the hint in `locale`), anything else as one line; secrets cleaned.
 * Exit status 1.
 */
export function reportFailure(
  io: TerminalIO,
  command: string,
  error: unknown,
  target: CloudTarget | undefined,
  locale: Locale,
): number {
  const clean = target?.clean ?? ((text: string) => text);
  if (error instanceof CloudError) io.stderr(clean(JSON.stringify(error.bodyIn(locale), null, 2)) + '\n');
  else if (error instanceof MessageError) io.stderr(`eci ${command}: ${clean(say(error.said, locale))}\n`);
  else if (error instanceof Error) io.stderr(`eci ${command}: ${clean(error.message)}\n`);
  else throw error;
  return 1;
}
