import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readTemplateFile } from '../../src/cli/validate-command';
import { MAX_TEMPLATE_BYTES } from '../../src/template/limits';
import { tempDir } from '../helpers/temp';

/**
 * `eci validate` on what is not a template file, run as the built command (dist/cli.js, built by the unit-test
 * runner): a named pipe used to hang it, /dev/zero to read gigabytes, deep YAML to crash it. Each now ends with one
 * line for that file and exit status 1, the other files still checked.
 */
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const VALID = 'test/fixtures/templates/valid-web.eci.yaml';

function validate(...files: string[]): { status: number | null; stdout: string; stderr: string } {
  // The timeout ends a hang (the named pipe's, before) so that the test fails instead of never ending; it is far
  // above the fraction of a second each run takes and no speed target.
  return spawnSync(process.execPath, [CLI, 'validate', ...files], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('eci validate on files that are not templates', () => {
  const dir = tempDir('eci-validate-files-');
  const at = (name: string): string => join(dir.path, name);
  let server: Server | undefined;
  before(async () => {
    const made = spawnSync('mkfifo', [at('pipe.eci.yaml')]);
    assert.equal(made.status, 0, String(made.stderr));
    // A file of 3 GiB that takes no disk space (sparse): reading it whole is what must not happen.
    writeFileSync(at('huge.eci.yaml'), '');
    truncateSync(at('huge.eci.yaml'), 3 * 1024 ** 3);
    writeFileSync(at('just-over.eci.yaml'), `containerGroupName: x\n#${'x'.repeat(MAX_TEMPLATE_BYTES)}\n`);
    writeFileSync(at('deep.eci.yaml'), '- '.repeat(5000) + 'x\n');
    mkdirSync(at('folder.eci.yaml'));
    const listening = createServer();
    await new Promise<void>((resolve) => listening.listen(at('socket.eci.yaml'), resolve));
    server = listening;
  });
  after(() => {
    server?.close();
    dir.remove();
  });

  const cases: [string, string, RegExp][] = [
    ['a named pipe', 'pipe.eci.yaml', /:1:1 error not-a-file This is a named pipe \(FIFO\), not a file/],
    ['a directory', 'folder.eci.yaml', /:1:1 error not-a-file This is a directory, not a file/],
    ['a socket', 'socket.eci.yaml', /:1:1 error not-a-file This is a socket, not a file/],
    [
      'a file of 3 GiB',
      'huge.eci.yaml',
      /:1:1 error file-too-large This file is 3072\.0 MB; templates are checked up to 2 MB\./,
    ],
    ['a file one line past the limit', 'just-over.eci.yaml', /:1:1 error file-too-large This file is 2\.0 MB/],
    ['YAML nested 5,000 levels', 'deep.eci.yaml', /:1:259 error too-deep This value nests deeper than 128 levels/],
  ];
  for (const [what, name, line] of cases) {
    it(`${what}: one error line, exit 1, and the valid file beside it still checked`, () => {
      const result = validate(at(name), VALID);
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(result.stdout.trimEnd().split('\n').length, 1, result.stdout);
      assert.match(result.stdout, line);
      assert.ok(result.stdout.startsWith(at(name)), result.stdout);
      assert.match(result.stderr, /^2 files checked: 1 error, 0 warnings\n$/);
    });
  }

  it('a character device (/dev/zero): refused unread', () => {
    const result = validate('/dev/zero');
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      '/dev/zero:1:1 error not-a-file This is a character device, not a file: eci validate reads regular files only.\n',
    );
    assert.doesNotMatch(result.stderr, /internal error/);
  });

  it('says why a file is not read in 简体中文 with --lang zh-cn', () => {
    const result = validate('/dev/zero', '/nonexistent/x.eci.yaml', '--lang', 'zh-cn');
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      '/dev/zero:1:1 error not-a-file 这是一个字符设备，不是文件：eci validate 只读取普通文件。\n' +
        '/nonexistent/x.eci.yaml:1:1 error unreadable 无法读取文件：没有该文件。\n',
    );
  });

  it('in JSON output too, each refused file is one row with its code', () => {
    const result = validate(at('pipe.eci.yaml'), '/dev/zero', at('deep.eci.yaml'), '--format', 'json');
    assert.equal(result.status, 1);
    const rows = JSON.parse(result.stdout) as { file: string; code: string }[];
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.file, r.code])), {
      [at('pipe.eci.yaml')]: 'not-a-file',
      '/dev/zero': 'not-a-file',
      [at('deep.eci.yaml')]: 'too-deep',
    });
  });

  it('a glob through a symbolic link to a parent folder ends, each template found once', () => {
    const tree = at('tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'sub', 'web.eci.yaml'), readFileSync(join(ROOT, VALID)));
    symlinkSync('..', join(tree, 'sub', 'up'));
    const result = spawnSync(process.execPath, [CLI, 'validate', 'tree/**/*.eci.yaml'], {
      cwd: dir.path,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /^1 file checked: 0 errors, 0 warnings\n$/);
  });

  it('stops reading at the limit even when the size said less: a /proc file says 0 bytes', () => {
    // /proc/self/status is a regular file of size 0 by stat and about 1 KiB when read: the bound holds after stat.
    const read = readTemplateFile('/proc/self/status', 100);
    assert.ok('refused' in read);
    assert.equal(read.refused.code, 'file-too-large');
    assert.match(read.refused.message, /larger than .* \(it grew while it was read\)/);
    const whole = readTemplateFile('/proc/self/status');
    assert.ok('text' in whole && whole.text.startsWith('Name:'));
  });
});
