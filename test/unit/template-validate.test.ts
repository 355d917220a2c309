import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTemplateText } from '../../src/template/document';
import { complete, hover } from '../../src/template/language';
import { validateTemplateText } from '../../src/template/validate';

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const fixtures = readdirSync(FIXTURES).filter((name) => /\.eci\.(json|yaml)$/.test(name));

interface Expected {
  code: string;
  severity: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

describe('template validation: the fixture corpus', () => {
  it('has valid and invalid templates in both formats', () => {
    for (const prefix of ['valid-', 'invalid-'])
      for (const ext of ['.json', '.yaml'])
        assert.ok(
          fixtures.some((f) => f.startsWith(prefix) && f.endsWith(ext)),
          `no ${prefix}*${ext}`,
        );
  });

  for (const name of fixtures) {
    it(`${name} gives exactly its expected diagnostics`, () => {
      const actual = validateTemplateText(readFileSync(join(FIXTURES, name), 'utf8')).map((d) => ({
        code: d.code,
        severity: d.severity,
        path: d.path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      }));
      const expected: Expected[] = name.startsWith('valid-')
        ? []
        : (JSON.parse(
            readFileSync(join(FIXTURES, name.replace(/\.eci\.(json|yaml)$/, '.expected.json')), 'utf8'),
          ) as Expected[]);
      assert.deepEqual(actual, expected);
    });
  }
});

describe("template validation: the seed's own sample", () => {
  const sample = readFileSync(join(FIXTURES, 'invalid-seed-sample.eci.json'), 'utf8');

  it('is the sample of the API reference, joined from its page-broken code blocks and otherwise unchanged', () => {
    // The SHA-256 of the sample's code blocks in the 2020 reference (§6.7), joined without their page breaks, as
    // computed from that document (kept outside the repository; its notice forbids copying more of it).
    const JOINED_SAMPLE_SHA256 = 'de3cb778a934dd90f5385e4e9cc4ea553e72c4eb52fbecbfbcf67fb66b8cfa5e';
    assert.equal(createHash('sha256').update(sample).digest('hex'), JOINED_SAMPLE_SHA256);
  });

  it('names each of its mistakes in words, at the place it is made', () => {
    const found = validateTemplateText(sample, 'json').filter((d) => d.severity === 'error');
    const at = (line: number): string[] => found.filter((d) => d.range.start.line + 1 === line).map((d) => d.message);
    assert.deepEqual(at(67), ['`runAsUser` is not a property of a container. It belongs in `securityContext`.']);
    assert.deepEqual(at(68), ['This `}` closes the object too early: "env" on line 69 belongs in it.']);
    assert.deepEqual(at(119), ['A `]` is missing before "dnsConfig": the list opened on line 36 is never closed.']);
    assert.deepEqual(at(144), [
      '`xxx` is not a JSON value: write a number, a string in double quotes, true, false or null.',
    ]);
    assert.deepEqual(at(158), ['Another volume is already named "nfs-volume": volume names must be unique.']);
    assert.deepEqual(at(164), ['`Name` is not a property of a kernel parameter. Did you mean `name`?']);
    assert.deepEqual(at(176), ['`imagePullSecrets` is not a property of a template. It belongs in `spec`.']);
    assert.deepEqual(at(184), ['An extra `}`: the template already ended above.']);
    // What the sample gets right is not flagged: the env list, the probes' handlers, the image references.
    assert.ok(!found.some((d) => /\/env|Probe$|\/image$/.test(d.path)), JSON.stringify(found.map((d) => d.path)));
  });
});

describe('template validation: messages and special cases', () => {
  const diagnostics = (text: string) => validateTemplateText(text);

  it('says in words what is wrong, with a suggestion for a typo', () => {
    const [unknown] = diagnostics(
      'containerGroupName: web\nspec:\n  containers:\n    - name: a\n      imagePullPolicy: Allways\n      image: nginx\n',
    );
    assert.equal(unknown?.code, 'schema-enum');
    assert.equal(
      unknown?.message,
      '"Allways" is not allowed here; use Always, IfNotPresent, Never. Did you mean Always?',
    );
  });

  it('reports a missing required field on the object that lacks it', () => {
    const found = diagnostics('containerGroupName: web\nspec:\n  containers:\n    - name: a\n');
    assert.deepEqual(
      found.map((d) => [d.code, d.path, d.message]),
      [['schema-required', '/spec/containers/0', 'Missing `image` in this container.']],
    );
  });

  it('knows the update form: containerGroupId names the group, and only what changes is given', () => {
    assert.deepEqual(
      diagnostics(
        'containerGroupId: eci-uf6fonnghi50v6nqj40l\nspec:\n  containers:\n    - name: app\n      image: nginx:1.28\n',
      ),
      [],
    );
    assert.deepEqual(diagnostics('containerGroupId: eci-uf6fonnghi50v6nqj40l\ntags: [{key: env, value: prod}]\n'), []);
    const create = diagnostics('regionId: cn-hangzhou\ntags: []\n');
    assert.deepEqual(
      create.map((d) => [d.code, d.message]),
      [
        ['schema-required', 'Missing `containerGroupName` in the template.'],
        ['schema-required', 'Missing `spec` in the template.'],
      ],
    );
    assert.equal(diagnostics('containerGroupId: i-123\n')[0]?.code, 'schema-pattern');
  });

  it('accepts numbers and booleans written as strings, with a warning, and still checks their value', () => {
    const found = diagnostics(
      'containerGroupName: web\nspec:\n  containers:\n    - name: a\n      image: nginx\n      stdin: "true"\n      ports: [{containerPort: "99999"}]\n',
    );
    assert.deepEqual(
      found.map((d) => [d.severity, d.code]).sort(),
      [
        ['error', 'out-of-range'],
        ['warning', 'boolean-as-string'],
        ['warning', 'number-as-string'],
      ].sort(),
    );
  });

  it('flags a config file over 32 KB and resources smaller than the containers ask', () => {
    const big = 'x'.repeat(33 * 1024);
    const found = diagnostics(
      JSON.stringify({
        containerGroupName: 'web',
        resources: { cpu: 1, memory: 2 },
        spec: {
          containers: [{ name: 'a', image: 'nginx', resources: { cpu: 2, memory: 2 } }],
          volumes: [{ name: 'c', configFile: { items: [{ path: 'f', content: big }] } }],
        },
      }),
    );
    assert.deepEqual(found.map((d) => d.code).sort(), ['config-file-too-large', 'resources-too-small']);
  });

  it('gives one clear diagnostic for a binary or huge file, and for something that is not a template', () => {
    assert.deepEqual(
      diagnostics('\u0000\u0001binary').map((d) => d.code),
      ['not-text'],
    );
    assert.deepEqual(
      diagnostics(`a: "${'x'.repeat(3 * 1024 * 1024)}"`).map((d) => d.code),
      ['file-too-large'],
    );
    assert.deepEqual(
      diagnostics('[1, 2, 3]').map((d) => d.code),
      ['not-a-template'],
    );
    assert.deepEqual(
      diagnostics('').map((d) => d.code),
      [],
    );
  });

  it('keeps comments, anchors and merge keys, and checks every document of a stream', () => {
    const file = parseTemplateText(
      '# c\ncontainerGroupName: first\nspec: {containers: [{name: x, image: nginx}]}\n---\ncontainerGroupName: second\nspec: {containers: []}\n',
    );
    assert.equal(file.documents.length, 2);
    const found = validateTemplateText(file.text);
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start.line]),
      [['too-few', 5]],
    );
  });
});

describe('template validation: fuzzing', () => {
  // A small deterministic generator, so a failure can be replayed from its seed.
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  it('never throws and always finishes quickly on thousands of mutated templates (validation, completion, hover)', () => {
    const sources = fixtures.filter((f) => f.startsWith('valid-')).map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
    const rand = random(20261122);
    const junk = [
      '{',
      '}',
      '[',
      ']',
      ':',
      ',',
      '"',
      "'",
      '-',
      '\n',
      ' ',
      '*a',
      '&a',
      '<<',
      '0x',
      '\t',
      '#',
      '!!str',
      '\\',
      'é',
      '\u0000',
    ];
    let slowest = 0;
    for (let i = 0; i < 3000; i++) {
      const source = sources[i % sources.length] ?? '';
      let text = source;
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * text.length);
        const kind = rand();
        if (kind < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 5));
        else if (kind < 0.6) text = text.slice(0, at) + (junk[Math.floor(rand() * junk.length)] ?? '') + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at);
        else text = text.replace(/\b\d+\b/, '"x"').replace(/"[a-z]+"/, '42');
      }
      const started = performance.now();
      const result = validateTemplateText(text);
      slowest = Math.max(slowest, performance.now() - started);
      // Completion and hover meet the same broken text, at any place in it.
      if (i % 5 === 0) {
        const at = Math.floor(rand() * (text.length + 1));
        assert.ok(Array.isArray(complete(text, at)));
        hover(text, at);
      }
      assert.ok(Array.isArray(result));
      for (const d of result)
        assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, `bad range for mutation ${i}`);
    }
    assert.ok(slowest < 1000, `a mutation took ${slowest.toFixed(0)} ms`);
  });
});
