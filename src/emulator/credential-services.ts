import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from './lifecycle';
import type { StsService } from './sts';

/**
 * The services that hand out temporary credentials besides STS, served by the emulator on its one port and clock so
 * that every credential mode can be tried against it (their keys are STS keys: the ECI API accepts them until they
 * expire, `--speed` shortening them as it does everything else):
 * The metadata service and the credentials URI hand out a role's current key until half of its life has passed, then a
 * new one (as the real metadata service rotates them); CloudSSO a new key at every call.
 * - the ECS instance metadata service under /ecs-metadata (IMDSv2 session tokens, the instance's RAM role name and
 *   its credentials): ECI_ECS_METADATA_ENDPOINT=<emulator URL>/ecs-metadata;
 * - a credentials URI, GET /credentials-uri?role=<name>: ALIBABA_CLOUD_CREDENTIALS_URI=<emulator URL>/credentials-uri;
 * - CloudSSO's portal, POST /cloud-credentials with `Authorization: Bearer <access token>`: a CloudSSO profile's
 *   cloud_sso_sign_in_url=<emulator URL>/login. The tokens accepted are DEMO_SSO_ACCESS_TOKEN and those issued by
 *   `issueSsoAccessToken` (tests), each until it expires.
 */

export interface ServedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The role the emulated ECS instance has attached. */
export const EMULATED_ECS_ROLE = 'eci-emulator-ecs-role';
/** A CloudSSO access token the emulator always accepts (for trying the mode by hand). */
export const DEMO_SSO_ACCESS_TOKEN = 'eci-emulator-demo-sso-access-token';
/** How long the credentials of the metadata service, a credentials URI and CloudSSO last (seconds). */
const CREDENTIAL_SECONDS = 3600;
const MAX_METADATA_TOKEN_SECONDS = 21_600;
const ROLE_NAME = /^[\w.@+=,-]{1,64}$/;

export class CredentialServices {
  /** Credentials handed out, by service (for tests: a refresh is one more). */
  readonly issued = { ecsMetadata: 0, credentialsUri: 0, cloudSso: 0 };
  private readonly metadataTokens = new Map<string, number>();
  private readonly ssoTokens = new Map<string, number>();
  /** The metadata service's and the credentials URI's current keys, by role: handed out again until half-life. */
  private readonly current = new Map<string, { credentials: ReturnType<StsService['issue']>; renewAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly sts: StsService,
  ) {}

  /** A CloudSSO access token valid for `seconds` of the emulator's clock, as `aliyun sso login` would save one. */
  issueSsoAccessToken(seconds = 3600): { accessToken: string; expiresAt: number } {
    const accessToken = `sso.${randomBytes(24).toString('base64url')}`;
    const expiresAt = this.clock.now() + this.clock.span(seconds);
    this.ssoTokens.set(accessToken, expiresAt);
    return { accessToken, expiresAt };
  }

  /** The answer to a request for one of these services, or undefined when the path is none of theirs. */
  handle(
    method: string,
    url: URL,
    headers: Readonly<Record<string, string>>,
    body: Buffer,
    requestId: string,
  ): ServedAnswer | undefined {
    const path = url.pathname;
    if (path === '/ecs-metadata' || path.startsWith('/ecs-metadata/'))
      return this.metadata(method, path.slice('/ecs-metadata'.length), headers);
    if (path === '/credentials-uri') return this.credentialsUri(method, url, requestId);
    if (path === '/cloud-credentials') return this.cloudCredential(method, headers, body, requestId);
    return undefined;
  }

  /** An answer in the shape of an unavailable service, for the emulator's fault injection. */
  static unavailable(requestId: string): ServedAnswer {
    return json(503, { RequestId: requestId, Code: 'ServiceUnavailable', Message: 'The service is unavailable.' });
  }

  private metadata(method: string, path: string, headers: Readonly<Record<string, string>>): ServedAnswer {
    const now = this.clock.now();
    for (const [token, expiresAt] of this.metadataTokens) if (expiresAt <= now) this.metadataTokens.delete(token);
    if (path === '/latest/api/token') {
      if (method !== 'PUT') return text(405, 'Method Not Allowed');
      const ttlText = headers['x-aliyun-ecs-metadata-token-ttl-seconds'] ?? '';
      const ttl = /^\d+$/.test(ttlText) ? Number(ttlText) : NaN;
      if (!(ttl >= 1 && ttl <= MAX_METADATA_TOKEN_SECONDS))
        return text(400, `X-aliyun-ecs-metadata-token-ttl-seconds must be 1 to ${MAX_METADATA_TOKEN_SECONDS}.`);
      const token = randomBytes(32).toString('base64url');
      this.metadataTokens.set(token, now + this.clock.span(ttl));
      return text(200, token);
    }
    if (method !== 'GET') return text(405, 'Method Not Allowed');
    // IMDSv1 (no token) is allowed, as on an instance that has not enforced v2; a token given must be valid.
    const token = headers['x-aliyun-ecs-metadata-token'];
    if (token !== undefined && !this.metadataTokens.has(token)) return text(401, 'Unauthorized');
    const prefix = '/latest/meta-data/ram/security-credentials/';
    if (path === prefix) return text(200, EMULATED_ECS_ROLE);
    if (path.startsWith(prefix)) {
      const role = decodeURIComponent(path.slice(prefix.length));
      if (role !== EMULATED_ECS_ROLE) return text(404, 'Not Found');
      return json(200, {
        ...this.rotating(`ecs:${role}`, 'ecsMetadata'),
        LastUpdated: new Date(now).toISOString(),
        Code: 'Success',
      });
    }
    return text(404, 'Not Found');
  }

  private credentialsUri(method: string, url: URL, requestId: string): ServedAnswer {
    if (method !== 'GET') return json(405, { RequestId: requestId, Code: 'MethodNotAllowed', Message: 'Use GET.' });
    const role = url.searchParams.get('role');
    if (role !== null && !ROLE_NAME.test(role))
      return json(400, {
        RequestId: requestId,
        Code: 'InvalidParameter.Role',
        Message: 'The role is 1 to 64 letters, digits and . @ + = , - _.',
      });
    return json(200, { Code: 'Success', ...this.rotating(`uri:${role ?? ''}`, 'credentialsUri') });
  }

  private cloudCredential(
    method: string,
    headers: Readonly<Record<string, string>>,
    body: Buffer,
    requestId: string,
  ): ServedAnswer {
    const refuse = (status: number, code: string, message: string): ServedAnswer =>
      json(status, { RequestId: requestId, Code: code, Message: message });
    if (method !== 'POST') return refuse(405, 'MethodNotAllowed', 'Use POST.');
    const bearer = /^Bearer (\S+)$/.exec(headers['authorization'] ?? '')?.[1];
    if (bearer === undefined) return refuse(401, 'NoPermission.AccessToken', 'The access token is missing.');
    if (!this.acceptsSsoToken(bearer))
      return refuse(401, 'InvalidAccessToken', 'The access token is invalid or has expired. Sign in again.');
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      request = undefined;
    }
    const fields = request !== null && typeof request === 'object' ? (request as Record<string, unknown>) : {};
    const accountId = fields['AccountId'];
    const accessConfigurationId = fields['AccessConfigurationId'];
    if (typeof accountId !== 'string' || !/^\d{1,32}$/.test(accountId))
      return refuse(400, 'MissingParameter.AccountId', 'The body must be JSON with the AccountId (digits).');
    if (typeof accessConfigurationId !== 'string' || !/^ac-[\w-]{1,64}$/.test(accessConfigurationId))
      return refuse(
        400,
        'MissingParameter.AccessConfigurationId',
        'The body must be JSON with the AccessConfigurationId (ac-…).',
      );
    this.issued.cloudSso += 1;
    return json(200, { RequestId: requestId, CloudCredential: this.sts.issue(CREDENTIAL_SECONDS) });
  }

  /**
   * The role's current key, a new one once half of its life has passed: as the real metadata service, callers asking
   * at about the same time get the same key, and one who refreshes before expiry a new one.
   */
  private rotating(key: string, service: 'ecsMetadata' | 'credentialsUri'): ReturnType<StsService['issue']> {
    const now = this.clock.now();
    const held = this.current.get(key);
    if (held !== undefined && now < held.renewAt) return held.credentials;
    const credentials = this.sts.issue(CREDENTIAL_SECONDS);
    this.current.set(key, { credentials, renewAt: now + this.clock.span(CREDENTIAL_SECONDS / 2) });
    this.issued[service] += 1;
    return credentials;
  }

  private acceptsSsoToken(token: string): boolean {
    if (sameText(token, DEMO_SSO_ACCESS_TOKEN)) return true;
    const expiresAt = this.ssoTokens.get(token);
    return expiresAt !== undefined && this.clock.now() < expiresAt;
  }
}

function json(status: number, body: Record<string, unknown>): ServedAnswer {
  return { status, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body) };
}

function text(status: number, body: string): ServedAnswer {
  return { status, contentType: 'text/plain;charset=utf-8', body };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
