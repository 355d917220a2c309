import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, 'validate', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('eci validate', () => {
  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const result = run(['test/fixtures/templates/invalid-many.eci.yaml']);
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 11);
    assert.equal(
      lines[0],
      'test/fixtures/templates/invalid-many.eci.yaml:2:21 error schema-pattern "Bad_Name" is not a valid `containerGroupName`. The group\'s name: 2–128 characters of lowercase letters, digits and hyphens, not starting or ending with a hyphen.',
    );
    assert.match(result.stderr, /1 file checked: 10 errors, 1 warning/);
  });

  it('writes JSON with 1-based positions and JSON-pointer paths', () => {
    const result = run(['test/fixtures/templates/invalid-multi-document.eci.yaml', '--format', 'json']);
    assert.equal(result.status, 1);
    assert.deepEqual(JSON.parse(result.stdout), [
      {
        file: 'test/fixtures/templates/invalid-multi-document.eci.yaml',
        line: 13,
        column: 26,
        endLine: 13,
        endColumn: 27,
        severity: 'error',
        code: 'out-of-range',
        message: '0 is out of range: 1–65535.',
        path: '/spec/containers/0/ports/0/containerPort',
      },
    ]);
  });

  it('expands globs and exits 0 when only warnings or nothing is found', () => {
    const result = run(['test/fixtures/templates/valid-*.eci.*']);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stderr, /3 files checked: 0 errors, 0 warnings/);
  });

  it('reports a missing file as an error, and bad usage with exit 2', () => {
    const missing = run(['no/such/file.eci.yaml']);
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /unreadable Cannot read the file: no such file/);
    assert.equal(run([]).status, 2);
    assert.equal(run(['x.yaml', '--format', 'xml']).status, 2);
    assert.equal(run(['nothing-matches-*.nope']).status, 2);
  });
});
