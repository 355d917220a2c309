import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../helpers/temp';

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

describe('eci validate on what is not a template', () => {
  const dir = tempDir('eci-cli-validate-');
  after(() => dir.remove());
  // Every quoted stretch of a message: at most one line of 80 characters (and the quotes).
  const quotes = (message: string) => [...message.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');

  it('says in one bounded line that a README is not a template', () => {
    const result = run(['README.md']);
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1, result.stdout.slice(0, 2000));
    assert.match(
      lines[0] ?? '',
      /^README\.md:\d+:\d+ error not-a-template This is not a template: the file is neither JSON nor YAML/,
    );
    assert.ok((lines[0] ?? '').length <= 400, lines[0]);
    assert.match(result.stderr, /1 file checked: 1 error, 0 warnings/);
  });

  it('quotes at most one short line of the text in any message, in text and in JSON', () => {
    // Prose in a .yaml file: the YAML parser's messages quote whole paragraphs of it. The prose is the README's
    // opening as it was (test/fixtures/readme-prose.md), not the README itself, whose changes would change the test.
    const notes = join(dir.path, 'notes.yaml');
    writeFileSync(notes, readFileSync(join(ROOT, 'test', 'fixtures', 'readme-prose.md'), 'utf8'));
    const text = run([notes]);
    assert.equal(text.status, 1);
    const lines = text.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 3);
    for (const line of lines) {
      assert.ok(line.length <= notes.length + 400, line);
      for (const quote of quotes(line)) assert.ok(quote.length <= 80 && !quote.includes('\\n'), line);
    }
    assert.ok(
      lines.some((line) => /"[^"]{20,}…"/.test(line)),
      'no quote was cut: ' + lines.join('\n'),
    );
    const json = JSON.parse(run([notes, '--format', 'json']).stdout) as { message: string }[];
    assert.equal(json.length, lines.length);
    for (const { message } of json) {
      assert.ok(message.length <= 300 && !message.includes('\n'), message);
      for (const quote of quotes(message)) assert.ok(quote.length <= 80, message);
    }
  });

  it('ends with its own exit status, without a stack trace, when the reader stops early (| head)', async () => {
    const many = join(dir.path, 'many.yaml');
    writeFileSync(many, Array.from({ length: 5000 }, (_, i) => `key${i}: [1, 2\n`).join('\n'));
    const child = spawn(process.execPath, [CLI, 'validate', many], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 1, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|at /);
    assert.match(stderr, /1 file checked: \d+ errors/);
  });
});
