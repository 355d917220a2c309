import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { CommandIO } from '../../src/cli/call-command';
import { runCall } from '../../src/cli/call-command';
import { CloudError } from '../../src/core/errors';
import { EciClient } from '../../src/eci/client';
import { jsonSyntaxProblem, listAliyunCliProfiles } from '../../src/eci/credentials';
import { describeRegions } from '../../src/eci/operations';
import { JdcloudClient } from '../../src/jdcloud/client';
import { describeContainers } from '../../src/jdcloud/operations';
import { EmulatorFixture } from '../helpers/emulator';
import { resolveKey } from '../helpers/credential-chain';
import { tempDir } from '../helpers/temp';

// Secrets fed through every error path a user can reach: a hand-edited credentials file broken right beside the
// secret, an INI file with the secret on the wrong line, ECI's SignatureDoesNotMatch (whose message quotes the
// server's string-to-sign, AccessKey ID and all) from the emulator, and --dry-run. Nowhere may the secret show, in
// whole or in part, nor the whole AccessKey ID (README, "Credentials": IDs are shown masked).

const ID = 'LTAI5tSecretPathsKey9Z';
const MASKED_ID = 'LTAI****ey9Z';
const SECRET = 'Zr8Wq3nTkY6vLp2xHc5mJd9s';
const TOKEN = 'CAIS-sts/token+for=paths';
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

/** Neither the whole ID nor any 6 characters of the secret or token. */
function assertNothingSecret(shown: string): void {
  assert.ok(!shown.includes(ID), `the AccessKey ID was shown: ${shown}`);
  for (const secret of [SECRET, TOKEN])
    for (let i = 0; i + 6 <= secret.length; i++) {
      const part = secret.slice(i, i + 6);
      assert.ok(!shown.includes(part), `part of a secret (${part}) was shown: ${shown}`);
    }
}

function everything(error: unknown): string {
  assert.ok(error instanceof CloudError, `expected a CloudError, got ${String(error)}`);
  return [error.message, error.describe(), JSON.stringify(error.toJSON()), String(error)].join('\n');
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

function runBuiltCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function runInProcess(argv: string[], env: CommandIO['env']): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await runCall(argv, {
    stdout: (text) => (output += text),
    stderr: (text) => (output += text),
    env,
  });
  return { code, output };
}

const homes: { path: string; remove: () => void }[] = [];
function homeWithConfig(text: string): string {
  const home = tempDir('eci-hostile-home-');
  homes.push(home);
  mkdirSync(join(home.path, '.aliyun'));
  writeFileSync(join(home.path, '.aliyun', 'config.json'), text);
  return home.path;
}
afterEach(() => {
  for (const home of homes.splice(0)) home.remove();
});

/** A config the way the aliyun CLI writes it, then broken by hand at one place beside the secret. */
const wellFormed = [
  '{',
  '  "current": "default",',
  '  "profiles": [',
  '    {',
  '      "name": "default",',
  '      "mode": "AK",',
  `      "access_key_id": "${ID}",`,
  `      "access_key_secret": "${SECRET}",`,
  '      "region_id": "cn-hangzhou"',
  '    }',
  '  ]',
  '}',
].join('\n');

const BROKEN: readonly { name: string; text: string; where: string; what: RegExp }[] = [
  {
    name: 'no comma after the secret',
    text: wellFormed.replace(`"${SECRET}",`, `"${SECRET}"`),
    where: 'line 9, column 7',
    what: /a comma or } is missing/,
  },
  {
    name: 'the secret never closed',
    text: wellFormed.replace(`"${SECRET}",`, `"${SECRET}`),
    where: 'line 8, column 53',
    what: /not closed before the end of its line/,
  },
  {
    name: 'the secret in single quotes',
    text: wellFormed.replace(`"${SECRET}"`, `'${SECRET}'`),
    where: 'line 8, column 28',
    what: /a value is not a string, number/,
  },
  {
    name: 'the secret unquoted',
    text: wellFormed.replace(`"${SECRET}"`, SECRET),
    where: 'line 8, column 28',
    what: /a value is not a string, number/,
  },
  {
    name: 'a backslash in the secret',
    text: wellFormed.replace(SECRET, `${SECRET.slice(0, 8)}\\q${SECRET.slice(8)}`),
    where: 'line 8, column 37',
    what: /a backslash in a string starts no valid escape/,
  },
  {
    name: 'a trailing comma after the secret',
    text: wellFormed.replace(`"${SECRET}",\n      "region_id": "cn-hangzhou"`, `"${SECRET}",`),
    where: 'line 9, column 5',
    what: /JSON allows no trailing comma/,
  },
  {
    name: 'the file cut off inside the secret',
    text: wellFormed.slice(0, wellFormed.indexOf(SECRET) + 10),
    where: 'line 8, column 28',
    what: /a string that starts here is never closed/,
  },
  {
    name: 'an unquoted property name beside the secret',
    text: wellFormed.replace('"access_key_secret"', 'access_key_secret'),
    where: 'line 8, column 7',
    what: /a property name must be in double quotes/,
  },
];

describe('a hand-edited ~/.aliyun/config.json broken beside the secret', () => {
  for (const broken of BROKEN) {
    it(`${broken.name}: the file, line and column and what is wrong, nothing of the text`, async () => {
      // The case must really be invalid JSON, and the place found must be where it is.
      assert.throws(() => JSON.parse(broken.text) as unknown);
      const home = homeWithConfig(broken.text);
      const path = join(home, '.aliyun', 'config.json');
      const error = await failure(resolveKey({ homeDir: home, env: {} }));
      assert.equal(error.code, 'InvalidCredentials');
      assert.ok(error.message.startsWith(`${path} is not valid JSON at ${broken.where}: `), error.message);
      assert.match(error.message, broken.what);
      assertNothingSecret(everything(error));

      // The same file through the import of profiles (the extension's "Import aliyun CLI Profiles").
      assertNothingSecret(everything(await failure(listAliyunCliProfiles(path))));

      // And through the built command, as a user meets it.
      const run = await runBuiltCli(['call', 'DescribeRegions', '--endpoint', 'http://127.0.0.1:9'], { HOME: home });
      assert.equal(run.code, 1);
      assert.match(run.output, new RegExp(`not valid JSON at ${broken.where}`));
      assertNothingSecret(run.output);
    });
  }

  it('finds the place in a file of any depth, and agrees with JSON.parse on what is JSON', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(jsonSyntaxProblem(deep), undefined);
    assert.deepEqual(jsonSyntaxProblem(deep.slice(0, -1)), {
      offset: deep.length - 1,
      what: 'the file ends before the JSON does',
    });
    for (const text of ['{}', '[1,-0.5e+3,"a\\u00e9",true,null]', '{"a":{"b":[]}}', '"x"', ' 7 '])
      assert.equal(jsonSyntaxProblem(text), undefined, text);
  });

  it('reads a file that starts with a byte-order mark', async () => {
    const home = homeWithConfig(`\ufeff${wellFormed}`);
    const credentials = await resolveKey({ homeDir: home, env: {} });
    assert.equal(credentials.accessKeyId, ID);
  });

  it('names no mode that is not a known one: a secret pasted into "mode" stays unseen', async () => {
    const home = homeWithConfig(wellFormed.replace('"mode": "AK"', `"mode": "${SECRET}"`));
    const error = await failure(resolveKey({ homeDir: home, env: {} }));
    assert.equal(error.code, 'UnsupportedCredentialMode');
    assert.match(error.message, /uses a mode this tool does not know/);
    assertNothingSecret(everything(error));
  });
});

describe('a hand-edited credentials ini file with the secret in the wrong place', () => {
  const iniHome = (text: string): { env: Record<string, string> } => {
    const home = tempDir('eci-hostile-ini-');
    homes.push(home);
    const path = join(home.path, 'credentials');
    writeFileSync(path, text);
    return { env: { ALIBABA_CLOUD_CREDENTIALS_FILE: path, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' } };
  };

  it('the secret on the type line: the type is not named', async () => {
    const { env } = iniHome(`[default]\ntype = ${SECRET}\naccess_key_id = ${ID}\n`);
    const error = await failure(resolveKey({ homeDir: '/nonexistent', env }));
    assert.equal(error.code, 'UnsupportedCredentialMode');
    assert.match(error.message, /a type this tool does not know/);
    assertNothingSecret(everything(error));
  });

  it('a line without "=": named by its number, not quoted, in the library and the command', async () => {
    const { env } = iniHome(`[default]\ntype = access_key\naccess_key_id = ${ID}\naccess_key_secret ${SECRET}\n`);
    const error = await failure(resolveKey({ homeDir: '/nonexistent', env }));
    assert.equal(error.code, 'InvalidCredentials');
    assert.match(error.message, /line 4 is neither \[section\] nor name = value/);
    assertNothingSecret(everything(error));
    const run = await runInProcess(['DescribeRegions', '--endpoint', 'http://127.0.0.1:9'], env);
    assert.equal(run.code, 1);
    assert.match(run.output, /line 4 is neither/);
    assertNothingSecret(run.output);
  });
});

describe("SignatureDoesNotMatch from the emulator, which quotes the server's string-to-sign", () => {
  let fixture: EmulatorFixture;
  before(async () => {
    // The emulator knows the ID with another secret: every request signed with SECRET is refused.
    fixture = await EmulatorFixture.start({ keys: [{ accessKeyId: ID, accessKeySecret: 'the-emulators-own-secret' }] });
  });
  after(async () => {
    await fixture.close();
  });

  for (const signatureVersion of ['v1', 'v3'] as const) {
    it(`EciClient (${signatureVersion}): the ID masked in the message, the secret nowhere`, async () => {
      const client = fixture.client({
        credentials: { accessKeyId: ID, accessKeySecret: SECRET, securityToken: undefined, source: 'test' },
        signatureVersion,
      });
      const error = await failure(describeRegions(client));
      assert.equal(error.code, 'SignatureDoesNotMatch');
      // V1's string-to-sign holds the AccessKeyId; it comes through masked, still telling which key it was.
      if (signatureVersion === 'v1') assert.match(error.message, new RegExp(`AccessKeyId%3D${escape(MASKED_ID)}`));
      assertNothingSecret(everything(error));
    });

    it(`eci call (${signatureVersion}): the same on stderr, exit 1`, async () => {
      const run = await runInProcess(
        ['DescribeRegions', '--endpoint', fixture.emulator.url, '--signature', signatureVersion],
        { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET },
      );
      assert.equal(run.code, 1);
      assert.match(run.output, /SignatureDoesNotMatch/);
      if (signatureVersion === 'v1') assert.ok(run.output.includes(MASKED_ID));
      assertNothingSecret(run.output);
    });
  }

  it('JdcloudClient: its refusal shows neither the ID nor the secret', async () => {
    const client = fixture.jdcloudClient({ credentials: { accessKeyId: ID, accessKeySecret: SECRET } });
    const error = await failure(describeContainers(client, 'cn-north-1'));
    assert.equal(error.httpStatus, 401);
    assertNothingSecret(everything(error));
  });

  it('a network error (nothing listening) shows neither', async () => {
    const client = new EciClient({
      credentials: { accessKeyId: ID, accessKeySecret: SECRET, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    const jd = new JdcloudClient({
      credentials: { accessKeyId: ID, accessKeySecret: SECRET },
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    try {
      assertNothingSecret(everything(await failure(describeRegions(client))));
      assertNothingSecret(everything(await failure(describeContainers(jd, 'cn-north-1'))));
    } finally {
      await client.close();
      await jd.close();
    }
  });
});

describe('eci call --dry-run', () => {
  before(() => assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`));

  for (const signatureVersion of ['v1', 'v3'] as const) {
    it(`(${signatureVersion}, STS) prints the request with the ID masked and no secret, token or signature`, async () => {
      const run = await runInProcess(
        [
          'CreateContainerGroup',
          'ContainerGroupName=web',
          '--endpoint',
          'http://127.0.0.1:9',
          '--signature',
          signatureVersion,
          '--dry-run',
        ],
        {
          ALIBABA_CLOUD_ACCESS_KEY_ID: ID,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
          ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
        },
      );
      assert.equal(run.code, 0, run.output);
      assert.ok(run.output.includes(MASKED_ID));
      assert.match(run.output, /Signature=<redacted>/);
      assertNothingSecret(run.output);
      assert.ok(!run.output.includes(encodeURIComponent(TOKEN)));
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
