import type { Message } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';

/**
 * A RAM role a profile assumes (the aliyun CLI's RamRoleArn mode): what the profile says about it, never a secret.
 * A module without the client, so that the credential chain (src/eci/credentials.ts) can read it and the client
 * (src/eci/ram-role.ts) assume it without importing each other.
 */
/** What a profile says about the role it assumes (never a secret). */
export interface RoleSettings {
  readonly roleArn: string;
  /** 2 to 64 of letters, digits and `. @ - _`; shows in the account's audit trail. Default `vscode-eci`. */
  readonly sessionName?: string | undefined;
  /** 900 to 43200; default 3600. */
  readonly durationSeconds?: number | undefined;
  readonly externalId?: string | undefined;
  /** A policy (JSON) that narrows the role's permissions for this session. */
  readonly policy?: string | undefined;
  /** STS's region (`sts.<region>.aliyuncs.com`); the global `sts.aliyuncs.com` when absent. */
  readonly stsRegionId?: string | undefined;
  /** An STS endpoint override (a VPC endpoint, the emulator). */
  readonly stsEndpoint?: string | undefined;
  /**
   * A chain (the aliyun CLI's ChainableRamRoleArn): the role the key assumes first, whose keys then assume this one
   * (itself possibly a chain).
   */
  readonly via?: RoleSettings | undefined;
}

export const DEFAULT_ROLE_SESSION_NAME = 'vscode-eci';
export const DEFAULT_ROLE_DURATION_SECONDS = 3600;
const ROLE_ARN = /^acs:ram::\d+:role\/[\w.@+=,-]{1,64}$/i;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

/** The problem with a role's settings, in words that name where they came from; `undefined` when they are usable. */
export function roleSettingsProblem(role: RoleSettings): string | undefined {
  const problem = roleSettingsProblemMessage(role);
  return problem === undefined ? undefined : say(problem);
}

/** `roleSettingsProblem` as a message of the catalog, to be said in the reader's language. */
export function roleSettingsProblemMessage(role: RoleSettings): Message | undefined {
  if (!ROLE_ARN.test(role.roleArn)) return message('cred.problem.roleArn');
  const session = role.sessionName ?? DEFAULT_ROLE_SESSION_NAME;
  if (!SESSION_NAME.test(session)) return message('cred.problem.sessionName');
  const duration = role.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS;
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) return message('cred.problem.duration');
  return role.via === undefined ? undefined : roleSettingsProblemMessage(role.via);
}
