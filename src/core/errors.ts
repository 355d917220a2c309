import type { ErrorHints } from './error-hints';
import { clientHint, PROXY_FAILURE_HINT_MESSAGE, TLS_FAILURE_HINT_MESSAGE } from './error-hints';
import type { Locale, Message, MessageArg, MessageId } from './messages/messages';
import { joinSentences, message, MessageError, say } from './messages/messages';
import { proxyFailure } from './proxy';

export interface CloudErrorInit {
  readonly code: string;
  /** The API's own message as it came, or one of ours: a message of the catalog, said in the reader's language. */
  readonly message: string | Message;
  readonly requestId?: string | undefined;
  readonly httpStatus?: number | undefined;
  readonly recommend?: string | undefined;
  readonly hostId?: string | undefined;
  readonly action?: string | undefined;
  /** How many attempts were made before giving up (1 when there was no retry). */
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
  /**
   * The provider's hints for its API's codes (src/eci/error-hints.ts, src/jdcloud/error-hints.ts); without them, only
   * the codes the clients raise themselves have a hint.
   */
  readonly hints?: ErrorHints | undefined;
  /**
   * The hint, when it is known already (an error made again with its attempts keeps the hint it had): a message of
   * the catalog, said in the language of whoever reads it, or a text of its own.
   */
  readonly hint?: Message | string | undefined;
}

/**
 * The one error type of both API clients: an error answer from ECI or JD Cloud, or a failure on the way to it
 * (network, timeout, a response that is not what the API promises, missing credentials). Its message never contains
 * a secret.
 */
export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly code: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number | undefined;
  readonly recommend: string | undefined;
  readonly hostId: string | undefined;
  readonly action: string | undefined;
  readonly attempts: number;
  /** What to do about it, in plain language (English: `hintIn` says it in another language). */
  readonly hint: string | undefined;
  /** The hint as a message of the catalog, when it is one. */
  readonly hintMessage: Message | undefined;
  /** The message as a message of the catalog, when it is the client's own (not the API's). */
  readonly messageSaid: Message | undefined;

  constructor(init: CloudErrorInit) {
    super(
      typeof init.message === 'string' ? init.message : say(init.message),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.messageSaid = typeof init.message === 'string' ? undefined : init.message;
    this.code = init.code;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.recommend = init.recommend;
    this.hostId = init.hostId;
    this.action = init.action;
    this.attempts = init.attempts ?? 1;
    const hint =
      init.hint ??
      (init.code === 'NetworkError' && proxyFailure(init.cause) !== undefined
        ? PROXY_FAILURE_HINT_MESSAGE
        : init.code === 'NetworkError' && isPermanentNetworkFailure(init.cause)
          ? TLS_FAILURE_HINT_MESSAGE
          : (init.hints?.(init.code, { action: init.action, message: this.message }) ?? clientHint(init.code)));
    this.hintMessage = typeof hint === 'object' ? hint : undefined;
    this.hint = typeof hint === 'object' ? say(hint) : hint;
  }

  /** The hint in a language (the catalog's; a hint of its own text as it is). */
  hintIn(locale: Locale = 'en'): string | undefined {
    return this.hintMessage === undefined ? this.hint : say(this.hintMessage, locale);
  }

  /** The message in a language (the client's own; the API's as it came). */
  messageIn(locale: Locale = 'en'): string {
    return this.messageSaid === undefined ? this.message : say(this.messageSaid, locale);
  }

  /** One line for a person: `code: message. Hint: hint (request ID …)`, the words of our own in `locale`. */
  describe(locale: Locale = 'en'): string {
    const parts = [`${this.code}: ${asSentence(this.messageIn(locale))}`];
    const hint = this.hintIn(locale);
    if (hint !== undefined && this.hint !== this.message)
      parts.push(say(message('error.hint', { hint: asSentence(hint) }), locale));
    if (this.requestId !== undefined) parts.push(say(message('error.requestId', { id: this.requestId }), locale));
    return joinSentences(...parts);
  }

  /** The shape `eci call` prints on stderr, close to the API's own error body. */
  toJSON(): Record<string, unknown> {
    return this.bodyIn('en');
  }

  /** `toJSON()` with the hint in `locale` (JSON.stringify gives toJSON a key, so the locale is not its argument). */
  bodyIn(locale: Locale): Record<string, unknown> {
    return {
      Code: this.code,
      Message: this.message,
      RequestId: this.requestId,
      HostId: this.hostId,
      Recommend: this.recommend,
      HttpStatus: this.httpStatus,
      Hint: this.hintIn(locale),
      Attempts: this.attempts,
    };
  }

  get isCancellation(): boolean {
    return this.code === 'Canceled';
  }
}

/**
 * An error's own words for a message that restates it: the catalog's message when the core made it of one (to be
 * said in the reader's language), else its text as it is.
 */
export function errorSaid(error: unknown): MessageArg {
  if (error instanceof CloudError) return error.messageSaid ?? error.message;
  if (error instanceof MessageError) return error.said;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A message that ends as a sentence does, so that what follows it reads as separate: a full stop of its script
 * (。 after Chinese) where it has none.
 */
function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  if (/[.!?。！？…]$/.test(trimmed)) return trimmed;
  return /[\u3400-\u9fff\uff09\u300d]$/.test(trimmed) ? `${trimmed}。` : `${trimmed}.`;
}

/**
 * A failure of the TLS handshake that the same request cannot get past on another try: the server speaks plain HTTP
 * (or another protocol) where HTTPS was asked for, or its certificate is not trusted or not for that host name.
 * Retrying cannot help, so the clients' retry rules should leave it out.
 */
export function isPermanentNetworkFailure(error: unknown): boolean {
  // A proxy that asks for authorization or forbids the target answers the same to another try.
  if (proxyFailure(error)?.permanent === true) return true;
  for (let cause = error, depth = 0; cause !== undefined && cause !== null && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && tlsFailureKind(code) !== undefined) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** What kind of TLS failure a Node or OpenSSL error code is, if it is one. */
function tlsFailureKind(code: string): 'plain-http' | 'certificate' | 'handshake' | undefined {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') return 'plain-http';
  if (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_TLS_CERT')) return 'certificate';
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') return 'handshake';
  return undefined;
}

/** The certificate-verification codes Node reports (tls.TLSSocket.authorizationError). */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
]);

/**
 * What failed on the network, in words. A system error code (ECONNREFUSED, ENOTFOUND…) is kept in parentheses, as
 * people search for it; a library's own (undici's UND_ERR_…) never reaches a message: it names our plumbing, not the
 * user's network.
 */
export function networkFailureText(error: unknown): string {
  return say(networkFailureMessage(error));
}

/** `networkFailureText` as a message of the catalog (a library's or the system's own words kept as they are). */
export function networkFailureMessage(error: unknown): Message {
  const code = (error as { code?: unknown } | undefined)?.code;
  const raw = error instanceof Error ? error.message : String(error);
  const text = (words: string): Message => message('list.1', { a: words });
  // The proxy's own failure is said in its own words (src/core/proxy.ts), which name the proxy.
  const proxy = proxyFailure(error);
  if (proxy !== undefined && proxy === error) return proxy.said;
  // undici's parser on bytes that are not an HTTP answer (another protocol on that port, a garbled stream): its
  // message speaks of llhttp's states, and the error carries what the server sent.
  if ((typeof code === 'string' && code.startsWith('HPE_')) || (error as Error | undefined)?.name === 'HTTPParserError')
    return message('error.net.notHttp');
  const words = typeof code === 'string' ? (NETWORK_WORDS[code] ?? tlsWords(code)) : undefined;
  if (typeof code === 'string' && code.startsWith('UND_ERR_'))
    return words === undefined ? message('error.net.failed') : message(words);
  if (words !== undefined) return message('error.net.withCode', { words: message(words), code: code as string });
  return typeof code === 'string' ? message('error.net.withCode', { words: raw, code }) : text(raw);
}

/** A TLS failure in words: OpenSSL's own message (`…:SSL routines:ssl3_get_record:wrong version number:…`) is noise. */
function tlsWords(code: string): MessageId | undefined {
  switch (tlsFailureKind(code)) {
    case 'plain-http':
      return 'error.net.plainHttp';
    case 'certificate':
      return 'error.net.certificate';
    case 'handshake':
      return 'error.net.handshake';
    default:
      return undefined;
  }
}

const NETWORK_WORDS: Record<string, MessageId> = {
  ECONNREFUSED: 'error.net.refused',
  ECONNRESET: 'error.net.closedEarly',
  EPIPE: 'error.net.closedEarly',
  ETIMEDOUT: 'error.net.timedOut',
  ENOTFOUND: 'error.net.unresolved',
  EAI_AGAIN: 'error.net.unresolved',
  EHOSTUNREACH: 'error.net.hostUnreachable',
  ENETUNREACH: 'error.net.networkUnreachable',
  UND_ERR_SOCKET: 'error.net.closedEarly',
  UND_ERR_CLOSED: 'error.net.closedEarly',
  UND_ERR_DESTROYED: 'error.net.destroyed',
  UND_ERR_CONNECT_TIMEOUT: 'error.net.timedOut',
  UND_ERR_HEADERS_TIMEOUT: 'error.net.headersTimeout',
  UND_ERR_BODY_TIMEOUT: 'error.net.bodyTimeout',
  UND_ERR_HEADERS_OVERFLOW: 'error.net.headersOverflow',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'error.net.lengthMismatch',
};

/**
 * What came back instead of the JSON an API answers with, in words (`an HTML page`, `an empty body`), so that a
 * proxy's page or a wrong endpoint is recognisable. It names the kind of text only and never quotes it: an answer
 * may echo what it was sent.
 */
export function describeBody(text: string, contentType: string | undefined): string {
  return say(describeBodyMessage(text, contentType));
}

/** `describeBody` as a message of the catalog. */
export function describeBodyMessage(text: string, contentType: string | undefined): Message {
  const trimmed = text.trim();
  if (trimmed === '') return message('error.body.empty');
  if (/^<!doctype html|^<html/i.test(trimmed) || (contentType ?? '').includes('html'))
    return message('error.body.html');
  if (trimmed.startsWith('<')) return message('error.body.xml');
  if (trimmed.startsWith('[')) return message('error.body.list');
  if (trimmed.startsWith('{')) return message('error.body.malformed');
  return message('error.body.text');
}

/** What a message must never show: the AccessKey ID (shown masked) and the secrets (never shown at all). */
export interface Confidential {
  readonly accessKeyId?: string | undefined;
  readonly secrets: readonly (string | undefined)[];
}

/**
 * An AccessKey ID as messages show it (README, "Credentials": "AccessKey IDs are shown masked"): its first and last
 * four characters, enough to tell profiles apart; a short one not at all.
 */
export function maskAccessKeyId(id: string): string {
  if (id.length <= 8) return '****';
  return `${id.slice(0, 4)}****${id.slice(-4)}`;
}

/** Shorter values are not searched for: replacing them would garble every message and hide nothing of worth. */
const MIN_CONFIDENTIAL_LENGTH = 4;

/**
 * Text made safe to show: every secret removed and the AccessKey ID masked, in each form a message may carry it:
 * as it is, percent-encoded once or twice (a V1 string-to-sign encodes the canonical query, itself encoded) and
 * escaped as in a JSON string.
 */
export function redactConfidential(text: string, confidential: Confidential): string {
  let out = redactSignatures(text);
  const replace = (value: string | undefined, by: string): void => {
    if (value === undefined || value.length < MIN_CONFIDENTIAL_LENGTH) return;
    for (const form of forms(value)) if (out.includes(form)) out = out.split(form).join(by);
  };
  // Secrets first and longest first, so that one that contains another (or the ID) goes whole.
  const secrets = confidential.secrets
    .filter((secret): secret is string => secret !== undefined)
    .sort((a, b) => b.length - a.length);
  for (const secret of secrets) replace(secret, '<redacted>');
  const id = confidential.accessKeyId;
  if (id !== undefined) replace(id, maskAccessKeyId(id));
  return out;
}

/**
 * Removes request signatures (`Signature=` and hex, as in ECI's V3 and JD Cloud's Authorization header, or base64,
 * as in a V1 query): a server's message may quote the request it refused.
 */
export function redactSignatures(text: string): string {
  return text
    .replace(/(Signature=)[0-9a-fA-F]{16,}/g, '$1<redacted>')
    .replace(/(Signature=)[A-Za-z0-9+/%]{20,}={0,2}/g, '$1<redacted>');
}

function forms(value: string): string[] {
  const once = rfc3986(value);
  const all = [value, once, rfc3986(once), encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
  // Longest first: a form that contains another is replaced before the shorter one could split it.
  return [...new Set(all)].sort((a, b) => b.length - a.length);
}

/** Percent-encoding as the signatures use it (RFC 3986: `!'()*` encoded too). */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The same error with every text a server or a library put in it made safe to show (`redactConfidential`). */
export function redactError(error: CloudError, redact: (text: string) => string): CloudError {
  const clean = (text: string | undefined): string | undefined => (text === undefined ? undefined : redact(text));
  return new CloudError({
    code: redact(error.code),
    message: redactedMessage(error, redact),
    requestId: clean(error.requestId),
    httpStatus: error.httpStatus,
    recommend: clean(error.recommend),
    hostId: clean(error.hostId),
    action: error.action,
    attempts: error.attempts,
    cause: error.cause,
    // A hint of the catalog is our own words (its arguments the action, an action's names): nothing to clean.
    hint: error.hintMessage ?? clean(error.hint),
  });
}

/**
 * An error's message made safe to show: the catalog's message while redacting finds nothing in its English (then its
 * other languages hold nothing to hide either: the same arguments), else the redacted English alone.
 */
export function redactedMessage(error: CloudError, redact: (text: string) => string): string | Message {
  const clean = redact(error.message);
  return error.messageSaid !== undefined && clean === error.message ? error.messageSaid : clean;
}
