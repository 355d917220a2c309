import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/server';
import { EmulatorFixture } from '../helpers/emulator';
import { tempDir } from '../helpers/temp';

// `eci cp` as a user runs it (the built dist/cli.js), against the emulator, whose containers run real processes on
// this machine (a container's paths are this machine's), for both providers.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const home = tempDir('eci-cli-cp-');
const ENV = {
  PATH: process.env['PATH'] ?? '',
  HOME: home.path,
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_KEY.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_KEY.accessKeySecret,
  JDCLOUD_ACCESS_KEY: DEMO_KEY.accessKeyId,
  JDCLOUD_SECRET_KEY: DEMO_KEY.accessKeySecret,
};

async function run(
  args: readonly string[],
  input?: Buffer,
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, [CLI, args[0] ?? '', '--endpoint', fixture.emulator.url, ...args.slice(1)], {
    env: ENV,
    cwd: home.path,
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (data: Buffer) => out.push(data));
  child.stderr.on('data', (data: Buffer) => (err += data.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout: Buffer.concat(out), stderr: err };
}

let fixture: EmulatorFixture;
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** The options that select each provider's workload. */
const providers: Record<'eci' | 'jdcloud', readonly string[]> = { eci: [], jdcloud: ['--provider', 'jdcloud'] };

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  fixture = await EmulatorFixture.start();
  // A running ECI group and a running JD Cloud container, each named cp-web, each with its container's exec.
  await fixture.eciExecContainer('cp-web');
  await fixture.jdcloudExecContainer('cp-web');
});
after(async () => {
  await fixture.close();
  home.remove();
});

for (const provider of ['eci', 'jdcloud'] as const) {
  const options = providers[provider];
  // ECI's group has one container, named app: both forms name it.
  const where = provider === 'eci' ? 'cp-web/app' : 'cp-web';
  describe(`eci cp (${provider})`, () => {
    it('copies a binary file in and out, a relative path from the working directory, into a folder by name', async () => {
      const local = join(home.path, `${provider}-bytes.bin`);
      const content = Buffer.concat([ALL_BYTES, randomBytes(300_000), ALL_BYTES]);
      writeFileSync(local, content);
      const copyIn = await run(['cp', local, `${where}:bytes in.bin`, ...options]);
      assert.equal(copyIn.code, 0, copyIn.stderr);
      assert.match(copyIn.stderr, /^Copied 1 file \(300512 bytes\) from .+ to cp-web.*:\/.+\/bytes in\.bin\.\n$/);
      // Seen inside the container, where exec starts.
      const seen = await run(['exec', 'cp-web', ...options, '--', 'cat', 'bytes in.bin']);
      assert.equal(seen.stdout.toString('hex'), content.toString('hex'));

      const outDir = join(home.path, `${provider}-out`);
      mkdirSync(outDir);
      const copyOut = await run(['cp', `${where}:bytes in.bin`, outDir, ...options]);
      assert.equal(copyOut.code, 0, copyOut.stderr);
      assert.equal(readFileSync(join(outDir, 'bytes in.bin')).toString('hex'), content.toString('hex'));
    });

    it('copies a folder with everything in it both ways', async () => {
      const tree = join(home.path, `${provider}-site`);
      mkdirSync(join(tree, 'css dir', 'deep'), { recursive: true });
      writeFileSync(join(tree, 'index.html'), '<h1>hi</h1>');
      writeFileSync(join(tree, 'css dir', 'a.css'), 'a{}');
      writeFileSync(join(tree, 'css dir', 'deep', 'ünï\ncode'), ALL_BYTES);
      const copyIn = await run(['cp', tree, `${where}:site`, ...options]);
      assert.equal(copyIn.code, 0, copyIn.stderr);
      assert.match(copyIn.stderr, /^Copied 3 files in 3 folders \(270 bytes\)/);
      const back = join(home.path, `${provider}-site-back`);
      const copyOut = await run(['cp', `${where}:site`, back, ...options]);
      assert.equal(copyOut.code, 0, copyOut.stderr);
      assert.equal(readFileSync(join(back, 'index.html'), 'utf8'), '<h1>hi</h1>');
      assert.equal(readFileSync(join(back, 'css dir', 'deep', 'ünï\ncode')).toString('hex'), ALL_BYTES.toString('hex'));
    });

    it('copies from stdin and to stdout with "-"', async () => {
      const copyIn = await run(['cp', '-', `${where}:piped.bin`, ...options], ALL_BYTES);
      assert.equal(copyIn.code, 0, copyIn.stderr);
      const copyOut = await run(['cp', `${where}:piped.bin`, '-', ...options]);
      assert.equal(copyOut.code, 0, copyOut.stderr);
      assert.equal(copyOut.stdout.toString('hex'), ALL_BYTES.toString('hex'));
    });

    it('says what is wrong: a missing file, a file in place of a folder', async () => {
      const missing = await run(['cp', `${where}:/nonexistent/file`, join(home.path, 'x'), ...options]);
      assert.equal(missing.code, 1);
      assert.match(
        missing.stderr,
        /^eci cp: Could not stat \/nonexistent\/file in cp-web\S*: No such file or folder\.\n$/,
      );
      assert.equal((await run(['cp', '-', `${where}:plain`, ...options], Buffer.from('x'))).code, 0);
      const notFolder = await run(['cp', '-', `${where}:plain/x`, ...options], Buffer.from('x'));
      assert.equal(notFolder.code, 1);
      assert.match(notFolder.stderr, /Not a folder\.\n$/);
      // In 简体中文: the same failure in the user's words, the path and the container as they are.
      const chinese = await run([
        'cp',
        `${where}:/nonexistent/file`,
        join(home.path, 'x'),
        '--lang',
        'zh-cn',
        ...options,
      ]);
      assert.equal(chinese.code, 1);
      assert.match(chinese.stderr, /^eci cp: 无法查看 cp-web\S* 中的 \/nonexistent\/file：没有该文件或文件夹。\n$/);
    });
  });
}

describe('eci cp usage', () => {
  it('prints its help, and refuses two local paths, two containers or a missing argument', async () => {
    const help = await run(['cp', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /^Usage: eci cp <group>\[\/container\]:<path> <local>/);
    assert.match(help.stdout.toString(), /--provider eci\|jdcloud/);
    for (const [args, message] of [
      [['a', 'b'], /Neither "a" nor "b" names a container/],
      [['web:/a', 'web:/b'], /Both are in containers/],
      [['web:/a'], /Missing the source or the destination/],
      [['web:/a', 'b', '--provider', 'aws'], /--provider must be eci or jdcloud/],
    ] as const) {
      const result = await run(['cp', ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Run "eci cp --help" for the options\.\n$/);
    }
  });
});
