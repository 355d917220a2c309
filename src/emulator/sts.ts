import { randomBytes } from 'node:crypto';
import { ApiError, missing } from './api-error';
import type { Authenticator } from './auth';
import type { Clock } from './lifecycle';

const ROLE_ARN = /^acs:ram::(\d+):role\/([\w.@+=,-]{1,64})$/i;
const OIDC_PROVIDER_ARN = /^acs:ram::(\d+):oidc-provider\/([\w.@+=,-]{1,128})$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

/**
 * STS's AssumeRole, served by the emulator at its one address (the server routes the action here): a caller signed
 * with any key it accepts (a temporary one too, as in a role chain) gets a temporary AccessKey and SecurityToken
 * valid for DurationSeconds on the emulator's clock (`--speed` shortens them as it does everything else). The
 * Authenticator accepts them until then and answers `InvalidSecurityToken.Expired` after. Every well-formed role ARN
 * is assumable: the emulator has no RAM policies to check.
 *
 * AssumeRoleWithOIDC (RRSA) is not signed: the server routes it here before authenticating. The token must be a JWT
 * whose claims look as an identity provider's do (an https issuer, an audience, a subject, an expiry still ahead on
 * the emulator's clock); its signature is not checked, as the emulator knows no provider's keys.
 */
export class StsService {
  /** AssumeRole calls answered (for tests: a refresh is a call). */
  assumedRoles = 0;
  /** AssumeRoleWithOIDC calls answered. */
  oidcAssumed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly auth: Authenticator,
  ) {}

  assumeRole(params: Readonly<Record<string, string>>): Record<string, unknown> {
    const session = roleSession(params);
    const duration = durationOf(params);
    const policy = params['Policy'];
    if (policy !== undefined && policy !== '') {
      try {
        JSON.parse(policy);
      } catch {
        throw new ApiError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not a valid grammar.');
      }
    }
    const credentials = this.issue(duration);
    this.assumedRoles += 1;
    return { AssumedRoleUser: session.assumedRoleUser, Credentials: credentials };
  }

  assumeRoleWithOidc(params: Readonly<Record<string, string>>): Record<string, unknown> {
    const providerArn = params['OIDCProviderArn'];
    if (providerArn === undefined || providerArn === '') throw missing('OIDCProviderArn');
    const provider = OIDC_PROVIDER_ARN.exec(providerArn);
    if (provider === null)
      throw new ApiError(
        400,
        'InvalidParameter.OIDCProviderArn',
        'The parameter OIDCProviderArn is wrong: acs:ram::<account>:oidc-provider/<name>.',
      );
    const session = roleSession(params);
    if (session.account !== provider[1])
      throw new ApiError(
        400,
        'InvalidParameter.OIDCProviderArn',
        'The OIDC provider is not of the account of the role.',
      );
    const token = params['OIDCToken'];
    if (token === undefined || token === '') throw missing('OIDCToken');
    const claims = jwtClaims(token);
    if (claims === undefined)
      throw new ApiError(
        400,
        'InvalidParameter.OIDCToken',
        'The OIDCToken is not a JWT (three base64url parts: a header with alg, a payload of claims, a signature).',
      );
    const problem = claimsProblem(claims);
    if (problem !== undefined) throw new ApiError(400, 'AuthenticationFail.OIDCToken.Invalid', problem);
    if ((claims['exp'] as number) * 1000 <= this.clock.now())
      throw new ApiError(400, 'AuthenticationFail.OIDCToken.Expired', 'The OIDCToken has expired.');
    const duration = durationOf(params);
    const credentials = this.issue(duration);
    this.oidcAssumed += 1;
    return {
      AssumedRoleUser: session.assumedRoleUser,
      OIDCTokenInfo: { Issuer: claims['iss'], Subject: claims['sub'], ClientIds: [claims['aud']].flat().join(',') },
      Credentials: credentials,
    };
  }

  /**
   * A temporary key valid for `durationSeconds` on the emulator's clock, which the Authenticator accepts until then:
   * the `Credentials` of STS's answers (and of the ECS metadata service, a credentials URI, CloudSSO).
   */
  issue(durationSeconds: number): {
    AccessKeyId: string;
    AccessKeySecret: string;
    SecurityToken: string;
    Expiration: string;
  } {
    const expiresAt = this.clock.now() + this.clock.span(durationSeconds);
    const key = {
      accessKeyId: `STS.${randomBytes(18).toString('base64url')}`,
      accessKeySecret: randomBytes(30).toString('base64url'),
      securityToken: randomBytes(96).toString('base64'),
      expiresAt,
    };
    this.auth.addTemporaryKey(key);
    return {
      AccessKeyId: key.accessKeyId,
      AccessKeySecret: key.accessKeySecret,
      SecurityToken: key.securityToken,
      // Milliseconds, unlike STS's whole seconds: at --speed 1000 a token lives for seconds.
      Expiration: new Date(expiresAt).toISOString(),
    };
  }
}

/** The role and session of an AssumeRole or AssumeRoleWithOIDC, checked as STS does, and the user it makes. */
function roleSession(params: Readonly<Record<string, string>>): {
  readonly account: string;
  readonly assumedRoleUser: { readonly Arn: string; readonly AssumedRoleId: string };
} {
  const roleArn = params['RoleArn'];
  if (roleArn === undefined || roleArn === '') throw missing('RoleArn');
  const arn = ROLE_ARN.exec(roleArn);
  if (arn === null)
    throw new ApiError(
      400,
      'InvalidParameter.RoleArn',
      'The parameter RoleArn is wrong: acs:ram::<account>:role/<name>.',
    );
  const sessionName = params['RoleSessionName'];
  if (sessionName === undefined || sessionName === '') throw missing('RoleSessionName');
  if (!SESSION_NAME.test(sessionName))
    throw new ApiError(
      400,
      'InvalidParameter.RoleSessionName',
      'The parameter RoleSessionName is wrong: 2 to 64 letters, digits and . @ - _.',
    );
  const [, account = '', role = ''] = arn;
  return {
    account,
    assumedRoleUser: {
      Arn: `acs:ram::${account}:assumed-role/${role}/${sessionName}`,
      AssumedRoleId: `3${account.slice(-8)}:${sessionName}`,
    },
  };
}

function durationOf(params: Readonly<Record<string, string>>): number {
  const durationText = params['DurationSeconds'] ?? '3600';
  const duration = /^\d+$/.test(durationText) ? Number(durationText) : NaN;
  if (!(duration >= 900 && duration <= 43_200))
    throw new ApiError(
      400,
      'InvalidParameter.DurationSeconds',
      'The Min/Max value of DurationSeconds is 15min/12hr (900 to 43200).',
    );
  return duration;
}

/** A JWT's claims, or undefined when the text is not a JWT (its header must name an algorithm). */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[\w-]*$/.test(part)) || parts[2] === '') return undefined;
  const json = (part: string | undefined): Record<string, unknown> | undefined => {
    try {
      const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };
  const header = json(parts[0]);
  if (header === undefined || typeof header['alg'] !== 'string' || header['alg'] === 'none') return undefined;
  return json(parts[1]);
}

/** What is wrong with a token's claims, in words; undefined when they look as a provider's do. */
function claimsProblem(claims: Record<string, unknown>): string | undefined {
  const iss = claims['iss'];
  if (typeof iss !== 'string' || !/^https:\/\/[^/?#\s]+/.test(iss))
    return 'The OIDCToken has no iss claim that is an https URL.';
  const aud = claims['aud'];
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (audiences.length === 0 || !audiences.every((one) => typeof one === 'string' && one !== ''))
    return 'The OIDCToken has no aud claim.';
  if (typeof claims['sub'] !== 'string' || claims['sub'] === '') return 'The OIDCToken has no sub claim.';
  if (typeof claims['exp'] !== 'number') return 'The OIDCToken has no exp claim.';
  return undefined;
}
