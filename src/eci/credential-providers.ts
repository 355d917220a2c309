import { readFile, stat } from 'node:fs/promises';
import { CloudError, errorSaid } from '../core/errors';
import type { Message, MessageArg } from '../core/messages/messages';
import { message } from '../core/messages/messages';
import { NetworkRoute } from '../core/proxy';
import type { TransportResponse } from '../core/transport';
import { jsonObject } from '../core/decode';
import { answerCode, CredentialHttp } from './credential-http';
import type {
  CloudSsoSpec,
  CredentialSource,
  CredentialSpec,
  Credentials,
  CredentialsUriSpec,
  EcsRamRoleSpec,
  ExternalProcessSpec,
  OidcRoleSpec,
} from './credentials';
import { describeCredentialSpec, originArg } from './credentials';
import type { EndpointType } from './endpoints';
import { STS_API_VERSION } from './endpoints';
import { eciError } from './error-hints';
import { runCredentialProcess } from './external-process';
import { RamRoleCredentials, stsEndpoint } from './ram-role';
import type { FetchedCredentials } from './refreshing-credentials';
import { RefreshingCredentials } from './refreshing-credentials';
import { DEFAULT_ROLE_DURATION_SECONDS, DEFAULT_ROLE_SESSION_NAME } from './role-settings';

/**
 * Every credential mode, written once for the command line and the extension: `openCredentials(spec)` turns what the
 * chain found (src/eci/credentials.ts: CredentialSpec) into a source of credentials for a client, with `close()`.
 * Temporary credentials (RAM roles, the ECS instance's role, OIDC, a credentials URI, an external command, CloudSSO)
 * are fetched on first use and again before they expire (RefreshingCredentials).
 *
 * Written by hand rather than with `@alicloud/credentials` for the reasons of src/eci/ram-role.ts: our transport
 * bounds, retries, redacts and goes through the configured proxy, and our errors are CloudErrors that name the
 * profile and never a secret (the library's quote the server's answer, which holds the keys). The library is the
 * oracle of the tests instead (test/unit/credential-modes.test.ts).
 */

export interface OpenCredentialsOptions {
  /** How STS, a credentials URI and CloudSSO are reached (a proxy); the ECS metadata service is always direct. */
  readonly route?: NetworkRoute | undefined;
  /** STS's public or VPC endpoint, for the roles that name only a region. */
  readonly endpointType?: EndpointType | undefined;
  /** One attempt of an HTTP fetch (STS, a credentials URI, CloudSSO). Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** One attempt of a request to the ECS metadata service. Default 1 s, as @alicloud/credentials. */
  readonly metadataTimeoutMs?: number | undefined;
  /** The external command's time. Default 60 s. */
  readonly processTimeoutMs?: number | undefined;
  /** The external command's environment (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly userAgent?: string | undefined;
  // Seams for tests: a hand-stepped clock, fast retries.
  readonly now?: (() => number) | undefined;
  readonly maxAttempts?: number | undefined;
  readonly retryBaseDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
}

/** A spec made usable: its credentials, fetched again before they expire, and what to close when done. */
export interface OpenedCredentials {
  /** For a client's `credentials` option: read at each signature, so a refreshed key applies at once. */
  readonly source: CredentialSource;
  /** The current credentials (fetched first when due). */
  credentials(): Promise<Credentials>;
  /** Fetches that succeeded so far (0 for a fixed key). */
  readonly fetched: number;
  /** What the credentials are, in words without a secret: `the RAM role …, assumed with an AccessKey`. */
  readonly description: string;
  close(): Promise<void>;
}

/** The ECS metadata service's own address. */
export const ECS_METADATA_ENDPOINT = 'http://100.100.100.200';
/** How long an IMDSv2 session token is asked for (seconds; the service allows up to 21600). */
const METADATA_TOKEN_TTL_SECONDS = 21_600;
/** An OIDC token file larger than this is not a token. */
const MAX_OIDC_TOKEN_BYTES = 64 * 1024;
/** The external command's STS keys that say no expiration are fetched again after this long. */
const UNDATED_STS_LIFETIME_MS = 15 * 60_000;

export function openCredentials(spec: CredentialSpec, options: OpenCredentialsOptions = {}): OpenedCredentials {
  const description = describeCredentialSpec(spec);
  switch (spec.kind) {
    case 'key': {
      const { role, ...key } = spec.credentials;
      if (role === undefined)
        return {
          source: key,
          credentials: () => Promise.resolve(key),
          fetched: 0,
          description,
          close: () => Promise.resolve(),
        };
      return roleOpened(
        new RamRoleCredentials({
          ...roleOptions(options),
          source: key,
          role,
          origin: spec.origin,
          originSaid: spec.originSaid,
        }),
        [],
        description,
      );
    }
    case 'role': {
      const inner = openCredentials(spec.source, options);
      const role = new RamRoleCredentials({
        ...roleOptions(options),
        source: () => inner.credentials(),
        role: spec.role,
        origin: spec.origin,
        originSaid: spec.originSaid,
      });
      return roleOpened(role, [inner], description);
    }
    case 'ecsRamRole':
      return refreshing(new EcsRamRoleFetcher(spec, options), options, description);
    case 'oidcRole':
      return refreshing(new OidcRoleFetcher(spec, options), options, description);
    case 'credentialsUri':
      return refreshing(new CredentialsUriFetcher(spec, options), options, description);
    case 'external':
      return refreshing(new ExternalProcessFetcher(spec, options), options, description);
    case 'cloudSso':
      return refreshing(new CloudSsoFetcher(spec, options), options, description);
  }
}

function roleOptions(options: OpenCredentialsOptions) {
  return {
    endpointType: options.endpointType,
    route: options.route,
    timeoutMs: options.timeoutMs,
    userAgent: options.userAgent,
    now: options.now,
    maxAttempts: options.maxAttempts,
    retryBaseDelayMs: options.retryBaseDelayMs,
    retryMaxDelayMs: options.retryMaxDelayMs,
  };
}

function roleOpened(role: RamRoleCredentials, inner: OpenedCredentials[], description: string): OpenedCredentials {
  return {
    source: () => role.credentials(),
    credentials: () => role.credentials(),
    get fetched() {
      return role.assumed;
    },
    description,
    close: async () => {
      await Promise.all([role.close(), ...inner.map((opened) => opened.close())]);
    },
  };
}

interface Fetcher {
  fetch(): Promise<FetchedCredentials>;
  close(): Promise<void>;
}

function refreshing(fetcher: Fetcher, options: OpenCredentialsOptions, description: string): OpenedCredentials {
  const cache = new RefreshingCredentials(() => fetcher.fetch(), options.now);
  return {
    source: () => cache.credentials(),
    credentials: () => cache.credentials(),
    get fetched() {
      return cache.fetched;
    },
    description,
    close: () => fetcher.close(),
  };
}

function http(options: OpenCredentialsOptions, route: NetworkRoute | undefined, timeoutMs: number): CredentialHttp {
  return new CredentialHttp({
    route,
    timeoutMs,
    maxAttempts: options.maxAttempts,
    retryBaseDelayMs: options.retryBaseDelayMs,
    userAgent: options.userAgent,
  });
}

/**
 * The `{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}` every temporary source answers, as credentials;
 * an error naming `what` when a field is missing (never quoting the answer: it holds the keys).
 */
function temporaryKey(
  given: unknown,
  what: MessageArg,
  source: string,
  now: number,
  fallbackLifetimeMs?: number,
): FetchedCredentials {
  const fields = given !== null && typeof given === 'object' ? (given as Record<string, unknown>) : {};
  const accessKeyId = fields['AccessKeyId'];
  const accessKeySecret = fields['AccessKeySecret'];
  const securityToken = fields['SecurityToken'];
  const expiration = typeof fields['Expiration'] === 'string' ? Date.parse(fields['Expiration']) : NaN;
  if (
    typeof accessKeyId !== 'string' ||
    accessKeyId === '' ||
    typeof accessKeySecret !== 'string' ||
    accessKeySecret === '' ||
    typeof securityToken !== 'string' ||
    securityToken === '' ||
    (Number.isNaN(expiration) && fallbackLifetimeMs === undefined)
  )
    throw eciError({
      code: 'InvalidResponse',
      message: message('cred.temporary.incomplete', { who: what }),
    });
  return {
    credentials: { accessKeyId, accessKeySecret, securityToken, source },
    // A source whose clock is far from ours could give an expiry in the past: then it is fetched again next time.
    expiresAt: Number.isNaN(expiration) ? now + (fallbackLifetimeMs ?? 0) : expiration,
  };
}

/** A CloudError from a fetch, restated with the origin in front; its code, request ID and status kept. */
function failed(error: unknown, what: Message, code = 'CredentialsNotFound'): CloudError {
  const cause = error instanceof CloudError ? error : undefined;
  return eciError({
    code: cause?.code ?? code,
    message: message('cred.failed', { what, error: errorSaid(error) }),
    requestId: cause?.requestId,
    httpStatus: cause?.httpStatus,
    action: cause?.action,
    cause: error,
  });
}

/** The JSON object of an answer, or an error that says it is not one (without quoting it). */
function answerJson(response: TransportResponse, what: MessageArg): Record<string, unknown> {
  const body = jsonObject(response.text);
  if (body === undefined)
    throw eciError({
      code: 'InvalidResponse',
      message: message('cred.answer.notJson', { who: what, status: response.status }),
      httpStatus: response.status,
    });
  return body;
}

/**
 * The ECS instance's RAM role, from the metadata service as @alicloud/credentials reads it: an IMDSv2 session token
 * (PUT /latest/api/token), the role's name (GET /latest/meta-data/ram/security-credentials/) unless given, then its
 * credentials (…/<role>). Without a token (the service refused one) or when a request with it fails, the same request
 * is made without one (IMDSv1), unless ALIBABA_CLOUD_IMDSV1_DISABLED. Always direct, never through a proxy, with a
 * short timeout: the address exists only on an ECS instance.
 */
class EcsRamRoleFetcher implements Fetcher {
  private readonly http: CredentialHttp;
  private readonly base: string;
  private readonly what: Message;

  constructor(
    private readonly spec: EcsRamRoleSpec,
    private readonly options: OpenCredentialsOptions,
  ) {
    this.http = http(options, NetworkRoute.direct(), options.metadataTimeoutMs ?? 1_000);
    const endpoint = spec.metadataEndpoint ?? ECS_METADATA_ENDPOINT;
    this.what = message('cred.ecs.what', { origin: originArg(spec) });
    if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/i.test(endpoint))
      throw eciError({ code: 'InvalidCredentials', message: message('cred.ecs.badEndpoint', { what: this.what }) });
    this.base = endpoint.replace(/\/+$/, '');
  }

  async fetch(): Promise<FetchedCredentials> {
    try {
      const roleName = this.spec.roleName ?? (await this.withToken((token) => this.roleName(token)));
      return await this.withToken((token) => this.roleCredentials(roleName, token));
    } catch (error) {
      throw failed(error, this.what, 'EcsMetadataUnavailable');
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** A request with a fresh session token, made again without one where IMDSv1 is allowed. */
  private async withToken<T>(request: (token: string | undefined) => Promise<T>): Promise<T> {
    const token = await this.token();
    try {
      return await request(token);
    } catch (error) {
      if (token === undefined || this.spec.imdsV1Disabled) throw error;
      return request(undefined);
    }
  }

  private async token(): Promise<string | undefined> {
    try {
      const response = await this.http.send({
        method: 'PUT',
        url: new URL(`${this.base}/latest/api/token`),
        headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': String(METADATA_TOKEN_TTL_SECONDS) },
        action: 'the ECS metadata session token',
        actionSaid: message('cred.action.metadataToken'),
      });
      if (response.status !== 200)
        throw eciError({
          code: 'EcsMetadataUnavailable',
          message: message('cred.ecs.tokenRefused', { status: response.status }),
          httpStatus: response.status,
        });
      return response.text.trim();
    } catch (error) {
      if (this.spec.imdsV1Disabled) throw failed(error, message('cred.ecs.noToken'));
      return undefined;
    }
  }

  private async roleName(token: string | undefined): Promise<string> {
    const response = await this.http.send({
      method: 'GET',
      url: new URL(`${this.base}/latest/meta-data/ram/security-credentials/`),
      headers: token === undefined ? {} : { 'x-aliyun-ecs-metadata-token': token },
      action: "the ECS instance's RAM role name",
      actionSaid: message('cred.action.roleName'),
      secrets: [token],
    });
    const name = response.text.trim().split(/\r?\n/)[0]?.trim() ?? '';
    if (response.status === 404 || (response.status === 200 && name === ''))
      throw eciError({
        code: 'EcsMetadataUnavailable',
        message: message('cred.ecs.noRole'),
        httpStatus: response.status,
      });
    if (response.status !== 200 || !/^[\w.@+=,-]{1,64}$/.test(name))
      throw eciError({
        code: 'EcsMetadataUnavailable',
        message: message('cred.ecs.noRoleName', { status: response.status }),
        httpStatus: response.status,
      });
    return name;
  }

  private async roleCredentials(roleName: string, token: string | undefined): Promise<FetchedCredentials> {
    const response = await this.http.send({
      method: 'GET',
      url: new URL(`${this.base}/latest/meta-data/ram/security-credentials/${encodeURIComponent(roleName)}`),
      headers: token === undefined ? {} : { 'x-aliyun-ecs-metadata-token': token },
      action: "the ECS instance's RAM role credentials",
      actionSaid: message('cred.action.roleCredentials'),
      secrets: [token],
    });
    if (response.status === 404)
      throw eciError({
        code: 'EcsMetadataUnavailable',
        message: message('cred.ecs.noRoleNamed', { name: roleName }),
        httpStatus: 404,
      });
    if (response.status !== 200)
      throw eciError({
        code: 'EcsMetadataUnavailable',
        message: message('cred.ecs.status', { status: response.status }),
        httpStatus: response.status,
      });
    const body = answerJson(response, message('cred.who.metadata'));
    if (body['Code'] !== 'Success')
      throw eciError({
        code: 'EcsMetadataUnavailable',
        message: message('cred.ecs.code', { code: answerCode(body) ?? message('cred.ecs.notSuccess') }),
      });
    return temporaryKey(
      body,
      message('cred.who.metadata'),
      `${this.spec.origin} (ECS RAM role ${roleName})`,
      (this.options.now ?? Date.now)(),
    );
  }
}

/**
 * A RAM role assumed with an OIDC token (RRSA in ACK): STS AssumeRoleWithOIDC, which is not signed: the token, read
 * from its file at every refresh (the cluster rotates it), is the proof.
 */
class OidcRoleFetcher implements Fetcher {
  private readonly http: CredentialHttp;
  private readonly what: Message;

  constructor(
    private readonly spec: OidcRoleSpec,
    private readonly options: OpenCredentialsOptions,
  ) {
    this.http = http(options, options.route, options.timeoutMs ?? 10_000);
    this.what = message('cred.oidc.what', { role: spec.role.roleArn, origin: originArg(spec) });
  }

  async fetch(): Promise<FetchedCredentials> {
    const token = await this.token();
    const role = this.spec.role;
    const duration = role.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS;
    const now = (this.options.now ?? Date.now)();
    const url = new URL(stsEndpoint(role, this.options.endpointType));
    url.pathname = '/';
    url.search = new URLSearchParams({
      Action: 'AssumeRoleWithOIDC',
      Version: STS_API_VERSION,
      Format: 'JSON',
      Timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }).toString();
    const form = new URLSearchParams({
      OIDCProviderArn: this.spec.oidcProviderArn,
      OIDCToken: token,
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName ?? DEFAULT_ROLE_SESSION_NAME,
      DurationSeconds: String(duration),
    });
    if (role.policy !== undefined) form.set('Policy', role.policy);
    let body: Record<string, unknown>;
    let response: TransportResponse;
    try {
      response = await this.http.send({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        action: 'AssumeRoleWithOIDC',
        secrets: [token, encodeURIComponent(token)],
      });
      body = answerJson(response, 'STS');
    } catch (error) {
      throw failed(error, this.what);
    }
    if (response.status !== 200) {
      const stsMessage = typeof body['Message'] === 'string' ? body['Message'].split(token).join('<token>') : undefined;
      throw eciError({
        code: answerCode(body) ?? 'CredentialsNotFound',
        message:
          stsMessage === undefined
            ? message('cred.oidc.sts', { what: this.what, status: response.status })
            : message('cred.oidc.stsMessage', { what: this.what, status: response.status, message: stsMessage }),
        requestId: typeof body['RequestId'] === 'string' ? body['RequestId'] : undefined,
        httpStatus: response.status,
        action: 'AssumeRoleWithOIDC',
      });
    }
    try {
      return temporaryKey(body['Credentials'], 'STS', `${this.spec.origin} (OIDC role)`, now);
    } catch (error) {
      throw failed(error, this.what);
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async token(): Promise<string> {
    const file = this.spec.tokenFile;
    const problem = (what: Message, cause?: unknown): CloudError =>
      eciError({
        code: 'InvalidCredentials',
        message: message('cred.oidc.tokenFile', { what: this.what, file, problem: what }),
        cause,
      });
    try {
      if ((await stat(file)).size > MAX_OIDC_TOKEN_BYTES) throw problem(message('cred.oidc.tokenTooLarge'));
      const token = (await readFile(file, 'utf8')).trim();
      if (token === '') throw problem(message('cred.oidc.tokenEmpty'));
      return token;
    } catch (error) {
      if (error instanceof CloudError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw problem(
        code === 'ENOENT'
          ? message('cred.oidc.tokenMissing')
          : message('cred.oidc.tokenUnreadable', { code: code ?? message('cred.anError') }),
        error,
      );
    }
  }
}

/** A URL that answers `{Code: "Success", AccessKeyId, AccessKeySecret, SecurityToken, Expiration}` to a GET. */
class CredentialsUriFetcher implements Fetcher {
  private readonly http: CredentialHttp;
  private readonly url: URL;
  private readonly what: Message;

  constructor(
    private readonly spec: CredentialsUriSpec,
    private readonly options: OpenCredentialsOptions,
  ) {
    this.http = http(options, options.route, options.timeoutMs ?? 10_000);
    this.what = message('cred.uri.what', { origin: originArg(spec) });
    let url: URL | undefined;
    try {
      url = new URL(spec.uri);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw eciError({ code: 'InvalidCredentials', message: message('cred.uri.notHttp', { what: this.what }) });
    this.url = url;
  }

  async fetch(): Promise<FetchedCredentials> {
    try {
      const response = await this.http.send({
        method: 'GET',
        url: this.url,
        action: 'the credentials URI',
        actionSaid: message('cred.action.credentialsUri'),
      });
      const body = answerJson(response, message('cred.who.uri', { host: this.url.host }));
      const code = body['Code'];
      if (response.status !== 200 || (code !== undefined && code !== 'Success'))
        throw eciError({
          code: 'CredentialsNotFound',
          message:
            answerCode(body) === undefined
              ? message('cred.uri.status', { status: response.status })
              : message('cred.uri.statusCode', { status: response.status, code: answerCode(body) ?? '' }),
          httpStatus: response.status,
        });
      return temporaryKey(
        body,
        message('cred.who.uri', { host: this.url.host }),
        `${this.spec.origin} (credentials URI)`,
        (this.options.now ?? Date.now)(),
      );
    } catch (error) {
      throw failed(error, this.what);
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/**
 * The aliyun CLI's External mode: the command prints `{mode: "AK" | "StsToken", access_key_id, access_key_secret,
 * sts_token, expiration}`; it is run again before `expiration` (an AccessKey without one is kept).
 */
class ExternalProcessFetcher implements Fetcher {
  constructor(
    private readonly spec: ExternalProcessSpec,
    private readonly options: OpenCredentialsOptions,
  ) {}

  async fetch(): Promise<FetchedCredentials> {
    const origin = this.spec.origin;
    const output = await runCredentialProcess(this.spec.command, originArg(this.spec), {
      timeoutMs: this.options.processTimeoutMs,
      env: this.options.env,
    });
    const bad = (what: Message): CloudError =>
      eciError({
        code: 'ExternalCredentialsFailed',
        message: message('cred.external.printed', { origin: originArg(this.spec), what }),
      });
    const body = jsonObject(output);
    if (body === undefined) throw bad(message('cred.external.notObject'));
    const mode = body['mode'] ?? 'AK';
    const accessKeyId = body['access_key_id'];
    const accessKeySecret = body['access_key_secret'];
    const securityToken = body['sts_token'];
    if (mode !== 'AK' && mode !== 'StsToken') throw bad(message('cred.external.badMode'));
    if (
      typeof accessKeyId !== 'string' ||
      accessKeyId === '' ||
      typeof accessKeySecret !== 'string' ||
      accessKeySecret === ''
    )
      throw bad(message('cred.external.noKey'));
    if (mode === 'StsToken' && (typeof securityToken !== 'string' || securityToken === ''))
      throw bad(message('cred.external.noToken'));
    const expirationText = body['expiration'];
    const expiration = typeof expirationText === 'string' ? Date.parse(expirationText) : NaN;
    if (expirationText !== undefined && Number.isNaN(expiration)) throw bad(message('cred.external.badExpiration'));
    const now = (this.options.now ?? Date.now)();
    return {
      credentials: {
        accessKeyId,
        accessKeySecret,
        securityToken: mode === 'StsToken' ? (securityToken as string) : undefined,
        source: `${origin} (external command)`,
      },
      expiresAt: !Number.isNaN(expiration)
        ? expiration
        : mode === 'StsToken'
          ? now + UNDATED_STS_LIFETIME_MS
          : undefined,
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * An aliyun CLI CloudSSO profile: the access token its sign-in saved is exchanged at the portal (POST
 * /cloud-credentials at the sign-in URL's host, as @alicloud/credentials and the aliyun CLI do) for the STS key of
 * one account's access configuration. Signing in again is the aliyun CLI's (`aliyun sso login`); an expired sign-in
 * says so.
 */
class CloudSsoFetcher implements Fetcher {
  private readonly http: CredentialHttp;
  private readonly url: URL;
  private readonly what: Message;

  constructor(
    private readonly spec: CloudSsoSpec,
    private readonly options: OpenCredentialsOptions,
  ) {
    this.http = http(options, options.route, options.timeoutMs ?? 10_000);
    this.what = message('cred.sso.what', { origin: originArg(spec) });
    let signIn: URL | undefined;
    try {
      signIn = new URL(spec.signInUrl);
    } catch {
      signIn = undefined;
    }
    if (signIn === undefined || (signIn.protocol !== 'http:' && signIn.protocol !== 'https:'))
      throw eciError({ code: 'InvalidCredentials', message: message('cred.sso.badUrl', { what: this.what }) });
    this.url = new URL('/cloud-credentials', signIn.origin);
  }

  private signInExpired(): CloudError {
    return eciError({
      code: 'CloudSsoSignInExpired',
      message: message('cred.sso.expired', { origin: originArg(this.spec), profile: this.spec.profileName }),
    });
  }

  async fetch(): Promise<FetchedCredentials> {
    const now = (this.options.now ?? Date.now)();
    if (now >= this.spec.accessTokenExpiresAt) throw this.signInExpired();
    const token = this.spec.accessToken;
    let response: TransportResponse;
    let body: Record<string, unknown>;
    try {
      response = await this.http.send({
        method: 'POST',
        url: this.url,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          AccountId: this.spec.accountId,
          AccessConfigurationId: this.spec.accessConfigurationId,
        }),
        action: 'CreateCloudCredential',
        secrets: [token],
      });
      body = answerJson(response, message('cred.who.portal'));
    } catch (error) {
      throw failed(error, this.what);
    }
    if (response.status === 401) throw this.signInExpired();
    if (response.status !== 200)
      throw eciError({
        code: answerCode(body) ?? 'CredentialsNotFound',
        message:
          answerCode(body) === undefined
            ? message('cred.sso.status', { what: this.what, status: response.status })
            : message('cred.sso.statusCode', {
                what: this.what,
                status: response.status,
                code: answerCode(body) ?? '',
              }),
        httpStatus: response.status,
        action: 'CreateCloudCredential',
      });
    try {
      return temporaryKey(body['CloudCredential'], message('cred.who.portal'), `${this.spec.origin} (CloudSSO)`, now);
    } catch (error) {
      throw failed(error, this.what);
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
