import { randomUUID } from 'node:crypto';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { EciError, isPermanentNetworkFailure, networkFailureText } from '../eci/errors';
import { lazyModule } from '../lazy-module';
import type { Decoder } from '../eci/decode';
import { DecodeError } from '../eci/decode';
import type { JdcloudCredentials } from './signing';
import { canonicalPath, signJdcloudRequest } from './signing';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first call (see lazy-module.ts)
const undici = lazyModule(() => require('undici') as typeof Undici);

/**
 * A client of JD Cloud's Native Container API (eci-api.md §8): REST paths under `/v1`, JSON bodies, JDCLOUD2
 * signatures, answers in the `{requestId, result, error}` envelope. Errors are the core's one error type, EciError,
 * with JD Cloud's status (`INVALID_ARGUMENT`, `NOT_FOUND`…) as the code, so that every part of the extension shows
 * them alike. Throttling, server errors and network failures are retried with backoff; other errors are not.
 */
export const NATIVE_CONTAINER_ENDPOINT = 'https://nativecontainer.jdcloud-api.com';

export interface JdcloudClientOptions {
  readonly credentials: JdcloudCredentials;
  /** Default: nativecontainer.jdcloud-api.com over https; the emulator's URL for local work. */
  readonly endpoint?: string | undefined;
  readonly timeoutMs?: number | undefined;
  /** Attempts for a retryable failure, the first included (default 3). */
  readonly maxAttempts?: number | undefined;
  readonly dispatcher?: Dispatcher | undefined;
  /** The clock and nonces of signatures (tests fix them). */
  readonly now?: (() => Date) | undefined;
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
}

interface Envelope {
  readonly requestId?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code?: unknown; readonly status?: unknown; readonly message?: unknown } | null;
}

export class JdcloudClient {
  private dispatcherInstance: Dispatcher | undefined;
  private readonly endpoint: URL;

  constructor(private readonly options: JdcloudClientOptions) {
    this.dispatcherInstance = options.dispatcher;
    this.endpoint = new URL(options.endpoint ?? NATIVE_CONTAINER_ENDPOINT);
  }

  private get dispatcher(): Dispatcher {
    this.dispatcherInstance ??= new (undici().Agent)({ keepAliveTimeout: 30_000, connections: 8 });
    return this.dispatcherInstance;
  }

  async close(): Promise<void> {
    if (this.options.dispatcher === undefined) await this.dispatcherInstance?.close();
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
   * `InvalidResponse`, never a crash further on); an EciError for an error answer or a failure on the way.
   */
  async call<T>(request: JdcloudRequest & { readonly decode?: Decoder<T> | undefined }): Promise<T> {
    const result = await this.callRaw(request);
    if (request.decode === undefined) return result as T;
    try {
      return request.decode(result, '');
    } catch (error) {
      if (error instanceof DecodeError) {
        throw new EciError({
          code: 'InvalidResponse',
          message: `The answer to ${request.operation} does not have the shape JD Cloud documents: ${error.message}.`,
          action: request.operation,
        });
      }
      throw error;
    }
  }

  private async callRaw(request: JdcloudRequest): Promise<unknown> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request, attempt);
      } catch (error) {
        const failure =
          error instanceof EciError
            ? error
            : new EciError({
                code: 'NetworkError',
                message: `Could not complete ${request.operation} at ${this.endpoint.host}: ${networkFailureText(error)}.`,
                action: request.operation,
                attempts: attempt,
                cause: error,
              });
        const retryable =
          (failure.code === 'NetworkError' && !isPermanentNetworkFailure(failure.cause)) ||
          failure.code === 'TOO_MANY_REQUESTS' ||
          (failure.httpStatus !== undefined && failure.httpStatus >= 500);
        if (!retryable || attempt >= maxAttempts || request.signal?.aborted === true) throw failure;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(2_000, 100 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)),
        );
      }
    }
  }

  private async attempt(request: JdcloudRequest, attempt: number): Promise<unknown> {
    const url = new URL(`/v1/regions/${request.regionId}${request.path}`, this.endpoint);
    for (const [name, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.append(name, String(value));
    const body = request.body === undefined ? '' : JSON.stringify(request.body);
    const signed = signJdcloudRequest(
      {
        method: request.method,
        url,
        headers: { 'content-type': 'application/json' },
        body,
        regionId: request.regionId,
        service: 'nativecontainer',
        date: this.options.now?.() ?? new Date(),
        nonce: randomUUID(),
      },
      this.options.credentials,
    );
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    // The path goes out escaped as it was signed (`:` as %3A), as JD Cloud's SDKs send it.
    const response = await undici().request(`${url.origin}${canonicalPath(url.pathname)}${url.search}`, {
      method: request.method,
      headers: { ...signed.headers, 'user-agent': 'vscode-eci' },
      body: body === '' ? undefined : body,
      dispatcher: this.dispatcher,
      signal: request.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const text = await response.body.text();
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      throw new EciError({
        code: 'InvalidResponse',
        message: `${request.operation}: the answer (HTTP ${response.statusCode}) is not JSON.`,
        httpStatus: response.statusCode,
        action: request.operation,
        attempts: attempt,
      });
    }
    const requestId = typeof envelope.requestId === 'string' ? envelope.requestId : undefined;
    const error = envelope.error;
    if (response.statusCode >= 400 || (error !== undefined && error !== null)) {
      const status = typeof error?.status === 'string' ? error.status : `HTTP_${response.statusCode}`;
      const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.statusCode}`;
      throw new EciError({
        code: status,
        message,
        requestId,
        httpStatus: typeof error?.code === 'number' ? error.code : response.statusCode,
        hostId: url.host,
        action: request.operation,
        attempts: attempt,
      });
    }
    return envelope.result ?? {};
  }
}
