import type { AccessKey } from '../emulator/auth';
import { DEMO_KEY, Emulator } from '../emulator/server';
import type { CommandIO } from './call-command';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import { shortQuote } from './text';
import { message, say } from '../core/messages/messages';

export const EMULATOR_USAGE = message('cli.usage.emulator');

/**
 * `eci emulator`. `signals.onStop(stop)` makes SIGINT and SIGTERM call `stop` (src/cli.ts: `process.once`): the first
 * stops the emulator and writes its state. Once it is called, `stop` is taken off both signals, so that a second
 * Ctrl-C has the signal's default effect and ends the process at once, even while a write of the state hangs (the
 * write is synchronous: no listener could run then).
 */
export async function runEmulator(
  argv: readonly string[],
  io: CommandIO,
  signals: { onStop: (stop: () => void) => void },
): Promise<number> {
  // Taken before anything is printed: a signal sent as soon as "listening" is read (by a test, a supervisor) found no
  // listener yet, had its default effect and ended the process with the state unwritten.
  let stop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
  });
  signals.onStop(stop);
  let emulator: Emulator;
  const locale = commandLocale(argv, io.env);
  try {
    const args = parseArgs(
      argv,
      [
        'port',
        'host',
        'access-key-id',
        'access-key-secret',
        'security-token',
        'state',
        'seed',
        'speed',
        'runtime',
        'quota',
        'latency-ms',
        'fault-rate',
        'drop-after-commit-rate',
      ],
      ['no-template-api', 'help'],
    );
    if (args.flags.has('help')) {
      stop();
      io.stdout(say(EMULATOR_USAGE, locale) + '\n');
      return 0;
    }
    if (args.positionals.length > 0)
      throw new UsageError(message('cli.emulator.unexpected', { value: shortQuote(args.positionals[0] ?? '') }));
    const number = (name: string, min: number, max: number): number | undefined => {
      const text = args.options.get(name);
      if (text === undefined) return undefined;
      const value = Number(text);
      if (!Number.isFinite(value) || value < min || value > max)
        throw new UsageError(message('cli.args.numberRange', { name, min, max }));
      return value;
    };
    const ids = args.all.get('access-key-id') ?? [];
    const secrets = args.all.get('access-key-secret') ?? [];
    if (ids.length !== secrets.length) throw new UsageError(message('cli.emulator.keyPairs'));
    const keys: AccessKey[] = ids.map((accessKeyId, i) => ({ accessKeyId, accessKeySecret: secrets[i] ?? '' }));
    const token = args.options.get('security-token');
    if (token !== undefined) {
      const last = keys.pop();
      if (last === undefined) throw new UsageError(message('cli.emulator.tokenWithoutKey'));
      keys.push({ ...last, securityToken: token });
    }
    const runtime = args.options.get('runtime') ?? 'scripted';
    if (runtime !== 'scripted' && runtime !== 'process') throw new UsageError(message('cli.emulator.runtime'));
    const seed = args.options.get('seed');
    if (seed !== undefined && seed !== 'demo') throw new UsageError(message('cli.emulator.seed'));
    emulator = await Emulator.start({
      host: args.options.get('host'),
      port: number('port', 0, 65535),
      keys: keys.length > 0 ? keys : [DEMO_KEY],
      statePath: args.options.get('state'),
      seed: seed === 'demo' ? 'demo' : undefined,
      speed: number('speed', 0.01, 10_000),
      runtime,
      quota: number('quota', 0, 1_000_000),
      templateApi: !args.flags.has('no-template-api'),
      faults: {
        latencyMs: number('latency-ms', 0, 600_000) ?? 0,
        faultRate: number('fault-rate', 0, 1) ?? 0,
        dropAfterCommitRate: number('drop-after-commit-rate', 0, 1) ?? 0,
      },
      report: (line) => io.stderr(`eci emulator: ${line}\n`),
    });
    io.stdout(`listening on ${emulator.url}\n`);
    for (const key of keys.length > 0 ? keys : [DEMO_KEY]) {
      // The emulator's own keys are not secrets: printing them is how a user learns what to configure.
      io.stdout(
        `credentials: access key id ${key.accessKeyId}, access key secret ${key.accessKeySecret}${key.securityToken === undefined ? '' : ', STS token given'}\n`,
      );
    }
    io.stdout(`admin token: ${emulator.adminToken}\n`);
  } catch (error) {
    stop();
    if (error instanceof UsageError) {
      return usageFailure(io.stderr, 'emulator', error, locale);
    }
    io.stderr(`eci emulator: ${(error as Error).message}\n`);
    return 1;
  }
  await stopped;
  // Said before the state is written, which may take a while (or hang, on a stuck file system).
  io.stdout(`${say(message('cli.emulator.stopping'), locale)}\n`);
  await emulator.close();
  // A state that could not be written at exit was reported (it is lost): the exit status says so too.
  return emulator.stateSaved ? 0 : 1;
}
