/**
 * `eci`: the command line over the same core as the extension. Each subcommand lives in src/cli/.
 * Exit status: 0 success, 1 failure reported by the command, 2 bad usage.
 */
import { version } from '../package.json';
import { nearestNames } from './core/error-hints';
import { message, say } from './core/messages/messages';
import { commandLocale, didYouMean } from './cli/args';
import { runCall } from './cli/call-command';
import { runCp } from './cli/cp-command';
import { runEmulator } from './cli/emulator-command';
import { runExec } from './cli/exec-command';
import { runFaults } from './cli/faults-command';
import { runLogs } from './cli/logs-command';
import { runPortForward } from './cli/port-forward-command';
import type { TerminalIO } from './cli/terminal-io';
import { shortQuote } from './cli/text';
import { runValidate } from './cli/validate-command';

const commands: Record<string, (argv: readonly string[], io: TerminalIO) => Promise<number>> = {
  call: runCall,
  logs: runLogs,
  exec: runExec,
  'port-forward': runPortForward,
  cp: runCp,
  faults: runFaults,
  validate: runValidate,
  emulator: (argv, io) =>
    runEmulator(argv, io, {
      onStop: (stop) => {
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    }),
};

export async function main(argv: readonly string[], io: TerminalIO): Promise<number> {
  const locale = commandLocale(argv, io.env);
  // `eci --lang zh-cn <command> …` is the command's --lang (given to it first: after a `--` it would be an argument).
  const lang = /^--lang(=|$)/.test(argv[0] ?? '') ? argv.slice(0, argv[0] === '--lang' ? 2 : 1) : [];
  const [command, ...afterCommand] = argv.slice(lang.length);
  const rest = [...lang, ...afterCommand];
  // With nothing to do, the list of commands is the most useful answer (still bad usage: exit 2).
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.stderr : io.stdout)(say(message('cli.usage.main'), locale) + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V') {
    io.stdout(`eci ${version}\n`);
    return 0;
  }
  const run = Object.prototype.hasOwnProperty.call(commands, command) ? commands[command] : undefined;
  if (run === undefined) {
    const hint = didYouMean(nearestNames(command, Object.keys(commands)));
    const said = command.startsWith('-')
      ? message('cli.unknownTopOption', { option: shortQuote(command), hint })
      : message('cli.unknownCommand', { command: shortQuote(command), hint });
    io.stderr(`${say(said, locale)}\n`);
    return 2;
  }
  return run(rest, io);
}

if (require.main === module) {
  // A reader that stops early (`eci validate … | head`) closes the pipe: what is left to print goes nowhere, and the
  // command still ends with its own exit status, instead of dying on an unhandled EPIPE with a stack trace.
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    if (!closed.has(stream)) stream.write(text);
  };
  const bytes = (stream: NodeJS.WriteStream, data: Buffer): void => {
    if (!closed.has(stream)) stream.write(data);
  };
  // A terminal left in raw mode would be unusable after eci: whatever way the process ends, it is given back.
  let raw = false;
  process.once('exit', () => {
    if (raw) process.stdin.setRawMode(false);
  });
  const io: TerminalIO = {
    stdout: (text) => write(process.stdout, text),
    stderr: (text) => write(process.stderr, text),
    env: process.env,
    writeStdout: (data) => bytes(process.stdout, data),
    writeStderr: (data) => bytes(process.stderr, data),
    stdin: process.stdin,
    stdinIsTTY: process.stdin.isTTY === true,
    setRawMode: (on) => {
      if (process.stdin.isTTY !== true) return;
      process.stdin.setRawMode(on);
      raw = on;
    },
    terminalSize: () =>
      process.stdout.isTTY === true ? { columns: process.stdout.columns, rows: process.stdout.rows } : undefined,
    // SIGWINCH, once Node has read the new size.
    onResize: (listener) => {
      process.stdout.on('resize', listener);
      return () => process.stdout.removeListener('resize', listener);
    },
    onInterrupt: (listener) => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, listener);
      return () => {
        for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeListener(signal, listener);
      };
    },
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A bug, not a user error: say so plainly, without a secret-bearing dump of the request.
      process.stderr.write(`eci: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
