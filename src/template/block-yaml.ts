import type { SourceMap, SourceNode, SourcePair, SourceScalar, SourceSeq } from './source-tree';
import { blockEnd } from './source-tree';
import { MAX_DEPTH } from './limits';

/**
 * A fast reader for the YAML that templates are almost always written in: block maps and lists, plain and quoted
 * one-line scalars, one-line flow collections (`{cpu: 1, memory: 2}`), comments. It is several times faster than
 * the general `yaml` package because it does only that. Anything else (anchors, tags, block scalars, multi-line
 * scalars, several documents, tabs, any syntax error) makes it give up, and the caller reads the file with the
 * `yaml` package instead, so the result never differs: the differential test holds the two to the same tree. It
 * recurses once per level, so it also gives up on anything near MAX_DEPTH: the caller's reading says where that is.
 */
export interface FastParse {
  readonly root: SourceNode;
  readonly value: unknown;
}

/** Thrown to give up; caught once at the top (cheaper than threading "undefined" through every return). */
class NotSimple extends Error {}
const GIVE_UP = new NotSimple('not simple YAML');

interface Line {
  /** Offset of the first non-space character. */
  readonly content: number;
  /** Its column. */
  readonly indent: number;
}

interface Read {
  readonly node: SourceNode;
  readonly value: unknown;
}

interface BlockRead extends Read {
  /** The next line with content after the node, if any. */
  readonly next: Line | undefined;
}

// Characters that cannot start a plain scalar (or make its reading ambiguous enough to leave to the full parser).
const INDICATORS = new Set([
  '-',
  '?',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);
const NUMBER = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  f: '\f',
  ' ': ' ',
};

/** A plain scalar as YAML 1.2's core schema reads it (what the `yaml` package does by default). */
export function resolvePlain(text: string): string | number | boolean | null {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    default:
  }
  const first = text.charCodeAt(0);
  // Only text starting with a digit, a sign, a dot or 0 can be a number; most values are names and skip the tests.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return text;
  if (NUMBER.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

export function readSimpleYaml(text: string): FastParse | undefined {
  if (text.includes('\r') || text.includes('\t') || text.charCodeAt(0) === 0xfeff || /^(?:---|\.\.\.|%)/m.test(text))
    return undefined;
  try {
    return new BlockReader(text).read();
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

class BlockReader {
  private readonly length: number;
  /** Collections open around the one being read. */
  private open = 0;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  read(): FastParse {
    const first = this.nextLine(0);
    if (first === undefined) throw GIVE_UP;
    const root = this.block(first, -1);
    if (root.node.kind === 'scalar' || root.next !== undefined) throw GIVE_UP;
    return { root: root.node, value: root.value };
  }

  private lineEnd(at: number): number {
    const newline = this.text.indexOf('\n', at);
    return newline === -1 ? this.length : newline;
  }

  /** The next line from `from` (a line start) that has content other than a comment. */
  private nextLine(from: number): Line | undefined {
    let start = from;
    while (start < this.length) {
      let i = start;
      while (this.text.charCodeAt(i) === 32) i++;
      const end = this.lineEnd(i);
      if (i === end || this.text.charCodeAt(i) === 35) {
        start = end + 1;
        continue;
      }
      return { content: i, indent: i - start };
    }
    return undefined;
  }

  private isDash(at: number): boolean {
    const next = this.text.charCodeAt(at + 1);
    return this.text.charCodeAt(at) === 45 && (next === 32 || next === 10 || at + 1 >= this.length);
  }

  /** The node that starts at `line`'s content; lines more indented than `parent` belong to it. */
  private block(line: Line, parent: number): BlockRead {
    return this.nodeAt(line.content, line.indent, parent);
  }

  private nodeAt(at: number, column: number, parent: number): BlockRead {
    if (this.isDash(at)) return this.sequence(at, column);
    const key = this.keyAt(at);
    if (key !== undefined) return this.map(at, column);
    const inline = this.inline(at);
    const next = this.nextLine(this.lineEnd(inline.node.end) + 1);
    // A following line indented under this one would continue a multi-line scalar: leave that to the full parser.
    if (next !== undefined && next.indent > parent) throw GIVE_UP;
    return { node: inline.node, value: inline.value, next };
  }

  /** The value after `key:` or `- `, which may be on this line or start on a later one. */
  private valueAfter(at: number, column: number, sameColumnList: boolean): BlockRead {
    let i = at;
    while (this.text.charCodeAt(i) === 32) i++;
    const end = this.lineEnd(i);
    if (i < end && this.text.charCodeAt(i) !== 35) {
      if (this.isDash(i)) throw GIVE_UP; // `key: - x` is not YAML
      if (this.keyAt(i) !== undefined) throw GIVE_UP; // `key: a: b` neither (and `- a: b` is handled by nodeAt)
      const inline = this.inline(i);
      const next = this.nextLine(this.lineEnd(inline.node.end) + 1);
      if (next !== undefined && next.indent > column) throw GIVE_UP;
      return { node: inline.node, value: inline.value, next };
    }
    const next = this.nextLine(end + 1);
    if (next !== undefined && next.indent > column) return this.block(next, column);
    // YAML lets a list under a key start at the key's own column.
    if (sameColumnList && next !== undefined && next.indent === column && this.isDash(next.content))
      return this.sequence(next.content, column);
    if (i < end) throw GIVE_UP; // an empty value followed by a comment: the full parser places it
    return { node: { kind: 'scalar', value: null, start: end, end }, value: null, next };
  }

  /** Counts a collection in; out again with `leave()` when it is read (giving up leaves the whole reader). */
  private enter(): void {
    if (++this.open >= MAX_DEPTH) throw GIVE_UP;
  }

  private map(at: number, column: number): BlockRead {
    this.enter();
    const pairs: SourcePair[] = [];
    const value: Record<string, unknown> = {};
    let position = at;
    for (;;) {
      const key = this.keyAt(position);
      if (key === undefined) throw GIVE_UP;
      const name = key.node.value as string;
      if (name === '__proto__' || name === '<<' || Object.prototype.hasOwnProperty.call(value, name)) throw GIVE_UP;
      const item = this.valueAfter(key.after, column, true);
      pairs.push({ key: key.node, name, value: item.node });
      value[name] = item.value;
      const next = item.next;
      if (next === undefined || next.indent < column) {
        this.open--;
        return {
          node: {
            kind: 'map',
            pairs,
            start: at,
            end: blockEnd(this.text, item.node.end),
            flow: false,
          } satisfies SourceMap,
          value,
          next,
        };
      }
      if (next.indent > column || this.isDash(next.content)) throw GIVE_UP;
      position = next.content;
    }
  }

  private sequence(at: number, column: number): BlockRead {
    this.enter();
    const items: SourceNode[] = [];
    const values: unknown[] = [];
    let position = at;
    for (;;) {
      let i = position + 1;
      while (this.text.charCodeAt(i) === 32) i++;
      const end = this.lineEnd(i);
      const item =
        i < end && this.text.charCodeAt(i) !== 35
          ? this.nodeAt(i, i - (position - column), column)
          : this.valueAfter(i, column, false);
      items.push(item.node);
      values.push(item.value);
      const next = item.next;
      if (next === undefined || next.indent < column || (next.indent === column && !this.isDash(next.content))) {
        this.open--;
        return {
          node: {
            kind: 'seq',
            items,
            start: at,
            end: blockEnd(this.text, item.node.end),
            flow: false,
          } satisfies SourceSeq,
          value: values,
          next,
        };
      }
      if (next.indent > column) throw GIVE_UP;
      position = next.content;
    }
  }

  /** A `key:` at `at` (plain or quoted, followed by `: ` or `:` at the end of the line), or undefined. */
  private keyAt(at: number): { node: SourceScalar; after: number } | undefined {
    const c = this.text[at] ?? '';
    if (c === '"' || c === "'") {
      const quoted = this.quoted(at);
      let i = quoted.node.end;
      while (this.text.charCodeAt(i) === 32) i++;
      if (this.text.charCodeAt(i) !== 58 || !this.separates(i + 1)) return undefined;
      if (typeof quoted.value !== 'string') throw GIVE_UP;
      return { node: quoted.node as SourceScalar, after: i + 1 };
    }
    if (INDICATORS.has(c)) return undefined;
    const end = this.lineEnd(at);
    for (let i = at; i < end; i++) {
      const code = this.text.charCodeAt(i);
      if (code === 58 && this.separates(i + 1)) {
        let keyEnd = i;
        while (keyEnd > at && this.text.charCodeAt(keyEnd - 1) === 32) keyEnd--;
        const raw = this.text.slice(at, keyEnd);
        if (resolvePlain(raw) !== raw) throw GIVE_UP; // a key that reads as a number, boolean or null
        return { node: { kind: 'scalar', value: raw, start: at, end: keyEnd }, after: i + 1 };
      }
      if (code === 35 && this.text.charCodeAt(i - 1) === 32) return undefined;
    }
    return undefined;
  }

  /** `-1` and `-x` are plain scalars although `-` is an indicator: it is one only before a space. */
  private startsPlain(at: number): boolean {
    const next = this.text.charCodeAt(at + 1);
    return (
      this.text.charCodeAt(at) === 45 &&
      at + 1 < this.length &&
      next !== 32 &&
      next !== 10 &&
      next !== 44 &&
      next !== 93 &&
      next !== 125
    );
  }

  /** True when `at` ends a `:` indicator: a space, the end of the line or of the text. */
  private separates(at: number): boolean {
    const code = this.text.charCodeAt(at);
    return code === 32 || code === 10 || at >= this.length;
  }

  /** A one-line value in block context, then nothing but spaces or a comment to the end of its line. */
  private inline(at: number): Read {
    const c = this.text[at] ?? '';
    let read: Read;
    if (c === '"' || c === "'") read = this.quoted(at);
    else if (c === '[' || c === '{') read = this.flow(at);
    else if (INDICATORS.has(c) && !this.startsPlain(at)) throw GIVE_UP;
    else {
      let end = at;
      // The scalar runs to the end of the line or to a comment (` #`); search the line only.
      for (;;) {
        const code = this.text.charCodeAt(end);
        if (end >= this.length || code === 10 || (code === 35 && this.text.charCodeAt(end - 1) === 32)) break;
        end++;
      }
      while (end > at && this.text.charCodeAt(end - 1) === 32) end--;
      const raw = this.text.slice(at, end);
      if (raw.includes(': ') || raw.endsWith(':')) throw GIVE_UP;
      return { node: { kind: 'scalar', value: resolvePlain(raw), start: at, end }, value: resolvePlain(raw) };
    }
    let i = read.node.end;
    while (this.text.charCodeAt(i) === 32) i++;
    if (i < this.length && this.text.charCodeAt(i) !== 10 && !(this.text.charCodeAt(i) === 35 && i > read.node.end))
      throw GIVE_UP;
    return read;
  }

  /** A quoted scalar on one line: `"…"` with the common escapes, or `'…'` with `''` for a quote. */
  private quoted(at: number): Read {
    const quote = this.text.charCodeAt(at);
    let value = '';
    let chunk = at + 1;
    let i = at + 1;
    for (;;) {
      const code = this.text.charCodeAt(i);
      if (i >= this.length || code === 10) throw GIVE_UP;
      if (quote === 39 && code === 39) {
        if (this.text.charCodeAt(i + 1) === 39) {
          value += this.text.slice(chunk, i + 1);
          i += 2;
          chunk = i;
          continue;
        }
        break;
      }
      if (quote === 34 && code === 34) break;
      if (quote === 34 && code === 92) {
        value += this.text.slice(chunk, i);
        const escape = this.text[i + 1] ?? '';
        const simple = SIMPLE_ESCAPES[escape];
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(this.text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw GIVE_UP;
        chunk = i;
        continue;
      }
      i++;
    }
    value += this.text.slice(chunk, i);
    return { node: { kind: 'scalar', value, start: at, end: i + 1 }, value };
  }

  /** A flow collection that opens and closes on this line: `[a, "b", {c: 1}]`, `{cpu: 1, memory: 2}`. */
  private flow(at: number): Read {
    this.enter();
    const open = this.text.charCodeAt(at);
    const close = open === 91 ? 93 : 125;
    const items: SourceNode[] = [];
    const values: unknown[] = [];
    const pairs: SourcePair[] = [];
    const object: Record<string, unknown> = {};
    let i = at + 1;
    const skip = (): void => {
      while (this.text.charCodeAt(i) === 32) i++;
    };
    skip();
    if (this.text.charCodeAt(i) !== close) {
      for (;;) {
        skip();
        if (open === 91) {
          const item = this.flowValue(i, false);
          items.push(item.node);
          values.push(item.value);
          i = item.node.end;
        } else {
          const key = this.flowValue(i, true);
          if (
            key.node.kind !== 'scalar' ||
            typeof key.value !== 'string' ||
            key.value === '__proto__' ||
            key.value === '<<'
          )
            throw GIVE_UP;
          if (Object.prototype.hasOwnProperty.call(object, key.value)) throw GIVE_UP;
          i = key.node.end;
          skip();
          if (this.text.charCodeAt(i) !== 58) throw GIVE_UP;
          i++;
          skip();
          const item = this.flowValue(i, false);
          pairs.push({ key: key.node, name: key.value, value: item.node });
          object[key.value] = item.value;
          i = item.node.end;
        }
        skip();
        const code = this.text.charCodeAt(i);
        if (code === close) break;
        if (code !== 44) throw GIVE_UP;
        i++;
        skip();
        if (this.text.charCodeAt(i) === close) throw GIVE_UP; // a trailing comma: legal YAML, rare, leave it
      }
    }
    const end = i + 1;
    this.open--;
    return open === 91
      ? { node: { kind: 'seq', items, start: at, end, flow: true }, value: values }
      : { node: { kind: 'map', pairs, start: at, end, flow: true }, value: object };
  }

  private flowValue(at: number, isKey: boolean): Read {
    const c = this.text[at] ?? '';
    if (c === '"' || c === "'") return this.quoted(at);
    if (c === '[' || c === '{') {
      if (isKey) throw GIVE_UP;
      return this.flow(at);
    }
    if (INDICATORS.has(c) && !this.startsPlain(at)) throw GIVE_UP;
    let i = at;
    for (;;) {
      const code = this.text.charCodeAt(i);
      if (i >= this.length || code === 10) throw GIVE_UP;
      if (code === 44 || code === 91 || code === 93 || code === 123 || code === 125) break;
      if (code === 58) {
        const next = this.text.charCodeAt(i + 1);
        if (next === 32 || next === 44 || next === 93 || next === 125) {
          if (!isKey) throw GIVE_UP; // `[a: 1]` is a one-pair map inside a list
          break;
        }
      }
      if (code === 35 && this.text.charCodeAt(i - 1) === 32) throw GIVE_UP;
      i++;
    }
    let end = i;
    while (end > at && this.text.charCodeAt(end - 1) === 32) end--;
    if (end === at) throw GIVE_UP;
    const raw = this.text.slice(at, end);
    const value = isKey ? raw : resolvePlain(raw);
    if (isKey && resolvePlain(raw) !== raw) throw GIVE_UP;
    return { node: { kind: 'scalar', value, start: at, end }, value };
  }
}
