import { readSimpleYaml } from './block-yaml';
import { parseJson } from './json-parser';
import type { SchemaNode } from './schema';
import { schemaAt, TEMPLATE_SCHEMA } from './schema';
import type { SourceNode } from './source-tree';
import { fromYamlDocument, LineIndex } from './source-tree';
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

export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

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
  const whole = (code: string, message: string): ParsedFile => ({
    text,
    documents: [],
    lines,
    fileDiagnostics: [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'error',
        code,
        message,
        path: '',
      },
    ],
  });
  if (text.length > MAX_TEMPLATE_BYTES)
    return whole(
      'file-too-large',
      `This file is ${(text.length / 1024 / 1024).toFixed(1)} MB; templates are checked up to ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB.`,
    );
  if (text.slice(0, 8192).includes('\u0000'))
    return whole('not-text', 'This file is binary, not a JSON or YAML template.');

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

/** Everything YAML can say, by the `yaml` package: anchors, merge keys, block scalars, several documents, errors. */
export function readWithYamlPackage(text: string, lines: LineIndex): ParsedDocument[] {
  const documents = yaml().parseAllDocuments(text, {
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    strict: true,
    logLevel: 'error',
  });
  const list = Array.isArray(documents) ? documents : [];
  return list.map((yaml) => {
    const diagnostics: TemplateDiagnostic[] = [];
    for (const error of [...yaml.errors, ...yaml.warnings]) {
      const [start, end] = error.pos;
      diagnostics.push({
        range: rangeOf(lines, start, Math.max(end, start + 1)),
        severity: yaml.errors.includes(error as never) ? 'error' : 'warning',
        code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax',
        message: syntaxMessage(error.code, error.message),
        path: '',
      });
    }
    let value: unknown;
    try {
      value = yaml.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch (error) {
      diagnostics.push({
        range: rangeOf(lines, 0, 1),
        severity: 'error',
        code: 'syntax',
        message: `The document cannot be read: ${(error as Error).message}`,
        path: '',
      });
    }
    return {
      root: fromYamlDocument(yaml, text),
      start: yaml.range[0],
      end: yaml.range[2],
      value,
      diagnostics,
      reader: 'yaml' as const,
    };
  });
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
