import type { Dispatcher } from 'undici';
import { CloudError } from '../core/errors';
import type { Message } from '../core/messages/messages';
import { message } from '../core/messages/messages';
import type { NetworkRoute } from '../core/proxy';
import type { TransportResponse } from '../core/transport';
import { Transport } from '../core/transport';
import { redactText } from './redact';

/**
 * The one HTTP exchange of the credential sources that are not signed API calls (the ECS metadata service, a
 * credentials URI, STS's AssumeRoleWithOIDC, CloudSSO's portal): our transport, so they are bounded in time and
 * size, retried on a network failure or a 5xx, and routed as the caller says (the metadata service always direct).
 * Messages name the action and the host, never the URL's path or query (a credentials URI may carry a token).
 */
export interface CredentialHttpRequest {
  readonly method: Dispatcher.HttpMethod;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /** For messages and the log: `GET the ECS metadata service's role name`. */
  readonly action: string;
  /** The action in words of the catalog, when it is a description rather than an API's action name. */
  readonly actionSaid?: Message | undefined;
  /** Texts that must never show in an error (a token the request carries). */
  readonly secrets?: readonly (string | undefined)[] | undefined;
}

/** Answers larger than this are no credentials: refused as they arrive. */
const MAX_CREDENTIAL_ANSWER_BYTES = 1024 * 1024;

export class CredentialHttp {
  private readonly transport: Transport;

  constructor(
    private readonly options: {
      readonly route?: NetworkRoute | undefined;
      /** One attempt as a whole. */
      readonly timeoutMs: number;
      readonly maxAttempts?: number | undefined;
      readonly retryBaseDelayMs?: number | undefined;
      readonly userAgent?: string | undefined;
    },
  ) {
    this.transport = new Transport({
      connections: 2,
      route: options.route,
      maxResponseBytes: MAX_CREDENTIAL_ANSWER_BYTES,
    });
  }

  /** The answer, whatever its status below 500 (the caller reads it); a CloudError for anything else. */
  send(request: CredentialHttpRequest): Promise<TransportResponse> {
    const maxAttempts = this.options.maxAttempts ?? 2;
    const baseDelayMs = this.options.retryBaseDelayMs ?? 200;
    const url = request.url;
    const path = `${url.pathname}${url.search}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'eci-credentials',
      ...request.headers,
    };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const secrets = [...(request.secrets ?? []), url.search === '' ? undefined : url.search.slice(1), url.password];
    return this.transport.send<TransportResponse>({
      action: request.action,
      host: url.host,
      policy: {
        maxAttempts,
        baseDelayMs,
        maxDelayMs: baseDelayMs * 4,
        jitter: 'full',
        retryable: (error) =>
          error.code === 'NetworkError' ||
          error.code === 'RequestTimeout' ||
          (error.httpStatus !== undefined && error.httpStatus >= 500),
      },
      timeoutMs: this.options.timeoutMs,
      deadlineMs: maxAttempts * this.options.timeoutMs + (maxAttempts - 1) * baseDelayMs * 4 + 1_000,
      prepare: () => ({ method: request.method, origin: url.origin, path, headers, body: request.body }),
      read: (response) => {
        if (response.status >= 500)
          throw new CloudError({
            code: 'ServiceUnavailable',
            message: message('cred.http.failed', {
              action: request.actionSaid ?? request.action,
              host: url.host,
              status: response.status,
            }),
            httpStatus: response.status,
            action: request.action,
          });
        return { value: response, requestId: undefined };
      },
      redact: (text) =>
        redactText(
          text,
          secrets.filter((secret) => secret !== undefined && secret.length >= 4),
        ),
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/** An API error code from an answer, when it looks like one (letters, digits, dots); never free text. */
export function answerCode(body: Record<string, unknown> | undefined): string | undefined {
  const code = body?.['Code'] ?? body?.['ErrorCode'];
  return typeof code === 'string' && /^[\w.]{1,100}$/.test(code) ? code : undefined;
}
