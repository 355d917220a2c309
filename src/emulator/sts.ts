import { randomBytes } from 'node:crypto';
import { ApiError, missing } from './api-error';
import type { Authenticator } from './auth';
import type { Clock } from './lifecycle';

const ROLE_ARN = /^acs:ram::(\d+):role\/([\w.@+=,-]{1,64})$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

/**
 * STS's AssumeRole, served by the emulator at its one address (the server routes the action here): a caller signed
 * with any key it accepts (a temporary one too, as in a role chain) gets a temporary AccessKey and SecurityToken
 * valid for DurationSeconds on the emulator's clock (`--speed` shortens them as it does everything else). The
 * Authenticator accepts them until then and answers `InvalidSecurityToken.Expired` after. Every well-formed role ARN
 * is assumable: the emulator has no RAM policies to check.
 */
export class StsService {
  /** AssumeRole calls answered (for tests: a refresh is a call). */
  assumedRoles = 0;

  constructor(
    private readonly clock: Clock,
    private readonly auth: Authenticator,
  ) {}

  assumeRole(params: Readonly<Record<string, string>>): Record<string, unknown> {
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
    const durationText = params['DurationSeconds'] ?? '3600';
    const duration = /^\d+$/.test(durationText) ? Number(durationText) : NaN;
    if (!(duration >= 900 && duration <= 43_200))
      throw new ApiError(
        400,
        'InvalidParameter.DurationSeconds',
        'The Min/Max value of DurationSeconds is 15min/12hr (900 to 43200).',
      );
    const policy = params['Policy'];
    if (policy !== undefined && policy !== '') {
      try {
        JSON.parse(policy);
      } catch {
        throw new ApiError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not a valid grammar.');
      }
    }
    const expiresAt = this.clock.now() + this.clock.span(duration);
    const key = {
      accessKeyId: `STS.${randomBytes(18).toString('base64url')}`,
      accessKeySecret: randomBytes(30).toString('base64url'),
      securityToken: randomBytes(96).toString('base64'),
      expiresAt,
    };
    this.auth.addTemporaryKey(key);
    this.assumedRoles += 1;
    const [, account = '', role = ''] = arn;
    return {
      AssumedRoleUser: {
        Arn: `acs:ram::${account}:assumed-role/${role}/${sessionName}`,
        AssumedRoleId: `3${account.slice(-8)}:${sessionName}`,
      },
      Credentials: {
        AccessKeyId: key.accessKeyId,
        AccessKeySecret: key.accessKeySecret,
        SecurityToken: key.securityToken,
        // Milliseconds, unlike STS's whole seconds: at --speed 1000 a token lives for seconds.
        Expiration: new Date(expiresAt).toISOString(),
      },
    };
  }
}
