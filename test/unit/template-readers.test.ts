import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readSimpleYaml, resolvePlain } from '../../src/template/block-yaml';
import { parseTemplateText, readWithYamlPackage } from '../../src/template/document';
import { parseJson } from '../../src/template/json-parser';
import type { SourceNode } from '../../src/template/source-tree';
import { LineIndex } from '../../src/template/source-tree';
import { largeTemplate } from '../helpers/large-template';

/**
 * The fast readers (our block-YAML reader and our JSON parser) against the `yaml` package: whenever the fast YAML
 * reader accepts a text, its tree (kinds, offsets, values) and its value must be exactly the `yaml` package's.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const SAMPLES = join(__dirname, '..', '..', 'samples');
const yamlSources = [
  ...readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.eci.yaml'))
    .map((n) => readFileSync(join(FIXTURES, n), 'utf8')),
  ...readdirSync(SAMPLES)
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => readFileSync(join(SAMPLES, n), 'utf8')),
  largeTemplate(),
];

type Plain = {
  kind: string;
  start: number;
  end: number;
  value?: unknown;
  pairs?: [string, Plain, Plain][];
  items?: Plain[];
};
function plain(node: SourceNode | null): Plain | null {
  if (node === null) return null;
  if (node.kind === 'scalar') return { kind: 'scalar', start: node.start, end: node.end, value: node.value };
  if (node.kind === 'map')
    return {
      kind: 'map',
      start: node.start,
      end: node.end,
      pairs: node.pairs.map((p) => [p.name, plain(p.key) as Plain, plain(p.value) as Plain]),
    };
  return { kind: 'seq', start: node.start, end: node.end, items: node.items.map((i) => plain(i) as Plain) };
}

/** Asserts the fast reader agrees with the yaml package; returns whether it accepted the text at all. */
function agrees(text: string, label: string): boolean {
  const fast = readSimpleYaml(text);
  if (fast === undefined) return false;
  const full = readWithYamlPackage(text, new LineIndex(text));
  assert.equal(full.length, 1, `${label}: the yaml package sees ${full.length} documents`);
  const document = full[0];
  assert.ok(document !== undefined);
  assert.deepEqual(
    document.diagnostics,
    [],
    `${label}: the fast reader accepted text the yaml package finds problems in:\n${text}`,
  );
  assert.deepStrictEqual(plain(fast.root), plain(document.root), `${label}: trees differ for:\n${text}`);
  assert.deepStrictEqual(fast.value, document.value, `${label}: values differ for:\n${text}`);
  return true;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the fast block-YAML reader', () => {
  it('reads every plain fixture, the sample and the 2,000-line template exactly as the yaml package does', () => {
    let accepted = 0;
    for (const [i, text] of yamlSources.entries()) if (agrees(text, `source ${i}`)) accepted++;
    // Only files with anchors, several documents or errors may fall back.
    assert.ok(accepted >= yamlSources.length - 4, `only ${accepted} of ${yamlSources.length} read by the fast path`);
    assert.equal(parseTemplateText(largeTemplate()).documents[0]?.reader, 'simple-yaml');
  });

  it('resolves plain scalars as YAML 1.2 core schema does', () => {
    const scalars = [
      '1',
      '-1',
      '+1',
      '0',
      '-0',
      '012',
      '0o17',
      '0x1F',
      '0xg',
      '1.5',
      '.5',
      '1.',
      '1e3',
      '-1.5E-2',
      '.inf',
      '-.Inf',
      '.NaN',
      'true',
      'True',
      'TRUE',
      'tRue',
      'yes',
      'no',
      'on',
      'null',
      'Null',
      '~',
      'NULL',
      'nil',
      '1_000',
      '1:2',
      'a b',
      'a#b',
      '-x',
      '3.3.3',
      '0.0.0.0',
      '12:30',
      '2026-11-22',
      '1e',
      'e1',
      '-',
      '--x',
      '+',
      '.',
    ];
    let accepted = 0;
    for (const scalar of scalars) {
      if (agrees(`key: ${scalar}\nlist: [${scalar}, x]\nmap: {k: ${scalar}}\n`, scalar)) accepted++;
      const full = readWithYamlPackage(`k: ${scalar}\n`, new LineIndex(''))[0]?.value as
        Record<string, unknown> | undefined;
      if (full !== undefined && full['k'] !== undefined && typeof full['k'] !== 'object')
        assert.deepStrictEqual(resolvePlain(scalar), full['k'], scalar);
    }
    assert.ok(accepted >= scalars.length - 6, `only ${accepted} accepted`);
  });

  it('reads the shapes templates use: lists under keys at the same column, compact maps in lists, nested lists, quotes, comments, empty values', () => {
    const shapes = [
      'a:\n- x\n- y\nb: 1\n',
      'a:\n  - - 1\n    - 2\n  - 3\n',
      '- a: 1\n  b: 2\n-\n- "q\\n"\n',
      "x: 'it''s'  # c\ny: \"\\u00e9\\t\"\n",
      'a:\nb: 2\n',
      'a:   \n',
      '# top\nspec:   # why\n  containers:\n\n    # the web one\n    - name: web\n      image: nginx:1.25 # pinned\n',
      'k: {a: [1, 2], b: {c: "d"}}\nl: []\nm: {}\n',
      'k: [ "a", \'b\' , c ]\n',
      '  indented: root\n  second: 2\n',
      'url: http://x.y/z?a=b#c\nport: 8080\n',
      'a: b:c\n',
      '"quoted key": 1\n\'single\': 2\n',
    ];
    for (const shape of shapes)
      assert.ok(agrees(shape, JSON.stringify(shape)), `not read by the fast path: ${JSON.stringify(shape)}`);
  });

  it('leaves everything else to the yaml package, and never disagrees with it on thousands of mutations', () => {
    for (const other of [
      'a: &x 1\nb: *x\n',
      'a: |\n  text\n',
      'a: one\n  two\n',
      'a: 1\n---\nb: 2\n',
      'a: !!str 1\n',
      'a: 1\na: 2\n',
      'a: [1,\n 2]\n',
      'a:\n\tb: 1\n',
      'a: 1\n b: 2\n',
    ]) {
      assert.equal(readSimpleYaml(other), undefined, JSON.stringify(other));
    }
    const rand = random(7);
    const junk = [
      '{',
      '}',
      '[',
      ']',
      ':',
      ': ',
      ',',
      '"',
      "'",
      '-',
      '- ',
      '\n',
      ' ',
      '  ',
      '#',
      ' #',
      '&a',
      '*a',
      '|',
      '>',
      '?',
      '!',
      '\\',
      'é',
      '0x1',
      '~',
      'null',
      '1e3',
    ];
    const readable = yamlSources.filter((text) => readSimpleYaml(text) !== undefined && text.length < 5000);
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      let text = readable[i % readable.length] ?? '';
      const edits = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * text.length);
        const kind = rand();
        if (kind < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 3));
        else if (kind < 0.85)
          text = text.slice(0, at) + (junk[Math.floor(rand() * junk.length)] ?? '') + text.slice(at);
        else text = text.slice(0, at);
      }
      if (agrees(text, `mutation ${i}`)) accepted++;
    }
    // The comparison means something only if the fast path takes a good share of the mutated texts.
    assert.ok(accepted > 1500, `only ${accepted} of 4000 mutations were read by the fast path`);
  });
});

describe('the JSON reader', () => {
  it('reads valid JSON to the same tree and value as the yaml package, and the same value as JSON.parse', () => {
    const texts = [
      readFileSync(join(FIXTURES, 'valid-full.eci.json'), 'utf8'),
      '{"a": [1, -2.5e3, true, null, {"b": "\\u00e9\\n"}], "c": {}}',
      '[]',
    ];
    for (const text of texts) {
      const json = parseJson(text);
      assert.deepEqual(json.problems, []);
      assert.deepStrictEqual(json.value, JSON.parse(text));
      assert.deepStrictEqual(plain(json.root), plain(readWithYamlPackage(text, new LineIndex(text))[0]?.root ?? null));
    }
  });

  it('names the first mistake in JSON terms and recovers after it', () => {
    const cases: [string, string[]][] = [
      ['{"a": 1 "b": 2}', ['A comma is missing before this property.']],
      [
        '{"mode": xxx, "b": 2}',
        ['`xxx` is not a JSON value: write a number, a string in double quotes, true, false or null.'],
      ],
      ['{a: 1}', ['Property names are written in double quotes: "a".']],
      ['{"a": [1, 2,]}', ['JSON does not allow a comma before a closing bracket.']],
      ['{"a": 1}}', ['An extra `}`: the template already ended above.']],
      ['{\n"a": [1,\n', ['The list opened on line 2 is never closed: a `]` is missing.']],
      ['{"a": \'x\'}', ['JSON strings use double quotes, not single quotes.']],
      ['{"a": 01}', ['`01` is not a JSON number.']],
      ['{"a": "x\\q"}', ['`\\q` is not a JSON escape; write `\\\\` for a backslash.']],
      ['// note\n{"a": 1}', ['JSON does not allow comments; remove it or write the template in YAML.']],
      ['{"a": 1, "a": 2}', ['"a" is already given above in the same object: each key once.']],
    ];
    for (const [text, messages] of cases) {
      const json = parseJson(text);
      assert.deepEqual(
        json.problems.map((p) => p.message),
        messages,
        text,
      );
    }
    // After the mistake the rest is still read: `b` is there.
    assert.deepEqual(parseJson('{"mode": xxx, "b": 2}').value, { b: 2 });
    assert.deepEqual(parseJson('{"a": 1 "b": 2}').value, { a: 1, b: 2 });
  });

  it('never throws or loops on mutated JSON', () => {
    const source = readFileSync(join(FIXTURES, 'valid-full.eci.json'), 'utf8');
    const rand = random(11);
    const junk = ['{', '}', '[', ']', ':', ',', '"', "'", '\\', 'x', '/*', '//', '\n', '-', '1e', '\u0001'];
    for (let i = 0; i < 3000; i++) {
      let text = source;
      for (let e = 0; e < 3; e++) {
        const at = Math.floor(rand() * text.length);
        text =
          rand() < 0.5
            ? text.slice(0, at) + text.slice(at + 1)
            : text.slice(0, at) + (junk[Math.floor(rand() * junk.length)] ?? '') + text.slice(at);
      }
      const json = parseJson(text);
      assert.ok(json.problems.length <= 20);
      for (const p of json.problems)
        assert.ok(p.start >= 0 && p.end > p.start && p.start <= text.length, `bad problem range in mutation ${i}`);
    }
  });
});
