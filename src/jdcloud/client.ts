import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type {
  Answer,
  CallEvent,
  PreparedRequest,
  RetryPolicy,
  TransportCall,
  TransportResponse,
} from '../core/transport';
import { defaultDeadlineMs, headerValue, isRedirect, redirectError, retryAfterMs, Transport } from '../core/transport';
import { NetworkRoute } from '../core/proxy';
import type { CloudError } from '../core/errors';
import { describeBodyMessage, isPermanentNetworkFailure, redactConfidential, redactError } from '../core/errors';
import { jdcloudError, jdcloudHints } from './error-hints';
import type { Decoder } from '../core/decode';
import { DecodeError } from '../core/decode';
import type { JdcloudCredentials } from './signing';
import { canonicalPath, signJdcloudRequest } from './signing';
import { message } from '../core/messages/messages';

/**
 * A client of JD Cloud's Native Container API (eci-api.md §8): REST paths under `/v1`, JSON bodies, JDCLOUD2
 * signatures, answers in the `{requestId, result, error}` envelope. Errors are the core's one error type, CloudError,
 * with JD Cloud's status (`INVALID_ARGUMENT`, `NOT_FOUND`…) as the code, so that every part of the extension shows
 * them alike. Throttling, server errors, timeouts and network failures are retried with backoff; other errors are
 * not. Sending, retries, deadlines, cancellation, the size limit and the log events are the shared transport's
 * (src/core/transport.ts); this client signs (JDCLOUD2) and reads JD Cloud's envelope. Its default endpoint is the
 * one both official SDKs use (jdcloud-sdk-js's default, the Go SDK's NativecontainerClient).
 */
export const JDCLOUD_ENDPOINT = 'https://nativecontainer.jdcloud-api.com';

export interface JdcloudClientOptions {
  readonly credentials: JdcloudCredentials;
  /** Default: nativecontainer.jdcloud-api.com over https; the emulator's URL for local work. */
  readonly endpoint?: string | undefined;
  /** One attempt as a whole: connecting, the headers and the entire body. Default 30 s. */
  readonly timeoutMs?: number | undefined;
  /**
   * The whole call, every retry and wait included; a server's `Retry-After` never extends it. Default: what the
   * retry policy allows at worst (`maxAttempts` × `timeoutMs` plus every backoff at its ceiling, plus 1 s).
   */
  readonly deadlineMs?: number | undefined;
  /** Attempts for a retryable failure, the first included (default 3). */
  readonly maxAttempts?: number | undefined;
  /** Backoff: the first wait's ceiling (default 100 ms), doubling up to the maximum (default 2 s), equal jitter. */
  readonly retryBaseDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
  /** Answers larger than this are refused as they arrive, never read whole. Default 32 MiB. */
  readonly maxResponseBytes?: number | undefined;
  /** A shared undici dispatcher; by default the client owns a keep-alive pool and `close()` closes it. */
  readonly dispatcher?: Dispatcher | undefined;
  /** How API calls and exec sockets connect: direct by default, or through a proxy (src/core/proxy.ts). */
  readonly route?: NetworkRoute | undefined;
  /** One event per attempt, for the log: never parameters or credentials. */
  readonly onCall?: ((event: CallEvent) => void) | undefined;
  /** The clock and nonces of signatures (tests fix them). */
  readonly now?: (() => Date) | undefined;
  /** For deterministic backoff in tests: a number in [0, 1). */
  readonly random?: (() => number) | undefined;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface JdcloudRequest {
  /** The operation's name, for errors (`createContainers`). */
  readonly operation: string;
  readonly method: HttpMethod;
  readonly regionId: string;
  /** The path after `/v1/regions/{regionId}`, unescaped (`/containers/c-1:stopContainer`). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** This call's attempt timeout and deadline, instead of the client's (see JdcloudClientOptions). */
  readonly timeoutMs?: number | undefined;
  readonly deadlineMs?: number | undefined;
}

interface Envelope {
  readonly requestId?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code?: unknown; readonly status?: unknown; readonly message?: unknown } | null;
}

/** Which failures another attempt may cure: throttling, server errors, timeouts, and network failures but TLS's. */
export function isRetryableJdcloud(error: CloudError): boolean {
  return (
    (error.code === 'NetworkError' && !isPermanentNetworkFailure(error.cause)) ||
    error.code === 'RequestTimeout' ||
    error.code === 'TOO_MANY_REQUESTS' ||
    (error.httpStatus !== undefined && error.httpStatus >= 500)
  );
}

export class JdcloudClient {
  /** The way its calls go, and its exec sockets (src/jdcloud/exec-session.ts) with them. */
  readonly route: NetworkRoute;
  private readonly endpoint: URL;
  private readonly transport: Transport;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: JdcloudClientOptions) {
    this.endpoint = new URL(options.endpoint ?? JDCLOUD_ENDPOINT);
    this.route = options.route ?? NetworkRoute.direct();
    this.transport = new Transport({
      dispatcher: options.dispatcher,
      connections: 8,
      route: this.route,
      maxResponseBytes: options.maxResponseBytes,
      onCall: options.onCall,
    });
    this.policy = {
      maxAttempts: Math.max(1, options.maxAttempts ?? 3),
      baseDelayMs: options.retryBaseDelayMs ?? 100,
      maxDelayMs: options.retryMaxDelayMs ?? 2_000,
      jitter: 'equal',
      retryable: isRetryableJdcloud,
      retryHintMs: retryAfterMs,
      random: options.random,
    };
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /**
   * The address and signed headers of a WebSocket handshake: a GET signed like any call, as JD Cloud's CLI opens
   * exec sockets (eci-api.md §8).
   */
  webSocketRequest(
    regionId: string,
    path: string,
    query: Readonly<Record<string, string>>,
  ): { url: string; headers: Record<string, string> } {
    const url = new URL(`/v1/regions/${regionId}${path}`, this.endpoint);
    for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
    const signed = signJdcloudRequest(
      {
        method: 'GET',
        url,
        regionId,
        service: 'nativecontainer',
        date: this.options.now?.() ?? new Date(),
        nonce: randomUUID(),
      },
      this.options.credentials,
    );
    return {
      url: `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${canonicalPath(url.pathname)}${url.search}`,
      headers: signed.headers,
    };
  }

  /**
   * The operation's `result`, through the request's decoder when it has one (a result of another shape is an
   * `InvalidResponse`, never a crash further on); a CloudError for an error answer or a failure on the way.
   */
  async call<T>(request: JdcloudRequest & { readonly decode?: Decoder<T> | undefined }): Promise<T> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const call = new JdcloudCall(
      this.options,
      request,
      this.endpoint,
      this.policy,
      timeoutMs,
      request.deadlineMs ?? this.options.deadlineMs ?? defaultDeadlineMs(this.policy, timeoutMs),
    );
    const result = await this.transport.send(call);
    if (request.decode === undefined) return result as T;
    try {
      return request.decode(result, '');
    } catch (error) {
      if (error instanceof DecodeError) {
        // The message quotes the value found, which a server may have filled with anything it was sent.
        throw redactError(
          jdcloudError({
            code: 'InvalidResponse',
            message: message('error.jdcloud.shape', { operation: request.operation, problem: error.message }),
            action: request.operation,
          }),
          (text) => call.redact(text),
        );
      }
      throw error;
    }
  }
}

/** One call through the transport: signed afresh for every attempt (a new date and nonce), its envelope read. */
class JdcloudCall implements TransportCall<unknown> {
  readonly action: string;
  readonly host: string;
  readonly hints = jdcloudHints;
  readonly signal: AbortSignal | undefined;
  private readonly url: URL;
  private readonly path: string;
  private readonly body: string;

  constructor(
    private readonly options: JdcloudClientOptions,
    private readonly request: JdcloudRequest,
    endpoint: URL,
    readonly policy: RetryPolicy,
    readonly timeoutMs: number,
    readonly deadlineMs: number,
  ) {
    this.action = request.operation;
    this.signal = request.signal;
    this.url = new URL(`/v1/regions/${request.regionId}${request.path}`, endpoint);
    for (const [name, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) this.url.searchParams.append(name, String(value));
    this.host = this.url.host;
    // The path goes out escaped as it was signed (`:` as %3A), as JD Cloud's SDKs send it.
    this.path = `${canonicalPath(this.url.pathname)}${this.url.search}`;
    this.body = request.body === undefined ? '' : JSON.stringify(request.body);
  }

  prepare(): PreparedRequest {
    const { request, url, body } = this;
    const signed = signJdcloudRequest(
      {
        method: request.method,
        url,
        // What jdcloud-sdk-js sends and signs with every call (a GET included).
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body,
        regionId: request.regionId,
        service: 'nativecontainer',
        date: this.options.now?.() ?? new Date(),
        nonce: randomUUID(),
      },
      this.options.credentials,
    );
    signed.headers['user-agent'] = 'vscode-eci';
    return {
      method: request.method,
      origin: url.origin,
      path: this.path,
      headers: signed.headers,
      body: body === '' ? undefined : body,
    };
  }

  read(response: TransportResponse, attempt: number): Answer<unknown> {
    return readEnvelope(this.action, this.host, response, attempt);
  }

  /** A server's message may quote what it was sent; the AccessKey ID is shown masked, the secret never. */
  redact(text: string): string {
    const { accessKeyId, accessKeySecret, securityToken } = this.options.credentials;
    return redactConfidential(text, { accessKeyId, secrets: [accessKeySecret, securityToken] });
  }
}

/** JD Cloud's `{requestId, result, error}` envelope read into its result, or the CloudError it stands for. */
function readEnvelope(operation: string, host: string, response: TransportResponse, attempt: number): Answer<unknown> {
  if (isRedirect(response)) throw redirectError(operation, host, response, jdcloudError);
  let envelope: Envelope;
  try {
    envelope = JSON.parse(response.text) as Envelope;
  } catch {
    const what = describeBodyMessage(response.text, headerValue(response.headers['content-type']));
    throw jdcloudError({
      code: 'InvalidResponse',
      message: message('error.jdcloud.notJson', { operation, status: response.status, host, what }),
      httpStatus: response.status,
      action: operation,
      attempts: attempt,
    });
  }
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
    throw jdcloudError({
      code: 'InvalidResponse',
      message: message('error.jdcloud.notObject', { operation, status: response.status }),
      httpStatus: response.status,
      action: operation,
      attempts: attempt,
    });
  }
  const requestId = typeof envelope.requestId === 'string' ? envelope.requestId : undefined;
  const error = envelope.error;
  // Only a 2xx answer is a success: anything else with a JSON body is an error, whatever its body says.
  if (response.status < 200 || response.status >= 300 || (error !== undefined && error !== null)) {
    const status = typeof error?.status === 'string' ? error.status : `HTTP_${response.status}`;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
    throw jdcloudError({
      code: status,
      message,
      requestId,
      httpStatus: typeof error?.code === 'number' ? error.code : response.status,
      hostId: host,
      action: operation,
      attempts: attempt,
    });
  }
  return { value: envelope.result ?? {}, requestId };
}
