import type { NetworkRoute } from '../core/proxy';
import { CloudError, errorSaid } from '../core/errors';
import type { Message } from '../core/messages/messages';
import { message } from '../core/messages/messages';
import { EciClient } from './client';
import type { CredentialSource, Credentials } from './credentials';
import { originArg, originAtStart } from './credentials';
import type { EndpointType } from './endpoints';
import { STS_API_VERSION } from './endpoints';
import { eciError } from './error-hints';
import type { RoleSettings } from './role-settings';
import type { FetchedCredentials } from './refreshing-credentials';
import { RefreshingCredentials } from './refreshing-credentials';
import { DEFAULT_ROLE_DURATION_SECONDS, DEFAULT_ROLE_SESSION_NAME, roleSettingsProblemMessage } from './role-settings';

/**
 * RAM roles (the aliyun CLI's RamRoleArn mode): STS AssumeRole, signed with a source key, gives temporary keys that
 * are cached and assumed again before they expire.
 *
 * Written by hand rather than with `@alicloud/credentials` (docs/architecture.md, README "Credentials"): AssumeRole
 * is one signed RPC call, and our client already signs (V3), retries, times out, redacts and goes through the
 * configured proxy (the library has no proxy option and bypasses ours). The library would add about 23 KB gzip and
 * four dependencies, and its errors are plain strings; ours are CloudErrors with the STS code and a hint. Its
 * 15-minute refresh margin also refreshes a 15-minute (900 s) session at every call; ours scales (refreshWindowMs).
 */

/** STS's address for a role: the override, else the region's (public or VPC), else the global one. */
export function stsEndpoint(role: RoleSettings, endpointType: EndpointType = 'public'): string {
  if (role.stsEndpoint !== undefined && role.stsEndpoint.trim() !== '') return role.stsEndpoint.trim();
  if (role.stsRegionId === undefined || role.stsRegionId === '') return 'https://sts.aliyuncs.com';
  return `https://sts${endpointType === 'vpc' ? '-vpc' : ''}.${role.stsRegionId}.aliyuncs.com`;
}

export { refreshWindowMs } from './refreshing-credentials';

export interface RamRoleCredentialsOptions {
  /** The key AssumeRole is signed with: an AccessKey, an STS key, or another role's credentials (a chain). */
  readonly source: CredentialSource;
  readonly role: RoleSettings;
  /** Where the credentials come from, for messages (a profile's name). */
  readonly origin: string;
  /** `origin` as a message of the catalog, to be said in the reader's language. */
  readonly originSaid?: Message | undefined;
  readonly endpointType?: EndpointType | undefined;
  readonly route?: NetworkRoute | undefined;
  readonly timeoutMs?: number | undefined;
  readonly userAgent?: string | undefined;
  // Seams for tests: a hand-stepped clock, fast retries.
  readonly now?: (() => number) | undefined;
  readonly maxAttempts?: number | undefined;
  readonly retryBaseDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
}

/**
 * A role's temporary credentials, assumed on first use and again before they expire (RefreshingCredentials: one
 * AssumeRole for calls at the same time, old keys kept while a refresh fails and they still work). A failure is a
 * CloudError that names the role and the origin, with STS's code (never a secret).
 */
export class RamRoleCredentials {
  private readonly sts: EciClient;
  private readonly now: () => number;
  private readonly cache: RefreshingCredentials;
  /** In a chain, the role assumed first, whose keys sign this role's AssumeRole. */
  private readonly first: RamRoleCredentials | undefined;

  constructor(private readonly options: RamRoleCredentialsOptions) {
    const problem = roleSettingsProblemMessage(options.role);
    if (problem !== undefined)
      throw eciError({
        code: 'InvalidCredentials',
        message: message('cred.originProblem', { origin: originAtStart(options), problem }),
      });
    this.now = options.now ?? Date.now;
    const now = this.now;
    const via = options.role.via;
    this.first = via === undefined ? undefined : new RamRoleCredentials({ ...options, role: via });
    const first = this.first;
    this.sts = new EciClient({
      credentials: first === undefined ? options.source : () => first.credentials(),
      regionId: '',
      endpoint: stsEndpoint(options.role, options.endpointType),
      apiVersion: STS_API_VERSION,
      route: options.route,
      timeoutMs: options.timeoutMs,
      userAgent: options.userAgent,
      maxAttempts: options.maxAttempts,
      retryBaseDelayMs: options.retryBaseDelayMs,
      retryMaxDelayMs: options.retryMaxDelayMs,
      now: () => new Date(now()),
    });
    this.cache = new RefreshingCredentials(() => this.assume(), now);
  }

  /** AssumeRole calls that succeeded. */
  get assumed(): number {
    return this.cache.fetched;
  }

  /** The role's current credentials, assumed again first when they are due. */
  credentials(): Promise<Credentials> {
    return this.cache.credentials();
  }

  async close(): Promise<void> {
    await Promise.all([this.sts.close(), this.first?.close()]);
  }

  private async assume(): Promise<FetchedCredentials> {
    const role = this.options.role;
    const duration = role.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS;
    let answer: Record<string, unknown>;
    try {
      answer = await this.sts.callRaw('AssumeRole', {
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName ?? DEFAULT_ROLE_SESSION_NAME,
        DurationSeconds: duration,
        ExternalId: role.externalId,
        Policy: role.policy,
      });
    } catch (error) {
      const cause = error instanceof CloudError ? error : undefined;
      throw eciError({
        code: cause?.code ?? 'CredentialsNotFound',
        message: message('cred.role.failed', {
          role: role.roleArn,
          origin: originArg(this.options),
          error: errorSaid(error),
        }),
        requestId: cause?.requestId,
        httpStatus: cause?.httpStatus,
        action: 'AssumeRole',
        cause: error,
      });
    }
    const given = answer['Credentials'] as Record<string, unknown> | undefined;
    const accessKeyId = given?.['AccessKeyId'];
    const accessKeySecret = given?.['AccessKeySecret'];
    const securityToken = given?.['SecurityToken'];
    const expiration = typeof given?.['Expiration'] === 'string' ? Date.parse(given['Expiration']) : NaN;
    if (
      typeof accessKeyId !== 'string' ||
      typeof accessKeySecret !== 'string' ||
      typeof securityToken !== 'string' ||
      Number.isNaN(expiration)
    ) {
      throw eciError({
        code: 'InvalidResponse',
        message: message('cred.role.incomplete', { role: role.roleArn }),
        action: 'AssumeRole',
      });
    }
    const now = this.now();
    // A clock far from STS's could put the expiry in the past: then the duration asked for is the lifetime.
    const expiresAt = expiration > now ? expiration : now + duration * 1000;
    return {
      credentials: { accessKeyId, accessKeySecret, securityToken, source: `${this.options.origin} (RAM role)` },
      expiresAt,
    };
  }
}
