import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { eciError } from './error-hints';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Present for STS credentials. */
  readonly securityToken?: string | undefined;
  /** Where they came from, for messages (never the values). */
  readonly source: string;
  /** A default region the source names (the aliyun CLI profile's `region_id`), if any. */
  readonly regionId?: string | undefined;
}

/** Either fixed credentials or a function that produces them on demand (SecretStorage, a refreshed STS token). */
export type CredentialSource = Credentials | (() => Promise<Credentials>);

export async function credentialsOf(source: CredentialSource): Promise<Credentials> {
  return typeof source === 'function' ? source() : source;
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
 * 1. environment variables (ALIBABA_CLOUD_* and the ALICLOUD_* names Terraform uses);
 * 2. the aliyun CLI's ~/.aliyun/config.json (profile: explicit, else ALIBABA_CLOUD_PROFILE, else the file's `current`);
 * 3. ~/.alibabacloud/credentials (ini; or ALIBABA_CLOUD_CREDENTIALS_FILE), section = profile or `default`.
 * An explicit profile skips the environment, and not finding it is an error rather than a fall-through.
 * VS Code's SecretStorage is a source of its own in the extension.
 */
export async function resolveCredentials(options: CredentialChainOptions = {}): Promise<Credentials> {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? homedir();
  const explicitProfile = options.profile;

  if (explicitProfile === undefined) {
    const fromEnv = credentialsFromEnv(env);
    if (fromEnv !== undefined) return fromEnv;
  }

  const profileName = explicitProfile ?? firstSet(env, PROFILE_VARS);
  if (env['ALIBABA_CLOUD_CLI_PROFILE_DISABLED']?.toLowerCase() !== 'true') {
    const fromCli = await credentialsFromAliyunCli(join(home, '.aliyun', 'config.json'), profileName);
    if (fromCli !== undefined) return fromCli;
  }

  const iniPath =
    env['ALIBABA_CLOUD_CREDENTIALS_FILE'] ??
    env['ALICLOUD_SHARED_CREDENTIALS_FILE'] ??
    join(home, '.alibabacloud', 'credentials');
  const fromIni = await credentialsFromIniFile(iniPath, profileName ?? 'default');
  if (fromIni !== undefined) return fromIni;

  throw eciError({
    code: 'CredentialsNotFound',
    message:
      explicitProfile !== undefined
        ? `No profile named "${explicitProfile}" in ~/.aliyun/config.json or ${iniPath}.`
        : 'No Alibaba Cloud credentials found in the environment, ~/.aliyun/config.json or ~/.alibabacloud/credentials.',
  });
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
      message: `Only half of an AccessKey is set in the environment: ${missing} is missing.`,
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
      message: `Could not read ${path}: ${(error as Error).message}`,
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
}

/** Reads one profile of the aliyun CLI's config.json; `undefined` when the file or the profile is absent. */
export async function credentialsFromAliyunCli(
  path: string,
  profileName: string | undefined,
): Promise<Credentials | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  let config: { current?: unknown; profiles?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch (error) {
    throw eciError({
      code: 'InvalidCredentials',
      message: `${path} is not valid JSON: ${(error as Error).message}`,
    });
  }
  if (config === null || typeof config !== 'object' || !Array.isArray(config.profiles)) {
    throw eciError({ code: 'InvalidCredentials', message: `${path} has no "profiles" list.` });
  }
  const wanted =
    profileName ?? (typeof config.current === 'string' && config.current !== '' ? config.current : 'default');
  const profile = (config.profiles as AliyunCliProfile[]).find(
    (candidate) => candidate !== null && typeof candidate === 'object' && candidate.name === wanted,
  );
  if (profile === undefined) return undefined;
  return aliyunCliProfileCredentials(profile, wanted, path);
}

/** One profile of the aliyun CLI's config, with its credentials or the reason it cannot be used. */
export interface AliyunCliProfileEntry {
  readonly name: string;
  readonly regionId: string | undefined;
  readonly credentials?: Credentials | undefined;
  readonly problem?: string | undefined;
}

/** Every profile of the aliyun CLI's config.json (for import); an empty list when there is no such file. */
export async function listAliyunCliProfiles(path: string): Promise<AliyunCliProfileEntry[]> {
  const text = await readOptionalFile(path);
  if (text === undefined) return [];
  let config: { profiles?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch (error) {
    throw eciError({
      code: 'InvalidCredentials',
      message: `${path} is not valid JSON: ${(error as Error).message}`,
    });
  }
  if (config === null || typeof config !== 'object' || !Array.isArray(config.profiles)) return [];
  return (config.profiles as AliyunCliProfile[])
    .filter(
      (profile) =>
        profile !== null && typeof profile === 'object' && typeof profile.name === 'string' && profile.name !== '',
    )
    .map((profile) => {
      const name = String(profile.name);
      const regionId = stringField(profile.region_id);
      try {
        return { name, regionId, credentials: aliyunCliProfileCredentials(profile, name, path) };
      } catch (error) {
        return { name, regionId, problem: (error as Error).message };
      }
    });
}

export function aliyunCliProfileCredentials(profile: AliyunCliProfile, name: string, path: string): Credentials {
  const mode = typeof profile.mode === 'string' && profile.mode !== '' ? profile.mode : 'AK';
  const source = `aliyun CLI profile "${name}" (${path})`;
  if (mode !== 'AK' && mode !== 'StsToken') {
    throw eciError({
      code: 'UnsupportedCredentialMode',
      message: `The aliyun CLI profile "${name}" uses mode ${mode}, which is not supported yet. Supported modes: AK, StsToken.`,
    });
  }
  const accessKeyId = stringField(profile.access_key_id);
  const accessKeySecret = stringField(profile.access_key_secret);
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    throw eciError({
      code: 'InvalidCredentials',
      message: `The aliyun CLI profile "${name}" (mode ${mode}) has no access_key_id or access_key_secret.`,
    });
  }
  const securityToken = stringField(profile.sts_token);
  if (mode === 'StsToken' && securityToken === undefined) {
    throw eciError({
      code: 'InvalidCredentials',
      message: `The aliyun CLI profile "${name}" has mode StsToken but no sts_token.`,
    });
  }
  return {
    accessKeyId,
    accessKeySecret,
    securityToken: mode === 'StsToken' ? securityToken : undefined,
    source,
    regionId: stringField(profile.region_id),
  };
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

export async function credentialsFromIniFile(path: string, section: string): Promise<Credentials | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  const values = parseIni(text).get(section);
  if (values === undefined) return undefined;
  const type = values.get('type') ?? 'access_key';
  if (type !== 'access_key') {
    throw eciError({
      code: 'UnsupportedCredentialMode',
      message: `The section [${section}] of ${path} has type = ${type}, which is not supported yet. Supported type: access_key.`,
    });
  }
  const accessKeyId = stringField(values.get('access_key_id'));
  const accessKeySecret = stringField(values.get('access_key_secret'));
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    throw eciError({
      code: 'InvalidCredentials',
      message: `The section [${section}] of ${path} has no access_key_id or access_key_secret.`,
    });
  }
  return { accessKeyId, accessKeySecret, source: `[${section}] in ${path}` };
}
