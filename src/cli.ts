/**
 * `eci`: the command line over the same core as the extension. Each subcommand lives in src/cli/.
 * Exit status: 0 success, 1 failure reported by the command, 2 bad usage.
 */
import { runCall } from './cli/call-command';
import type { CommandIO } from './cli/call-command';
import { runEmulator } from './cli/emulator-command';
import { runFaults } from './cli/faults-command';
import { runValidate } from './cli/validate-command';

const USAGE = `Usage: eci <command> [arguments]

Commands:
  call <Action> [Name=Value ...]   sign and send one ECI API request, print the JSON answer
  emulator [options]               run the local ECI emulator (demo data with --seed demo)
  faults <url> --admin-token <t>   change a running emulator's latency and fault injection
  validate <file|glob>...          check container group templates (JSON or YAML)
  help                             show this help

Run "eci <command> --help" for the options of a command.`;

const commands: Record<string, (argv: readonly string[], io: CommandIO) => Promise<number>> = {
  call: runCall,
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

export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.stderr : io.stdout)(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  const run = commands[command];
  if (run === undefined) {
    io.stderr(`eci: unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  return run(rest, io);
}

if (require.main === module) {
  const io: CommandIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
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
