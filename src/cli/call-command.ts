import { EciClient } from '../eci/client';
import type { Credentials } from '../eci/credentials';
import { CloudError } from '../core/errors';
import type { NetworkRoute } from '../core/proxy';
import { percentEncode } from '../eci/encoding';
import { maskAccessKeyId, redactText } from '../eci/redact';
import type { SignatureVersion } from '../eci/signing';
import { commandLocale, parseArgs, usageFailure, UsageError } from './args';
import type { EciKey } from './cloud-options';
import { eciRegion, resolveEciKey, routeFromEnv, SHARED_HELP } from './cloud-options';
import { shortQuote } from './text';
import { message, say } from '../core/messages/messages';

export const CALL_USAGE = message('cli.usage.call', SHARED_HELP);

/** `--timeout` when none is given: the whole call, retries and waits included. */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** The most one attempt may take of the call's time, as the extension's `eci.requestTimeoutMs` default. */
export const MAX_ATTEMPT_MS = 30_000;
/** The longest a Node timer can wait; a longer --timeout could not be kept. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Actions that change state: they get a ClientToken kept across retries. */
const MUTATING_ACTION = /^(Create|Update|Delete|Restart)/;

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Ends a call at once, in flight or in a wait between attempts (a `Canceled` error, exit 1). */
  readonly signal?: AbortSignal | undefined;
}

export async function runCall(argv: readonly string[], io: CommandIO): Promise<number> {
  let action: string;
  let params: Record<string, string>;
  let body: Record<string, string> | undefined;
  let signature: SignatureVersion;
  let parsed: ReturnType<typeof parseArgs>;
  const locale = commandLocale(argv, io.env);
  try {
    parsed = parseArgs(argv, ['region', 'endpoint', 'signature', 'profile', 'timeout'], ['help', 'dry-run']);
    if (parsed.flags.has('help')) {
      io.stdout(say(CALL_USAGE, locale) + '\n');
      return 0;
    }
    const [first, ...rest] = parsed.positionals;
    if (first === undefined || !/^[A-Z][A-Za-z0-9]+$/.test(first)) {
      throw new UsageError(
        first === undefined
          ? message('cli.call.missingAction')
          : message('cli.call.notAction', { value: shortQuote(first) }),
      );
    }
    action = first;
    params = {};
    for (const pair of rest) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(message('cli.call.notPair', { value: shortQuote(pair) }));
      const name = pair.slice(0, eq);
      if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/.test(name))
        throw new UsageError(message('cli.call.notParameter', { value: shortQuote(name) }));
      params[name] = pair.slice(eq + 1);
    }
    // The template actions take their template in the form body (docs/reference/eci-api.md §6.1).
    if (params['Template'] !== undefined) {
      body = { Template: params['Template'] };
      delete params['Template'];
    }
    const sig = parsed.options.get('signature') ?? 'v3';
    if (sig !== 'v1' && sig !== 'v3') throw new UsageError(message('cli.call.signature'));
    signature = sig;
    const timeout = parsed.options.get('timeout');
    if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError(message('cli.call.timeoutNumber'));
    if (timeout !== undefined && (Number(timeout) < 1 || Number(timeout) > MAX_TIMEOUT_MS))
      throw new UsageError(message('cli.call.timeoutRange', { max: MAX_TIMEOUT_MS }));
  } catch (error) {
    if (error instanceof UsageError) {
      return usageFailure(io.stderr, 'call', error, locale);
    }
    throw error;
  }

  let route: NetworkRoute;
  try {
    route = routeFromEnv(io.env);
  } catch (error) {
    // A proxy variable that is not a URL: said without repeating it (it may hold a password).
    io.stderr(`eci call: ${(error as Error).message}\n`);
    return 1;
  }

  let client: EciClient | undefined;
  let key: EciKey | undefined;
  // Until the credentials are known there is nothing of them to hide; afterwards all that is printed is cleaned.
  let clean = (text: string): string => text;
  try {
    key = await resolveEciKey({ profile: parsed.options.get('profile'), env: io.env, route });
    clean = key.clean;
    // A mode with temporary credentials (a role, a credentials URI, ...) fetches them first: the request is signed
    // with them.
    const credentials = await key.credentials();
    const regionId = eciRegion(parsed.options.get('region') ?? params['RegionId'], io.env, key.spec.regionId);
    // --timeout bounds the call as a whole, so that no server (trickling, stalling, asking to retry in an hour) can
    // keep the command running longer; each attempt gets the same bound as the extension's, within it.
    const timeout = Number(parsed.options.get('timeout') ?? DEFAULT_CALL_TIMEOUT_MS);
    client = new EciClient({
      credentials,
      regionId,
      endpoint: parsed.options.get('endpoint') ?? io.env['ECI_ENDPOINT'],
      signatureVersion: signature,
      timeoutMs: Math.min(timeout, MAX_ATTEMPT_MS),
      deadlineMs: timeout,
      userAgent: 'eci-cli',
      route,
    });
    const mutating = MUTATING_ACTION.test(action) && params['ClientToken'] === undefined;
    if (parsed.flags.has('dry-run')) {
      const prepared = await client.prepare(action, params, {
        bodyParams: body,
        clientToken: mutating ? '<generated per call>' : undefined,
      });
      io.stdout(JSON.stringify(redactRequest(prepared, credentials), null, 2) + '\n');
      return 0;
    }
    const response = await client.callRaw(action, params, { bodyParams: body, mutating, signal: io.signal });
    io.stdout(clean(printable(action, response)) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof CloudError) {
      io.stderr(clean(JSON.stringify(error.bodyIn(locale), null, 2)) + '\n');
      return 1;
    }
    throw error;
  } finally {
    await client?.close();
    await key?.close();
  }
}

/**
 * The answer as JSON text. An answer nested deeper than JSON.stringify can recurse (a hostile or broken server's: a
 * million brackets parse, but cannot be printed) is an error of the answer, not a crash of the command.
 */
function printable(action: string, response: Record<string, unknown>): string {
  try {
    return JSON.stringify(response, null, 2);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CloudError({
      code: 'InvalidResponse',
      message: `The response to ${action} is nested too deeply to print.`,
      action,
    });
  }
}

/** A prepared request made safe to print: no secret, token or signature, the AccessKey ID masked. */
function redactRequest(
  prepared: { url: string; headers: Record<string, string>; body: string | undefined },
  credentials: Credentials,
): Record<string, unknown> {
  const secrets = [
    credentials.accessKeySecret,
    credentials.securityToken,
    credentials.securityToken === undefined ? undefined : percentEncode(credentials.securityToken),
  ];
  const clean = (text: string): string =>
    redactText(text, secrets).split(credentials.accessKeyId).join(maskAccessKeyId(credentials.accessKeyId));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(prepared.headers))
    headers[name] = name === 'x-acs-security-token' ? '<redacted>' : clean(value);
  return {
    method: 'POST',
    url: clean(prepared.url),
    headers,
    body: prepared.body === undefined ? undefined : clean(prepared.body),
  };
}
