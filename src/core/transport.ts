import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import type { ErrorHints } from './error-hints';
import { CloudError, networkFailureMessage, redactedMessage } from './errors';
import type { Message } from './messages/messages';
import { message } from './messages/messages';
import type { NetworkRoute } from './proxy';
import { lazyModule } from '../lazy-module';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first call (see lazy-module.ts)
const undici = lazyModule(() => require('undici') as typeof Undici);

/**
 * The one HTTP transport of both API clients (ECI and JD Cloud). A client prepares and signs a request, and reads
 * an answer into its result or its own error; the transport does everything in between, alike for both:
 *
 * - **Time.** Two bounds. `timeoutMs` bounds one attempt as a whole (connecting, the headers and the entire body: a
 *   server trickling a byte a second cannot stretch it). `deadlineMs` bounds the whole call: every attempt, every
 *   wait between attempts, every server retry hint. A call never outlives its deadline by more than a timer's
 *   latency. By default the deadline is what the retry policy itself allows (every attempt its full timeout, every
 *   wait its ceiling, and a second for the client's own work), so nothing a server does can make a call longer.
 * - **Retries** by a per-provider policy: which failures, how many attempts, exponential backoff with jitter. A
 *   server's hint (`Retry-After`, ECI's `x-acs-retry-after`) is a floor for the wait, capped; a wait that would not
 *   end before the deadline is not begun: the call fails at once with the server's error.
 * - **Cancellation**: an AbortSignal ends the call at once, in flight or in a wait (`Canceled`).
 * - **Size**: an answer larger than `maxResponseBytes` (32 MiB) is refused while it arrives (or from its
 *   Content-Length), never read whole.
 * - **Logging**: one `onCall` event per attempt, with what identifies it (action, attempt, time, status, request
 *   ID, error code), never parameters, headers or credentials.
 * - **Connections**: one keep-alive pool per transport, made in `createDispatcher`, direct or through a proxy with its
 *   CA settings as the client's `NetworkRoute` says (src/core/proxy.ts); or a dispatcher given by the caller
 *   (shared, not closed by `close()`).
 *
 * It uses undici's dispatcher interface directly: one promise, one handler object and one timer per attempt, the body
 * collected as it comes, with no stream in between.
 */

/** What a client tells a logger about one attempt: never parameters or credentials, only what identifies it. */
export interface CallEvent {
  readonly action: string;
  readonly attempt: number;
  readonly durationMs: number;
  readonly httpStatus?: number | undefined;
  readonly requestId?: string | undefined;
  readonly errorCode?: string | undefined;
  /** Set when another attempt follows, after this many milliseconds. */
  readonly retryInMs?: number | undefined;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** The longest server retry hint honoured, whatever the server asks (and never past the call's deadline). */
export const DEFAULT_MAX_HINT_MS = 60_000;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The wait's ceiling after the first attempt; it doubles after each, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** `full`: a wait anywhere from 0 to the ceiling; `equal`: from half the ceiling to the ceiling. */
  readonly jitter: 'full' | 'equal';
  /** Whether another attempt may cure this failure. Cancellation is never retried, whatever this says. */
  readonly retryable: (error: CloudError) => boolean;
  /** A server's hint, in milliseconds, read from an answer that failed (default: the standard `Retry-After`). */
  readonly retryHintMs?: ((response: TransportResponse) => number | undefined) | undefined;
  /** Default 60 s. */
  readonly maxHintMs?: number | undefined;
  /** For deterministic tests: a number in [0, 1). */
  readonly random?: (() => number) | undefined;
}

/** A request as it goes on the wire: signed, with its path escaped as it was signed. */
export interface PreparedRequest {
  readonly method: Dispatcher.HttpMethod;
  /** `https://host[:port]` */
  readonly origin: string;
  /** The path and query string, starting with `/`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

export interface TransportResponse {
  readonly status: number;
  /** Names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as UTF-8 text. */
  readonly text: string;
}

/** A client's reading of a good answer: its result, and the request ID for the log. */
export interface Answer<T> {
  readonly value: T;
  readonly requestId: string | undefined;
}

export interface TransportCall<T> {
  /** The operation's name, for messages and the log. */
  readonly action: string;
  /** The host named in messages. */
  readonly host: string;
  readonly policy: RetryPolicy;
  /** One attempt, as a whole. */
  readonly timeoutMs: number;
  /** The whole call, every attempt and wait included (see `defaultDeadlineMs`). */
  readonly deadlineMs: number;
  readonly signal?: AbortSignal | undefined;
  /** The provider's hints for its API's codes, for the error a call ends with. */
  readonly hints?: ErrorHints | undefined;
  /** The request of one attempt, signed afresh (a new nonce and date per attempt); its errors go by the policy. */
  prepare(attempt: number): PreparedRequest | Promise<PreparedRequest>;
  /** Reads an answer: its result, or a CloudError thrown (an error answer, a body that is not what the API promises). */
  read(response: TransportResponse, attempt: number): Answer<T>;
  /**
   * Makes a text safe to show (the AccessKey ID masked, secrets removed: `redactConfidential` in errors.ts). Applied
   * to every text of the error a call ends with, whatever put it there: a server's message quoting its
   * string-to-sign, a page that echoes the request, a library's error.
   */
  redact?(text: string): string;
}

export interface TransportOptions {
  /** A shared dispatcher; by default the transport owns a keep-alive pool and `close()` closes it. */
  readonly dispatcher?: Dispatcher | undefined;
  /** Connections per origin of the transport's own pool. */
  readonly connections?: number | undefined;
  /** How the transport's own pool connects: direct (the default) or through a proxy (src/core/proxy.ts). */
  readonly route?: NetworkRoute | undefined;
  readonly maxResponseBytes?: number | undefined;
  readonly onCall?: ((event: CallEvent) => void) | undefined;
}

/**
 * The one place a connection pool is made for the API clients: keep-alive, a bounded number of connections per
 * origin, each connection made as the route says (a proxy, its CA settings) when there is one.
 */
export function createDispatcher(options: {
  readonly connections: number;
  readonly route?: NetworkRoute | undefined;
}): Dispatcher {
  if (options.route !== undefined) return options.route.dispatcher(options.connections);
  return new (undici().Agent)({ keepAliveTimeout: 30_000, connections: options.connections });
}

/** The wait's ceiling after `attempt` failed attempts: exponential from the base, at most the maximum. */
function backoffCeiling(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

/** The wait after attempt `attempt`, jittered; a server's hint (capped) is a floor. */
export function backoffMs(policy: RetryPolicy, attempt: number, hintMs: number | undefined): number {
  const ceiling = backoffCeiling(policy, attempt);
  const random = (policy.random ?? Math.random)();
  const jittered = Math.round(policy.jitter === 'full' ? random * ceiling : ceiling / 2 + (random * ceiling) / 2);
  return hintMs === undefined
    ? jittered
    : Math.max(Math.min(hintMs, policy.maxHintMs ?? DEFAULT_MAX_HINT_MS), jittered);
}

/** Time the default deadline allows for the client's own work between attempts (signing, reading credentials). */
const DEADLINE_SLACK_MS = 1_000;

/**
 * The default deadline of a call: what the policy itself would take at worst, every attempt its whole timeout and
 * every wait its ceiling, plus a second for the client's own work. Only a server's hint could go beyond it, and it
 * may not.
 */
export function defaultDeadlineMs(policy: RetryPolicy, timeoutMs: number): number {
  const attempts = Math.max(1, policy.maxAttempts);
  let total = attempts * timeoutMs + DEADLINE_SLACK_MS;
  for (let attempt = 1; attempt < attempts; attempt++) total += backoffCeiling(policy, attempt);
  return total;
}

/** The standard `Retry-After`: seconds, or an HTTP date. */
export function retryAfterMs(response: TransportResponse, now: number = Date.now()): number | undefined {
  const value = headerValue(response.headers['retry-after'])?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The longest a timer may be set for; longer budgets are effectively unbounded. */
const MAX_TIMER_MS = 2_147_483_647;

export class Transport {
  private dispatcherInstance: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly maxResponseBytes: number;
  private readonly onCall: ((event: CallEvent) => void) | undefined;

  constructor(private readonly options: TransportOptions = {}) {
    this.dispatcherInstance = options.dispatcher;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.onCall = options.onCall;
  }

  /** The connection pool, made on the first call. */
  get dispatcher(): Dispatcher {
    this.dispatcherInstance ??= createDispatcher({
      connections: this.options.connections ?? 16,
      route: this.options.route,
    });
    return this.dispatcherInstance;
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcherInstance?.close();
  }

  /** Sends a call, with retries, within its deadline: the client's reading of the answer, or a CloudError. */
  async send<T>(call: TransportCall<T>): Promise<T> {
    const { action, policy, signal } = call;
    const deadlineAt = performance.now() + call.deadlineMs;
    const maxAttempts = Math.max(1, policy.maxAttempts);
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted === true) throw canceled(action);
      const started = performance.now();
      let response: TransportResponse | undefined;
      let failure: CloudError;
      try {
        const prepared = call.prepare(attempt);
        const request = prepared instanceof Promise ? await bounded(prepared, call, attempt, deadlineAt) : prepared;
        response = await this.exchange(request, call, attempt, deadlineAt);
        const answer = call.read(response, attempt);
        this.onCall?.({
          action,
          attempt,
          durationMs: performance.now() - started,
          httpStatus: response.status,
          requestId: answer.requestId,
        });
        return answer.value;
      } catch (error) {
        failure = asCloudError(error, action);
      }

      let delay: number | undefined;
      if (attempt < maxAttempts && failure.code !== 'Canceled' && policy.retryable(failure)) {
        const hint = response === undefined ? undefined : (policy.retryHintMs ?? retryAfterMs)(response);
        const wait = backoffMs(policy, attempt, hint);
        // A wait that would reach the deadline is not begun: the call ends now with this failure, not later with it.
        if (wait < deadlineAt - performance.now()) delay = wait;
      }
      this.onCall?.({
        action,
        attempt,
        durationMs: performance.now() - started,
        httpStatus: failure.httpStatus,
        requestId: failure.requestId,
        errorCode: failure.code,
        retryInMs: delay,
      });
      if (delay === undefined) throw withAttempts(failure, call, attempt);
      await wait(delay, signal, action);
    }
  }

  /** One HTTP exchange, bounded by the attempt's timeout and the call's deadline. */
  private exchange(
    request: PreparedRequest,
    call: TransportCall<unknown>,
    attempt: number,
    deadlineAt: number,
  ): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      if (call.signal?.aborted === true) {
        reject(canceled(call.action));
        return;
      }
      const left = deadlineAt - performance.now();
      const exchange = new Exchange(resolve, reject, call, attempt, this.maxResponseBytes, left < call.timeoutMs);
      if (left <= 0) {
        exchange.expire(); // the deadline passed while the request was prepared (credentials were slow)
        return;
      }
      exchange.start(Math.ceil(Math.min(left, call.timeoutMs)));
      // undici's own header and body timers are off: the exchange's one timer bounds the attempt as a whole.
      try {
        this.dispatcher.dispatch(
          {
            origin: request.origin,
            path: request.path,
            method: request.method,
            headers: request.headers,
            body: request.body,
            headersTimeout: 0,
            bodyTimeout: 0,
          },
          exchange,
        );
      } catch (error) {
        // A request undici refuses outright (a closed pool, a header it will not send): the attempt ends here, and
        // its timer and abort listener with it, rather than holding the call open until the deadline.
        exchange.onResponseError(undefined, error as Error);
      }
    });
  }
}

/**
 * The handler of one attempt (undici's dispatch interface): collects the body up to the limit and settles the
 * attempt's promise once, whichever comes first of the answer, a failure, the timer and the caller's signal.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private reason: CloudError | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private status = 0;
  private headers: Readonly<Record<string, string | string[] | undefined>> = {};
  private first: Buffer | undefined;
  private chunks: Buffer[] | undefined;
  private size = 0;

  constructor(
    private readonly resolve: (response: TransportResponse) => void,
    private readonly reject: (error: CloudError) => void,
    private readonly call: TransportCall<unknown>,
    private readonly attempt: number,
    private readonly limit: number,
    /** Whether the timer is the call's deadline rather than the attempt's own timeout. */
    private readonly byDeadline: boolean,
  ) {}

  start(budgetMs: number): void {
    this.timer = setTimeout(expire, Math.min(budgetMs, MAX_TIMER_MS), this);
    this.call.signal?.addEventListener('abort', this);
  }

  /** The caller's signal (this object is its listener). */
  handleEvent(): void {
    this.fail(canceled(this.call.action));
  }

  expire(): void {
    const { action, host, timeoutMs, deadlineMs } = this.call;
    this.fail(
      new CloudError({
        code: 'RequestTimeout',
        message: this.byDeadline
          ? message('error.deadline', { action, deadline: deadlineMs, attempt: this.attempt, host })
          : message('error.noAnswer', { action, host, timeout: timeoutMs }),
        action,
      }),
    );
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.settled) controller.abort(this.reason ?? new Error('settled'));
    else this.controller = controller;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (this.settled || statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
    const length = headers['content-length'];
    // An announced size over the limit is refused before a byte of the body is read.
    if (typeof length === 'string' && Number(length) > this.limit) this.fail(tooLarge(this.call.action, this.limit));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.fail(tooLarge(this.call.action, this.limit));
      return;
    }
    if (this.first === undefined) this.first = chunk;
    else (this.chunks ??= [this.first]).push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.finish();
    let text =
      this.first === undefined
        ? ''
        : this.chunks === undefined
          ? this.first.toString('utf8')
          : Buffer.concat(this.chunks, this.size).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not part of the JSON
    this.resolve({ status: this.status, headers: this.headers, text });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settled) return;
    this.finish();
    const { action, host, timeoutMs, signal } = this.call;
    if (signal?.aborted === true) {
      this.reject(canceled(action));
      return;
    }
    const code = (error as { code?: unknown }).code;
    this.reject(
      code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
        ? new CloudError({
            code: 'RequestTimeout',
            message: message('error.noAnswer', { action, host, timeout: timeoutMs }),
            action,
            cause: error,
          })
        : new CloudError({
            code: 'NetworkError',
            message: message('error.network', { action, host, failure: networkFailureMessage(error) }),
            action,
            cause: error,
          }),
    );
  }

  /** Ends the attempt with an error of ours, and the exchange on the wire with it. */
  private fail(error: CloudError): void {
    if (this.settled) return;
    this.finish();
    this.reason = error;
    this.first = undefined;
    this.chunks = undefined;
    this.controller?.abort(error);
    this.reject(error);
  }

  private finish(): void {
    this.settled = true;
    clearTimeout(this.timer);
    this.call.signal?.removeEventListener('abort', this);
  }
}

function expire(exchange: Exchange): void {
  exchange.expire();
}

function tooLarge(action: string, limit: number): CloudError {
  return new CloudError({
    code: 'InvalidResponse',
    message: message('error.tooLarge', { action, limit }),
    action,
  });
}

export function canceled(action: string): CloudError {
  return new CloudError({ code: 'Canceled', message: message('error.canceled', { action }), action });
}

function asCloudError(error: unknown, action: string): CloudError {
  if (error instanceof CloudError) return error;
  return new CloudError({
    code: 'InternalClientError',
    message: `${action} failed inside the client: ${String(error)}`,
    action,
    cause: error,
  });
}

/**
 * The error a call ends with: the last attempt's, saying how many attempts were made, every text in it made safe to
 * show by the client's `redact`.
 */
function withAttempts(error: CloudError, call: TransportCall<unknown>, attempts: number): CloudError {
  const redact = (text: string): string => (call.redact === undefined ? text : call.redact(text));
  const clean = (text: string | undefined): string | undefined => (text === undefined ? undefined : redact(text));
  return new CloudError({
    code: redact(error.code),
    message: redactedMessage(error, redact),
    requestId: clean(error.requestId),
    httpStatus: error.httpStatus,
    recommend: clean(error.recommend),
    hostId: clean(error.hostId),
    action: error.action ?? call.action,
    attempts,
    cause: error.cause,
    hints: call.hints,
  });
}

/**
 * An answer that redirects (3xx) read as the failure it is: the API never redirects, and following a redirect would
 * send the signed request, AccessKey ID and all, to whatever host the answer names. Only the target's origin is
 * named, never its path and query.
 */
export function redirectError(
  action: string,
  host: string,
  response: TransportResponse,
  make: (init: { code: string; message: Message; httpStatus: number; action: string }) => CloudError,
): CloudError {
  const location = headerValue(response.headers['location']);
  let target: Message | string = '';
  try {
    if (location !== undefined && location !== '')
      target = message('error.redirect.to', { origin: new URL(location, `http://${host}`).origin });
  } catch {
    target = message('error.redirect.notUrl');
  }
  return make({
    code: 'InvalidResponse',
    message: message('error.redirect', { host, action, status: response.status, target }),
    httpStatus: response.status,
    action,
  });
}

/** Whether an answer is a redirect (3xx), which no API call of ours expects. */
export function isRedirect(response: TransportResponse): boolean {
  return response.status >= 300 && response.status < 400;
}

/**
 * A request still being prepared (credentials read from a store), within the call's deadline and its signal: a store
 * that never answers ends the call as a server that never answers does.
 */
function bounded(
  prepared: Promise<PreparedRequest>,
  call: TransportCall<unknown>,
  attempt: number,
  deadlineAt: number,
): Promise<PreparedRequest> {
  const { action, deadlineMs, signal } = call;
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      settle();
      reject(canceled(action));
    };
    const timer = setTimeout(
      () => {
        settle();
        reject(
          new CloudError({
            code: 'RequestTimeout',
            message: message('error.deadlinePreparing', { action, deadline: deadlineMs, attempt }),
            action,
          }),
        );
      },
      Math.min(Math.max(0, Math.ceil(deadlineAt - performance.now())), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    prepared.then(
      (request) => {
        settle();
        resolve(request);
      },
      (error: unknown) => {
        settle();
        reject(error as Error);
      },
    );
  });
}

/** A wait between attempts that the signal ends at once. */
function wait(ms: number, signal: AbortSignal | undefined, action: string): Promise<void> {
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
