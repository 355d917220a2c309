import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CloudError } from '../core/errors';
import type { Locale, Message, MessageArg, MessageId } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';
import { eciError } from './error-hints';
import type { RoleSettings } from './role-settings';
import { roleSettingsProblemMessage } from './role-settings';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Present for STS credentials. */
  readonly securityToken?: string | undefined;
  /** Where they came from, for messages (never the values). */
  readonly source: string;
  /** A default region the source names (the aliyun CLI profile's `region_id`), if any. */
  readonly regionId?: string | undefined;
  /**
   * A RAM role these credentials assume (the aliyun CLI's RamRoleArn mode): they are then only the source key that
   * signs AssumeRole, and requests are signed with the role's temporary keys (src/eci/ram-role.ts: roleSource).
   */
  readonly role?: RoleSettings | undefined;
}

/** Either fixed credentials or a function that produces them on demand (SecretStorage, a refreshed STS token). */
export type CredentialSource = Credentials | (() => Promise<Credentials>);

export async function credentialsOf(source: CredentialSource): Promise<Credentials> {
  return typeof source === 'function' ? source() : source;
}

/**
 * What the credential chain found: how to get credentials, written once for the command line and the extension
 * (src/eci/credential-providers.ts: openCredentials turns it into a CredentialSource). Only the fields marked secret
 * hold one; every other field may be shown.
 */
export type CredentialSpec =
  KeySpec | SourcedRoleSpec | EcsRamRoleSpec | OidcRoleSpec | CredentialsUriSpec | ExternalProcessSpec | CloudSsoSpec;

interface SpecBase {
  /** Where it was found, for messages: `aliyun CLI profile "x" (path)`, `[default] in path`, `environment variables`. */
  readonly origin: string;
  /** `origin` as a message of the catalog, to be said in the reader's language (absent for a spec made elsewhere). */
  readonly originSaid?: Message | undefined;
  /** A default region the source names (an aliyun CLI profile's `region_id`), if any. */
  readonly regionId?: string | undefined;
}

/** An AccessKey or an STS key (AK, StsToken), possibly the source of a RAM role (RamRoleArn, ChainableRamRoleArn). */
export interface KeySpec extends SpecBase {
  readonly kind: 'key';
  /** Secret: the key itself. */
  readonly credentials: Credentials;
}

/** A RAM role assumed with the credentials of another mode (a ChainableRamRoleArn profile over an ECS role, say). */
export interface SourcedRoleSpec extends SpecBase {
  readonly kind: 'role';
  readonly source: CredentialSpec;
  readonly role: RoleSettings;
}

/** The RAM role of the ECS instance this runs on, from its metadata service (EcsRamRole, `ecs_ram_role`). */
export interface EcsRamRoleSpec extends SpecBase {
  readonly kind: 'ecsRamRole';
  /** The role's name; discovered from the metadata service when absent. */
  readonly roleName?: string | undefined;
  /** ALIBABA_CLOUD_IMDSV1_DISABLED: only IMDSv2 (with a session token), never the fallback without one. */
  readonly imdsV1Disabled: boolean;
  /** The metadata service's address, http://100.100.100.200 unless ECI_ECS_METADATA_ENDPOINT (ours) says otherwise. */
  readonly metadataEndpoint?: string | undefined;
}

/** A RAM role assumed with an OIDC token (RRSA: STS AssumeRoleWithOIDC, not signed), read from a file at each refresh. */
export interface OidcRoleSpec extends SpecBase {
  readonly kind: 'oidcRole';
  /** The role, its session name and duration, STS's region or endpoint (externalId and via do not apply). */
  readonly role: RoleSettings;
  readonly oidcProviderArn: string;
  /** The token's file (not secret; its content is). */
  readonly tokenFile: string;
}

/** A URL that answers temporary credentials (CredentialsURI, `credentials_uri`, ALIBABA_CLOUD_CREDENTIALS_URI). */
export interface CredentialsUriSpec extends SpecBase {
  readonly kind: 'credentialsUri';
  /** Secret: a URI may carry a token in its query. */
  readonly uri: string;
}

/** A command that prints credentials as JSON (the aliyun CLI's External mode, `process_command`). */
export interface ExternalProcessSpec extends SpecBase {
  readonly kind: 'external';
  /** Secret: a command line may carry a key. */
  readonly command: string;
}

/** An aliyun CLI CloudSSO profile: its signed-in access token exchanged for an access configuration's STS key. */
export interface CloudSsoSpec extends SpecBase {
  readonly kind: 'cloudSso';
  /** The aliyun CLI profile, named in the message that asks to sign in again. */
  readonly profileName: string;
  readonly signInUrl: string;
  readonly accountId: string;
  readonly accessConfigurationId: string;
  /** Secret: the sign-in's access token. */
  readonly accessToken: string;
  /** When the access token expires (ms since the epoch). */
  readonly accessTokenExpiresAt: number;
}

/** What a spec is, in words that hold no secret (for lists and messages), in `locale` (English without one). */
export function describeCredentialSpec(spec: CredentialSpec, locale?: Locale): string {
  return say(credentialSpecMessage(spec), locale);
}

/** `describeCredentialSpec` as a message of the catalog. */
export function credentialSpecMessage(spec: CredentialSpec): Message {
  switch (spec.kind) {
    case 'key': {
      const key = message(spec.credentials.securityToken === undefined ? 'cred.spec.accessKey' : 'cred.spec.stsKey');
      return spec.credentials.role === undefined
        ? key
        : message('cred.spec.role', { role: spec.credentials.role.roleArn, with: key });
    }
    case 'role':
      return message('cred.spec.role', { role: spec.role.roleArn, with: credentialSpecMessage(spec.source) });
    case 'ecsRamRole':
      return spec.roleName === undefined
        ? message('cred.spec.ecsRole')
        : message('cred.spec.ecsRoleNamed', { name: spec.roleName });
    case 'oidcRole':
      return message('cred.spec.oidcRole', { role: spec.role.roleArn, file: spec.tokenFile });
    case 'credentialsUri':
      return message('cred.spec.credentialsUri');
    case 'external':
      return message('cred.spec.external');
    case 'cloudSso':
      return message('cred.spec.cloudSso', { account: spec.accountId, config: spec.accessConfigurationId });
  }
}

export interface CredentialChainOptions {
  /** A named profile: looked up in the aliyun CLI config, then in the credentials ini file. */
  readonly profile?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly homeDir?: string;
}

const ACCESS_KEY_ID_VARS = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABACLOUD_ACCESS_KEY_ID',
  'ALICLOUD_ACCESS_KEY_ID',
  'ALICLOUD_ACCESS_KEY',
];
const ACCESS_KEY_SECRET_VARS = [
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABACLOUD_ACCESS_KEY_SECRET',
  'ALICLOUD_ACCESS_KEY_SECRET',
  'ALICLOUD_SECRET_KEY',
];
const SECURITY_TOKEN_VARS = ['ALIBABA_CLOUD_SECURITY_TOKEN', 'ALIBABACLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN'];
const PROFILE_VARS = ['ALIBABA_CLOUD_PROFILE', 'ALIBABACLOUD_PROFILE', 'ALICLOUD_PROFILE'];

/**
 * The credential chain, first found wins (the order of @alicloud/credentials' default chain,
 * docs/reference/eci-api.md §7):
 * 1. an AccessKey in environment variables (ALIBABA_CLOUD_* and the ALICLOUD_* names Terraform uses);
 * 2. an OIDC role in environment variables (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
 *    ALIBABA_CLOUD_OIDC_TOKEN_FILE: what ACK's RRSA sets in a pod);
 * 3. the aliyun CLI's ~/.aliyun/config.json (profile: explicit, else ALIBABA_CLOUD_PROFILE, else the file's `current`);
 * 4. ~/.alibabacloud/credentials (ini; or ALIBABA_CLOUD_CREDENTIALS_FILE), section = profile or `default`;
 * 5. the ECS instance's RAM role when ALIBABA_CLOUD_ECS_METADATA names it (the library also tries the metadata
 *    service unasked; we do not, as a developer's machine would wait for 100.100.100.200 on every miss);
 * 6. ALIBABA_CLOUD_CREDENTIALS_URI.
 * An explicit profile skips the environment, and not finding it is an error rather than a fall-through.
 * VS Code's SecretStorage is a source of its own in the extension.
 */
export async function resolveCredentialSpec(options: CredentialChainOptions = {}): Promise<CredentialSpec> {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? homedir();
  const explicitProfile = options.profile;

  if (explicitProfile === undefined) {
    const fromEnv = credentialsFromEnv(env);
    if (fromEnv !== undefined) return { kind: 'key', credentials: fromEnv, ...originOf(message('cred.origin.env')) };
    const oidc = oidcRoleFromEnv(env);
    if (oidc !== undefined) return oidc;
  }

  const profileName = explicitProfile ?? firstSet(env, PROFILE_VARS);
  if (env['ALIBABA_CLOUD_CLI_PROFILE_DISABLED']?.toLowerCase() !== 'true') {
    const fromCli = await specFromAliyunCli(join(home, '.aliyun', 'config.json'), profileName, env);
    if (fromCli !== undefined) return fromCli;
  }

  const iniPath =
    env['ALIBABA_CLOUD_CREDENTIALS_FILE'] ??
    env['ALICLOUD_SHARED_CREDENTIALS_FILE'] ??
    join(home, '.alibabacloud', 'credentials');
  const fromIni = await specFromIniFile(iniPath, profileName ?? 'default', env);
  if (fromIni !== undefined) return fromIni;

  if (explicitProfile === undefined) {
    const roleName = firstSet(env, ['ALIBABA_CLOUD_ECS_METADATA']);
    if (roleName !== undefined && !ecsMetadataDisabled(env))
      return ecsRamRoleSpec(
        roleName,
        message('cred.origin.envVar', { name: 'ALIBABA_CLOUD_ECS_METADATA' }),
        undefined,
        env,
      );
    const uri = firstSet(env, ['ALIBABA_CLOUD_CREDENTIALS_URI']);
    if (uri !== undefined)
      return {
        kind: 'credentialsUri',
        uri,
        ...originOf(message('cred.origin.envVar', { name: 'ALIBABA_CLOUD_CREDENTIALS_URI' })),
      };
  }

  throw eciError({
    code: 'CredentialsNotFound',
    message:
      explicitProfile !== undefined
        ? message('cred.notFound.profile', { profile: explicitProfile, path: iniPath })
        : message('cred.notFound'),
  });
}

/** The OIDC role the environment names (RRSA), or `undefined` when it names none; half of one is an error. */
function oidcRoleFromEnv(env: Readonly<Record<string, string | undefined>>): OidcRoleSpec | undefined {
  const roleArn = firstSet(env, ['ALIBABA_CLOUD_ROLE_ARN']);
  const oidcProviderArn = firstSet(env, ['ALIBABA_CLOUD_OIDC_PROVIDER_ARN']);
  const tokenFile = firstSet(env, ['ALIBABA_CLOUD_OIDC_TOKEN_FILE']);
  // ALIBABA_CLOUD_ROLE_ARN alone may be meant for something else; the OIDC variables are not.
  if (oidcProviderArn === undefined && tokenFile === undefined) return undefined;
  const origin = message('cred.origin.oidcEnv');
  if (roleArn === undefined || oidcProviderArn === undefined || tokenFile === undefined) {
    const missing = [
      roleArn === undefined ? 'ALIBABA_CLOUD_ROLE_ARN' : undefined,
      oidcProviderArn === undefined ? 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN' : undefined,
      tokenFile === undefined ? 'ALIBABA_CLOUD_OIDC_TOKEN_FILE' : undefined,
    ].filter((name) => name !== undefined);
    throw eciError({
      code: 'InvalidCredentials',
      message: message(missing.length === 1 ? 'cred.oidcEnv.partial.one' : 'cred.oidcEnv.partial.many', {
        names: andListMessage(missing),
      }),
    });
  }
  return oidcRoleSpec(
    {
      roleArn,
      sessionName: firstSet(env, ['ALIBABA_CLOUD_ROLE_SESSION_NAME']),
      stsRegionId: firstSet(env, ['ALIBABA_CLOUD_STS_REGION']),
    },
    oidcProviderArn,
    tokenFile,
    origin,
    undefined,
  );
}

function oidcRoleSpec(
  role: RoleSettings,
  oidcProviderArn: string,
  tokenFile: string,
  origin: Message,
  regionId: string | undefined,
): OidcRoleSpec {
  const problem =
    roleSettingsProblemMessage(role) ??
    (OIDC_PROVIDER_ARN.test(oidcProviderArn) ? undefined : message('cred.problem.oidcProviderArn'));
  if (problem !== undefined)
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.originProblem', { origin: originAtStart(originOf(origin)), problem }),
    });
  return { kind: 'oidcRole', role, oidcProviderArn, tokenFile, ...originOf(origin), regionId };
}

const OIDC_PROVIDER_ARN = /^acs:ram::\d+:oidc-provider\/[\w.@+=,-]{1,128}$/i;

function ecsMetadataDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['ALIBABA_CLOUD_ECS_METADATA_DISABLED']?.trim().toLowerCase() === 'true';
}

function ecsRamRoleSpec(
  roleName: string | undefined,
  origin: Message,
  regionId: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): EcsRamRoleSpec {
  if (ecsMetadataDisabled(env))
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.ecsMetadataDisabled', { origin: originAtStart(originOf(origin)) }),
    });
  return {
    kind: 'ecsRamRole',
    roleName,
    imdsV1Disabled: env['ALIBABA_CLOUD_IMDSV1_DISABLED']?.trim().toLowerCase() === 'true',
    metadataEndpoint: firstSet(env, [ECS_METADATA_ENDPOINT_VAR]),
    ...originOf(origin),
    regionId,
  };
}

/**
 * Ours, not Alibaba's: the ECS metadata service's address instead of http://100.100.100.200 (the emulator serves one
 * under /ecs-metadata, so `http://127.0.0.1:8080/ecs-metadata`).
 */
export const ECS_METADATA_ENDPOINT_VAR = 'ECI_ECS_METADATA_ENDPOINT';

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A spec's `origin` and `originSaid` from the message that says where it was found. */
function originOf(said: Message): { origin: string; originSaid: Message } {
  return { origin: say(said), originSaid: said };
}

/** The messages of origins as they read at the start of a sentence (English capitalizes them). */
const ORIGIN_AT_START: Readonly<Record<string, MessageId>> = {
  'cred.origin.env': 'cred.origin.env.start',
  'cred.origin.envVar': 'cred.origin.envVar.start',
  'cred.origin.oidcEnv': 'cred.origin.oidcEnv.start',
  'cred.origin.cli': 'cred.origin.cli.start',
};

/** Where something was found, to begin a sentence with: the catalog's, else the English capitalized. */
export function originAtStart(where: {
  readonly origin: string;
  readonly originSaid?: Message | undefined;
}): MessageArg {
  const said = where.originSaid;
  if (said === undefined) return capitalized(where.origin);
  const id = ORIGIN_AT_START[said.id];
  return id === undefined ? said : { ...said, id };
}

/** Where something was found, within a sentence: the catalog's when it has it, else the English. */
export function originArg(where: { readonly origin: string; readonly originSaid?: Message | undefined }): MessageArg {
  return where.originSaid ?? where.origin;
}

function firstSet(env: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

export function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const accessKeyId = firstSet(env, ACCESS_KEY_ID_VARS);
  const accessKeySecret = firstSet(env, ACCESS_KEY_SECRET_VARS);
  if (accessKeyId === undefined && accessKeySecret === undefined) return undefined;
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    const missing = accessKeyId === undefined ? 'ALIBABA_CLOUD_ACCESS_KEY_ID' : 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.envKey.half', { name: missing }),
    });
  }
  return {
    accessKeyId,
    accessKeySecret,
    securityToken: firstSet(env, SECURITY_TOKEN_VARS),
    source: 'environment variables',
  };
}

async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.unreadable', { path, error: (error as Error).message }),
      cause: error,
    });
  }
}

interface AliyunCliProfile {
  name?: unknown;
  mode?: unknown;
  access_key_id?: unknown;
  access_key_secret?: unknown;
  sts_token?: unknown;
  region_id?: unknown;
  ram_role_arn?: unknown;
  ram_session_name?: unknown;
  expired_seconds?: unknown;
  duration_seconds?: unknown;
  external_id?: unknown;
  sts_region?: unknown;
  sts_endpoint?: unknown;
  source_profile?: unknown;
  ram_role_name?: unknown;
  oidc_provider_arn?: unknown;
  oidc_token_file?: unknown;
  process_command?: unknown;
  credentials_uri?: unknown;
  cloud_sso_sign_in_url?: unknown;
  cloud_sso_account_id?: unknown;
  cloud_sso_access_config?: unknown;
  access_token?: unknown;
  cloud_sso_access_token_expire?: unknown;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads one profile of the aliyun CLI's config.json; `undefined` when the file or the profile is absent. */
export async function specFromAliyunCli(
  path: string,
  profileName: string | undefined,
  env: Env = process.env,
): Promise<CredentialSpec | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  const config = parseConfigFile(path, text) as { current?: unknown; profiles?: unknown } | null;
  if (config === null || typeof config !== 'object' || !Array.isArray(config.profiles)) {
    throw eciError({ code: 'InvalidCredentials', message: message('cred.cli.noProfiles', { path }) });
  }
  const wanted =
    profileName ?? (typeof config.current === 'string' && config.current !== '' ? config.current : 'default');
  const profile = (config.profiles as AliyunCliProfile[]).find(
    (candidate) => candidate !== null && typeof candidate === 'object' && candidate.name === wanted,
  );
  if (profile === undefined) return undefined;
  return aliyunCliProfileSpec(profile, wanted, path, config.profiles as AliyunCliProfile[], new Set(), env);
}

/** One profile of the aliyun CLI's config, with what it holds or the reason it cannot be used. */
export interface AliyunCliProfileEntry {
  readonly name: string;
  readonly regionId: string | undefined;
  /** How to get its credentials, when it can be used. */
  readonly spec?: CredentialSpec | undefined;
  /** Its key, when it holds one (AK, StsToken, RamRoleArn and a ChainableRamRoleArn over those). */
  readonly credentials?: Credentials | undefined;
  readonly problem?: string | undefined;
  /** The problem as a message of the catalog, to be said in the reader's language. */
  readonly problemSaid?: Message | undefined;
}

/** Every profile of the aliyun CLI's config.json (for import); an empty list when there is no such file. */
export async function listAliyunCliProfiles(path: string, env: Env = process.env): Promise<AliyunCliProfileEntry[]> {
  const text = await readOptionalFile(path);
  if (text === undefined) return [];
  const config = parseConfigFile(path, text) as { profiles?: unknown } | null;
  if (config === null || typeof config !== 'object' || !Array.isArray(config.profiles)) return [];
  const all = config.profiles as AliyunCliProfile[];
  return all
    .filter(
      (profile) =>
        profile !== null && typeof profile === 'object' && typeof profile.name === 'string' && profile.name !== '',
    )
    .map((profile) => {
      const name = String(profile.name);
      const regionId = stringField(profile.region_id);
      try {
        const spec = aliyunCliProfileSpec(profile, name, path, all, new Set(), env);
        return { name, regionId, spec, credentials: spec.kind === 'key' ? spec.credentials : undefined };
      } catch (error) {
        const problemSaid = error instanceof CloudError ? error.messageSaid : undefined;
        return { name, regionId, problem: (error as Error).message, problemSaid };
      }
    });
}

/**
 * One profile's spec. `all` is the file's every profile, where a ChainableRamRoleArn profile finds its
 * `source_profile`; `seen` the profiles the chain has passed through already (a chain that comes back is refused).
 */
function aliyunCliProfileSpec(
  profile: AliyunCliProfile,
  name: string,
  path: string,
  all: readonly AliyunCliProfile[],
  seen: ReadonlySet<string>,
  env: Env,
): CredentialSpec {
  const mode = typeof profile.mode === 'string' && profile.mode !== '' ? profile.mode : 'AK';
  const where = message('cred.origin.cli', { name, path });
  const origin = say(where);
  const regionId = stringField(profile.region_id);
  /** A field the mode needs, or an error that names it (never its value). */
  const required = (field: keyof AliyunCliProfile): string => {
    const value = stringField(profile[field]);
    if (value === undefined)
      throw eciError({
        code: 'InvalidCredentials',
        message: message('cred.cli.noField', { name, mode, field }),
      });
    return value;
  };
  switch (mode) {
    case 'AK':
    case 'StsToken':
    case 'RamRoleArn': {
      const credentials = aliyunCliKey(profile, name, mode, origin);
      return { kind: 'key', credentials, ...originOf(where), regionId };
    }
    case 'ChainableRamRoleArn':
      return chainedRoleSpec(profile, name, path, all, seen, env);
    case 'EcsRamRole':
      return ecsRamRoleSpec(stringField(profile.ram_role_name), where, regionId, env);
    case 'OIDC': {
      const seconds = profile.duration_seconds ?? profile.expired_seconds;
      return oidcRoleSpec(
        {
          roleArn: required('ram_role_arn'),
          sessionName: stringField(profile.ram_session_name),
          durationSeconds: typeof seconds === 'number' && seconds !== 0 ? seconds : undefined,
          stsRegionId: stringField(profile.sts_region),
          stsEndpoint: stringField(profile.sts_endpoint),
        },
        required('oidc_provider_arn'),
        required('oidc_token_file'),
        where,
        regionId,
      );
    }
    case 'CredentialsURI':
      return { kind: 'credentialsUri', uri: required('credentials_uri'), ...originOf(where), regionId };
    case 'External':
      return { kind: 'external', command: required('process_command'), ...originOf(where), regionId };
    case 'CloudSSO': {
      const expire = profile.cloud_sso_access_token_expire;
      return {
        kind: 'cloudSso',
        profileName: name,
        signInUrl: required('cloud_sso_sign_in_url'),
        accountId: required('cloud_sso_account_id'),
        accessConfigurationId: required('cloud_sso_access_config'),
        accessToken: required('access_token'),
        // Seconds since the epoch, as the aliyun CLI writes it; absent or not a number: expired.
        accessTokenExpiresAt: typeof expire === 'number' ? expire * 1000 : 0,
        ...originOf(where),
        regionId,
      };
    }
    default:
      throw eciError({
        code: 'UnsupportedCredentialMode',
        message: message('cred.cli.unsupported', {
          name,
          what: known(mode, ALIYUN_CLI_MODES, 'mode'),
          reason: UNSUPPORTED_REASONS[mode] ?? '',
          modes: SUPPORTED_MODES,
        }),
      });
  }
}

const SUPPORTED_MODES =
  'AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI, External, CloudSSO';
const UNSUPPORTED_REASONS: Readonly<Record<string, Message>> = {
  OAuth: message('cred.unsupported.oauth'),
  RsaKeyPair: message('cred.unsupported.rsaKeyPair'),
  RamRoleArnWithRoleName: message('cred.unsupported.roleName'),
};

/** The key of an AK, StsToken or RamRoleArn profile. */
function aliyunCliKey(profile: AliyunCliProfile, name: string, mode: string, source: string): Credentials {
  const accessKeyId = stringField(profile.access_key_id);
  const accessKeySecret = stringField(profile.access_key_secret);
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.cli.noKey', { name, mode }),
    });
  }
  const securityToken = stringField(profile.sts_token);
  if (mode === 'StsToken' && securityToken === undefined) {
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.cli.noField', { name, mode: 'StsToken', field: 'sts_token' }),
    });
  }
  return {
    accessKeyId,
    accessKeySecret,
    // The source key of a role may itself be an STS key, as the aliyun CLI allows.
    securityToken: mode === 'AK' ? undefined : securityToken,
    source,
    regionId: stringField(profile.region_id),
    role: mode === 'RamRoleArn' ? aliyunCliRole(profile, name, mode) : undefined,
  };
}

/**
 * A ChainableRamRoleArn profile: the credentials of its `source_profile` (any supported mode, a role or a chain
 * too), whose keys assume this profile's role. Over a key, the role goes into the key's `role` (with `via` for the
 * source's own role); over any other mode, it is a SourcedRoleSpec.
 */
function chainedRoleSpec(
  profile: AliyunCliProfile,
  name: string,
  path: string,
  all: readonly AliyunCliProfile[],
  seen: ReadonlySet<string>,
  env: Env,
): CredentialSpec {
  const sourceName = stringField(profile.source_profile);
  const sourceProfile =
    sourceName === undefined
      ? undefined
      : all.find((candidate) => candidate !== null && typeof candidate === 'object' && candidate.name === sourceName);
  // The name is quoted only once it is known to be a profile's: a slip of the editor could have put a secret there.
  if (sourceName === undefined || sourceProfile === undefined)
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.cli.noSourceProfile', { name, path }),
    });
  const passed = new Set([...seen, name]);
  if (passed.has(sourceName))
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.cli.sourceLoop', { name, source: sourceName }),
    });
  const first = aliyunCliProfileSpec(sourceProfile, sourceName, path, all, passed, env);
  const role = aliyunCliRole(profile, name, 'ChainableRamRoleArn');
  const where = message('cred.origin.cli', { name, path });
  const origin = say(where);
  const regionId = stringField(profile.region_id) ?? first.regionId;
  if (first.kind !== 'key') return { kind: 'role', source: first, role, ...originOf(where), regionId };
  const credentials = {
    ...first.credentials,
    source: origin,
    regionId,
    role: { ...role, via: first.credentials.role },
  };
  return { kind: 'key', credentials, ...originOf(where), regionId };
}

/** The role of a RamRoleArn or ChainableRamRoleArn profile, or an error that says what is wrong without quoting the file. */
function aliyunCliRole(profile: AliyunCliProfile, name: string, mode: string): RoleSettings {
  const roleArn = stringField(profile.ram_role_arn);
  if (roleArn === undefined)
    throw eciError({
      code: 'InvalidCredentials',
      message: message('cred.cli.noField', { name, mode, field: 'ram_role_arn' }),
    });
  const seconds = profile.expired_seconds;
  const role: RoleSettings = {
    roleArn,
    sessionName: stringField(profile.ram_session_name),
    // The aliyun CLI's own default when expired_seconds is 0 or absent.
    durationSeconds: typeof seconds === 'number' && seconds !== 0 ? seconds : 900,
    externalId: stringField(profile.external_id),
    stsRegionId: stringField(profile.sts_region),
    stsEndpoint: stringField(profile.sts_endpoint),
  };
  const problem = roleSettingsProblemMessage(role);
  if (problem !== undefined)
    throw eciError({ code: 'InvalidCredentials', message: message('cred.cli.problem', { name, problem }) });
  return role;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A minimal ini reader: `[section]`, `key = value`, `#` and `;` comments. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1] !== undefined) {
      current = sections.get(header[1]) ?? new Map();
      sections.set(header[1], current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0 && current !== undefined) {
      current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
  }
  return sections;
}

/**
 * One section of the credentials ini file (~/.alibabacloud/credentials), by its `type` (the names of
 * @alicloud/credentials: access_key, sts, ram_role_arn, ecs_ram_role, oidc_role_arn, credentials_uri).
 */
export async function specFromIniFile(
  path: string,
  section: string,
  env: Env = process.env,
): Promise<CredentialSpec | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  const values = parseIni(text).get(section);
  if (values === undefined) return undefined;
  const type = values.get('type') ?? 'access_key';
  const where = message('cred.origin.ini', { section, path });
  const origin = say(where);
  /** A value the type needs, or an error that names it (never its value). */
  const required = (field: string): string => {
    const value = stringField(values.get(field));
    if (value === undefined) {
      const unread = unreadableIniLines(text);
      throw eciError({
        code: 'InvalidCredentials',
        message:
          unread.length === 0
            ? message('cred.ini.noField', { section, path, type, field })
            : message(unread.length === 1 ? 'cred.ini.noField.unread.one' : 'cred.ini.noField.unread.many', {
                section,
                path,
                type,
                field,
                lines: lineList(unread),
              }),
      });
    }
    return value;
  };
  const key = (): Credentials => ({
    accessKeyId: required('access_key_id'),
    accessKeySecret: required('access_key_secret'),
    source: origin,
  });
  switch (type) {
    case 'access_key':
      return { kind: 'key', credentials: key(), ...originOf(where) };
    case 'sts':
      return {
        kind: 'key',
        credentials: { ...key(), securityToken: required('security_token') },
        ...originOf(where),
      };
    case 'ram_role_arn': {
      const role: RoleSettings = {
        roleArn: required('role_arn'),
        sessionName: stringField(values.get('role_session_name')),
        policy: stringField(values.get('policy')),
      };
      const problem = roleSettingsProblemMessage(role);
      if (problem !== undefined)
        throw eciError({
          code: 'InvalidCredentials',
          message: message('cred.ini.problem', { section, path, problem }),
        });
      return { kind: 'key', credentials: { ...key(), role }, ...originOf(where) };
    }
    case 'ecs_ram_role':
      return ecsRamRoleSpec(stringField(values.get('role_name')), where, undefined, env);
    case 'oidc_role_arn':
      return oidcRoleSpec(
        {
          roleArn: required('role_arn'),
          sessionName: stringField(values.get('role_session_name')),
          policy: stringField(values.get('policy')),
        },
        required('oidc_provider_arn'),
        // The name @alicloud/credentials reads; oidc_token_file as the aliyun CLI spells it.
        stringField(values.get('oidc_token_file_path')) ?? required('oidc_token_file'),
        where,
        undefined,
      );
    case 'credentials_uri':
      return { kind: 'credentialsUri', uri: required('credentials_uri'), ...originOf(where) };
    default:
      throw eciError({
        code: 'UnsupportedCredentialMode',
        message: message('cred.ini.unsupported', {
          section,
          path,
          what: known(type, CREDENTIALS_FILE_TYPES, 'type ='),
          reason: UNSUPPORTED_TYPE_REASONS[type] ?? '',
        }),
      });
  }
}

const UNSUPPORTED_TYPE_REASONS: Readonly<Record<string, Message>> = {
  rsa_key_pair: message('cred.unsupported.rsaKeyPair'),
  bearer: message('cred.unsupported.bearer'),
};

/**
 * A credentials file parsed as JSON, or an error saying where and what is wrong with it, never quoting it: the text
 * around a mistake in a hand-edited file is often the secret itself (Node's own message quotes a stretch of it).
 */
function parseConfigFile(path: string, text: string): unknown {
  // A byte-order mark, as some editors save, is not part of the JSON.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    const problem = jsonSyntaxProblemAt(json);
    throw eciError({
      code: 'InvalidCredentials',
      message:
        json.trim() === ''
          ? message('cred.json.empty', { path })
          : problem === undefined
            ? message('cred.json.invalid', { path })
            : message('cred.json.invalidAt', { path, ...lineAndColumn(json, problem.offset), problem: problem.said }),
    });
  }
}

/** The line and column of a position in a text, both counted from 1. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where a text stops being JSON and what is wrong there, in words that quote nothing of it; `undefined` if it is
 * JSON after all. A loop over a stack rather than recursion, so that any depth of nesting is read.
 */
export function jsonSyntaxProblem(text: string): { offset: number; what: string } | undefined {
  const at = jsonSyntaxProblemAt(text);
  return at === undefined ? undefined : { offset: at.offset, what: say(at.said) };
}

/** `jsonSyntaxProblem` with the problem as a message of the catalog. */
function jsonSyntaxProblemAt(text: string): { offset: number; said: Message } | undefined {
  type Expect = 'value' | 'value or ]' | 'name' | 'name or }' | 'colon' | 'comma or end' | 'end';
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let afterComma = false;
  /** Whether the string being read is a property name rather than a value. */
  let name = false;
  let at = 0;
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma or end');
  for (;;) {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++;
    if (at >= text.length) {
      return expect === 'end' ? undefined : { offset: text.length, said: message('cred.json.endsEarly') };
    }
    const c = text.charAt(at);
    const closing = c === '}' || c === ']';
    if (closing && afterComma) return { offset: at, said: message('cred.json.trailingComma', { closing: c }) };
    afterComma = false;
    switch (expect) {
      case 'end':
        return { offset: at, said: message('cred.json.textAfter') };
      case 'colon':
        if (c !== ':') return { offset: at, said: message('cred.json.noColon') };
        at++;
        expect = 'value';
        continue;
      case 'comma or end': {
        const open = stack[stack.length - 1];
        if (c === ',') {
          at++;
          afterComma = true;
          expect = open === '{' ? 'name' : 'value';
        } else if ((open === '{' && c === '}') || (open === '[' && c === ']')) {
          at++;
          stack.pop();
          expect = afterValue();
        } else {
          return { offset: at, said: message('cred.json.noComma', { closing: open === '{' ? '}' : ']' }) };
        }
        continue;
      }
      case 'name':
      case 'name or }':
        if (c === '}' && expect === 'name or }') {
          at++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (c !== '"') return { offset: at, said: message('cred.json.nameQuotes') };
        name = true;
        break;
      case 'value':
      case 'value or ]':
        if (c === ']' && expect === 'value or ]') {
          at++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (c === '{' || c === '[') {
          stack.push(c);
          at++;
          expect = c === '{' ? 'name or }' : 'value or ]';
          continue;
        }
        if (c !== '"') {
          const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
          literal.lastIndex = at;
          if (!literal.test(text) || /[\w.+-]/.test(text.charAt(literal.lastIndex))) {
            return { offset: at, said: message('cred.json.badValue') };
          }
          at = literal.lastIndex;
          expect = afterValue();
          continue;
        }
        name = false;
        break;
    }
    // A string, as a value or a property name.
    const start = at;
    for (at++; ; at++) {
      if (at >= text.length) return { offset: start, said: message('cred.json.unclosedString') };
      const code = text.charCodeAt(at);
      if (code === 0x22) break;
      if (code < 0x20) return { offset: at, said: message('cred.json.stringAtLineEnd') };
      if (code === 0x5c) {
        const escape = text.charAt(at + 1);
        if (escape === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6)) : !'"\\/bfnrt'.includes(escape)) {
          return { offset: at, said: message('cred.json.badEscape') };
        }
        at += escape === 'u' ? 5 : 1;
      }
    }
    at++;
    expect = name ? 'colon' : afterValue();
  }
}

/** The numbers (from 1) of the lines of an ini file that are not a comment, a [section] or a name = value. */
function unreadableIniLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    if (/^\[\s*([^\]]+?)\s*\]$/.test(line) || line.indexOf('=') > 0) return;
    lines.push(index + 1);
  });
  return lines;
}

/** `line 3`, `lines 3 and 5`, `lines 3, 5 and 8`, `lines 3, 5, 8 and others`. */
function lineList(lines: readonly number[]): Message {
  const [a = 0, b = 0, c = 0] = lines;
  if (lines.length === 1) return message('cred.lines.1', { a });
  if (lines.length === 2) return message('cred.lines.2', { a, b });
  return message(lines.length === 3 ? 'cred.lines.3' : 'cred.lines.more', { a, b, c });
}

/** `A`, `A and B`, `A, B and C` (the names of environment variables). */
function andListMessage(names: readonly string[]): MessageArg {
  const [a = '', b = '', c = ''] = names;
  if (names.length <= 1) return a;
  return names.length === 2 ? message('cred.and.2', { a, b }) : message('cred.and.3', { a, b, c });
}

/**
 * The credential modes of the aliyun CLI and the types of the credentials file: a value is named in a message only
 * when it is one of these. Anything else is text from the file, which a slip of the editor may have filled with the
 * secret.
 */
const ALIYUN_CLI_MODES = new Set([
  'AK',
  'StsToken',
  'RamRoleArn',
  'EcsRamRole',
  'RsaKeyPair',
  'RamRoleArnWithRoleName',
  'ChainableRamRoleArn',
  'External',
  'CredentialsURI',
  'OIDC',
  'CloudSSO',
  'OAuth',
]);
const CREDENTIALS_FILE_TYPES = new Set([
  'access_key',
  'sts',
  'ecs_ram_role',
  'ram_role_arn',
  'rsa_key_pair',
  'oidc_role_arn',
  'credentials_uri',
  'bearer',
]);

/** `mode RamRoleArn` for a known value, `a mode this tool does not know` for anything else. */
function known(value: string, names: ReadonlySet<string>, what: 'mode' | 'type ='): Message {
  if (names.has(value)) return message(what === 'mode' ? 'cred.known.mode' : 'cred.known.type', { value });
  return message(what === 'mode' ? 'cred.unknown.mode' : 'cred.unknown.type');
}

/** Every secret a spec holds, to be kept out of anything printed (the keys it gives are another matter). */
export function specSecrets(spec: CredentialSpec): string[] {
  switch (spec.kind) {
    case 'key':
      return [spec.credentials.accessKeySecret, spec.credentials.securityToken ?? ''].filter((text) => text !== '');
    case 'role':
      return specSecrets(spec.source);
    case 'credentialsUri':
      return [spec.uri];
    case 'external':
      return [spec.command];
    case 'cloudSso':
      return [spec.accessToken];
    default:
      return [];
  }
}
