import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/server';
import { EmulatorFixture } from '../helpers/emulator';
import { verifyWithOfficialUtil } from '../helpers/independent-verifier';
import { json, ScriptedServer } from '../helpers/scripted-server';
import { tempDir } from '../helpers/temp';

// These tests run the built CLI (dist/cli.js, made by `npm run build`) as a user would, against a local server
// that checks every signature with the official Alibaba Cloud SDK utilities.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const SECRETS = new Map([
  ['LTAI5tCliTestKey01', 'cli-test-secret-0001'],
  ['STS.NUqCliTestKey02', 'cli-sts-secret-0002'],
]);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
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

let server: ScriptedServer;
const home = tempDir('eci-cli-home-');
const envFor = (id = 'LTAI5tCliTestKey01', secret = SECRETS.get(id) ?? '') => ({
  HOME: home.path,
  ALIBABA_CLOUD_ACCESS_KEY_ID: id,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret,
});

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  server = await ScriptedServer.start();
  server.otherwise((request, response) => {
    const verdict = verifyWithOfficialUtil(request, SECRETS);
    if (verdict.ok) json(response, 200, { RequestId: 'verified', Version: verdict.version, Echo: request.params });
    else json(response, 400, { RequestId: 'refused', Code: 'SignatureDoesNotMatch', Message: verdict.reason });
  });
});
after(async () => {
  await server.close();
  home.remove();
});
beforeEach(() => {
  server.requests.length = 0;
});

const tricky = [
  'ContainerGroupName=a b*c~d',
  'Container.1.Name=web',
  'Container.1.Image=registry.cn-hangzhou.aliyuncs.com/ns/app:v1.2',
  'Container.1.Command.1=/bin/sh',
  'Container.1.Command.2=-c',
  "Container.1.Command.3=echo '容器 ✓' && sleep 1; (exit 0)",
  'Container.1.EnvironmentVar.1.Key=GREETING',
  'Container.1.EnvironmentVar.1.Value=héllo wörld+%/=&',
  'Container.2.Name=sidecar',
  'Tag.1.Key=team',
  'Tag.1.Value=',
];

for (const signature of ['v1', 'v3'] as const) {
  describe(`eci call with signature ${signature}`, () => {
    it('is accepted by the official SDK verifier, with spaces, *, ~, non-ASCII text and nested lists', async () => {
      const run = await runCli(
        [
          'call',
          'DescribeContainerGroups',
          ...tricky,
          '--endpoint',
          server.url,
          '--signature',
          signature,
          '--region',
          'cn-beijing',
        ],
        envFor(),
      );
      assert.equal(run.stderr, '');
      assert.equal(run.code, 0);
      const body = JSON.parse(run.stdout) as { Version: string; Echo: Record<string, string> };
      assert.equal(body.Version, signature);
      // The server received exactly the values given on the command line.
      assert.equal(body.Echo['ContainerGroupName'], 'a b*c~d');
      assert.equal(body.Echo['Container.1.Command.3'], "echo '容器 ✓' && sleep 1; (exit 0)");
      assert.equal(body.Echo['Container.1.EnvironmentVar.1.Value'], 'héllo wörld+%/=&');
      assert.equal(body.Echo['Tag.1.Value'], '');
      assert.equal(body.Echo['RegionId'], 'cn-beijing');
    });

    it('signs STS credentials the verifier accepts', async () => {
      const run = await runCli(['call', 'DescribeRegions', '--endpoint', server.url, '--signature', signature], {
        ...envFor('STS.NUqCliTestKey02'),
        ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-sts-token/with+chars=',
      });
      assert.equal(run.code, 0, run.stderr);
      const seen = server.requests[0];
      const token = signature === 'v3' ? seen?.headers['x-acs-security-token'] : seen?.params['SecurityToken'];
      assert.equal(token, 'CAIS-sts-token/with+chars=');
    });

    it('is refused with SignatureDoesNotMatch when the secret is wrong, exit 1, error JSON on stderr', async () => {
      const run = await runCli(
        ['call', 'DescribeRegions', '--endpoint', server.url, '--signature', signature],
        envFor('LTAI5tCliTestKey01', 'not-the-secret'),
      );
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      const error = JSON.parse(run.stderr) as { Code: string; RequestId: string; HttpStatus: number; Hint: string };
      assert.equal(error.Code, 'SignatureDoesNotMatch');
      assert.equal(error.RequestId, 'refused');
      assert.equal(error.HttpStatus, 400);
      assert.match(error.Hint, /secret/);
      assert.ok(!run.stderr.includes('not-the-secret'));
    });
  });
}

describe('eci call usage and credentials', () => {
  it('adds a ClientToken to mutating actions', async () => {
    const run = await runCli(
      ['call', 'DeleteContainerGroup', 'ContainerGroupId=eci-1', '--endpoint', server.url],
      envFor(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(server.requests[0]?.params['ClientToken'] ?? '', /^[0-9a-f-]{36}$/);
  });

  it('sends Template in the form body', async () => {
    const run = await runCli(
      ['call', 'CreateContainerGroupFromTemplate', 'Template={"containerGroupName":"t"}', '--endpoint', server.url],
      envFor(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(server.requests[0]?.body ?? '', /^Template=%7B%22containerGroupName%22%3A%22t%22%7D$/);
  });

  it('uses an aliyun CLI profile chosen with --profile', async () => {
    const profileHome = tempDir('eci-cli-profile-');
    mkdirSync(join(profileHome.path, '.aliyun'));
    writeFileSync(
      join(profileHome.path, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'default',
        profiles: [
          {
            name: 'ci',
            mode: 'AK',
            access_key_id: 'LTAI5tCliTestKey01',
            access_key_secret: 'cli-test-secret-0001',
            region_id: 'cn-shenzhen',
          },
        ],
      }),
    );
    try {
      const run = await runCli(['call', 'DescribeRegions', '--endpoint', server.url, '--profile', 'ci'], {
        HOME: profileHome.path,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(server.requests[0]?.params['RegionId'], 'cn-shenzhen');
    } finally {
      profileHome.remove();
    }
  });

  it('exits 1 with a clear message when there are no credentials', async () => {
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', server.url], { HOME: home.path });
    assert.equal(run.code, 1);
    assert.equal((JSON.parse(run.stderr) as { Code: string }).Code, 'CredentialsNotFound');
  });

  it('exits 2 on bad usage with one line on what is wrong and one on where the options are, not the whole help', async () => {
    for (const [args, problem] of [
      [['call'], 'eci call: Missing the action name.'],
      [
        ['call', 'describe-regions'],
        'eci call: "describe-regions" is not an action name (e.g. DescribeContainerGroups).',
      ],
      [['call', 'DescribeRegions', 'novalue'], 'eci call: "novalue" is not Name=Value.'],
      [['call', 'DescribeRegions', '--signature', 'v2'], 'eci call: --signature must be v1 or v3.'],
      [
        ['call', 'DescribeRegions', '--regoin', 'cn-beijing'],
        'eci call: Unknown option --regoin. Did you mean --region?',
      ],
      [['call', 'DescribeRegions', '--timeout', 'soon'], 'eci call: --timeout must be a number of milliseconds.'],
    ] as const) {
      const run = await runCli([...args], envFor());
      assert.equal(run.code, 2, `eci ${args.join(' ')} exited ${run.code}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `${problem}\nRun "eci call --help" for the options.\n`);
    }
    assert.equal(server.requests.length, 0);
  });

  it('quotes at most one short line of a wrong argument', async () => {
    const run = await runCli(
      ['call', 'CreateContainerGroupFromTemplate', `Template:${'{"a":1}'.repeat(500)}`],
      envFor(),
    );
    assert.equal(run.code, 2);
    const [first = ''] = run.stderr.split('\n');
    assert.ok(first.length < 130, first);
    assert.match(first, /^eci call: "Template:\{"a":1\}.*…" is not Name=Value\.$/);
  });

  it('prints the whole help for --help and -h, exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await runCli(['call', flag], envFor());
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: eci call <Action>/);
      assert.match(run.stdout, /--dry-run/);
    }
  });

  for (const signature of ['v1', 'v3']) {
    it(`--dry-run (${signature}) prints the signed request with no secret, token or signature, and sends nothing`, async () => {
      const run = await runCli(
        [
          'call',
          'CreateContainerGroup',
          'ContainerGroupName=web',
          '--endpoint',
          server.url,
          '--signature',
          signature,
          '--dry-run',
        ],
        {
          ...envFor(),
          ALIBABA_CLOUD_SECURITY_TOKEN: 'CAIS-token/with+chars=',
        },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(server.requests.length, 0);
      for (const secret of [
        'cli-test-secret-0001',
        'CAIS-token/with+chars=',
        'CAIS-token%2Fwith%2Bchars%3D',
        'LTAI5tCliTestKey01',
      ]) {
        assert.ok(!run.stdout.includes(secret), `the dry run printed ${secret}`);
      }
      assert.match(run.stdout, /LTAI\*\*\*\*ey01/);
      assert.match(run.stdout, /Signature=<redacted>/);
      assert.match(run.stdout, /ContainerGroupName=web/);
    });
  }

  it('refuses plain HTTP to a remote endpoint', async () => {
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', 'http://198.51.100.7:8080'], envFor());
    assert.equal(run.code, 1);
    assert.equal((JSON.parse(run.stderr) as { Code: string }).Code, 'InsecureEndpoint');
  });
});

describe('eci call with an action the endpoint does not know', () => {
  let today: EmulatorFixture;
  const demo = {
    HOME: home.path,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_KEY.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_KEY.accessKeySecret,
  };
  // As today's ECI: the template actions answer InvalidAction too.
  before(async () => {
    today = await EmulatorFixture.start({ templateApi: false });
  });
  after(() => today.close());

  const refusal = async (action: string) => {
    const run = await runCli(['call', action, '--endpoint', today.emulator.url], demo);
    assert.equal(run.code, 1, run.stderr);
    return JSON.parse(run.stderr) as { Code: string; Hint: string; Attempts: number };
  };

  it('says a mistyped action is not an ECI action and suggests the nearest, with no word of templates', async () => {
    const error = await refusal('DescribeContainerGroup');
    assert.equal(error.Code, 'InvalidAction');
    assert.equal(error.Hint, 'DescribeContainerGroup is not an ECI action. Did you mean DescribeContainerGroups?');
    assert.equal(error.Attempts, 1);
    const unknown = await refusal('FrobnicateEverything');
    assert.match(unknown.Hint, /^FrobnicateEverything is not an ECI action/);
    assert.doesNotMatch(unknown.Hint, /template|2022/i);
  });

  it('speaks of the template actions leaving the public API for a template action', async () => {
    for (const action of [
      'CreateContainerGroupFromTemplate',
      'UpdateContainerGroupByTemplate',
      'ExportContainerGroupTemplate',
    ]) {
      const error = await refusal(action);
      assert.equal(error.Code, 'InvalidAction');
      assert.match(error.Hint, /template actions, which were removed from the public ECI API in 2022/);
    }
  });

  it('says when an ECI action is not offered by this endpoint', async () => {
    assert.match((await refusal('ListTagResources')).Hint, /is an ECI action, but this endpoint does not offer it/);
  });

  it("gives the hint in 简体中文 with --lang zh-cn or a Chinese LANG, the error's other fields as the API sent them", async () => {
    for (const [args, env] of [
      [['--lang', 'zh-cn'], demo],
      [[], { ...demo, LANG: 'zh_CN.UTF-8' }],
    ] as const) {
      const run = await runCli(['call', 'DescribeContainerGroup', '--endpoint', today.emulator.url, ...args], env);
      assert.equal(run.code, 1, run.stderr);
      const error = JSON.parse(run.stderr) as { Code: string; Hint: string };
      assert.equal(error.Code, 'InvalidAction');
      assert.equal(error.Hint, 'DescribeContainerGroup 不是 ECI 的操作。是否要写 DescribeContainerGroups？');
    }
    const english = await runCli(['call', 'DescribeContainerGroup', '--endpoint', today.emulator.url, '--lang', 'en'], {
      ...demo,
      LANG: 'zh_CN.UTF-8',
    });
    assert.match((JSON.parse(english.stderr) as { Hint: string }).Hint, /^DescribeContainerGroup is not an ECI action/);
  });
});

describe('eci call --endpoint without a scheme', () => {
  it('means https://, as the aliyun CLI does', async () => {
    const run = await runCli(
      ['call', 'DescribeRegions', '--endpoint', 'eci.cn-hangzhou.aliyuncs.com', '--dry-run'],
      envFor(),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match((JSON.parse(run.stdout) as { url: string }).url, /^https:\/\/eci\.cn-hangzhou\.aliyuncs\.com\/\?/);
  });

  it("to a plain-HTTP server says so in words and how to write it, not in OpenSSL's", async () => {
    const bare = server.url.replace(/^http:\/\//, '');
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', bare], envFor());
    assert.equal(run.code, 1);
    assert.equal(server.requests.length, 0);
    const error = JSON.parse(run.stderr) as { Code: string; Message: string; Hint: string };
    assert.equal(error.Code, 'NetworkError');
    assert.doesNotMatch(run.stderr, /SSL routines|ssl3_get_record|openssl/);
    assert.match(error.Message, /does not speak HTTPS \(TLS\) at that address.*needs an http:\/\/ endpoint/);
    assert.match(error.Hint, /trying again cannot fix that/);
  });

  it('to a plain-HTTP server is not retried: a TLS failure cannot succeed on another try', async () => {
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', server.url.replace(/^http:\/\//, '')], envFor());
    assert.equal((JSON.parse(run.stderr) as { Attempts: number }).Attempts, 1);
  });
});

describe('eci call with a RamRoleArn aliyun CLI profile', () => {
  let emulator: EmulatorFixture;
  const roleHome = tempDir('eci-cli-role-');
  before(async () => {
    emulator = await EmulatorFixture.start();
  });
  after(async () => {
    await emulator.close();
    roleHome.remove();
  });
  const writeProfile = (secret: string) => {
    mkdirSync(join(roleHome.path, '.aliyun'), { recursive: true });
    writeFileSync(
      join(roleHome.path, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'ops',
        profiles: [
          {
            name: 'ops',
            mode: 'RamRoleArn',
            access_key_id: DEMO_KEY.accessKeyId,
            access_key_secret: secret,
            ram_role_arn: 'acs:ram::1234567890123456:role/eci-operator',
            ram_session_name: 'cli-test',
            expired_seconds: 900,
            // The emulator serves AssumeRole at its one address.
            sts_endpoint: emulator.emulator.url,
            region_id: 'cn-hangzhou',
          },
        ],
      }),
    );
  };

  it('assumes the role, then signs the call with the temporary key', async () => {
    writeProfile(DEMO_KEY.accessKeySecret);
    const before = emulator.emulator.sts.assumedRoles;
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', emulator.emulator.url], { HOME: roleHome.path });
    assert.equal(run.code, 0, run.stderr);
    assert.ok((JSON.parse(run.stdout) as { Regions: unknown[] }).Regions.length > 0);
    assert.equal(emulator.emulator.sts.assumedRoles - before, 1);
  });

  it('says which role could not be assumed, never the secret', async () => {
    writeProfile('a-wrong-secret-for-the-role');
    const run = await runCli(['call', 'DescribeRegions', '--endpoint', emulator.emulator.url], { HOME: roleHome.path });
    assert.equal(run.code, 1);
    const error = JSON.parse(run.stderr) as { Code: string; Message: string };
    assert.equal(error.Code, 'SignatureDoesNotMatch');
    assert.match(
      error.Message,
      /^Could not assume the RAM role acs:ram::1234567890123456:role\/eci-operator for aliyun CLI profile "ops"/,
    );
    assert.ok(!run.stderr.includes('a-wrong-secret-for-the-role'));
  });
});
