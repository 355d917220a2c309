import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParsedDocument, ParsedFile, TemplateDiagnostic, TemplateLanguage } from '../../src/template/document';
import { parseTemplateText } from '../../src/template/document';
import { JDCLOUD_SPEC } from '../../src/template/dialects';
import { complete, hover } from '../../src/template/language';
import { MAX_ALIAS_VALUES, MAX_ALIASES, MAX_DEPTH, MAX_TEMPLATE_BYTES } from '../../src/template/limits';
import { validateParsed, validateTemplateText } from '../../src/template/validate';

/**
 * The limits of src/template/limits.ts at their edges: a document exactly at the depth limit is read as any other,
 * one level more gives one too-deep diagnostic at the first value past the limit, whichever reader reads it (our
 * JSON parser, our block-YAML reader, the `yaml` package) and whatever shape nests; aliases are bounded in number,
 * depth and expansion; wide documents and huge ones end. The runner's timeout (GUARD) is what ends a hang: it is no
 * speed target (those are in bench/).
 */
const GUARD = { timeout: 120_000 };
const all = (file: ParsedFile): TemplateDiagnostic[] => [
  ...file.fileDiagnostics,
  ...file.documents.flatMap((d) => d.diagnostics),
];
const tooDeep = (file: ParsedFile): TemplateDiagnostic[] => all(file).filter((d) => d.code === 'too-deep');

/** Shapes that nest `n` levels with one value at depth `n`, and where (line, character) that value is written. */
const SHAPES: {
  name: string;
  language: TemplateLanguage;
  text: (n: number) => string;
  at: (n: number) => [number, number];
}[] = [
  { name: 'JSON lists', language: 'json', text: (n) => '['.repeat(n) + '1' + ']'.repeat(n), at: (n) => [0, n] },
  {
    name: 'JSON objects',
    language: 'json',
    text: (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n),
    at: (n) => [0, 5 * n],
  },
  { name: 'YAML flow lists', language: 'yaml', text: (n) => '['.repeat(n) + '1' + ']'.repeat(n), at: (n) => [0, n] },
  {
    name: 'YAML flow maps',
    language: 'yaml',
    text: (n) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
    at: (n) => [0, 4 * n],
  },
  { name: 'YAML compact lists (- - -)', language: 'yaml', text: (n) => '- '.repeat(n) + 'x\n', at: (n) => [0, 2 * n] },
  {
    name: 'YAML indented maps',
    language: 'yaml',
    text: (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n',
    at: (n) => [n - 1, n + 2],
  },
];

describe('the depth limit', GUARD, () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: ${MAX_DEPTH} levels are read, ${MAX_DEPTH + 1} give one too-deep where the limit is passed`, () => {
      const atLimit = parseTemplateText(shape.text(MAX_DEPTH), shape.language);
      assert.deepEqual(tooDeep(atLimit), []);
      assert.notEqual(atLimit.documents[0]?.value, undefined);

      const past = parseTemplateText(shape.text(MAX_DEPTH + 1), shape.language);
      const [diagnostic, ...more] = tooDeep(past);
      assert.deepEqual(more, []);
      assert.ok(diagnostic !== undefined, JSON.stringify(all(past)));
      const [line, character] = shape.at(MAX_DEPTH + 1);
      assert.deepEqual(diagnostic.range.start, { line, character });
      assert.equal(diagnostic.severity, 'error');
      assert.match(diagnostic.message, new RegExp(`deeper than ${MAX_DEPTH} levels`));
    });
  }

  it('thousands of levels: one diagnostic from validation in both dialects, in JSON and YAML', () => {
    for (const [text, language] of [
      ['containerGroupName: deep\nspec: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n', 'yaml'],
      ['containerGroupName: deep\nspec:\n' + '- '.repeat(5000) + 'x\n', 'yaml'],
      ['{"containerGroupName": "deep", "spec": ' + '{"a": '.repeat(5000) + '1' + '}'.repeat(5001), 'json'],
    ] as const) {
      for (const dialect of [undefined, JDCLOUD_SPEC]) {
        const diagnostics = validateTemplateText(text, language, dialect);
        assert.deepEqual(
          diagnostics.map((d) => d.code),
          ['too-deep'],
          JSON.stringify(diagnostics.slice(0, 3)),
        );
      }
    }
  });

  it('the documents of a YAML stream before a too-deep one are read as usual', () => {
    const file = parseTemplateText(`containerGroupName: first\n---\n${'- '.repeat(3000)}x\n`, 'yaml');
    assert.deepEqual(file.documents[0]?.value, { containerGroupName: 'first' });
    assert.equal(tooDeep(file).length, 1);
    assert.equal(tooDeep(file)[0]?.range.start.line, 2);
  });

  it('a value nested past the limit from anywhere but the readers is refused before the schema sees it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const file = parseTemplateText('{"containerGroupName": "x"}', 'json');
    const document = file.documents[0] as ParsedDocument;
    const handMade: ParsedFile = {
      ...file,
      documents: [{ ...document, value: { containerGroupName: 'x', spec: deep } }],
    };
    assert.deepEqual(
      validateParsed(handMade).map((d) => d.code),
      ['too-deep'],
    );
  });
});

describe('aliases', GUARD, () => {
  it('a chain of aliases that nests past the limit: too-deep at the alias that passes it, and no value', () => {
    let text = 'a0: &a0 x\n';
    for (let i = 1; i < 300; i++) text += `a${i}: &a${i} [*a${i - 1}]\n`;
    const file = parseTemplateText(text, 'yaml');
    const [diagnostic, ...more] = all(file);
    assert.deepEqual(more, []);
    assert.equal(diagnostic?.code, 'too-deep');
    // `*a(i-1)` sits 2 levels down (the map, then the list) and names a value i - 1 levels high: 2 + i - 1 > MAX_DEPTH
    // first on line i = MAX_DEPTH.
    const line = MAX_DEPTH;
    assert.deepEqual(diagnostic?.range.start, { line, character: `a${line}: &a${line} [`.length });
    assert.equal(file.documents[0]?.value, undefined);
  });

  it(`more than ${MAX_ALIASES} aliases: too-many-aliases at the first one past the limit`, () => {
    const text = `a: &a 1\nlist:\n${'- *a\n'.repeat(MAX_ALIASES + 5)}`;
    const diagnostics = validateTemplateText(text, 'yaml');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['too-many-aliases', 2 + MAX_ALIASES]],
    );
    assert.match(diagnostics[0]?.message ?? '', new RegExp(`More than ${MAX_ALIASES} aliases`));
  });

  it(`aliases that expand by more than ${MAX_ALIAS_VALUES} values (billion laughs): refused where it happens`, () => {
    let text = `a0: &a0 [${Array(10).fill('x').join(', ')}]\n`;
    for (let i = 1; i < 9; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const file = parseTemplateText(text, 'yaml');
    const diagnostics = all(file);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['too-many-aliases'],
    );
    // a4 names ten copies of a3 (11,111 values each): the running total passes the limit in that line.
    assert.equal(diagnostics[0]?.range.start.line, 4);
    assert.equal(file.documents[0]?.value, undefined);
  });

  it('merge keys and aliases within the limits read as before, and an alias inside itself ends', () => {
    const text = 'base: &b {cpu: 1, memory: 2}\nitems:\n- <<: *b\n  name: x\n- *b\ncycle: &c [*c]\n';
    const file = parseTemplateText(text, 'yaml');
    assert.deepEqual(all(file), []);
    const value = file.documents[0]?.value as { items: unknown[] };
    assert.deepEqual(value.items, [
      { name: 'x', cpu: 1, memory: 2 },
      { cpu: 1, memory: 2 },
    ]);
  });
});

describe('wide and huge documents', GUARD, () => {
  it('finds the one repeated key among 100,000 (JSON) and 50,000 (YAML, by the yaml package)', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `"k${i}": ${i}`);
    const json = parseTemplateText(`{${keys.join(', ')}, "k7": 0}`, 'json');
    assert.deepEqual(
      all(json).map((d) => d.code),
      ['duplicate-key'],
    );
    // The anchor keeps the fast reader out: the yaml package's path is the one that was quadratic.
    const yamlText = `anchor: &a 1\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk7: 0\n`;
    const yamlFile = parseTemplateText(yamlText, 'yaml');
    assert.equal(yamlFile.documents[0]?.reader, 'yaml');
    assert.deepEqual(
      all(yamlFile).map((d) => [d.code, d.range.start.line]),
      [['duplicate-key', 50_001]],
    );
  });

  it('YAML that is broken everywhere: the first 100 problems listed, and how many there are', () => {
    const file = parseTemplateText(`${'- a: '.repeat(20_000)}x\n`, 'yaml');
    const codes = all(file).map((d) => d.code);
    assert.equal(codes.length, 101);
    assert.deepEqual(
      codes.filter((c) => c === 'too-many-problems'),
      ['too-many-problems'],
    );
    assert.match(all(file).find((d) => d.code === 'too-many-problems')?.message ?? '', /has \d{5} syntax problems/);
  });

  it('a template of 50,000 unknown properties gets a diagnostic for each', () => {
    const text = `containerGroupName: x\n${Array.from({ length: 50_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    const diagnostics = validateTemplateText(text, 'yaml');
    assert.equal(diagnostics.filter((d) => d.code === 'unknown-property').length, 50_000);
  });

  it('past the size limit: one diagnostic, no completion and no hover', () => {
    const text = `containerGroupName: x\nspec:\n  restartPolicy: ${'x'.repeat(MAX_TEMPLATE_BYTES)}\n`;
    assert.deepEqual(
      validateTemplateText(text, 'yaml').map((d) => d.code),
      ['file-too-large'],
    );
    assert.deepEqual(complete(text, 30, {}, 'yaml'), []);
    assert.equal(hover(text, 2, 'yaml'), undefined);
  });
});
