import { request } from 'undici';
import type { CommandIO } from './call-command';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import { shortQuote } from './text';
import { message, say } from '../core/messages/messages';

export const FAULTS_USAGE = message('cli.usage.faults');

export async function runFaults(argv: readonly string[], io: CommandIO): Promise<number> {
  let url: URL;
  let token: string;
  const update: Record<string, number> = {};
  const locale = commandLocale(argv, io.env);
  try {
    const args = parseArgs(argv, ['admin-token', 'latency-ms', 'fault-rate', 'drop-after-commit-rate'], ['help']);
    if (args.flags.has('help')) {
      io.stdout(say(FAULTS_USAGE, locale) + '\n');
      return 0;
    }
    const [target] = args.positionals;
    if (target === undefined) throw new UsageError(message('cli.faults.missingUrl'));
    try {
      url = new URL('/__emulator/faults', target);
    } catch {
      throw new UsageError(message('cli.faults.notUrl', { value: shortQuote(target) }));
    }
    token = args.options.get('admin-token') ?? '';
    if (token === '') throw new UsageError(message('cli.faults.missingToken'));
    for (const [option, key, max] of [
      ['latency-ms', 'latencyMs', 600_000],
      ['fault-rate', 'faultRate', 1],
      ['drop-after-commit-rate', 'dropAfterCommitRate', 1],
    ] as const) {
      const text = args.options.get(option);
      if (text === undefined) continue;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || value > max)
        throw new UsageError(message('cli.args.numberRange', { name: option, min: 0, max }));
      update[key] = value;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      return usageFailure(io.stderr, 'faults', error, locale);
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
    const unreachable = message('cli.faults.unreachable', { origin: url.origin, error: (error as Error).message });
    io.stderr(`${say(unreachable, locale)}\n`);
    return 1;
  }
}
