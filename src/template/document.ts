import { readSimpleYaml } from './block-yaml';
import { parseJson } from './json-parser';
import type { SchemaNode } from './schema';
import { schemaAt, TEMPLATE_SCHEMA } from './schema';
import type { CST } from 'yaml';
import { MAX_DEPTH, MAX_TEMPLATE_BYTES, TOO_DEEP_MESSAGE } from './limits';
import type { SourceNode } from './source-tree';
import { LineIndex, readYamlTree } from './source-tree';
import { yaml } from './yaml-package';

/**
 * Reading templates, JSON and YAML, into one source tree: every value and key keeps its range, syntax errors and
 * duplicate keys are reported where they are, comments, anchors, aliases and merge keys work, and every document
 * of a multi-document YAML file is checked. Nothing here throws on bad input.
 */
export type Severity = 'error' | 'warning' | 'information';

export interface Position {
  /** 0-based. */
  readonly line: number;
  /** 0-based, in UTF-16 code units (as editors count). */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TemplateDiagnostic {
  readonly range: Range;
  readonly severity: Severity;
  /** Stable: tools and tests match on it. */
  readonly code: string;
  readonly message: string;
  /** JSON pointer of the value concerned ('' for the whole document). */
  readonly path: string;
}

export interface ParsedDocument {
  /** The document's source tree, or null for an empty document. */
  readonly root: SourceNode | null;
  /** Offsets of the document in the file (several documents share one YAML stream). */
  readonly start: number;
  readonly end: number;
  /** The document's value as plain JSON, or undefined when it could not be built. */
  readonly value: unknown;
  readonly diagnostics: TemplateDiagnostic[];
  /** Which reader read it: our JSON parser, our fast block-YAML reader, or the full `yaml` package. */
  readonly reader: 'json' | 'simple-yaml' | 'yaml';
}

export interface ParsedFile {
  readonly text: string;
  readonly documents: ParsedDocument[];
  /** Problems with the file as a whole (binary, too large): then there are no documents. */
  readonly fileDiagnostics: TemplateDiagnostic[];
  readonly lines: LineIndex;
}

export { MAX_TEMPLATE_BYTES } from './limits';

export type TemplateLanguage = 'json' | 'yaml';

/**
 * Reads a template. `language` comes from the editor or the file name; without it, text that starts with `{` or
 * `[` is read as JSON.
 */
export function parseTemplateText(
  text: string,
  language?: TemplateLanguage,
  schema: SchemaNode = TEMPLATE_SCHEMA,
): ParsedFile {
  const lines = new LineIndex(text);
  const whole = (diagnostic: TemplateDiagnostic): ParsedFile => ({
    text,
    documents: [],
    lines,
    fileDiagnostics: [diagnostic],
  });
  if (text.length > MAX_TEMPLATE_BYTES) return whole(tooLargeDiagnostic(text.length));
  if (text.slice(0, 8192).includes('\u0000'))
    return whole(fileDiagnostic('not-text', 'This file is binary, not a JSON or YAML template.'));

  if (language === 'json' || (language === undefined && /^\s*[[{]/.test(text))) {
    const json = parseJson(text, {
      isItemKey: (list, key) => schemaAt(`${list}/0`, schema)?.properties?.[key] !== undefined,
    });
    const diagnostics = json.problems.map((p): TemplateDiagnostic => ({
      range: rangeOf(lines, p.start, p.end),
      severity: 'error',
      code: p.code,
      message: p.message,
      path: '',
    }));
    return {
      text,
      lines,
      fileDiagnostics: [],
      documents: [{ root: json.root, start: 0, end: text.length, value: json.value, diagnostics, reader: 'json' }],
    };
  }
  const simple = readSimpleYaml(text);
  if (simple !== undefined) {
    return {
      text,
      lines,
      fileDiagnostics: [],
      documents: [
        { root: simple.root, start: 0, end: text.length, value: simple.value, diagnostics: [], reader: 'simple-yaml' },
      ],
    };
  }
  return { text, lines, fileDiagnostics: [], documents: readWithYamlPackage(text, lines) };
}

/**
 * The one diagnostic of a text past MAX_TEMPLATE_BYTES (`length` in characters), which is not read: the editor gives
 * it without taking the document's text.
 */
export function tooLargeDiagnostic(length: number): TemplateDiagnostic {
  return fileDiagnostic(
    'file-too-large',
    `This file is ${(length / 1024 / 1024).toFixed(1)} MB; templates are checked up to ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB.`,
  );
}

function fileDiagnostic(code: string, message: string): TemplateDiagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code,
    message,
    path: '',
  };
}

/**
 * The most syntax problems listed per YAML document: a file that is not YAML at all (prose, a 2 MB line of `- a: `)
 * has one or two per line, hundreds of thousands, which help no one and cost memory and time to list.
 */
const MAX_YAML_PROBLEMS = 100;

/**
 * Everything YAML can say, by the `yaml` package: anchors, merge keys, block scalars, several documents, errors.
 *
 * Bounded (limits.ts): the package's parser keeps its own stack, but composing a document recurses once per level,
 * so each document's syntax tree is measured first and one nested deeper than MAX_DEPTH is not composed (it gets one
 * `too-deep` diagnostic where it passes the limit). Keys are checked for duplicates, and aliases resolved and
 * bounded, by readYamlTree in one linear pass, not by the package, whose checks of both are quadratic.
 */
export function readWithYamlPackage(text: string, lines: LineIndex): ParsedDocument[] {
  const { Composer, Lexer, Parser } = yaml();
  // The parser is driven token by token so that it can be stopped: its stack holds the collections still open,
  // each inside the one before, and one deeper than MAX_DEPTH levels means the document is too deep, whatever
  // follows (`[[[[…` in 2 MiB would otherwise build a syntax tree a million levels deep, about 1 GB).
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  let stopped: { start: number; at: number } | undefined;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH + 2) {
      // stack[0] is the document, stack[k] at least k - 1 levels deep as the package composes it (lines it cannot
      // read, such as `a: b: c`, it reads each inside the one before: those nest too).
      stopped = { start: parser.stack[0]?.offset ?? 0, at: parser.stack[MAX_DEPTH + 2]?.offset ?? parser.offset };
      break;
    }
  }
  if (stopped === undefined) for (const token of parser.end()) tokens.push(token);
  /** Documents too deep to compose, by their offset: where they pass the limit, and where they end. */
  const tooDeep = new Map<number, { at: number; end: number }>();
  const bounded = tokens.map((token, i): CST.Token => {
    if (token.type !== 'document' || token.value === undefined) return token;
    const at = tooDeepAt(token.value);
    if (at === undefined) return token;
    tooDeep.set(token.offset, { at, end: tokens[i + 1]?.offset ?? text.length });
    return { ...token, value: undefined };
  });
  const composer = new Composer({
    // Checked by readYamlTree instead (see above); the message and place are the package's own.
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    strict: true,
    logLevel: 'error',
  });
  const documents = Array.from(composer.compose(bounded));
  const read = documents.map((yaml): ParsedDocument => {
    // Errors, then warnings, each list with its severity (looking each up in the errors was quadratic); of them and
    // the repeated keys, the first MAX_YAML_PROBLEMS are listed.
    const problems = [
      ...yaml.errors.map((e) => [e, 'error'] as const),
      ...yaml.warnings.map((w) => [w, 'warning'] as const),
    ];
    let count = problems.length;
    const diagnostics = problems.slice(0, MAX_YAML_PROBLEMS).map(([error, severity]): TemplateDiagnostic => ({
      range: rangeOf(lines, error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
      severity,
      code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax',
      message: syntaxMessage(error.code, error.message),
      path: '',
    }));
    const tooMany = (): TemplateDiagnostic[] =>
      count <= MAX_YAML_PROBLEMS
        ? []
        : [
            {
              range: rangeOf(lines, yaml.range[0], yaml.range[0] + 1),
              severity: 'error',
              code: 'too-many-problems',
              message: `This document has ${count} syntax problems and repeated keys; the first ${MAX_YAML_PROBLEMS} are listed.`,
              path: '',
            },
          ];
    const deep = tooDeep.get(yaml.range[0]);
    if (deep !== undefined) {
      diagnostics.push(...tooMany(), tooDeepDiagnostic(lines, deep.at));
      return {
        root: null,
        start: yaml.range[0],
        end: deep.end,
        value: undefined,
        diagnostics,
        reader: 'yaml' as const,
      };
    }
    const tree = readYamlTree(yaml, text);
    const limits: TemplateDiagnostic[] = [];
    for (const problem of tree.problems) {
      const diagnostic: TemplateDiagnostic = {
        range: rangeOf(lines, problem.start, problem.end),
        severity: 'error',
        code: problem.code,
        message: problem.message,
        path: '',
      };
      if (problem.code !== 'duplicate-key') limits.push(diagnostic);
      else if (++count <= MAX_YAML_PROBLEMS) diagnostics.push(diagnostic);
    }
    diagnostics.push(...tooMany(), ...limits);
    let value: unknown;
    if (tree.withinLimits) {
      try {
        // readYamlTree has bounded the aliases (their count, depth and expansion) more tightly than the package's
        // maxAliasCount would, and that check of the package's walks the whole document per alias it counts.
        value = yaml.toJS({ maxAliasCount: -1 }) as unknown;
      } catch (error) {
        diagnostics.push({
          range: rangeOf(lines, 0, 1),
          severity: 'error',
          code: 'syntax',
          message: `The document cannot be read: ${(error as Error).message}`,
          path: '',
        });
      }
    }
    return {
      root: tree.withinLimits ? tree.root : null,
      start: yaml.range[0],
      end: yaml.range[2],
      value,
      diagnostics,
      reader: 'yaml' as const,
    };
  });
  // The document the parser was stopped in, and the rest of the file with it, is not read.
  if (stopped !== undefined)
    read.push({
      root: null,
      start: stopped.start,
      end: text.length,
      value: undefined,
      diagnostics: [tooDeepDiagnostic(lines, stopped.at)],
      reader: 'yaml',
    });
  return read;
}

function tooDeepDiagnostic(lines: LineIndex, at: number): TemplateDiagnostic {
  return {
    range: rangeOf(lines, at, at + 1),
    severity: 'error',
    code: 'too-deep',
    message: TOO_DEEP_MESSAGE,
    path: '',
  };
}

/**
 * The offset of the first node (in document order) of a YAML syntax tree that nests deeper than MAX_DEPTH, if any.
 * Iterative, with its own stack. A pair in a flow sequence (`[a: 1]`) counts two levels: it is read as a one-pair
 * map inside the sequence.
 */
function tooDeepAt(root: CST.Token): number | undefined {
  const stack: [CST.Token, number][] = [[root, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (depth > MAX_DEPTH) return token.offset;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const flowSequence = token.type === 'flow-collection' && token.start.source === '[';
    // Pushed last to first, so that the first item comes out first.
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i];
      if (item === undefined) continue;
      const pair =
        flowSequence &&
        (item.sep?.some((t) => t.type === 'map-value-ind') === true ||
          item.start.some((t) => t.type === 'explicit-key-ind'));
      const inner = depth + (pair ? 2 : 1);
      if (item.value !== undefined) stack.push([item.value, inner]);
      if (item.key !== undefined && item.key !== null) stack.push([item.key, inner]);
    }
  }
  return undefined;
}

/**
 * The yaml package's message, first line, without its position (the range says it) and with the source it quotes
 * cut to one short line: a file that is not YAML at all (a README) would otherwise be quoted whole.
 */
function syntaxMessage(code: string, message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/: "(.*)"$/, (_all, quoted: string) => {
    const line = quoted.split('\\n')[0] ?? quoted;
    return `: "${line.length > 80 || line.length < quoted.length ? `${line.slice(0, 80)}…` : line}"`;
  });
  if (code === 'DUPLICATE_KEY')
    return `${first.replace(/ at line \d+, column \d+:?$/, '')}: this key is already given above in the same object.`;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

export function nodeRange(file: ParsedFile, node: SourceNode | null): Range {
  return node === null ? rangeOf(file.lines, 0, 0) : rangeOf(file.lines, node.start, node.end);
}
