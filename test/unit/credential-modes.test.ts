import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLIProfileCredentialsProvider, URICredentialsProvider } from '@alicloud/credentials';
import { CloudError } from '../../src/core/errors';
import type { OpenCredentialsOptions, OpenedCredentials } from '../../src/eci/credential-providers';
import { openCredentials } from '../../src/eci/credential-providers';
import type { CredentialChainOptions, CredentialSpec } from '../../src/eci/credentials';
import { resolveCredentialSpec } from '../../src/eci/credentials';
import { describeRegions } from '../../src/eci/operations';
import { EMULATED_ECS_ROLE } from '../../src/emulator/credential-services';
import { DEMO_KEY } from '../../src/emulator/server';
import { apiError, EmulatorFixture } from '../helpers/emulator';
import { json, neverAnswer, ScriptedServer } from '../helpers/scripted-server';
import { tempDir } from '../helpers/temp';

// Every credential mode against the emulator over HTTP: the chain finds it, openCredentials fetches its temporary
// key, the ECI API accepts it, and it is fetched again before it expires on a hand-stepped clock (the emulator's, the
// client's and the source's one clock). Where @alicloud/credentials can reach the emulator it is the oracle: both
// read the same profile or endpoint and get the same key.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ACCOUNT = '1234567890123456';
const ROLE_ARN = `acs:ram::${ACCOUNT}:role/eci-deployer`;
const OIDC_PROVIDER_ARN = `acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa-c1234`;
/** A secret the tests put where a careless message could show it (a URI's query, a command's arguments). */
const BAIT = 'bait-s3cr3t-Qx7Zp2Lm9';

/** The one clock of the emulator, the clients and the sources: moved by hand. Starts now, for the oracle's sake. */
let now = Date.now();
let fixture: EmulatorFixture;
const opened: OpenedCredentials[] = [];
const homes: { path: string; remove: () => void }[] = [];

before(async () => {
  fixture = await EmulatorFixture.start({ speed: 1, now: () => now });
});
after(async () => {
  await Promise.all(opened.map((source) => source.close()));
  await fixture.close();
  for (const home of homes) home.remove();
});

function home(): string {
  const made = tempDir('eci-cred-modes-');
  homes.push(made);
  return made.path;
}

function aliyunConfig(dir: string, profiles: unknown[]): string {
  mkdirSync(join(dir, '.aliyun'), { recursive: true });
  const first = profiles[0] as { name: string };
  writeFileSync(join(dir, '.aliyun', 'config.json'), JSON.stringify({ current: first.name, profiles }, null, 2));
  return dir;
}

function open(spec: CredentialSpec, options: OpenCredentialsOptions = {}): OpenedCredentials {
  const made = openCredentials(spec, { now: () => now, retryBaseDelayMs: 1, maxAttempts: 2, ...options });
  opened.push(made);
  return made;
}

async function resolve(options: CredentialChainOptions): Promise<CredentialSpec> {
  return resolveCredentialSpec({ homeDir: home(), env: {}, ...options });
}

/** An ECI call signed with the source's current key. */
async function callWith(source: OpenedCredentials): Promise<void> {
  const client = fixture.client({ credentials: source.source, now: () => new Date(now) });
  const regions = await describeRegions(client);
  assert.ok(regions.Regions.some((region) => region.RegionId === 'cn-hangzhou'));
}

/**
 * Calls every `stepMs` for `spanMs`: each succeeds (the key is fetched again before it expires), and the source
 * fetched `fetches` times, each a new key.
 */
async function keepsWorking(source: OpenedCredentials, spanMs: number, stepMs: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let t = 0; t <= spanMs; t += stepMs) {
    seen.add((await source.credentials()).accessKeyId);
    await callWith(source);
    now += stepMs;
  }
  return seen;
}

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CloudError, `expected a CloudError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

/** Everything an error shows: its message, hint and the message of its cause. */
function shown(error: CloudError): string {
  return [error.message, error.hint ?? '', error.cause instanceof Error ? error.cause.message : ''].join('\n');
}

/** A JWT as an identity provider would issue it (the emulator checks its claims, not its signature). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}

function oidcToken(expiresAt: number): string {
  return jwt({
    iss: 'https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1234',
    aud: 'sts.aliyuncs.com',
    sub: 'system:serviceaccount:default:app',
    exp: Math.floor(expiresAt / 1000),
    iat: Math.floor(now / 1000),
  });
}

describe('ECS instance RAM role (EcsRamRole) against the emulated metadata service', () => {
  const metadata = (): string => `${fixture.emulator.url}/ecs-metadata`;

  it('an aliyun CLI EcsRamRole profile discovers the role, calls ECI, and is refreshed before expiry', async () => {
    const dir = aliyunConfig(home(), [{ name: 'ecs', mode: 'EcsRamRole', region_id: 'cn-beijing' }]);
    const spec = await resolveCredentialSpec({ homeDir: dir, env: { ECI_ECS_METADATA_ENDPOINT: metadata() } });
    assert.equal(spec.kind, 'ecsRamRole');
    assert.equal(spec.regionId, 'cn-beijing');
    const source = open(spec);
    const start = fixture.emulator.credentialServices.issued.ecsMetadata;
    const keys = await keepsWorking(source, 3 * HOUR, 5 * MINUTE);
    // One-hour keys, refreshed 12 minutes before their end: the first and three more in three hours.
    assert.equal(source.fetched, 4);
    assert.equal(keys.size, 4);
    assert.equal(fixture.emulator.credentialServices.issued.ecsMetadata - start, 4);
    assert.match((await source.credentials()).source, new RegExp(`ECS RAM role ${EMULATED_ECS_ROLE}`));
  });

  it('ALIBABA_CLOUD_ECS_METADATA names the role in the environment chain; the credentials file has ecs_ram_role', async () => {
    const env = { ALIBABA_CLOUD_ECS_METADATA: EMULATED_ECS_ROLE, ECI_ECS_METADATA_ENDPOINT: metadata() };
    const spec = await resolve({ env });
    assert.deepEqual(spec.kind === 'ecsRamRole' ? [spec.roleName, spec.imdsV1Disabled] : spec.kind, [
      EMULATED_ECS_ROLE,
      false,
    ]);
    await callWith(open(spec));
    const dir = home();
    mkdirSync(join(dir, '.alibabacloud'));
    writeFileSync(
      join(dir, '.alibabacloud', 'credentials'),
      `[default]\ntype = ecs_ram_role\nrole_name = ${EMULATED_ECS_ROLE}\n`,
    );
    const fromFile = await resolveCredentialSpec({
      homeDir: dir,
      env: { ECI_ECS_METADATA_ENDPOINT: metadata(), ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' },
    });
    assert.equal(fromFile.kind === 'ecsRamRole' && fromFile.imdsV1Disabled, true);
    await callWith(open(fromFile));
    const disabled = await failure(
      resolve({ env: { ...env, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_CREDENTIALS_URI: '' } }),
    );
    assert.equal(disabled.code, 'CredentialsNotFound');
  });

  it('a role the instance does not have, and a metadata service that answers garbage, are clear errors', async () => {
    const spec = await resolve({
      env: { ALIBABA_CLOUD_ECS_METADATA: 'no-such-role', ECI_ECS_METADATA_ENDPOINT: metadata() },
    });
    const missing = await failure(open(spec).credentials());
    assert.equal(missing.code, 'EcsMetadataUnavailable');
    assert.match(
      missing.message,
      /for the environment variable ALIBABA_CLOUD_ECS_METADATA: the instance has no RAM role named no-such-role/,
    );
    assert.match(
      missing.messageIn('zh-cn'),
      /^无法为 环境变量 ALIBABA_CLOUD_ECS_METADATA 获取 ECS 实例 RAM 角色的凭证：该实例没有名为 no-such-role 的 RAM 角色$/,
    );

    const garbage = await ScriptedServer.start();
    try {
      garbage.otherwise((request, response) => {
        if (request.method === 'PUT') {
          response.writeHead(200).end('token-123');
          return;
        }
        if (request.url.endsWith('/security-credentials/')) response.writeHead(200).end('worker');
        else response.writeHead(200, { 'content-type': 'application/json' }).end(`{"AccessKeySecret": "${BAIT}",`);
      });
      const bad = await resolve({
        env: { ALIBABA_CLOUD_ECS_METADATA: 'worker', ECI_ECS_METADATA_ENDPOINT: garbage.url },
      });
      const error = await failure(open(bad).credentials());
      assert.equal(error.code, 'InvalidResponse');
      assert.match(error.message, /not a JSON object/);
      assert.match(
        error.messageIn('zh-cn'),
        /：元数据服务返回了 HTTP 200，但应答正文不是 JSON 对象。它可能含有密钥，因此不显示。$/,
      );
      assert.ok(!shown(error).includes(BAIT));
      assert.ok(!error.messageIn('zh-cn').includes(BAIT));
    } finally {
      await garbage.close();
    }
  });

  it('with IMDSv1 disabled, a service that refuses session tokens is an error; else it goes without one', async () => {
    const v1Only = await ScriptedServer.start();
    try {
      v1Only.otherwise((request, response) => {
        if (request.method === 'PUT') response.writeHead(403).end('forbidden');
        else if (request.headers['x-aliyun-ecs-metadata-token'] !== undefined) response.writeHead(400).end();
        else if (request.url.endsWith('/security-credentials/')) response.writeHead(200).end('worker');
        else
          json(response, 200, {
            Code: 'Success',
            AccessKeyId: 'STS.v1only',
            AccessKeySecret: 'v1-secret',
            SecurityToken: 'v1-token',
            Expiration: new Date(now + HOUR).toISOString(),
          });
      });
      const env = { ALIBABA_CLOUD_ECS_METADATA: 'worker', ECI_ECS_METADATA_ENDPOINT: v1Only.url };
      assert.equal((await open(await resolve({ env })).credentials()).accessKeyId, 'STS.v1only');
      const strict = await resolve({ env: { ...env, ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' } });
      const error = await failure(open(strict).credentials());
      assert.match(error.message, /no IMDSv2 session token, and ALIBABA_CLOUD_IMDSV1_DISABLED forbids going without/);
      assert.match(
        error.messageIn('zh-cn'),
        /：没有 IMDSv2 会话令牌，而 ALIBABA_CLOUD_IMDSV1_DISABLED 禁止不带令牌访问：元数据服务拒绝签发会话令牌（HTTP 403）$/,
      );
    } finally {
      await v1Only.close();
    }
  });
});

describe('OIDC role (RRSA) against the emulated STS AssumeRoleWithOIDC', () => {
  function oidcProfile(tokenFile: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      name: 'rrsa',
      mode: 'OIDC',
      ram_role_arn: ROLE_ARN,
      oidc_provider_arn: OIDC_PROVIDER_ARN,
      oidc_token_file: tokenFile,
      ram_session_name: 'rrsa-test',
      duration_seconds: 900,
      sts_endpoint: fixture.emulator.url,
      ...extra,
    };
  }

  it('reads the token file at each refresh: a rotated token keeps the role working after the first expires', async () => {
    const dir = home();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, oidcToken(now + 20 * MINUTE));
    const spec = await resolveCredentialSpec({ homeDir: aliyunConfig(dir, [oidcProfile(tokenFile)]), env: {} });
    assert.equal(spec.kind, 'oidcRole');
    const source = open(spec);
    const start = fixture.emulator.sts.oidcAssumed;
    const seen = new Set<string>();
    for (let t = 0; t <= 50 * MINUTE; t += MINUTE) {
      // The cluster rotates the token every 10 minutes, each valid for 20.
      if (t % (10 * MINUTE) === 0) writeFileSync(tokenFile, oidcToken(now + 20 * MINUTE));
      seen.add((await source.credentials()).accessKeyId);
      await callWith(source);
      now += MINUTE;
    }
    // 900 s sessions refreshed 3 minutes before their end: at 0, 12, 24, 36 and 48 minutes.
    assert.equal(source.fetched, 5);
    assert.equal(seen.size, 5);
    assert.equal(fixture.emulator.sts.oidcAssumed - start, 5);
  });

  it('the environment chain (ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN, _OIDC_TOKEN_FILE) comes after an env key', async () => {
    const env = {
      ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER_ARN,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/secrets/tokens/oidc-token',
      ALIBABA_CLOUD_ROLE_SESSION_NAME: 'pod-1',
      ALIBABA_CLOUD_STS_REGION: 'cn-hangzhou',
    };
    const spec = await resolve({ env });
    assert.ok(spec.kind === 'oidcRole');
    assert.deepEqual(
      [spec.role.roleArn, spec.role.sessionName, spec.role.stsRegionId, spec.tokenFile],
      [ROLE_ARN, 'pod-1', 'cn-hangzhou', '/var/run/secrets/tokens/oidc-token'],
    );
    const key = await resolve({
      env: { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's' },
    });
    assert.equal(key.kind, 'key');
    const half = await failure(resolve({ env: { ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/t' } }));
    assert.equal(
      half.message,
      'Only part of an OIDC role is set in the environment: ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_PROVIDER_ARN are missing.',
    );
  });

  it('a missing token file, an expired token and a token that is no JWT: clear errors that never show the token', async () => {
    const dir = home();
    const tokenFile = join(dir, 'token');
    const config = aliyunConfig(dir, [oidcProfile(tokenFile)]);
    const spec = await resolveCredentialSpec({ homeDir: config, env: {} });
    const missing = await failure(open(spec).credentials());
    assert.equal(missing.code, 'InvalidCredentials');
    assert.match(missing.message, new RegExp(`the OIDC token file ${tokenFile} does not exist\\.$`));
    assert.ok(missing.messageIn('zh-cn').startsWith('无法为 aliyun CLI 配置 "rrsa"（'), missing.messageIn('zh-cn'));
    assert.ok(missing.messageIn('zh-cn').endsWith(`：OIDC 令牌文件 ${tokenFile} 不存在。`));

    const expired = oidcToken(now - MINUTE);
    writeFileSync(tokenFile, expired);
    const late = await failure(open(spec).credentials());
    assert.equal(late.code, 'AuthenticationFail.OIDCToken.Expired');
    assert.match(late.message, /Could not assume the RAM role .*eci-deployer with OIDC for aliyun CLI profile "rrsa"/);
    assert.ok(!shown(late).includes(expired));

    writeFileSync(tokenFile, BAIT);
    const notJwt = await failure(open(spec).credentials());
    assert.equal(notJwt.code, 'InvalidParameter.OIDCToken');
    assert.ok(!shown(notJwt).includes(BAIT));
  });

  it('the emulator refuses AssumeRoleWithOIDC for a provider of another account, and AssumeRole signed by nothing', async () => {
    const dir = home();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, oidcToken(now + HOUR));
    const other = aliyunConfig(dir, [
      oidcProfile(tokenFile, { oidc_provider_arn: 'acs:ram::999:oidc-provider/elsewhere' }),
    ]);
    const error = await failure(open(await resolveCredentialSpec({ homeDir: other, env: {} })).credentials());
    assert.equal(error.code, 'InvalidParameter.OIDCProviderArn');
    const unsigned = await fetch(
      `${fixture.emulator.url}/?Action=AssumeRole&Version=2015-04-01&RoleArn=${encodeURIComponent(ROLE_ARN)}&RoleSessionName=x1`,
    );
    assert.equal(unsigned.status, 400);
    assert.equal(((await unsigned.json()) as { Code: string }).Code, 'MissingParameter');
  });
});

describe('credentials URI against the emulator', () => {
  it('ALIBABA_CLOUD_CREDENTIALS_URI: the same key as @alicloud/credentials, accepted by ECI, refreshed before expiry', async () => {
    const uri = `${fixture.emulator.url}/credentials-uri?role=app`;
    const spec = await resolve({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: uri } });
    assert.equal(spec.kind, 'credentialsUri');
    const source = open(spec);
    const ours = await source.credentials();
    const oracle = await URICredentialsProvider.builder().withCredentialsURI(uri).build().getCredentials();
    assert.deepEqual(
      [oracle.accessKeyId, oracle.accessKeySecret, oracle.securityToken],
      [ours.accessKeyId, ours.accessKeySecret, ours.securityToken],
    );
    const keys = await keepsWorking(source, 3 * HOUR, 5 * MINUTE);
    assert.equal(source.fetched, 4);
    assert.equal(keys.size, 4);
  });

  it('fetches once for calls that ask at the same time, and keeps its key while the URI fails until it expires', async () => {
    const source = open(
      await resolve({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: `${fixture.emulator.url}/credentials-uri?role=busy` } }),
    );
    const all = await Promise.all(Array.from({ length: 8 }, () => source.credentials()));
    assert.equal(new Set(all.map((key) => key.accessKeyId)).size, 1);
    assert.equal(source.fetched, 1);
    now += 50 * MINUTE; // within the last fifth of the hour: due
    fixture.emulator.faults.faultRate = 1;
    try {
      assert.equal((await source.credentials()).accessKeyId, all[0]?.accessKeyId);
      now += 11 * MINUTE; // past the expiry
      const error = await failure(source.credentials());
      assert.equal(error.code, 'ServiceUnavailable');
      assert.match(error.message, /^Could not get credentials from the credentials URI of the environment variable/);
      assert.match(
        error.messageIn('zh-cn'),
        /^无法从 环境变量 ALIBABA_CLOUD_CREDENTIALS_URI 的凭证 URI 获取凭证：\S+ 上的 凭证 URI 失败：HTTP 5\d\d。$/,
      );
    } finally {
      fixture.emulator.faults.faultRate = 0;
    }
    assert.notEqual((await source.credentials()).accessKeyId, all[0]?.accessKeyId);
  });

  it('a credentials_uri section of the credentials file and a CredentialsURI profile', async () => {
    const dir = home();
    mkdirSync(join(dir, '.alibabacloud'));
    writeFileSync(
      join(dir, '.alibabacloud', 'credentials'),
      `[default]\ntype = credentials_uri\ncredentials_uri = ${fixture.emulator.url}/credentials-uri?role=file\n`,
    );
    await callWith(open(await resolveCredentialSpec({ homeDir: dir, env: {} })));
    const cli = aliyunConfig(home(), [
      { name: 'uri', mode: 'CredentialsURI', credentials_uri: `${fixture.emulator.url}/credentials-uri?role=cli` },
    ]);
    await callWith(open(await resolveCredentialSpec({ homeDir: cli, env: {} })));
  });

  it('malformed JSON, a 10 MB answer, no answer and a refusal: clear errors in bounded time, the query never shown', async () => {
    const server = await ScriptedServer.start();
    try {
      const uri = `${server.url}/creds?token=${BAIT}`;
      const spec = await resolve({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: uri } });
      const attempt = async (): Promise<CloudError> => {
        const started = Date.now();
        const error = await failure(open(spec, { timeoutMs: 300, maxAttempts: 1 }).credentials());
        assert.ok(Date.now() - started < 3_000, 'bounded in time');
        assert.ok(!shown(error).includes(BAIT), shown(error));
        assert.match(
          error.message,
          /^Could not get credentials from the credentials URI of the environment variable ALIBABA_CLOUD_CREDENTIALS_URI: /,
        );
        return error;
      };
      server.queue((_request, response) => {
        response.writeHead(200).end(`{"AccessKeyId": "${BAIT}"`);
      });
      assert.match((await attempt()).message, /not a JSON object/);
      server.queue((_request, response) => {
        response.writeHead(200).end('x'.repeat(10 * 1024 * 1024));
      });
      const huge = await attempt();
      assert.equal(huge.code, 'InvalidResponse');
      assert.match(huge.message, /larger than 1048576 bytes; refusing to read it\.$/);
      server.queue(neverAnswer);
      assert.equal((await attempt()).code, 'RequestTimeout');
      server.queue((_request, response) => json(response, 403, { Code: 'Forbidden.Role', Message: BAIT }));
      assert.match((await attempt()).message, /it answered HTTP 403 with Code Forbidden\.Role/);
      server.queue((_request, response) => json(response, 200, { Code: 'Success', AccessKeyId: 'a' }));
      assert.match((await attempt()).message, /without the AccessKeyId, AccessKeySecret, SecurityToken and Expiration/);
    } finally {
      await server.close();
    }
  });
});

describe('External (process_command) against the emulator', () => {
  /** A credentials command as a user would write one: asks the emulator's credentials URI and prints the CLI's JSON. */
  function script(dir: string): string {
    const path = join(dir, 'creds.mjs');
    writeFileSync(
      path,
      [
        'const [uri, mode] = process.argv.slice(2);',
        'if (mode === "hang") await new Promise(() => setInterval(() => undefined, 1000));',
        'if (mode === "flood") process.stdout.write("x".repeat(10 * 1024 * 1024), () => process.exit(0));',
        'if (mode === "garbage") process.stdout.write(`{"access_key_secret": "${process.env.BAIT}"`, () => process.exit(0));',
        'if (mode === "fail") { process.stderr.write(String(process.env.BAIT)); process.exit(3); }',
        'if (mode !== "ok") await new Promise(() => setInterval(() => undefined, 1000));',
        'const answer = await (await fetch(uri)).json();',
        'console.log(JSON.stringify({ mode: "StsToken", access_key_id: answer.AccessKeyId,',
        '  access_key_secret: answer.AccessKeySecret, sts_token: answer.SecurityToken, expiration: answer.Expiration }));',
      ].join('\n'),
    );
    return path;
  }

  function externalHome(mode = 'ok'): string {
    const dir = home();
    const command = `"${process.execPath}" ${script(dir)} ${fixture.emulator.url}/credentials-uri?role=external ${mode}`;
    return aliyunConfig(dir, [{ name: 'ext', mode: 'External', process_command: command }]);
  }

  it('runs the command, calls ECI with its key, gets the key @alicloud/credentials gets, and runs it again before expiry', async () => {
    const dir = externalHome();
    const spec = await resolveCredentialSpec({ homeDir: dir, env: {} });
    assert.equal(spec.kind, 'external');
    const source = open(spec);
    const ours = await source.credentials();
    const oracleProvider = CLIProfileCredentialsProvider.builder().withProfileName('ext').build();
    (oracleProvider as unknown as { homedir: string }).homedir = dir;
    const oracle = await oracleProvider.getCredentials();
    assert.deepEqual(
      [oracle.accessKeyId, oracle.accessKeySecret, oracle.securityToken],
      [ours.accessKeyId, ours.accessKeySecret, ours.securityToken],
    );
    const keys = await keepsWorking(source, 2 * HOUR, 10 * MINUTE);
    assert.equal(source.fetched, 3);
    assert.equal(keys.size, 3);
  });

  it('output that is no JSON, a command that hangs, prints 10 MB or fails: clear errors in bounded time, nothing of its output or arguments', async () => {
    for (const [mode, expected] of [
      ['garbage', /printed something that is not a JSON object/],
      ['hang', /did not finish within 1 s and was stopped/],
      ['flood', /printed more than 1024 KiB and was stopped/],
      ['fail', /exited with status 3/],
    ] as const) {
      const dir = externalHome(`${mode} ${BAIT}`);
      const spec = await resolveCredentialSpec({ homeDir: dir, env: {} });
      const started = Date.now();
      const error = await failure(open(spec, { processTimeoutMs: 1_000, env: { ...process.env, BAIT } }).credentials());
      assert.ok(Date.now() - started < 5_000, `${mode}: bounded in time`);
      assert.equal(error.code, 'ExternalCredentialsFailed');
      assert.match(error.message, /^The credentials command of aliyun CLI profile "ext" /);
      assert.match(error.message, expected);
      assert.ok(!shown(error).includes(BAIT), `${mode}: ${shown(error)}`);
      assert.ok(!error.messageIn('zh-cn').includes(BAIT), `${mode}: ${error.messageIn('zh-cn')}`);
      if (mode === 'hang')
        assert.match(error.messageIn('zh-cn'), / 的凭证命令未在 1 秒内结束，已被终止。其命令行和输出/);
      if (mode === 'fail') assert.match(error.messageIn('zh-cn'), / 的凭证命令以状态 3 退出。/);
      if (mode === 'garbage')
        assert.match(error.messageIn('zh-cn'), / 的凭证命令输出了不是 JSON 对象的内容。其输出含有密钥，因此不显示。$/);
    }
  });

  it('the AccessKey an External command prints without an expiration is kept', async () => {
    const dir = home();
    const path = join(dir, 'ak.mjs');
    writeFileSync(
      path,
      `console.log(JSON.stringify({ mode: "AK", access_key_id: "${DEMO_KEY.accessKeyId}", access_key_secret: process.argv[2] }));`,
    );
    const config = aliyunConfig(dir, [
      { name: 'ak', mode: 'External', process_command: `'${process.execPath}' '${path}' ${DEMO_KEY.accessKeySecret}` },
    ]);
    const spec = await resolveCredentialSpec({ homeDir: config, env: {} });
    const source = open(spec);
    const first = await source.credentials();
    assert.equal(first.accessKeyId, DEMO_KEY.accessKeyId);
    now += 24 * HOUR;
    await source.credentials();
    assert.equal(source.fetched, 1);
  });
});

describe('CloudSSO against the emulated portal', () => {
  function ssoHome(accessToken: string, expiresAt: number): string {
    return aliyunConfig(home(), [
      {
        name: 'sso',
        mode: 'CloudSSO',
        cloud_sso_sign_in_url: `${fixture.emulator.url}/login`,
        cloud_sso_account_id: ACCOUNT,
        cloud_sso_access_config: 'ac-eci-admins',
        access_token: accessToken,
        cloud_sso_access_token_expire: Math.floor(expiresAt / 1000),
        region_id: 'cn-shanghai',
      },
    ]);
  }

  it('exchanges the signed-in access token for the access configuration key, calls ECI and refreshes it', async () => {
    const { accessToken, expiresAt } = fixture.emulator.credentialServices.issueSsoAccessToken(8 * 3600);
    const spec = await resolveCredentialSpec({ homeDir: ssoHome(accessToken, expiresAt), env: {} });
    assert.equal(spec.kind, 'cloudSso');
    const source = open(spec);
    const start = fixture.emulator.credentialServices.issued.cloudSso;
    const keys = await keepsWorking(source, 3 * HOUR, 5 * MINUTE);
    assert.equal(source.fetched, 4);
    assert.equal(keys.size, 4);
    assert.equal(fixture.emulator.credentialServices.issued.cloudSso - start, 4);
  });

  it('an expired sign-in says to sign in again, and never shows the token', async () => {
    const { accessToken } = fixture.emulator.credentialServices.issueSsoAccessToken(3600);
    const spec = await resolveCredentialSpec({ homeDir: ssoHome(accessToken, now - MINUTE), env: {} });
    const error = await failure(open(spec).credentials());
    assert.equal(error.code, 'CloudSsoSignInExpired');
    assert.match(error.message, /has expired: run `aliyun sso login --profile sso`, then try again\./);
    assert.match(
      error.messageIn('zh-cn'),
      / 的 CloudSSO 登录已过期：请运行 `aliyun sso login --profile sso`，然后重试。$/,
    );
    assert.ok(!shown(error).includes(accessToken));
    // The portal's own verdict, for a token the profile still thinks valid.
    const stale = fixture.emulator.credentialServices.issueSsoAccessToken(900);
    const later = await resolveCredentialSpec({ homeDir: ssoHome(stale.accessToken, now + 8 * HOUR), env: {} });
    now += 20 * MINUTE;
    const refused = await failure(open(later).credentials());
    assert.equal(refused.code, 'CloudSsoSignInExpired');
    assert.ok(!shown(refused).includes(stale.accessToken));
  });

  it('keeps the key it has while the sign-in expires, until the key itself does', async () => {
    const { accessToken, expiresAt } = fixture.emulator.credentialServices.issueSsoAccessToken(3600);
    const source = open(await resolveCredentialSpec({ homeDir: ssoHome(accessToken, expiresAt), env: {} }));
    now += 50 * MINUTE;
    const last = await source.credentials(); // fetched with the token's last minutes
    now += 55 * MINUTE; // the sign-in is over; the key is within its last fifth
    assert.equal((await source.credentials()).accessKeyId, last.accessKeyId);
    await callWith(source);
    now += 10 * MINUTE; // the key is over too
    assert.equal((await apiError(source.credentials())).code, 'CloudSsoSignInExpired');
  });
});

describe('a RAM role over another mode (ChainableRamRoleArn whose source_profile is an ECS role)', () => {
  it('assumes the role with the ECS role key and calls ECI', async () => {
    const dir = aliyunConfig(home(), [
      {
        name: 'deployer',
        mode: 'ChainableRamRoleArn',
        source_profile: 'instance',
        ram_role_arn: ROLE_ARN,
        sts_endpoint: fixture.emulator.url,
      },
      { name: 'instance', mode: 'EcsRamRole', ram_role_name: EMULATED_ECS_ROLE },
    ]);
    const spec = await resolveCredentialSpec({
      homeDir: dir,
      env: { ECI_ECS_METADATA_ENDPOINT: `${fixture.emulator.url}/ecs-metadata` },
    });
    assert.equal(spec.kind, 'role');
    const source = open(spec);
    await callWith(source);
    assert.match(source.description, /^the RAM role .*eci-deployer, assumed with the ECS instance's RAM role/);
  });
});

describe('eci call (the built command line) with temporary credentials', () => {
  const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
  /** On the real clock: the command line signs with it. */
  let live: EmulatorFixture;
  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    live = await EmulatorFixture.start({ speed: 1 });
  });
  after(() => live.close());

  function runCli(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { PATH: process.env['PATH'] ?? '', HOME: home(), ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('ALIBABA_CLOUD_CREDENTIALS_URI: the call is signed with the key the URI gives', async () => {
    const start = live.emulator.credentialServices.issued.credentialsUri;
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', live.emulator.url], {
      ALIBABA_CLOUD_CREDENTIALS_URI: `${live.emulator.url}/credentials-uri?role=cli`,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"RegionId": "cn-hangzhou"/);
    assert.equal(live.emulator.credentialServices.issued.credentialsUri - start, 1);
  });

  it('an External profile: the call is signed with the key its command prints; a failing command exits 1, clearly', async () => {
    const dir = home();
    const path = join(dir, 'creds.mjs');
    writeFileSync(
      path,
      [
        'if (process.argv[2] === "fail") process.exit(4);',
        'const answer = await (await fetch(process.argv[2])).json();',
        'console.log(JSON.stringify({ mode: "StsToken", access_key_id: answer.AccessKeyId,',
        '  access_key_secret: answer.AccessKeySecret, sts_token: answer.SecurityToken, expiration: answer.Expiration }));',
      ].join('\n'),
    );
    aliyunConfig(dir, [
      {
        name: 'ext',
        mode: 'External',
        process_command: `"${process.execPath}" "${path}" ${live.emulator.url}/credentials-uri?role=ext`,
      },
      { name: 'broken', mode: 'External', process_command: `"${process.execPath}" "${path}" fail ${BAIT}` },
    ]);
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', live.emulator.url], { HOME: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /"RegionId": "cn-hangzhou"/);
    const dry = await runCli(['call', 'DescribeRegions', '--endpoint', live.emulator.url, '--dry-run'], { HOME: dir });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /"x-acs-security-token": "<redacted>"/);
    const broken = await runCli(['call', 'DescribeRegions', '--endpoint', live.emulator.url, '--profile', 'broken'], {
      HOME: dir,
    });
    assert.equal(broken.code, 1);
    const error = JSON.parse(broken.stderr) as { Code: string; Message: string };
    assert.equal(error.Code, 'ExternalCredentialsFailed');
    assert.match(error.Message, /The credentials command of aliyun CLI profile "broken" .* exited with status 4\./);
    assert.ok(!broken.stderr.includes(BAIT));
  });

  it('--help lists every mode and the environment variables', async () => {
    const run = await runCli(['call', '--help'], {});
    assert.equal(run.code, 0);
    for (const name of [
      'EcsRamRole',
      'OIDC',
      'CredentialsURI',
      'External',
      'CloudSSO',
      'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      'ALIBABA_CLOUD_ECS_METADATA',
      'ECI_ECS_METADATA_ENDPOINT',
      'ALIBABA_CLOUD_CREDENTIALS_URI',
      'oidc_role_arn',
    ])
      assert.ok(run.stdout.includes(name), name);
  });
});
