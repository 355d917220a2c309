import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { readSimpleYaml } from '../../src/template/block-yaml';
import { ECI_TEMPLATE, JDCLOUD_SPEC } from '../../src/template/dialects';
import type { ParsedFile, Range, TemplateDiagnostic, TemplateLanguage } from '../../src/template/document';
import { parseTemplateText, readWithYamlPackage } from '../../src/template/document';
import { parseJson } from '../../src/template/json-parser';
import { complete, hover } from '../../src/template/language';
import { MAX_DEPTH } from '../../src/template/limits';
import type { SourceNode } from '../../src/template/source-tree';
import { LineIndex } from '../../src/template/source-tree';
import { validateTemplateText } from '../../src/template/validate';

/**
 * Property-based fuzzing of the template readers (our JSON parser, our fast block-YAML reader, the `yaml` package's
 * path), validation in both dialects, and completion and hover at any offset, on generated documents: real templates
 * cut and mutated, nesting thousands of levels deep in every shape YAML and JSON have, long lines, alias bombs, odd
 * unicode, random bytes. Each case must end (the runner's timeout is the guard) without throwing, with every
 * diagnostic and range inside the document and every tree within the depth limit.
 *
 * The seed is fixed and the runs counted, so that a run is the same every time and takes a few seconds; a failure
 * prints the seed and the shrunk case. The suite prints one line: "template fuzz: N cases tried, N survived".
 */
const SEED = 0x12_7e_3b;
let tried = 0;
let survived = 0;
after(() => {
  // The figure bench/RESULTS.md quotes.
  process.stdout.write(`template fuzz: ${tried} cases tried, ${survived} survived\n`);
});

function holds<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => void, numRuns: number): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      tried++;
      check(value);
      survived++;
    }),
    { seed: SEED, numRuns },
  );
}

// ----- What the documents are made of -------------------------------------------------------------------------

const FIXTURES = join(__dirname, '..', 'fixtures', 'templates');
const SAMPLES = join(__dirname, '..', '..', 'samples');
const REAL = [
  ...readdirSync(FIXTURES)
    .filter((n) => /\.(json|ya?ml)$/.test(n) && !n.endsWith('.expected.json'))
    .map((n) => join(FIXTURES, n)),
  ...readdirSync(SAMPLES)
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => join(SAMPLES, n)),
].map((path) => readFileSync(path, 'utf8'));

const oddCharacter = fc.oneof(
  fc.constantFrom('\u0000', '\uFEFF', '\r', '\t', '\u2028', '\u00A0', '\uFFFD', '\u{1F600}', '\u0301', '\\', '"', "'"),
  // A lone half of a surrogate pair: not a character at all, yet a JavaScript string may hold it.
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom(...'-?:,[]{}#&*!|>%@`'.split('')),
);

/** A real template with up to a few edits: cuts, insertions of odd or syntax characters, a truncation. */
const mutatedTemplate = fc
  .tuple(
    fc.constantFrom(...REAL),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(oddCharacter, fc.string({ maxLength: 12 }))), {
      maxLength: 6,
    }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([text, edits, cut]) => {
    let out = text;
    for (const [at, remove, insert] of edits) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + insert + out.slice(i + remove);
    }
    return cut === undefined ? out : out.slice(0, cut % (out.length + 1));
  });

/** Nesting thousands of levels deep, closed or cut off, in every shape that nests. */
const deepNesting = fc
  .tuple(
    fc.integer({ min: MAX_DEPTH - 3, max: 4000 }),
    fc.constantFrom(
      (n: number) => '['.repeat(n) + ']'.repeat(n),
      (n: number) => '{a: '.repeat(n) + '1' + '}'.repeat(n),
      (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n),
      (n: number) => '- '.repeat(n) + 'x\n',
      (n: number) => '? '.repeat(n) + 'x\n',
      (n: number) => '[a: '.repeat(n) + '1' + ']'.repeat(n),
      (n: number) => 'k: ' + '[{"b": '.repeat(n >> 1) + 'null' + '}]'.repeat(n >> 1),
      // Block indentation grows with the square of the depth: a few hundred levels.
      (n: number) =>
        Array.from(
          { length: Math.min(n, 400) },
          (_, i) => `${' '.repeat(i)}a${i % 3 === 0 ? ':' : ':\n' + ' '.repeat(i) + '-'}`,
        )
          .join('\n')
          .concat(' x\n'),
      (n: number) =>
        'containerGroupName: deep\nspec:\n  containers:\n  - name: ' + '['.repeat(n) + ']'.repeat(n) + '\n',
    ),
    fc.boolean(),
  )
  .map(([levels, shape, cut]) => {
    const text = shape(levels);
    return cut ? text.slice(0, Math.ceil(text.length * 0.6)) : text;
  });

/** One value or comment tens of thousands of characters long. */
const longLine = fc
  .tuple(
    fc.integer({ min: 1000, max: 60_000 }),
    fc.constantFrom(' ', 'x', 'a: ', '"', '- ', '#', ':', '\\', 'é', '\u{1F600}'),
    fc.constantFrom(
      (s: string) => `containerGroupName: ${s}\n`,
      (s: string) => `{"containerGroupName": "${s}"}`,
      (s: string) => `${s}: 1\n`,
      (s: string) => `# ${s}\nspec: {}\n`,
      (s: string) => `a:${s}`,
      (s: string) => `regionId: "${s}`,
    ),
  )
  .map(([length, unit, shape]) => shape(unit.repeat(Math.ceil(length / unit.length))));

/** Aliases that expand to far more than they say, chain into deep nesting, or are simply very many. */
const aliasBomb = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 30 })).map(([width, levels]) => {
    let text = `a0: &a0 [${Array(width).fill('x').join(', ')}]\n`;
    for (let i = 1; i < levels; i++)
      text += `a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    return text;
  }),
  fc.integer({ min: 50, max: 3000 }).map((length) => {
    let text = 'a0: &a0 x\n';
    for (let i = 1; i < length; i++) text += `a${i}: &a${i} [*a${i - 1}]\n`;
    return text;
  }),
  fc.integer({ min: 500, max: 3000 }).map((count) => `base: &b {cpu: 1}\nlist:\n${'- *b\n'.repeat(count)}`),
  fc
    .integer({ min: 10, max: 400 })
    .map(
      (count) =>
        `defaults: &d {${Array.from({ length: 300 }, (_, i) => `k${i}: ${i}`).join(', ')}}\nitems:\n${'- <<: *d\n  name: x\n'.repeat(count)}`,
    ),
  fc.constant('a: &x [*x, *x]\nb: *x\nc: *missing\n'),
);

const randomBytes = fc
  .tuple(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('utf8', 'latin1') as fc.Arbitrary<BufferEncoding>)
  .map(([bytes, encoding]) => Buffer.from(bytes).toString(encoding));

const oddUnicode = fc
  .array(fc.oneof(oddCharacter, fc.string({ maxLength: 6 })), { maxLength: 200 })
  .map((parts) => parts.join(''));

const document = fc.oneof(
  { weight: 5, arbitrary: mutatedTemplate },
  { weight: 3, arbitrary: deepNesting },
  { weight: 1, arbitrary: longLine },
  { weight: 2, arbitrary: aliasBomb },
  { weight: 2, arbitrary: oddUnicode },
  { weight: 2, arbitrary: randomBytes },
);
const language = fc.constantFrom<TemplateLanguage | undefined>('json', 'yaml', undefined);

// ----- What every result must be --------------------------------------------------------------------------------

function lineLengths(text: string): number[] {
  return text.split('\n').map((line) => line.length);
}

function assertRangeInside(range: Range, lengths: readonly number[], what: string): void {
  for (const end of [range.start, range.end]) {
    assert.ok(end.line >= 0 && end.line < lengths.length, `${what}: line ${end.line} of ${lengths.length}`);
    assert.ok(end.character >= 0 && end.character <= (lengths[end.line] ?? 0), `${what}: column ${end.character}`);
  }
  const { start, end } = range;
  assert.ok(
    start.line < end.line || (start.line === end.line && start.character <= end.character),
    `${what}: reversed`,
  );
}

function assertDiagnostics(diagnostics: readonly TemplateDiagnostic[], text: string): void {
  const lengths = lineLengths(text);
  for (const d of diagnostics) {
    assertRangeInside(d.range, lengths, `${d.code} ${d.message}`);
    assert.ok(d.message.length > 0 && typeof d.code === 'string');
  }
}

/** Every node inside the text and at most MAX_DEPTH levels down (walked with its own stack: shared nodes once). */
function assertTree(root: SourceNode | null, length: number): void {
  const seen = new Set<SourceNode>();
  const stack: [SourceNode, number][] = root === null ? [] : [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, depth] = next;
    assert.ok(depth <= MAX_DEPTH, `a node ${depth} levels down`);
    assert.ok(node.start >= 0 && node.start <= node.end && node.end <= length, `node ${node.start}-${node.end}`);
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === 'map')
      for (const pair of node.pairs) {
        stack.push([pair.key, depth + 1]);
        stack.push([pair.value, depth + 1]);
      }
    else if (node.kind === 'seq') for (const item of node.items) stack.push([item, depth + 1]);
  }
}

function assertParsed(file: ParsedFile): void {
  assertDiagnostics(file.fileDiagnostics, file.text);
  for (const d of file.documents) {
    assert.ok(d.start >= 0 && d.start <= d.end && d.end <= file.text.length, `document ${d.start}-${d.end}`);
    assertDiagnostics(d.diagnostics, file.text);
    assert.ok(d.diagnostics.filter((x) => x.code === 'too-deep').length <= 1, 'one too-deep diagnostic at most');
    assertTree(d.root, file.text.length);
  }
}

// ----- The properties -------------------------------------------------------------------------------------------

describe('template fuzz', { timeout: 300_000 }, () => {
  it('the readers end on any text, with every range inside it and every tree within the depth limit', () => {
    holds(
      document,
      (text) => {
        for (const lang of ['json', 'yaml', undefined] as const) assertParsed(parseTemplateText(text, lang));
        const fast = readSimpleYaml(text);
        if (fast !== undefined) assertTree(fast.root, text.length);
        for (const yamlDocument of readWithYamlPackage(text, new LineIndex(text))) {
          assertDiagnostics(yamlDocument.diagnostics, text);
          assertTree(yamlDocument.root, text.length);
        }
        const json = parseJson(text);
        assertTree(json.root, text.length);
        assert.ok(json.problems.every((p) => p.start >= 0 && p.start <= text.length));
      },
      220,
    );
  });

  it('validation of both dialects ends on any text, its diagnostics inside the text', () => {
    holds(
      fc.tuple(document, language, fc.constantFrom(ECI_TEMPLATE, JDCLOUD_SPEC)),
      ([text, lang, dialect]) => assertDiagnostics(validateTemplateText(text, lang, dialect), text),
      200,
    );
  });

  it('completion and hover end at any offset of any text, a hover range inside the text', () => {
    holds(
      fc.tuple(
        document,
        fc.double({ min: 0, max: 1, noNaN: true }),
        language,
        fc.constantFrom(ECI_TEMPLATE, JDCLOUD_SPEC),
      ),
      ([text, where, lang, dialect]) => {
        const offset = Math.floor(where * text.length);
        const items = complete(text, offset, {}, lang, dialect);
        assert.ok(Array.isArray(items) && items.every((i) => typeof i.label === 'string'));
        const shown = hover(text, offset, lang, dialect);
        if (shown !== undefined) assertRangeInside(shown.range, lineLengths(text), 'hover');
      },
      200,
    );
  });

  it('duplicate keys are the ones the yaml package finds (our linear check against its own)', () => {
    const key = fc.constantFrom(
      'a',
      'b',
      '"a"',
      "'b'",
      '1',
      '1.0',
      '0x1',
      'null',
      '~',
      'true',
      '.nan',
      '<<',
      '&k a',
      '*k',
    );
    const map = fc.array(fc.tuple(key, fc.constantFrom('1', '{x: 1}', '[a]', '&k v', 'b: 2')), { maxLength: 8 });
    holds(
      fc
        .tuple(map, fc.boolean())
        .map(([pairs, flow]) =>
          flow
            ? `{${pairs.map(([k, v]) => `${k}: ${v.replace('b: 2', '{b: 2}')}`).join(', ')}}\n`
            : pairs.map(([k, v]) => `${k}: ${v === 'b: 2' ? '\n  b: 2' : v}`).join('\n') + '\n',
        ),
      (text) => {
        const errors = parseDocument(text, { uniqueKeys: true, merge: true, strict: true, prettyErrors: false }).errors;
        // Where other errors make the package read another structure, its positions are of that structure.
        if (errors.some((e) => e.code !== 'DUPLICATE_KEY')) return;
        const theirs = errors.map((e) => e.pos[0]);
        const lines = new LineIndex(text);
        const ours = readWithYamlPackage(text, lines)
          .flatMap((d) => d.diagnostics)
          .filter((d) => d.code === 'duplicate-key')
          .map((d) => d.range.start);
        assert.deepEqual(
          ours,
          theirs.map((at) => lines.position(at)),
          text,
        );
      },
      300,
    );
  });
});
