import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { describeCredentialSpec, listAliyunCliProfiles, resolveCredentialSpec } from '../../src/eci/credentials';
import { CloudError } from '../../src/core/errors';
import { say } from '../../src/core/messages/messages';
import { resolveKey } from '../helpers/credential-chain';
import { tempDir } from '../helpers/temp';

/** A fake home folder with an aliyun CLI config and/or a credentials ini file, built per test. */
class Home {
  readonly dir = tempDir('eci-home-');
  get path(): string {
    return this.dir.path;
  }
  aliyun(config: unknown): this {
    mkdirSync(join(this.path, '.aliyun'), { recursive: true });
    writeFileSync(
      join(this.path, '.aliyun', 'config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
    return this;
  }
  ini(text: string): this {
    mkdirSync(join(this.path, '.alibabacloud'), { recursive: true });
    writeFileSync(join(this.path, '.alibabacloud', 'credentials'), text);
    return this;
  }
}

const homes: Home[] = [];
function home(): Home {
  const created = new Home();
  homes.push(created);
  return created;
}
afterEach(() => {
  for (const h of homes.splice(0)) h.dir.remove();
});

const akProfile = (name: string, id: string) => ({
  name,
  mode: 'AK',
  access_key_id: id,
  access_key_secret: `${id}-secret`,
  region_id: 'cn-shanghai',
});

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CloudError);
    return error;
  }
  assert.fail('expected a failure');
}

describe('credential chain', () => {
  it('takes the environment first', async () => {
    const h = home().aliyun({ current: 'default', profiles: [akProfile('default', 'cli-id')] });
    const creds = await resolveKey({
      homeDir: h.path,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token',
      },
    });
    assert.deepEqual(
      { id: creds.accessKeyId, secret: creds.accessKeySecret, token: creds.securityToken, source: creds.source },
      { id: 'env-id', secret: 'env-secret', token: 'env-token', source: 'environment variables' },
    );
  });

  it('accepts the ALICLOUD_* names', async () => {
    const creds = await resolveKey({
      homeDir: home().path,
      env: { ALICLOUD_ACCESS_KEY: 'tf-id', ALICLOUD_SECRET_KEY: 'tf-secret' },
    });
    assert.equal(creds.accessKeyId, 'tf-id');
    assert.equal(creds.accessKeySecret, 'tf-secret');
  });

  it('says which half is missing when only one variable is set', async () => {
    const error = await failure(resolveKey({ homeDir: home().path, env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id-only' } }));
    assert.equal(error.code, 'InvalidCredentials');
    assert.match(error.message, /ALIBABA_CLOUD_ACCESS_KEY_SECRET is missing/);
    assert.equal(error.messageIn('zh-cn'), '环境变量只设置了 AccessKey 的一半：缺少 ALIBABA_CLOUD_ACCESS_KEY_SECRET。');
  });

  it('reads the aliyun CLI current profile, with its region', async () => {
    const h = home().aliyun({
      current: 'work',
      profiles: [akProfile('default', 'default-id'), akProfile('work', 'work-id')],
    });
    const creds = await resolveKey({ homeDir: h.path, env: {} });
    assert.equal(creds.accessKeyId, 'work-id');
    assert.equal(creds.accessKeySecret, 'work-id-secret');
    assert.equal(creds.regionId, 'cn-shanghai');
    assert.match(creds.source, /aliyun CLI profile "work"/);
  });

  it('lets ALIBABA_CLOUD_PROFILE choose the profile', async () => {
    const h = home().aliyun({
      current: 'work',
      profiles: [akProfile('default', 'default-id'), akProfile('work', 'work-id')],
    });
    const creds = await resolveKey({ homeDir: h.path, env: { ALIBABA_CLOUD_PROFILE: 'default' } });
    assert.equal(creds.accessKeyId, 'default-id');
  });

  it('reads StsToken profiles with their token', async () => {
    const h = home().aliyun({
      current: 'sts',
      profiles: [{ name: 'sts', mode: 'StsToken', access_key_id: 'STS.id', access_key_secret: 's', sts_token: 'tok' }],
    });
    const creds = await resolveKey({ homeDir: h.path, env: {} });
    assert.equal(creds.securityToken, 'tok');
  });

  it('names a mode it does not support, and why', async () => {
    const h = home().aliyun({
      current: 'oauth',
      profiles: [{ name: 'oauth', mode: 'OAuth', oauth_site_type: 'CN' }],
    });
    const error = await failure(resolveCredentialSpec({ homeDir: h.path, env: {} }));
    assert.equal(error.code, 'UnsupportedCredentialMode');
    assert.match(
      error.message,
      /mode OAuth, which is not supported yet \(sign in with `aliyun configure --mode CloudSSO` or use an AccessKey\)\. Supported modes: AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC, CredentialsURI, External, CloudSSO\./,
    );
    assert.match(
      error.messageIn('zh-cn'),
      /^aliyun CLI 配置 "oauth" 使用模式 OAuth，不受支持（请改用 `aliyun configure --mode CloudSSO` 登录，或使用 AccessKey）。支持的模式：AK, StsToken/,
    );
  });

  it('names the field a mode needs and lacks, never a value', async () => {
    const h = home().aliyun({
      current: 'sso',
      profiles: [{ name: 'sso', mode: 'CloudSSO', cloud_sso_sign_in_url: 'https://signin.example/login' }],
    });
    const error = await failure(resolveCredentialSpec({ homeDir: h.path, env: {} }));
    assert.equal(error.code, 'InvalidCredentials');
    assert.equal(error.message, 'The aliyun CLI profile "sso" has mode CloudSSO but no cloud_sso_account_id.');
    assert.equal(error.messageIn('zh-cn'), 'aliyun CLI 配置 "sso" 的模式为 CloudSSO，但没有 cloud_sso_account_id。');
  });

  it('reads a RamRoleArn profile as its source key and the role it assumes', async () => {
    const h = home().aliyun({
      current: 'role',
      profiles: [
        {
          name: 'role',
          mode: 'RamRoleArn',
          access_key_id: 'a',
          access_key_secret: 'b',
          ram_role_arn: 'acs:ram::1:role/x',
          ram_session_name: 'me',
          expired_seconds: 0,
          external_id: 'ext',
          sts_region: 'cn-shanghai',
        },
      ],
    });
    const creds = await resolveKey({ homeDir: h.path, env: {} });
    assert.equal(creds.accessKeyId, 'a');
    assert.equal(creds.securityToken, undefined);
    assert.deepEqual(creds.role, {
      roleArn: 'acs:ram::1:role/x',
      sessionName: 'me',
      durationSeconds: 900,
      externalId: 'ext',
      stsRegionId: 'cn-shanghai',
      stsEndpoint: undefined,
    });
  });

  it('reads a ChainableRamRoleArn profile as the key of its source profile and the chain of roles', async () => {
    const role = (name: string, arn: string, mode: string, source?: string) => ({
      name,
      mode,
      ram_role_arn: arn,
      ram_session_name: name,
      expired_seconds: 3600,
      ...(source === undefined ? { access_key_id: 'a', access_key_secret: 'b' } : { source_profile: source }),
    });
    const h = home().aliyun({
      current: 'cross',
      profiles: [
        role('base', 'acs:ram::1:role/first', 'RamRoleArn'),
        role('cross', 'acs:ram::2:role/second', 'ChainableRamRoleArn', 'base'),
        role('loop', 'acs:ram::3:role/third', 'ChainableRamRoleArn', 'loop'),
        role('nowhere', 'acs:ram::3:role/third', 'ChainableRamRoleArn', 'secret-looking-name'),
      ],
    });
    const creds = await resolveKey({ homeDir: h.path, env: {} });
    assert.equal(creds.accessKeyId, 'a');
    assert.match(creds.source, /aliyun CLI profile "cross"/);
    assert.equal(creds.role?.roleArn, 'acs:ram::2:role/second');
    assert.equal(creds.role.via?.roleArn, 'acs:ram::1:role/first');
    assert.equal(creds.role.via.via, undefined);
    const loop = await failure(resolveKey({ homeDir: h.path, env: {}, profile: 'loop' }));
    assert.match(loop.message, /has a source_profile chain that comes back to "loop"/);
    const nowhere = await failure(resolveKey({ homeDir: h.path, env: {}, profile: 'nowhere' }));
    assert.match(nowhere.message, /its source_profile names no profile of/);
    assert.ok(!nowhere.message.includes('secret-looking-name'));
  });

  it('says what is wrong with a RamRoleArn profile without quoting it', async () => {
    const profile = { name: 'role', mode: 'RamRoleArn', access_key_id: 'a', access_key_secret: 'b' };
    let error = await failure(
      resolveKey({ homeDir: home().aliyun({ current: 'role', profiles: [profile] }).path, env: {} }),
    );
    assert.equal(error.code, 'InvalidCredentials');
    assert.match(error.message, /has mode RamRoleArn but no ram_role_arn/);
    const wrong = { ...profile, ram_role_arn: 'not-an-arn-but-a-secret', expired_seconds: 60 };
    error = await failure(resolveKey({ homeDir: home().aliyun({ current: 'role', profiles: [wrong] }).path, env: {} }));
    assert.match(error.message, /its role ARN is not of the form acs:ram::<account ID>:role\/<role name>/);
    assert.ok(!error.message.includes('not-an-arn-but-a-secret'));
    assert.equal(
      error.messageIn('zh-cn'),
      'aliyun CLI 配置 "role"：其角色 ARN 不符合 acs:ram::<账号 ID>:role/<角色名称> 的格式。',
    );
    const short = { ...profile, ram_role_arn: 'acs:ram::1:role/x', expired_seconds: 60 };
    error = await failure(resolveKey({ homeDir: home().aliyun({ current: 'role', profiles: [short] }).path, env: {} }));
    assert.match(error.message, /session duration is not a whole number of seconds from 900 to 43200/);
  });

  it('reports a malformed config file without crashing', async () => {
    const h = home().aliyun('{ "current": "x", "profiles": [ ');
    const error = await failure(resolveKey({ homeDir: h.path, env: {} }));
    assert.equal(error.code, 'InvalidCredentials');
    assert.match(
      error.message,
      /config\.json is not valid JSON at line 1, column 33: the file ends before the JSON does\. Its text is not shown, as it holds secrets\.$/,
    );
    assert.match(
      error.messageIn('zh-cn'),
      /config\.json 不是有效的 JSON（第 1 行第 33 列）：JSON 尚未结束，文件就结束了。其内容含有密钥，因此不显示。$/,
    );
  });

  it('falls back to the credentials ini file', async () => {
    const h = home().ini(
      '# comment\n[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n\n[other]\naccess_key_id = o\naccess_key_secret = p\n',
    );
    const creds = await resolveKey({ homeDir: h.path, env: {} });
    assert.equal(creds.accessKeyId, 'ini-id');
    assert.equal(creds.accessKeySecret, 'ini-secret');
    const other = await resolveKey({ homeDir: h.path, env: { ALIBABA_CLOUD_PROFILE: 'other' } });
    assert.equal(other.accessKeyId, 'o');
  });

  it('honours ALIBABA_CLOUD_CREDENTIALS_FILE', async () => {
    const h = home();
    const path = join(h.path, 'elsewhere.ini');
    writeFileSync(path, '[default]\naccess_key_id = file-id\naccess_key_secret = file-secret\n');
    const creds = await resolveKey({ homeDir: h.path, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: path } });
    assert.equal(creds.accessKeyId, 'file-id');
  });

  it('names an unsupported ini type, and why', async () => {
    const h = home().ini('[default]\ntype = rsa_key_pair\npublic_key_id = p\n');
    const error = await failure(resolveCredentialSpec({ homeDir: h.path, env: {} }));
    assert.equal(error.code, 'UnsupportedCredentialMode');
    assert.match(
      error.message,
      /type = rsa_key_pair, which is not supported \(Alibaba Cloud no longer issues RSA key pairs\)/,
    );
    const bearer = home().ini('[default]\ntype = bearer\nbearer_token = b\n');
    const refused = await failure(resolveCredentialSpec({ homeDir: bearer.path, env: {} }));
    assert.match(
      refused.message,
      /type = bearer, which is not supported \(a bearer token signs only CloudCall APIs, not ECI\)/,
    );
    assert.match(
      refused.messageIn('zh-cn'),
      /\[default\] 节使用类型 bearer，不受支持（Bearer 令牌只能签名 CloudCall API，/,
    );
    const unread = home().ini('[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = b\nsecurity_token\n');
    const missing = await failure(resolveCredentialSpec({ homeDir: unread.path, env: {} }));
    assert.match(
      missing.message,
      /\(type = sts\) has no security_token; line 5 is neither \[section\] nor name = value\.$/,
    );
    assert.match(
      missing.messageIn('zh-cn'),
      /的 \[default\] 节（type = sts）没有 security_token；第 5 行既不是 \[section\] 也不是 name = value。$/,
    );
  });

  it('can skip the aliyun CLI config', async () => {
    const h = home()
      .aliyun({ current: 'default', profiles: [akProfile('default', 'cli-id')] })
      .ini('[default]\naccess_key_id = ini-id\naccess_key_secret = s\n');
    const creds = await resolveKey({ homeDir: h.path, env: { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' } });
    assert.equal(creds.accessKeyId, 'ini-id');
  });

  it('with an explicit profile, ignores the environment and fails when the profile is absent', async () => {
    const h = home().aliyun({
      current: 'default',
      profiles: [akProfile('default', 'cli-id'), akProfile('named', 'named-id')],
    });
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };
    assert.equal((await resolveKey({ homeDir: h.path, env, profile: 'named' })).accessKeyId, 'named-id');
    const error = await failure(resolveKey({ homeDir: h.path, env, profile: 'missing' }));
    assert.equal(error.code, 'CredentialsNotFound');
    assert.match(error.message, /No profile named "missing"/);
  });

  it('names where a setting was found, at the start of a sentence too, in English and in 简体中文', async () => {
    const env = {
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/r',
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'not-a-provider',
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/token',
    };
    const error = await failure(resolveCredentialSpec({ homeDir: home().path, env }));
    assert.equal(
      error.message,
      'The environment variables ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE: its OIDC provider ARN is not of the form acs:ram::<account ID>:oidc-provider/<name>.',
    );
    assert.equal(
      error.messageIn('zh-cn'),
      '环境变量 ALIBABA_CLOUD_ROLE_ARN、ALIBABA_CLOUD_OIDC_PROVIDER_ARN 和 ALIBABA_CLOUD_OIDC_TOKEN_FILE：其 OIDC 身份提供商 ARN 不符合 acs:ram::<账号 ID>:oidc-provider/<名称> 的格式。',
    );
    const disabled = home().aliyun({
      current: 'ecs',
      profiles: [{ name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'worker' }],
    });
    const refused = await failure(
      resolveCredentialSpec({ homeDir: disabled.path, env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' } }),
    );
    assert.match(refused.message, /^Aliyun CLI profile "ecs" \(.*config\.json\) uses the ECS instance's RAM role, but/);
    assert.match(
      refused.messageIn('zh-cn'),
      /^aliyun CLI 配置 "ecs"（.*config\.json） 使用 ECS 实例的 RAM 角色，但 ALIBABA_CLOUD_ECS_METADATA_DISABLED 为 true。$/,
    );
  });

  it('says where it looked when nothing is found', async () => {
    const error = await failure(resolveKey({ homeDir: home().path, env: {} }));
    assert.equal(error.code, 'CredentialsNotFound');
    assert.match(error.hint ?? '', /ALIBABA_CLOUD_ACCESS_KEY_ID/);
    assert.equal(
      error.messageIn('zh-cn'),
      '在环境变量、~/.aliyun/config.json 和 ~/.alibabacloud/credentials 中都没有找到阿里云凭证。',
    );
  });
});

describe('importing aliyun CLI profiles', () => {
  it('lists every profile with its credentials, or why it cannot be imported', async () => {
    const h = home().aliyun({
      current: 'default',
      profiles: [
        akProfile('default', 'cli-id'),
        { name: 'sts', mode: 'StsToken', access_key_id: 'a', access_key_secret: 'b', sts_token: 't' },
        { name: 'sso', mode: 'CloudSSO' },
        { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'worker' },
        { mode: 'AK' },
      ],
    });
    const entries = await listAliyunCliProfiles(join(h.path, '.aliyun', 'config.json'));
    assert.deepEqual(
      entries.map((e) => [e.name, e.regionId, e.credentials?.accessKeyId, e.credentials?.securityToken]),
      [
        ['default', 'cn-shanghai', 'cli-id', undefined],
        ['sts', undefined, 'a', 't'],
        ['sso', undefined, undefined, undefined],
        ['ecs', undefined, undefined, undefined],
      ],
    );
    assert.match(entries[2]?.problem ?? '', /mode CloudSSO but no cloud_sso_sign_in_url/);
    const problemSaid = entries[2]?.problemSaid;
    assert.ok(problemSaid !== undefined);
    assert.equal(say(problemSaid, 'zh-cn'), 'aliyun CLI 配置 "sso" 的模式为 CloudSSO，但没有 cloud_sso_sign_in_url。');
    // A mode without a key of its own: usable, with what it is, but nothing to import into secret storage.
    assert.equal(entries[3]?.problem, undefined);
    assert.equal(entries[3]?.spec?.kind, 'ecsRamRole');
    const ecs = entries[3]?.spec;
    assert.ok(ecs !== undefined);
    assert.equal(describeCredentialSpec(ecs), "the ECS instance's RAM role worker");
    assert.equal(describeCredentialSpec(ecs, 'zh-cn'), 'ECS 实例的 RAM 角色 worker');
  });

  it('finds nothing where there is no config, and says so when the config is damaged', async () => {
    assert.deepEqual(await listAliyunCliProfiles(join(home().path, '.aliyun', 'config.json')), []);
    const h = home().aliyun('{ not json');
    assert.equal(
      (await failure(listAliyunCliProfiles(join(h.path, '.aliyun', 'config.json')))).code,
      'InvalidCredentials',
    );
  });
});
