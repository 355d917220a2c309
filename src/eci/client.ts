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
import type { Decoder } from '../core/decode';
import { DecodeError, jsonObject } from '../core/decode';
import type { CredentialSource, Credentials } from './credentials';
import { credentialsOf } from './credentials';
import { canonicalQueryString, isoSeconds } from './encoding';
import type { EndpointType } from './endpoints';
import { ECI_API_VERSION, resolveEndpoint } from './endpoints';
import { CloudError, describeBodyMessage, isPermanentNetworkFailure, redactError } from '../core/errors';
import { eciError, eciHints } from './error-hints';
import type { RpcParams } from './flatten';
import { flattenParams } from './flatten';
import { redactCredentials } from './redact';
import type { SignatureVersion } from './signing';
import { EMPTY_PAYLOAD_SHA256, sha256Hex, signV1, signV3, v1Parameters } from './signing';
import { message } from '../core/messages/messages';

/** What the client tells a logger: never parameters or credentials, only what identifies a call (one per attempt). */
export type ClientLogEvent = CallEvent;

export interface EciClientOptions {
  readonly credentials: CredentialSource;
  readonly regionId: string;
  /** Overrides the regional endpoint: the emulator's URL, a proxy, a VPC endpoint. */
  readonly endpoint?: string | undefined;
  readonly endpointType?: EndpointType | undefined;
  /** The API version each request names: ECI's by default; STS's for AssumeRole (src/eci/ram-role.ts). */
  readonly apiVersion?: string | undefined;
  /** Default `v3` (ACS3-HMAC-SHA256). */
  readonly signatureVersion?: SignatureVersion | undefined;
  /**
   * One attempt as a whole: connecting, the headers and the entire body (a trickling server cannot stretch it).
   * Default 30 s.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * The whole call, every retry and wait included; a server's retry hint never extends it. Default: what the retry
   * policy allows at worst (`maxAttempts` × `timeoutMs` plus every backoff at its ceiling, plus 1 s).
   */
  readonly deadlineMs?: number | undefined;
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number | undefined;
  readonly retryBaseDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
  /** Answers larger than this are refused as they arrive, never read whole. Default 32 MiB. */
  readonly maxResponseBytes?: number | undefined;
  readonly userAgent?: string | undefined;
  /** A shared undici dispatcher; by default the client owns a keep-alive Agent and `close()` closes it. */
  readonly dispatcher?: Dispatcher | undefined;
  /** How API calls and exec sockets connect: direct by default, or through a proxy (src/core/proxy.ts). */
  readonly route?: NetworkRoute | undefined;
  readonly onCall?: ((event: ClientLogEvent) => void) | undefined;
  // Seams for deterministic tests.
  readonly now?: (() => Date) | undefined;
  readonly nonce?: (() => string) | undefined;
  readonly random?: (() => number) | undefined;
}

export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** This call's attempt timeout and deadline, instead of the client's (see EciClientOptions). */
  readonly timeoutMs?: number | undefined;
  readonly deadlineMs?: number | undefined;
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

export function isRetryable(error: CloudError): boolean {
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

/** ECI's retry hint: `x-acs-retry-after` in milliseconds, else the standard `Retry-After`. */
function acsRetryHint(response: TransportResponse): number | undefined {
  const value = headerValue(response.headers['x-acs-retry-after']);
  if (value !== undefined && /^\s*\d+\s*$/.test(value) && Number(value) > 0) return Number(value);
  return retryAfterMs(response);
}

/**
 * A signed RPC client for the ECI API over the shared transport (src/core/transport.ts: keep-alive pool, attempt
 * timeouts and a deadline per call, cancellation, bounded retries with backoff and full jitter honouring
 * `x-acs-retry-after`, a response size limit, per-attempt log events). This class signs requests (V3 or V1) and
 * reads answers into typed records or CloudErrors (with ECI's hints). Every failure is a CloudError.
 */
export class EciClient {
  readonly regionId: string;
  readonly signatureVersion: SignatureVersion;
  /** The way its calls go, and its exec sockets (src/eci/exec-session.ts) with them. */
  readonly route: NetworkRoute;
  private readonly options: EciClientOptions;
  private readonly transport: Transport;
  private readonly policy: RetryPolicy;
  private readonly endpointCache = new Map<string, URL>();

  constructor(options: EciClientOptions) {
    this.options = options;
    this.regionId = options.regionId;
    this.signatureVersion = options.signatureVersion ?? 'v3';
    this.route = options.route ?? NetworkRoute.direct();
    this.transport = new Transport({
      dispatcher: options.dispatcher,
      connections: 16,
      route: this.route,
      maxResponseBytes: options.maxResponseBytes,
      onCall: options.onCall,
    });
    this.policy = {
      maxAttempts: Math.max(1, options.maxAttempts ?? 4),
      baseDelayMs: options.retryBaseDelayMs ?? 200,
      maxDelayMs: options.retryMaxDelayMs ?? 10_000,
      jitter: 'full',
      retryable: isRetryable,
      retryHintMs: acsRetryHint,
      random: options.random,
    };
    // Fail fast on a bad endpoint rather than on the first call.
    this.endpointFor(this.regionId);
  }

  endpointFor(regionId: string): URL {
    let url = this.endpointCache.get(regionId);
    if (url === undefined) {
      url = resolveEndpoint(regionId, this.options.endpoint, this.options.endpointType);
      this.endpointCache.set(regionId, url);
    }
    return url;
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** Calls an action and decodes its response; the workhorse behind every typed operation. */
  async call<T>(action: string, params: RpcParams, decoder: Decoder<T>, options: CallOptions = {}): Promise<T> {
    const call = this.newCall(action, params, options);
    const body = await this.transport.send(call);
    try {
      return decoder(body, '');
    } catch (error) {
      if (error instanceof DecodeError) {
        // The message quotes the value found, which a server may have filled with anything it was sent.
        throw redactError(
          eciError({
            code: 'InvalidResponse',
            message: message('error.eci.shape', { action, problem: error.message }),
            requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
            action,
          }),
          (text) => call.redact(text),
        );
      }
      throw error;
    }
  }

  /** Calls an action and returns the parsed JSON object as it came (for `eci call`). */
  callRaw(action: string, params: RpcParams, options: CallOptions = {}): Promise<Record<string, unknown>> {
    let call: EciCall;
    try {
      call = this.newCall(action, params, options);
    } catch (error) {
      // A bad region or parameter: a rejection, as from any other failure, never a throw.
      return Promise.reject(error as Error);
    }
    return this.transport.send(call);
  }

  /** One call, ready to send; throws for a bad region or parameter. */
  private newCall(action: string, params: RpcParams, options: CallOptions): EciCall {
    const regionId = options.regionId ?? this.regionId;
    // The token is fixed here, before the first attempt, so that every retry repeats the same request.
    const clientToken = options.clientToken ?? (options.mutating === true ? randomUUID() : undefined);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    return new EciCall(
      this.options,
      this.signatureVersion,
      action,
      this.endpointFor(regionId),
      queryParameters(params, regionId, clientToken),
      options.bodyParams === undefined ? undefined : flattenParams(options.bodyParams),
      this.policy,
      timeoutMs,
      options.deadlineMs ?? this.options.deadlineMs ?? defaultDeadlineMs(this.policy, timeoutMs),
      options.signal,
    );
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
    const { origin, path, headers, body } = wire(
      this.options,
      this.signatureVersion,
      action,
      this.endpointFor(regionId),
      query,
      form,
      await credentialsFor(this.options.credentials, action),
    );
    return { url: origin + path, headers, body };
  }
}

/**
 * One call through the transport: what each attempt signs afresh (a reused nonce would be refused as
 * SignatureNonceUsed) and how an answer is read. A class rather than closures: it is made for every call.
 */
class EciCall implements TransportCall<Record<string, unknown>> {
  readonly host: string;
  readonly hints = eciHints;
  /** The credentials the last attempt was signed with (a source may give others each time): what to redact. */
  private credentials: Credentials | undefined;

  constructor(
    private readonly options: EciClientOptions,
    private readonly signatureVersion: SignatureVersion,
    readonly action: string,
    private readonly endpoint: URL,
    private readonly query: Readonly<Record<string, string>>,
    private readonly form: Readonly<Record<string, string>> | undefined,
    readonly policy: RetryPolicy,
    readonly timeoutMs: number,
    readonly deadlineMs: number,
    readonly signal: AbortSignal | undefined,
  ) {
    this.host = endpoint.host;
    if (typeof options.credentials !== 'function') this.credentials = options.credentials;
  }

  prepare(): PreparedRequest | Promise<PreparedRequest> {
    const source = this.options.credentials;
    return typeof source === 'function'
      ? credentialsFor(source, this.action).then((credentials) => this.sign(credentials))
      : this.sign(source);
  }

  read(response: TransportResponse): Answer<Record<string, unknown>> {
    return readAnswer(this.action, this.endpoint, response);
  }

  /** ECI's own messages quote the server's string-to-sign, which holds the AccessKey ID (SignatureDoesNotMatch). */
  redact(text: string): string {
    return this.credentials === undefined ? text : redactCredentials(text, this.credentials);
  }

  private sign(credentials: Credentials): PreparedRequest {
    this.credentials = credentials;
    return wire(this.options, this.signatureVersion, this.action, this.endpoint, this.query, this.form, credentials);
  }
}

async function credentialsFor(source: CredentialSource, action: string): Promise<Credentials> {
  try {
    return await credentialsOf(source);
  } catch (error) {
    if (error instanceof CloudError) throw error;
    throw eciError({
      code: 'CredentialsNotFound',
      message: message('error.eci.credentials', { action, problem: (error as Error).message }),
      action,
    });
  }
}

/** The request as it goes on the wire, signed. */
function wire(
  options: EciClientOptions,
  signatureVersion: SignatureVersion,
  action: string,
  endpoint: URL,
  query: Readonly<Record<string, string>>,
  form: Readonly<Record<string, string>> | undefined,
  credentials: Credentials,
): PreparedRequest & { readonly headers: Record<string, string> } {
  const now = (options.now ?? (() => new Date()))();
  const nonce = (options.nonce ?? randomUUID)();
  const headers: Record<string, string> = {
    'user-agent': options.userAgent ?? 'vscode-eci',
    'x-acs-action': action,
    'x-acs-version': options.apiVersion ?? ECI_API_VERSION,
  };
  if (signatureVersion === 'v1') {
    // pop-core's POST mode: every parameter, the signature included, in a form body to `/`.
    const params = v1Parameters(form === undefined ? query : Object.assign({}, query, form), {
      action,
      version: options.apiVersion ?? ECI_API_VERSION,
      accessKeyId: credentials.accessKeyId,
      nonce,
      timestamp: isoSeconds(now),
      securityToken: credentials.securityToken,
    });
    const { signature } = signV1('POST', params, credentials.accessKeySecret);
    headers['content-type'] = 'application/x-www-form-urlencoded';
    params['Signature'] = signature;
    return { method: 'POST', origin: endpoint.origin, path: '/', headers, body: canonicalQueryString(params) };
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
  return {
    method: 'POST',
    origin: endpoint.origin,
    path: queryString === '' ? '/' : `/?${queryString}`,
    headers,
    body,
  };
}

/** An answer read into the parsed JSON object, or the CloudError it stands for. */
function readAnswer(action: string, endpoint: URL, response: TransportResponse): Answer<Record<string, unknown>> {
  const { status, text } = response;
  if (isRedirect(response)) throw redirectError(action, endpoint.host, response, eciError);
  const parsed = jsonObject(text);
  if (parsed === undefined) {
    throw invalidBody(
      action,
      endpoint,
      status,
      headerValue(response.headers['content-type']),
      text,
      headerValue(response.headers['x-acs-request-id']),
    );
  }
  const code = typeof parsed.Code === 'string' || typeof parsed.Code === 'number' ? String(parsed.Code) : undefined;
  const requestId =
    typeof parsed.RequestId === 'string' ? parsed.RequestId : headerValue(response.headers['x-acs-request-id']);
  // Only a 2xx answer is a success: anything else with a JSON body is an error, whatever its body says.
  if (status < 200 || status >= 300 || (code !== undefined && !SUCCESS_CODES.has(code))) {
    throw eciError({
      code: code ?? `HTTP${status}`,
      message:
        typeof parsed.Message === 'string' && parsed.Message !== ''
          ? parsed.Message
          : message('error.eci.httpStatus', { action, status }),
      requestId,
      httpStatus: status,
      recommend: typeof parsed.Recommend === 'string' ? parsed.Recommend : undefined,
      hostId: typeof parsed.HostId === 'string' ? parsed.HostId : undefined,
      action,
    });
  }
  return { value: parsed, requestId };
}

/** The flattened query: the caller's parameters, the client's region unless given, and the ClientToken if any. */
function queryParameters(params: RpcParams, regionId: string, clientToken: string | undefined): Record<string, string> {
  const query = flattenParams(params);
  if (params['RegionId'] === undefined && regionId !== '') query['RegionId'] = regionId;
  if (clientToken !== undefined) query['ClientToken'] = clientToken;
  return query;
}

/** Names what came back instead of JSON, so that a proxy page or a wrong endpoint is recognisable. */
function invalidBody(
  action: string,
  endpoint: URL,
  status: number,
  contentType: string | undefined,
  text: string,
  requestId: string | undefined,
): CloudError {
  const what = describeBodyMessage(text, contentType);
  return eciError({
    code: 'InvalidResponse',
    message: message('error.eci.notJson', { host: endpoint.host, action, what, status }),
    httpStatus: status,
    requestId,
    action,
  });
}
