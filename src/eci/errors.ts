import { hintFor } from './error-hints';

export interface EciErrorInit {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string | undefined;
  readonly httpStatus?: number | undefined;
  readonly recommend?: string | undefined;
  readonly hostId?: string | undefined;
  readonly action?: string | undefined;
  /** How many attempts were made before giving up (1 when there was no retry). */
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
}

/**
 * The one error type of the API core: an error answer from ECI, or a failure on the way to it (network, timeout,
 * a response that is not what the API promises, missing credentials). Its message never contains a secret.
 */
export class EciError extends Error {
  override readonly name = 'EciError';
  readonly code: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly recommend: string | undefined;
  readonly hostId: string | undefined;
  readonly action: string | undefined;
  readonly attempts: number;
  /** What to do about it, in plain language. */
  readonly hint: string | undefined;

  constructor(init: EciErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.recommend = init.recommend;
    this.hostId = init.hostId;
    this.action = init.action;
    this.attempts = init.attempts ?? 1;
    this.hint = hintFor(init.code);
  }

  /** One line for a person: code, message, hint and request ID. */
  describe(): string {
    const parts = [`${this.code}: ${this.message}`];
    if (this.hint !== undefined && this.hint !== this.message) parts.push(this.hint);
    if (this.requestId !== undefined) parts.push(`(request ID ${this.requestId})`);
    return parts.join(' ');
  }

  /** The shape `eci call` prints on stderr, close to the API's own error body. */
  toJSON(): Record<string, unknown> {
    return {
      Code: this.code,
      Message: this.message,
      RequestId: this.requestId,
      HostId: this.hostId,
      Recommend: this.recommend,
      HttpStatus: this.httpStatus,
      Hint: this.hint,
      Attempts: this.attempts,
    };
  }

  get isCancellation(): boolean {
    return this.code === 'Canceled';
  }
}

/**
 * What failed on the network, in words. A system error code (ECONNREFUSED, ENOTFOUND…) is kept in parentheses, as
 * people search for it; a library's own (undici's UND_ERR_…) never reaches a message: it names our plumbing, not the
 * user's network.
 */
export function networkFailureText(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const words = typeof code === 'string' ? NETWORK_WORDS[code] : undefined;
  if (typeof code === 'string' && code.startsWith('UND_ERR_')) return words ?? 'the connection failed';
  if (words !== undefined) return `${words} (${code as string})`;
  return typeof code === 'string' ? `${message} (${code})` : message;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens at that address',
  ECONNRESET: 'the connection was closed before the answer was complete',
  EPIPE: 'the connection was closed before the answer was complete',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_SOCKET: 'the connection was closed before the answer was complete',
  UND_ERR_CLOSED: 'the connection was closed before the answer was complete',
  UND_ERR_DESTROYED: 'the connection was closed on this side; the next try opens a new one',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer came in time',
  UND_ERR_BODY_TIMEOUT: 'the answer stopped coming',
};
