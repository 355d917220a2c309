import { StringDecoder } from 'node:string_decoder';
import type { ExecBackend, ExecEnd } from '../core/exec';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import type { CloudTarget } from './cloud-options';
import { findWorkload, providerOption, openCloudTarget, SHARED_HELP, WORKLOAD_VALUE_OPTIONS } from './cloud-options';
import { reportFailure } from './logs-command';
import type { TerminalIO } from './terminal-io';
import { message, say } from '../core/messages/messages';

export const EXEC_USAGE = message('cli.usage.exec', SHARED_HELP);

/** Above this many bytes of stdin handed to the session and not yet sent, stdin is paused. */
const HIGH_WATER_BYTES = 1024 * 1024;

export async function runExec(argv: readonly string[], io: TerminalIO): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  let command: string[];
  const locale = commandLocale(argv, io.env);
  try {
    const dashes = argv.indexOf('--');
    parsed = parseArgs(dashes === -1 ? argv : argv.slice(0, dashes), WORKLOAD_VALUE_OPTIONS, ['help', 'stdin', 'tty'], {
      i: 'stdin',
      t: 'tty',
    });
    if (parsed.flags.has('help')) {
      io.stdout(say(EXEC_USAGE, locale) + '\n');
      return 0;
    }
    providerOption(parsed);
    command = dashes === -1 ? [] : argv.slice(dashes + 1);
    if (parsed.positionals.length < 1) throw new UsageError(message('cli.missingGroup'));
    if (parsed.positionals.length > 2) throw new UsageError(message('cli.exec.tooManyArguments'));
    if (command.length === 0) throw new UsageError(message('cli.exec.missingCommand'));
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io.stderr, 'exec', error, locale);
    throw error;
  }
  const [ref = '', containerName] = parsed.positionals;
  let target: CloudTarget | undefined;
  try {
    target = await openCloudTarget(parsed, io.env);
    const client = target.client;
    const { item, container } = await findWorkload(target, ref, containerName);
    const backend = target.provider.execBackend(() => Promise.resolve(client), target.regionId, item, container);
    const end = parsed.flags.has('tty')
      ? await inTerminal(backend, command, parsed.flags.has('stdin'), io)
      : await onBytes(backend, command, parsed.flags.has('stdin'), io);
    if (end.exitCode !== undefined) return end.exitCode;
    if (end.by === 'client') return 130;
    if (end.by === 'network') io.stderr(`eci exec: ${end.said === undefined ? end.reason : say(end.said, locale)}\n`);
    return end.by === 'network' ? 1 : 0;
  } catch (error) {
    return reportFailure(io, 'exec', error, target, locale);
  } finally {
    await target?.close();
  }
}

/** Without a terminal: stdin, stdout and stderr are bytes both ways. */
async function onBytes(backend: ExecBackend, command: string[], withStdin: boolean, io: TerminalIO): Promise<ExecEnd> {
  const stream = await backend.openStream(command, {
    onData: (data, which) => (which === 'stdout' ? io.writeStdout(data) : io.writeStderr(data)),
  });
  const stopListening = io.onInterrupt(() => void stream.close());
  const { stdin } = io;
  const onData = (data: Buffer): void => {
    unsent += data.length;
    if (unsent > HIGH_WATER_BYTES) stdin.pause();
    stream.write(data, () => {
      unsent -= data.length;
      if (unsent <= HIGH_WATER_BYTES) stdin.resume();
    });
  };
  const onEnd = (): void => stream.end();
  let unsent = 0;
  if (withStdin) {
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
  } else stream.end();
  try {
    return await stream.done();
  } finally {
    stopListening();
    stdin.removeListener('data', onData);
    stdin.removeListener('end', onEnd);
    stdin.pause();
  }
}

/** In a terminal: this one in raw mode while it runs (with -i at a terminal), its size followed. */
async function inTerminal(
  backend: ExecBackend,
  command: string[],
  withStdin: boolean,
  io: TerminalIO,
): Promise<ExecEnd> {
  let resolveEnd: (end: ExecEnd) => void = () => undefined;
  const ended = new Promise<ExecEnd>((resolve) => (resolveEnd = resolve));
  const session = await backend.open(command, io.terminalSize(), {
    onOutput: (text) => io.writeStdout(Buffer.from(text, 'utf8')),
    onEnd: resolveEnd,
  });
  const raw = withStdin && io.stdinIsTTY;
  const { stdin } = io;
  const decoder = new StringDecoder('utf8');
  const onData = (data: Buffer): void => {
    const text = decoder.write(data);
    if (text !== '') session.write(text);
  };
  const stopResizes = io.onResize(() => {
    const size = io.terminalSize();
    if (size !== undefined) void Promise.resolve(session.resize(size.columns, size.rows)).catch(() => undefined);
  });
  // In raw mode Ctrl-C is a key for the command (the terminal sends no SIGINT); a signal closes the session.
  const stopListening = io.onInterrupt(() => void session.close());
  try {
    if (raw) io.setRawMode(true);
    if (withStdin) {
      stdin.on('data', onData);
      stdin.resume();
    }
    return await ended;
  } finally {
    // Every way out gives the terminal back as it was.
    if (raw) io.setRawMode(false);
    stopResizes();
    stopListening();
    stdin.removeListener('data', onData);
    stdin.pause();
  }
}
