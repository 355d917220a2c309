import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { eciError } from './error-hints';
import type { RoleSettings } from './role-settings';
import { roleSettingsProblem } from './role-settings';

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
  ram_role_arn?: unknown;
  ram_session_name?: unknown;
  expired_seconds?: unknown;
  external_id?: unknown;
  sts_region?: unknown;
  sts_endpoint?: unknown;
  source_profile?: unknown;
}

/** Reads one profile of the aliyun CLI's config.json; `undefined` when the file or the profile is absent. */
export async function credentialsFromAliyunCli(
  path: string,
  profileName: string | undefined,
): Promise<Credentials | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  const config = parseConfigFile(path, text) as { current?: unknown; profiles?: unknown } | null;
  if (config === null || typeof config !== 'object' || !Array.isArray(config.profiles)) {
    throw eciError({ code: 'InvalidCredentials', message: `${path} has no "profiles" list.` });
  }
  const wanted =
    profileName ?? (typeof config.current === 'string' && config.current !== '' ? config.current : 'default');
  const profile = (config.profiles as AliyunCliProfile[]).find(
    (candidate) => candidate !== null && typeof candidate === 'object' && candidate.name === wanted,
  );
  if (profile === undefined) return undefined;
  return aliyunCliProfileCredentials(profile, wanted, path, config.profiles as AliyunCliProfile[]);
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
        return { name, regionId, credentials: aliyunCliProfileCredentials(profile, name, path, all) };
      } catch (error) {
        return { name, regionId, problem: (error as Error).message };
      }
    });
}

/**
 * One profile's credentials. `all` is the file's every profile, where a ChainableRamRoleArn profile finds its
 * `source_profile`; `seen` the profiles the chain has passed through already (a chain that comes back is refused).
 */
export function aliyunCliProfileCredentials(
  profile: AliyunCliProfile,
  name: string,
  path: string,
  all: readonly AliyunCliProfile[] = [],
  seen: ReadonlySet<string> = new Set(),
): Credentials {
  const mode = typeof profile.mode === 'string' && profile.mode !== '' ? profile.mode : 'AK';
  const source = `aliyun CLI profile "${name}" (${path})`;
  if (mode === 'ChainableRamRoleArn') return chainedRoleCredentials(profile, name, path, all, seen);
  if (mode !== 'AK' && mode !== 'StsToken' && mode !== 'RamRoleArn') {
    throw eciError({
      code: 'UnsupportedCredentialMode',
      message: `The aliyun CLI profile "${name}" uses ${known(mode, ALIYUN_CLI_MODES, 'mode')}, which is not supported yet. Supported modes: AK, StsToken, RamRoleArn, ChainableRamRoleArn.`,
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
    // The source key of a role may itself be an STS key, as the aliyun CLI allows.
    securityToken: mode === 'AK' ? undefined : securityToken,
    source,
    regionId: stringField(profile.region_id),
    role: mode === 'RamRoleArn' ? aliyunCliRole(profile, name, mode) : undefined,
  };
}

/**
 * A ChainableRamRoleArn profile: the credentials of its `source_profile` (any supported mode, a role or a chain
 * too), whose keys assume this profile's role.
 */
function chainedRoleCredentials(
  profile: AliyunCliProfile,
  name: string,
  path: string,
  all: readonly AliyunCliProfile[],
  seen: ReadonlySet<string>,
): Credentials {
  const sourceName = stringField(profile.source_profile);
  const sourceProfile =
    sourceName === undefined
      ? undefined
      : all.find((candidate) => candidate !== null && typeof candidate === 'object' && candidate.name === sourceName);
  // The name is quoted only once it is known to be a profile's: a slip of the editor could have put a secret there.
  if (sourceName === undefined || sourceProfile === undefined)
    throw eciError({
      code: 'InvalidCredentials',
      message: `The aliyun CLI profile "${name}" has mode ChainableRamRoleArn but its source_profile names no profile of ${path}.`,
    });
  const passed = new Set([...seen, name]);
  if (passed.has(sourceName))
    throw eciError({
      code: 'InvalidCredentials',
      message: `The aliyun CLI profile "${name}" has a source_profile chain that comes back to "${sourceName}".`,
    });
  const first = aliyunCliProfileCredentials(sourceProfile, sourceName, path, all, passed);
  const role = aliyunCliRole(profile, name, 'ChainableRamRoleArn');
  return {
    ...first,
    source: `aliyun CLI profile "${name}" (${path})`,
    regionId: stringField(profile.region_id) ?? first.regionId,
    role: { ...role, via: first.role },
  };
}

/** The role of a RamRoleArn or ChainableRamRoleArn profile, or an error that says what is wrong without quoting the file. */
function aliyunCliRole(profile: AliyunCliProfile, name: string, mode: string): RoleSettings {
  const roleArn = stringField(profile.ram_role_arn);
  if (roleArn === undefined)
    throw eciError({
      code: 'InvalidCredentials',
      message: `The aliyun CLI profile "${name}" has mode ${mode} but no ram_role_arn.`,
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
  const problem = roleSettingsProblem(role);
  if (problem !== undefined)
    throw eciError({ code: 'InvalidCredentials', message: `The aliyun CLI profile "${name}": ${problem}.` });
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

export async function credentialsFromIniFile(path: string, section: string): Promise<Credentials | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  const values = parseIni(text).get(section);
  if (values === undefined) return undefined;
  const type = values.get('type') ?? 'access_key';
  if (type !== 'access_key') {
    throw eciError({
      code: 'UnsupportedCredentialMode',
      message: `The section [${section}] of ${path} has ${known(type, CREDENTIALS_FILE_TYPES, 'type =')}, which is not supported yet. Supported type: access_key.`,
    });
  }
  const accessKeyId = stringField(values.get('access_key_id'));
  const accessKeySecret = stringField(values.get('access_key_secret'));
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    const unread = unreadableIniLines(text);
    throw eciError({
      code: 'InvalidCredentials',
      message:
        `The section [${section}] of ${path} has no access_key_id or access_key_secret` +
        (unread.length === 0
          ? '.'
          : `; ${lineList(unread)} ${unread.length === 1 ? 'is' : 'are'} neither [section] nor name = value.`),
    });
  }
  return { accessKeyId, accessKeySecret, source: `[${section}] in ${path}` };
}

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
    const problem = jsonSyntaxProblem(json);
    const where =
      json.trim() === ''
        ? ': the file is empty'
        : problem === undefined
          ? ''
          : ` at ${lineAndColumn(json, problem.offset)}: ${problem.what}`;
    throw eciError({
      code: 'InvalidCredentials',
      message: `${path} is not valid JSON${where}. Its text is not shown, as it holds secrets.`,
    });
  }
}

/** `line 3, column 7` of a position in a text, both counted from 1. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Where a text stops being JSON and what is wrong there, in words that quote nothing of it; `undefined` if it is
 * JSON after all. A loop over a stack rather than recursion, so that any depth of nesting is read.
 */
export function jsonSyntaxProblem(text: string): { offset: number; what: string } | undefined {
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
      return expect === 'end' ? undefined : { offset: text.length, what: 'the file ends before the JSON does' };
    }
    const c = text.charAt(at);
    const closing = c === '}' || c === ']';
    if (closing && afterComma) return { offset: at, what: `a comma before ${c} (JSON allows no trailing comma)` };
    afterComma = false;
    switch (expect) {
      case 'end':
        return { offset: at, what: 'more text follows the end of the JSON' };
      case 'colon':
        if (c !== ':') return { offset: at, what: 'a colon (:) is missing after a property name' };
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
          return { offset: at, what: `a comma or ${open === '{' ? '}' : ']'} is missing` };
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
        if (c !== '"') return { offset: at, what: 'a property name must be in double quotes' };
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
            return { offset: at, what: 'a value is not a string, number, true, false, null, object or list' };
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
      if (at >= text.length) return { offset: start, what: 'a string that starts here is never closed' };
      const code = text.charCodeAt(at);
      if (code === 0x22) break;
      if (code < 0x20) return { offset: at, what: 'a string is not closed before the end of its line' };
      if (code === 0x5c) {
        const escape = text.charAt(at + 1);
        if (escape === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6)) : !'"\\/bfnrt'.includes(escape)) {
          return { offset: at, what: 'a backslash in a string starts no valid escape' };
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

/** `line 3`, `lines 3 and 5`, `lines 3, 5, 8 and others`. */
function lineList(lines: readonly number[]): string {
  if (lines.length === 1) return `line ${lines[0] ?? ''}`;
  const shown = lines.slice(0, 3);
  const rest = lines.length > 3 ? ' and others' : '';
  return `lines ${rest === '' ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}` : shown.join(', ') + rest}`;
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
function known(value: string, names: ReadonlySet<string>, what: 'mode' | 'type ='): string {
  if (names.has(value)) return `${what} ${value}`;
  return what === 'mode' ? 'a mode this tool does not know' : 'a type this tool does not know';
}
