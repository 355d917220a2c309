import { request } from 'undici';
import type { CommandIO } from './call-command';
import { parseArgs, usageFailure, UsageError } from './args';
import { shortQuote } from './text';

export const FAULTS_USAGE = `Usage: eci faults <emulator-url> --admin-token <token> [--latency-ms <n>] [--fault-rate <0..1>] [--drop-after-commit-rate <0..1>]

Changes the fault injection of a running emulator (the admin token is printed when it starts) and prints the
faults now in force. With no fault option it only prints them.`;

export async function runFaults(argv: readonly string[], io: CommandIO): Promise<number> {
  let url: URL;
  let token: string;
  const update: Record<string, number> = {};
  try {
    const args = parseArgs(argv, ['admin-token', 'latency-ms', 'fault-rate', 'drop-after-commit-rate'], ['help']);
    if (args.flags.has('help')) {
      io.stdout(FAULTS_USAGE + '\n');
      return 0;
    }
    const [target] = args.positionals;
    if (target === undefined) throw new UsageError('Missing the emulator URL.');
    try {
      url = new URL('/__emulator/faults', target);
    } catch {
      throw new UsageError(
        `${shortQuote(target)} is not a URL (the emulator prints its own, e.g. http://127.0.0.1:8080).`,
      );
    }
    token = args.options.get('admin-token') ?? '';
    if (token === '') throw new UsageError('Missing --admin-token.');
    for (const [option, key, max] of [
      ['latency-ms', 'latencyMs', 600_000],
      ['fault-rate', 'faultRate', 1],
      ['drop-after-commit-rate', 'dropAfterCommitRate', 1],
    ] as const) {
      const text = args.options.get(option);
      if (text === undefined) continue;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || value > max)
        throw new UsageError(`--${option} must be a number from 0 to ${max}.`);
      update[key] = value;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      return usageFailure(io.stderr, 'faults', error.message);
    }
    throw error;
  }
  try {
    const response = await request(url, {
      method: Object.keys(update).length > 0 ? 'POST' : 'GET',
      headers: { 'x-emulator-admin-token': token, 'content-type': 'application/json' },
      body: Object.keys(update).length > 0 ? JSON.stringify(update) : undefined,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      io.stderr(`${text}\n`);
      return 1;
    }
    io.stdout(`${JSON.stringify((JSON.parse(text) as { Faults: unknown }).Faults)}\n`);
    return 0;
  } catch (error) {
    io.stderr(`eci faults: could not reach ${url.origin}: ${(error as Error).message}\n`);
    return 1;
  }
}
