import type { SourceMap, SourceNode, SourcePair, SourceScalar, SourceSeq } from './source-tree';
import { escapePointerSegment } from './pointer';
import { LineIndex } from './source-tree';
import { MAX_DEPTH, TOO_DEEP_MESSAGE } from './limits';

/**
 * A JSON reader for `.eci.json` templates that keeps every offset and, unlike a YAML parser reading JSON, names the
 * first real mistake in JSON's own terms (a missing comma, an unquoted word, a bracket never closed) and then
 * recovers, so that one slip does not hide the rest of the file behind a cascade of follow-on errors.
 */
export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly code: 'syntax' | 'trailing-comma' | 'duplicate-key' | 'too-deep';
  readonly message: string;
}

export interface JsonOptions {
  /**
   * Whether a key belongs to the items of the list at a JSON pointer (from the schema). It guides recovery when a
   * `"key": value` turns up where a list item should be: an object closed too early, or a list never closed.
   */
  readonly isItemKey?: (listPointer: string, key: string) => boolean;
}

export interface JsonParse {
  readonly root: SourceNode | null;
  readonly value: unknown;
  readonly problems: SyntaxProblem[];
}

/** Beyond this many problems the file is too broken for more messages to help. */
const MAX_PROBLEMS = 20;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[^\s,:[\]{}"']+/y;

interface Parsed {
  readonly node: SourceNode;
  readonly value: unknown;
  /** For an object: what it takes to read more properties into it, if it turns out to have closed too early. */
  readonly object?: ObjectState;
}

interface ObjectState {
  readonly start: number;
  readonly pointer: string;
  readonly pairs: SourcePair[];
  /** The names in `pairs`, for the duplicate check: a scan of `pairs` per key made wide objects quadratic. */
  readonly names: Set<string>;
  readonly value: Record<string, unknown>;
}

export function parseJson(text: string, options: JsonOptions = {}): JsonParse {
  const problems: SyntaxProblem[] = [];
  let pos = 0;
  let gaveUp = false;
  let lines: LineIndex | undefined;
  /** Where a list was ended at a stray property (its `]` was missing): the property follows without a comma. */
  let listEndedAt = -1;
  const lineOf = (offset: number): number => (lines ??= new LineIndex(text)).position(offset).line + 1;

  const problem = (start: number, end: number, message: string, code: SyntaxProblem['code'] = 'syntax'): void => {
    // The one too-deep problem ends the reading, so it is kept even past the cap: it says why the rest is unread.
    if (problems.length < MAX_PROBLEMS || code === 'too-deep')
      problems.push({ start, end: Math.max(end, start + 1), code, message });
  };
  const describeAt = (at: number): string => {
    if (at >= text.length) return 'the end of the file';
    WORD.lastIndex = at;
    const word = WORD.exec(text)?.[0];
    return `\`${(word ?? text[at] ?? '').slice(0, 40)}\``;
  };

  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else if (c === 47 && (text[pos + 1] === '/' || text[pos + 1] === '*')) {
        // Comments are not JSON (the API would refuse the template), but reading past them keeps the rest checked.
        const start = pos;
        const close = text[pos + 1] === '/' ? text.indexOf('\n', pos) : text.indexOf('*/', pos + 2);
        pos = close === -1 ? text.length : text[pos + 1] === '/' ? close : close + 2;
        problem(start, pos, 'JSON does not allow comments; remove it or write the template in YAML.');
      } else return;
    }
  };

  const parseString = (): SourceScalar => {
    const start = pos;
    pos++;
    let value = '';
    let chunk = pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (pos >= text.length || c === 10) {
        problem(start, pos, 'This string is never closed: a `"` is missing.');
        return { kind: 'scalar', value: value + text.slice(chunk, pos), start, end: pos };
      }
      if (c === 34) break;
      if (c < 32) {
        problem(pos, pos + 1, 'A control character (such as a tab) must be escaped inside a JSON string.');
      } else if (c === 92) {
        value += text.slice(chunk, pos);
        const escape = text[pos + 1] ?? '';
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (simple[escape] !== undefined) {
          value += simple[escape];
          pos += 2;
        } else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          value += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else {
          problem(pos, pos + 2, `\`\\${escape}\` is not a JSON escape; write \`\\\\\` for a backslash.`);
          pos += 2;
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
    value += text.slice(chunk, pos);
    pos++;
    return { kind: 'scalar', value, start, end: pos };
  };

  /** Past a bracketed block and its nested brackets and strings (for recovery only). */
  const skipBalanced = (): void => {
    let depth = 0;
    while (pos < text.length) {
      const c = text[pos];
      if (c === '"') {
        const saved = problems.length;
        parseString();
        problems.length = saved;
        continue;
      }
      pos++;
      if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth <= 0) return;
    }
  };

  /** At a string followed by `:`: the property name and its extent (without moving on). */
  const strayProperty = (): { name: string; start: number; end: number } | undefined => {
    const saved = pos;
    const problemCount = problems.length;
    const key = parseString();
    skipSpace();
    const isProperty = text[pos] === ':';
    pos = saved;
    problems.length = problemCount;
    return isProperty ? { name: String(key.value), start: key.start, end: key.end } : undefined;
  };

  /** A value, or undefined (with a problem reported) when there is none at `pos`. */
  const parseValue = (depth: number, pointer: string): Parsed | undefined => {
    skipSpace();
    const start = pos;
    const c = text[pos];
    if (depth > MAX_DEPTH) {
      // Reading on would recurse once more per level; everything after this point is left unread.
      problem(start, start + 1, TOO_DEEP_MESSAGE, 'too-deep');
      gaveUp = true;
      return undefined;
    }
    if (c === '{') return parseObject(depth, pointer);
    if (c === '[') return parseArray(depth, pointer);
    if (c === '"') {
      const node = parseString();
      return { node, value: node.value };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = pos;
      const match = NUMBER.exec(text);
      WORD.lastIndex = pos;
      const word = WORD.exec(text)?.[0] ?? '';
      if (match !== null && match[0].length === word.length) {
        pos += match[0].length;
        const value = Number(match[0]);
        return { node: { kind: 'scalar', value, start, end: pos }, value };
      }
      pos += Math.max(1, word.length);
      problem(start, pos, `\`${word}\` is not a JSON number.`);
      return undefined;
    }
    WORD.lastIndex = pos;
    const word = WORD.exec(text)?.[0];
    if (word !== undefined) {
      pos += word.length;
      if (word === 'true' || word === 'false' || word === 'null') {
        const value = word === 'null' ? null : word === 'true';
        return { node: { kind: 'scalar', value, start, end: pos }, value };
      }
      problem(
        start,
        pos,
        `\`${word.slice(0, 40)}\` is not a JSON value: write a number, a string in double quotes, true, false or null.`,
      );
      return undefined;
    }
    if (c === "'") {
      const close = text.indexOf("'", pos + 1);
      const end = close === -1 || text.slice(pos, close).includes('\n') ? pos + 1 : close + 1;
      problem(start, end, 'JSON strings use double quotes, not single quotes.');
      pos = end;
      return undefined;
    }
    problem(start, start + 1, `Expected a value, found ${describeAt(start)}.`);
    return undefined;
  };

  const parseObject = (depth: number, pointer: string): Parsed => {
    const state: ObjectState = { start: pos, pointer, pairs: [], names: new Set(), value: {} };
    pos++;
    return readProperties(depth, state);
  };

  /** Properties up to the closing `}`: of a new object, or of one reopened because a `}` closed it too early. */
  const readProperties = (depth: number, state: ObjectState): Parsed => {
    const { start, pairs, names, value } = state;
    for (;;) {
      skipSpace();
      if (gaveUp) break;
      const c = text[pos];
      if (c === '}') {
        pos++;
        break;
      }
      if (c === undefined) {
        problem(pos, pos + 1, `The object opened on line ${lineOf(start)} is never closed: a \`}\` is missing.`);
        gaveUp = true;
        break;
      }
      if (c === ']') {
        problem(pos, pos + 1, 'An extra `]`: no list is open here.');
        pos++;
        skipSpace();
        if (text[pos] === ',') pos++;
        continue;
      }
      let key: SourceScalar | undefined;
      if (c === '"') key = parseString();
      else if (c === '{' || c === '[') {
        // A value where a property name should be (an item outside its list): skip it whole, not brace by brace.
        const at = pos;
        problem(
          at,
          at + 1,
          `Expected a property name in double quotes, found \`${c}\`: is this an item outside its list?`,
        );
        skipBalanced();
        if (pos === at) pos++;
        skipSpace();
        if (text[pos] === ',') pos++;
        continue;
      } else {
        WORD.lastIndex = pos;
        const word = WORD.exec(text)?.[0];
        const keyStart = pos;
        pos += word?.length ?? 1;
        problem(
          keyStart,
          pos,
          word === undefined
            ? `Expected a property name in double quotes, found ${describeAt(keyStart)}.`
            : `Property names are written in double quotes: "${word}".`,
        );
        if (word !== undefined) key = { kind: 'scalar', value: word, start: keyStart, end: pos };
        else continue;
      }
      skipSpace();
      if (text[pos] === ':') pos++;
      else problem(key.end, key.end + 1, `Expected a \`:\` after the property name "${String(key.value)}".`);
      const name = String(key.value);
      const item = parseValue(depth + 1, `${state.pointer}/${escapePointerSegment(name)}`);
      if (item !== undefined) {
        if (names.has(name))
          problem(
            key.start,
            key.end,
            `"${name}" is already given above in the same object: each key once.`,
            'duplicate-key',
          );
        else {
          names.add(name);
          pairs.push({ key, name, value: item.node });
          if (item.value !== undefined)
            Object.defineProperty(value, name, {
              value: item.value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
        }
      }
      // Given up below (too deep): unwinding, each level would otherwise complain of what follows it.
      if (gaveUp) break;
      skipSpace();
      const after = text[pos];
      if (after === ',') {
        const comma = pos;
        pos++;
        skipSpace();
        if (text[pos] === '}')
          problem(comma, comma + 1, 'JSON does not allow a comma before a closing bracket.', 'trailing-comma');
      } else if (after === '"') {
        if (pos !== listEndedAt) problem(pos, pos + 1, 'A comma is missing before this property.');
      } else if (after !== '}' && after !== undefined && after !== ']') {
        problem(pos, pos + 1, `Expected \`,\` or \`}\` after a property value, found ${describeAt(pos)}.`);
        pos++;
      }
    }
    return { node: { kind: 'map', pairs, start, end: pos, flow: true } satisfies SourceMap, value, object: state };
  };

  const parseArray = (depth: number, pointer: string): Parsed => {
    const start = pos;
    pos++;
    const items: SourceNode[] = [];
    const value: unknown[] = [];
    let last: Parsed | undefined;
    for (;;) {
      skipSpace();
      if (gaveUp) break;
      const c = text[pos];
      if (c === ']') {
        pos++;
        break;
      }
      const stray = c === '"' ? strayProperty() : undefined;
      if (stray !== undefined) {
        // A `"key": value` where a list item should be. If the key belongs to the items and the item before is an
        // object, a `}` closed that object too early: read on into it. Otherwise the list was never closed.
        const previous = last?.object;
        const before = text.lastIndexOf('}', stray.start - 1);
        if (previous !== undefined && before !== -1 && options.isItemKey?.(pointer, stray.name) === true) {
          problem(
            before,
            before + 1,
            `This \`}\` closes the object too early: "${stray.name}" on line ${lineOf(stray.start)} belongs in it.`,
          );
          const reopened = readProperties(depth + 1, previous);
          items[items.length - 1] = reopened.node;
          last = reopened;
        } else {
          problem(
            stray.start,
            stray.end,
            `A \`]\` is missing before "${stray.name}": the list opened on line ${lineOf(start)} is never closed.`,
          );
          pos = stray.start;
          listEndedAt = pos;
          return { node: { kind: 'seq', items, start, end: pos, flow: true } satisfies SourceSeq, value };
        }
        skipSpace();
        if (text[pos] === ',') pos++;
        continue;
      }
      if (c === undefined || c === '}') {
        problem(pos, pos + 1, `The list opened on line ${lineOf(start)} is never closed: a \`]\` is missing.`);
        if (c === undefined) gaveUp = true;
        break;
      }
      const before = pos;
      const item = parseValue(depth + 1, `${pointer}/${items.length}`);
      if (item !== undefined) {
        items.push(item.node);
        value.push(item.value);
        last = item;
      } else if (pos === before) pos++;
      if (gaveUp) break;
      skipSpace();
      const after = text[pos];
      if (after === ',') {
        const comma = pos;
        pos++;
        skipSpace();
        if (text[pos] === ']')
          problem(comma, comma + 1, 'JSON does not allow a comma before a closing bracket.', 'trailing-comma');
      } else if (after !== ']' && after !== undefined && after !== '}') {
        problem(pos, pos + 1, `A comma is missing between list items (found ${describeAt(pos)}).`);
      }
    }
    return { node: { kind: 'seq', items, start, end: pos, flow: true } satisfies SourceSeq, value };
  };

  skipSpace();
  if (pos >= text.length) return { root: null, value: null, problems };
  let top = parseValue(0, '');
  skipSpace();
  // `}, "key": …` after the template's object: a `}` closed the template too early; read the rest into it.
  while (top?.object !== undefined && text[pos] === ',' && !gaveUp) {
    const close = top.node.end - 1;
    pos++;
    skipSpace();
    if (text[pos] !== '"' || strayProperty() === undefined) {
      pos = close + 1;
      skipSpace();
      break;
    }
    problem(close, close + 1, 'This `}` closes the template too early: more properties follow.');
    top = readProperties(1, top.object);
    skipSpace();
  }
  if (pos < text.length && !gaveUp) {
    const extra =
      text[pos] === '}' || text[pos] === ']'
        ? `An extra \`${text[pos] ?? ''}\`: the template already ended above.`
        : `Unexpected ${describeAt(pos)} after the end of the template.`;
    problem(pos, pos + 1, extra);
  }
  return { root: top?.node ?? null, value: top?.value ?? null, problems };
}
