import { randomUUID } from 'node:crypto';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { lazyModule } from '../lazy-module';
import type { Decoder } from './decode';
import { DecodeError } from './decode';
import type { CredentialSource, Credentials } from './credentials';
import { credentialsOf } from './credentials';
import { canonicalQueryString, isoSeconds } from './encoding';
import type { EndpointType } from './endpoints';
import { ECI_API_VERSION, resolveEndpoint } from './endpoints';
import { EciError, isPermanentNetworkFailure, networkFailureText } from './errors';
import type { RpcParams } from './flatten';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first call (see lazy-module.ts)
const undici = lazyModule(() => require('undici') as typeof Undici);
import { flattenParams } from './flatten';
import type { SignatureVersion } from './signing';
import { EMPTY_PAYLOAD_SHA256, sha256Hex, signV1, signV3, v1Parameters } from './signing';

/** What the client tells a logger: never parameters or credentials, only what identifies a call. */
export interface ClientLogEvent {
  readonly action: string;
  readonly attempt: number;
  readonly durationMs: number;
  readonly httpStatus?: number | undefined;
  readonly requestId?: string | undefined;
  readonly errorCode?: string | undefined;
  /** Set when another attempt follows, after this many milliseconds. */
  readonly retryInMs?: number | undefined;
}

export interface EciClientOptions {
  readonly credentials: CredentialSource;
  readonly regionId: string;
  /** Overrides the regional endpoint: the emulator's URL, a proxy, a VPC endpoint. */
  readonly endpoint?: string | undefined;
  readonly endpointType?: EndpointType | undefined;
  /** Default `v3` (ACS3-HMAC-SHA256). */
  readonly signatureVersion?: SignatureVersion | undefined;
  /** Per attempt. Default 30 s. */
  readonly timeoutMs?: number | undefined;
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number | undefined;
  readonly retryBaseDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
  readonly maxResponseBytes?: number | undefined;
  readonly userAgent?: string | undefined;
  /** A shared undici dispatcher; by default the client owns a keep-alive Agent and `close()` closes it. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly onCall?: ((event: ClientLogEvent) => void) | undefined;
  // Seams for deterministic tests.
  readonly now?: (() => Date) | undefined;
  readonly nonce?: (() => string) | undefined;
  readonly random?: (() => number) | undefined;
}

export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  /** Parameters sent in the form body rather than the query (the template actions' `Template`). */
  readonly bodyParams?: RpcParams | undefined;
  /**
   * A mutating call: it carries a ClientToken, generated once and kept for every retry, so that a retried create
   * never creates twice. A caller may pass its own token.
   */
  readonly mutating?: boolean | undefined;
  readonly clientToken?: string | undefined;
  readonly regionId?: string | undefined;
}

const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success']);

export function isRetryable(error: EciError): boolean {
  const code = error.code;
  if (code === 'Throttling.Vcpu.PerDay') return false; // a daily limit: retrying within seconds cannot help
  // TLS to a plain-HTTP server, a certificate refused: the same connection fails the same way every time.
  if (code === 'NetworkError' && isPermanentNetworkFailure(error.cause)) return false;
  if (/Throttling/.test(code)) return true;
  if (code.startsWith('ServiceUnavailable')) return true;
  if (
    code === 'InternalError' ||
    code === 'InternalServerError' ||
    code === 'NetworkError' ||
    code === 'RequestTimeout'
  )
    return true;
  return error.httpStatus !== undefined && error.httpStatus >= 500;
}

interface AttemptFailure {
  readonly error: EciError;
  readonly retryAfterMs: number | undefined;
}

/**
 * A signed RPC client for the ECI API: one keep-alive connection pool, per-attempt timeouts, cancellation,
 * bounded retries with exponential backoff and full jitter (honouring `x-acs-retry-after`), and responses
 * validated into typed records. Every failure is an EciError.
 */
export class EciClient {
  readonly regionId: string;
  readonly signatureVersion: SignatureVersion;
  private readonly options: EciClientOptions;
  private dispatcherInstance: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly endpointCache = new Map<string, URL>();

  constructor(options: EciClientOptions) {
    this.options = options;
    this.regionId = options.regionId;
    this.signatureVersion = options.signatureVersion ?? 'v3';
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcherInstance = options.dispatcher;
    // Fail fast on a bad endpoint rather than on the first call.
    this.endpointFor(this.regionId);
  }

  /** The connection pool, made on the first call. */
  private get dispatcher(): Dispatcher {
    this.dispatcherInstance ??= new (undici().Agent)({ keepAliveTimeout: 30_000, connections: 16 });
    return this.dispatcherInstance;
  }

  endpointFor(regionId: string): URL {
    let url = this.endpointCache.get(regionId);
    if (url === undefined) {
      url = resolveEndpoint(regionId, this.options.endpoint, this.options.endpointType);
      this.endpointCache.set(regionId, url);
    }
    return url;
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcherInstance?.close();
  }

  /** Calls an action and decodes its response; the workhorse behind every typed operation. */
  async call<T>(action: string, params: RpcParams, decoder: Decoder<T>, options: CallOptions = {}): Promise<T> {
    const body = await this.callRaw(action, params, options);
    try {
      return decoder(body, '');
    } catch (error) {
      if (error instanceof DecodeError) {
        throw new EciError({
          code: 'InvalidResponse',
          message: `The response to ${action} does not have the shape the ECI API documents: ${error.message}.`,
          requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
          action,
        });
      }
      throw error;
    }
  }

  /** Calls an action and returns the parsed JSON object as it came (for `eci call`). */
  async callRaw(action: string, params: RpcParams, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const regionId = options.regionId ?? this.regionId;
    // The token is fixed here, before the first attempt, so that every retry repeats the same request.
    const clientToken = options.clientToken ?? (options.mutating === true ? randomUUID() : undefined);
    const query = queryParameters(params, regionId, clientToken);
    const form = options.bodyParams === undefined ? undefined : flattenParams(options.bodyParams);
    const endpoint = this.endpointFor(regionId);
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 4);

    for (let attempt = 1; ; attempt++) {
      throwIfCanceled(options.signal, action);
      const started = performance.now();
      const credentials = await this.credentials(action);
      const outcome = await this.attempt(action, endpoint, query, form, credentials, options).then(
        (value) => ({ ok: true as const, value }),
        (reason: unknown) => ({ ok: false as const, failure: asAttemptFailure(reason, action) }),
      );
      const durationMs = performance.now() - started;
      if (outcome.ok) {
        this.options.onCall?.({ action, attempt, durationMs, httpStatus: 200, requestId: outcome.value.requestId });
        return outcome.value.body;
      }
      const { error, retryAfterMs } = outcome.failure;
      const retry = attempt < maxAttempts && isRetryable(error) && error.code !== 'Canceled';
      const delay = retry ? this.backoff(attempt, retryAfterMs) : undefined;
      this.options.onCall?.({
        action,
        attempt,
        durationMs,
        httpStatus: error.httpStatus,
        requestId: error.requestId,
        errorCode: error.code,
        retryInMs: delay,
      });
      if (delay === undefined) {
        throw new EciError({
          code: error.code,
          message: error.message,
          requestId: error.requestId,
          httpStatus: error.httpStatus,
          recommend: error.recommend,
          hostId: error.hostId,
          action,
          attempts: attempt,
          cause: error.cause,
        });
      }
      await sleep(delay, options.signal, action);
    }
  }

  /**
   * The signed request one attempt would send, without sending it: for a dry run, and for the benchmark's anchor
   * (a bare request with exactly the same bytes). The result holds a signature; never print it unredacted.
   */
  async prepare(
    action: string,
    params: RpcParams,
    options: CallOptions = {},
  ): Promise<{ url: string; headers: Record<string, string>; body: string | undefined }> {
    const regionId = options.regionId ?? this.regionId;
    const query = queryParameters(params, regionId, options.clientToken);
    const form = options.bodyParams === undefined ? undefined : flattenParams(options.bodyParams);
    return this.buildRequest(action, this.endpointFor(regionId), query, form, await this.credentials(action));
  }

  /** Full jitter over an exponential ceiling; a server's `x-acs-retry-after` (milliseconds) is a floor. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const base = this.options.retryBaseDelayMs ?? 200;
    const max = this.options.retryMaxDelayMs ?? 10_000;
    const ceiling = Math.min(max, base * 2 ** (attempt - 1));
    const jittered = Math.round((this.options.random ?? Math.random)() * ceiling);
    return retryAfterMs === undefined ? jittered : Math.max(Math.min(retryAfterMs, 60_000), jittered);
  }

  private async credentials(action: string): Promise<Credentials> {
    try {
      return await credentialsOf(this.options.credentials);
    } catch (error) {
      if (error instanceof EciError) throw error;
      throw new EciError({
        code: 'CredentialsNotFound',
        message: `Could not obtain credentials for ${action}: ${(error as Error).message}`,
        action,
      });
    }
  }

  private buildRequest(
    action: string,
    endpoint: URL,
    query: Readonly<Record<string, string>>,
    form: Readonly<Record<string, string>> | undefined,
    credentials: Credentials,
  ): { url: string; headers: Record<string, string>; body: string | undefined } {
    const now = (this.options.now ?? (() => new Date()))();
    const nonce = (this.options.nonce ?? randomUUID)();
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent ?? 'vscode-eci',
      'x-acs-action': action,
      'x-acs-version': ECI_API_VERSION,
    };
    if (this.signatureVersion === 'v1') {
      // pop-core's POST mode: every parameter, the signature included, in a form body to `/`.
      const params = v1Parameters(form === undefined ? query : Object.assign({}, query, form), {
        action,
        version: ECI_API_VERSION,
        accessKeyId: credentials.accessKeyId,
        nonce,
        timestamp: isoSeconds(now),
        securityToken: credentials.securityToken,
      });
      const { signature } = signV1('POST', params, credentials.accessKeySecret);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      params['Signature'] = signature;
      return { url: endpoint.href, headers, body: canonicalQueryString(params) };
    }
    // V3: business parameters in the query, body parameters as a form, everything bound by the Authorization header.
    const body = form === undefined ? undefined : canonicalQueryString(form);
    const payloadHash = body === undefined ? EMPTY_PAYLOAD_SHA256 : sha256Hex(body);
    headers['x-acs-date'] = isoSeconds(now);
    headers['x-acs-signature-nonce'] = nonce;
    headers['x-acs-content-sha256'] = payloadHash;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (credentials.securityToken !== undefined) headers['x-acs-security-token'] = credentials.securityToken;
    // The URL's query string is exactly the canonical query string, so it is built once for both.
    const queryString = canonicalQueryString(query);
    const signed = signV3(
      {
        method: 'POST',
        pathname: '/',
        query,
        headers: Object.assign({ host: endpoint.host }, headers),
        payloadHash,
        canonicalQuery: queryString,
      },
      credentials.accessKeyId,
      credentials.accessKeySecret,
    );
    headers['authorization'] = signed.authorization;
    return { url: queryString === '' ? endpoint.href : `${endpoint.href}?${queryString}`, headers, body };
  }

  /** One HTTP exchange. Resolves with the parsed body or rejects with an AttemptFailure. */
  private async attempt(
    action: string,
    endpoint: URL,
    query: Readonly<Record<string, string>>,
    form: Readonly<Record<string, string>> | undefined,
    credentials: Credentials,
    options: CallOptions,
  ): Promise<{ body: Record<string, unknown>; requestId: string | undefined }> {
    const { url, headers, body } = this.buildRequest(action, endpoint, query, form, credentials);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const fail = (error: EciError, retryAfterMs?: number): AttemptFailure => ({ error, retryAfterMs });

    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      // undici's own timers bound the wait for the headers and each pause in the body: no AbortSignal and timer
      // of our own per request, which measurably slowed every call.
      response = await undici().request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.dispatcher,
        signal: options.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      text = await readBody(
        response.body,
        this.options.maxResponseBytes ?? 32 * 1024 * 1024,
        action,
        headerValue(response.headers['content-length']),
      );
    } catch (error) {
      if (error instanceof EciError) throw fail(error);
      if (options.signal?.aborted === true) throw fail(canceled(action));
      const code = (error as { code?: unknown }).code;
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw fail(
          new EciError({
            code: 'RequestTimeout',
            message: `${action} got no complete answer from ${endpoint.host} within ${timeoutMs} ms.`,
            action,
            cause: error,
          }),
        );
      }
      throw fail(networkError(action, endpoint, error));
    }

    const status = response.statusCode;
    const requestIdHeader = headerValue(response.headers['x-acs-request-id']);
    const retryAfter = headerValue(response.headers['x-acs-retry-after']);
    const retryAfterMs =
      retryAfter !== undefined && /^\s*\d+\s*$/.test(retryAfter) && Number(retryAfter) > 0
        ? Number(retryAfter)
        : undefined;
    const parsed = parseJsonObject(text);
    if (parsed === undefined) {
      throw fail(
        invalidBody(action, endpoint, status, headerValue(response.headers['content-type']), text, requestIdHeader),
        retryAfterMs,
      );
    }
    const code = typeof parsed.Code === 'string' || typeof parsed.Code === 'number' ? String(parsed.Code) : undefined;
    const requestId = typeof parsed.RequestId === 'string' ? parsed.RequestId : requestIdHeader;
    if (status >= 400 || (code !== undefined && !SUCCESS_CODES.has(code))) {
      throw fail(
        new EciError({
          code: code ?? `HTTP${status}`,
          message:
            typeof parsed.Message === 'string' && parsed.Message !== ''
              ? parsed.Message
              : `${action} failed with HTTP ${status}.`,
          requestId,
          httpStatus: status,
          recommend: typeof parsed.Recommend === 'string' ? parsed.Recommend : undefined,
          hostId: typeof parsed.HostId === 'string' ? parsed.HostId : undefined,
          action,
        }),
        retryAfterMs,
      );
    }
    return { body: parsed, requestId };
  }
}

/** The flattened query: the caller's parameters, the client's region unless given, and the ClientToken if any. */
function queryParameters(params: RpcParams, regionId: string, clientToken: string | undefined): Record<string, string> {
  const extra: Record<string, string> = {};
  if (params['RegionId'] === undefined && regionId !== '') extra['RegionId'] = regionId;
  if (clientToken !== undefined) extra['ClientToken'] = clientToken;
  return flattenParams({ ...params, ...extra });
}

function asAttemptFailure(reason: unknown, action: string): AttemptFailure {
  if (reason !== null && typeof reason === 'object' && 'error' in reason && reason.error instanceof EciError) {
    return reason as AttemptFailure;
  }
  if (reason instanceof EciError) return { error: reason, retryAfterMs: undefined };
  return {
    error: new EciError({
      code: 'InternalClientError',
      message: `${action} failed inside the client: ${String(reason)}`,
      action,
      cause: reason,
    }),
    retryAfterMs: undefined,
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

async function readBody(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  action: string,
  contentLength: string | undefined,
): Promise<string> {
  // The common case, a body of announced size under the cap, is read in one go; the streaming loop below only
  // guards against bodies of unknown or excessive size.
  if (contentLength !== undefined && /^\d+$/.test(contentLength) && Number(contentLength) <= limit) {
    return body.text();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      throw new EciError({
        code: 'InvalidResponse',
        message: `The response to ${action} is larger than ${limit} bytes; refusing to read it.`,
        action,
      });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Names what came back instead of JSON, so that a proxy page or a wrong endpoint is recognisable. */
function invalidBody(
  action: string,
  endpoint: URL,
  status: number,
  contentType: string | undefined,
  text: string,
  requestId: string | undefined,
): EciError {
  const trimmed = text.trim();
  let what: string;
  if (trimmed === '') what = 'an empty body';
  else if (/^<!doctype html|^<html/i.test(trimmed) || (contentType ?? '').includes('html')) what = 'an HTML page';
  else if (trimmed.startsWith('<')) what = 'XML';
  else if (trimmed.startsWith('{') || trimmed.startsWith('['))
    what = trimmed.startsWith('[') ? 'a JSON list' : 'truncated or malformed JSON';
  else what = 'text that is not JSON';
  return new EciError({
    code: 'InvalidResponse',
    message: `${endpoint.host} answered ${action} with ${what} (HTTP ${status}) instead of the JSON object the ECI API returns.`,
    httpStatus: status,
    requestId,
    action,
  });
}

function networkError(action: string, endpoint: URL, error: unknown): EciError {
  return new EciError({
    code: 'NetworkError',
    message: `Could not complete ${action} at ${endpoint.host}: ${networkFailureText(error)}.`,
    action,
    cause: error,
  });
}

function canceled(action: string): EciError {
  return new EciError({ code: 'Canceled', message: `${action} was canceled.`, action });
}

function throwIfCanceled(signal: AbortSignal | undefined, action: string): void {
  if (signal?.aborted === true) throw canceled(action);
}

function sleep(ms: number, signal: AbortSignal | undefined, action: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(canceled(action));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(canceled(action));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
