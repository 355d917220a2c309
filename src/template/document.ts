import type { Document, Node, Pair } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { pointerSegments } from './pointer';

/**
 * One parse path for JSON and YAML templates (YAML 1.2 reads JSON): every value and key keeps its source range,
 * syntax errors and duplicate keys are reported where they are, comments, anchors, aliases and merge keys work,
 * and every document of a multi-document YAML file is checked. Nothing here throws on bad input.
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
  readonly yaml: Document.Parsed;
  /** The document's value as plain JSON, or undefined when it could not be built. */
  readonly value: unknown;
  readonly diagnostics: TemplateDiagnostic[];
}

export interface ParsedFile {
  readonly text: string;
  readonly documents: ParsedDocument[];
  /** Problems with the file as a whole (binary, too large): then there are no documents. */
  readonly fileDiagnostics: TemplateDiagnostic[];
  readonly lineCounter: LineCounter;
}

export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

export function parseTemplateText(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const whole = (code: string, message: string): ParsedFile => ({
    text,
    documents: [],
    lineCounter,
    fileDiagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code, message, path: '' }],
  });
  if (text.length > MAX_TEMPLATE_BYTES) return whole('file-too-large', `This file is ${(text.length / 1024 / 1024).toFixed(1)} MB; templates are checked up to ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB.`);
  if (text.slice(0, 8192).includes('\u0000')) return whole('not-text', 'This file is binary, not a JSON or YAML template.');

  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false, strict: true, logLevel: 'error' });
  // YAML's flow collections allow a comma before the closing bracket; JSON does not, and a JSON file should say so.
  const jsonTrailingCommas = looksLikeJson(text) ? trailingCommas(text) : [];
  const list = Array.isArray(documents) ? documents : [];
  const parsed: ParsedDocument[] = list.map((yaml) => {
    const diagnostics: TemplateDiagnostic[] = [];
    for (const error of [...yaml.errors, ...yaml.warnings]) {
      const [start, end] = error.pos;
      diagnostics.push({
        range: rangeOf(lineCounter, text, start, Math.max(end, start + 1)),
        severity: yaml.errors.includes(error as never) ? 'error' : 'warning',
        code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax',
        message: syntaxMessage(error.code, error.message),
        path: '',
      });
    }
    for (const offset of jsonTrailingCommas) {
      const range = yaml.range;
      if (offset >= range[0] && offset < range[2]) {
        diagnostics.push({ range: rangeOf(lineCounter, text, offset, offset + 1), severity: 'error', code: 'trailing-comma', message: 'JSON does not allow a comma before a closing bracket.', path: '' });
      }
    }
    let value: unknown;
    try {
      value = yaml.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch (error) {
      diagnostics.push({ range: rangeOf(lineCounter, text, 0, 1), severity: 'error', code: 'syntax', message: `The document cannot be read: ${(error as Error).message}`, path: '' });
    }
    return { yaml, value, diagnostics };
  });
  return { text, documents: parsed, fileDiagnostics: [], lineCounter };
}

function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** Offsets of commas followed (after whitespace) by `]` or `}`, outside strings. */
function trailingCommas(text: string): number[] {
  const found: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] ?? '')) j++;
      if (text[j] === ']' || text[j] === '}') found.push(i);
    }
  }
  return found;
}

function syntaxMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return `${first.replace(/ at line \d+, column \d+:?$/, '')}: this key is already given above in the same object.`;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

export function rangeOf(lineCounter: LineCounter, text: string, start: number, end: number): Range {
  return { start: positionOf(lineCounter, text, start), end: positionOf(lineCounter, text, Math.min(end, text.length)) };
}

function positionOf(lineCounter: LineCounter, text: string, offset: number): Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const { line, col } = lineCounter.linePos(clamped);
  return { line: Math.max(0, line - 1), character: Math.max(0, col - 1) };
}

/** The source node at a JSON pointer: the value, or with `key` the key of the last segment. */
export function nodeAt(document: Document.Parsed, pointer: string, key = false): Node | undefined {
  const segments = pointerSegments(pointer);
  let node: unknown = document.contents;
  for (let i = 0; i < segments.length; i++) {
    node = resolveAlias(document, node);
    const segment = segments[i] ?? '';
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = findPair(document, node.items, segment);
      if (pair === undefined) return node as Node;
      node = last && key ? pair.key : pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return node as Node;
      node = item;
    } else {
      return node as Node | undefined;
    }
  }
  return node as Node | undefined;
}

function resolveAlias(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? (node.resolve(document) ?? node) : node;
}

/** A key of a map, looking through merge keys (`<<: *base`) as YAML does. */
function findPair(document: Document.Parsed, items: readonly Pair<unknown, unknown>[], key: string): Pair<unknown, unknown> | undefined {
  for (const pair of items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  for (const pair of items) {
    if (isPair(pair) && isScalar(pair.key) && pair.key.value === '<<') {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const merged = resolveAlias(document, source);
        if (isMap(merged)) {
          const found = findPair(document, merged.items, key);
          if (found !== undefined) return found;
        }
      }
    }
  }
  return undefined;
}

export function nodeRange(file: ParsedFile, node: Node | undefined): Range {
  const range = node?.range;
  if (range === undefined || range === null) return rangeOf(file.lineCounter, file.text, 0, 0);
  return rangeOf(file.lineCounter, file.text, range[0], range[1]);
}
