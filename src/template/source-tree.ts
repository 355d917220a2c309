import type { Document } from 'yaml';
import { yaml } from './yaml-package';
import { pointerSegments } from './pointer';
import { MAX_ALIAS_VALUES, MAX_ALIASES, MAX_DEPTH, TOO_DEEP_MESSAGE } from './limits';

/**
 * The template's source tree: every key and value with its offsets, whichever parser read it (our JSON parser,
 * our fast block-YAML reader, or the `yaml` package for everything else). Validation, completion and hover walk
 * this tree only, so the three parsers agree by construction and the differential test can compare them.
 */
export interface SourceScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  /** Offsets of the scalar's own text (with its quotes, without a trailing comment). */
  readonly start: number;
  readonly end: number;
}

export interface SourcePair {
  readonly key: SourceScalar;
  /** The key as the value's object has it. */
  readonly name: string;
  readonly value: SourceNode;
}

export interface SourceMap {
  readonly kind: 'map';
  readonly pairs: SourcePair[];
  readonly start: number;
  /** After the closing brace, or for a block map after the line of its last value. */
  readonly end: number;
  readonly flow: boolean;
}

export interface SourceSeq {
  readonly kind: 'seq';
  readonly items: SourceNode[];
  readonly start: number;
  readonly end: number;
  readonly flow: boolean;
}

export type SourceNode = SourceScalar | SourceMap | SourceSeq;

/** Offsets to 0-based line and UTF-16 column, by binary search over the line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; character: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= clamped) low = middle;
      else high = middle - 1;
    }
    return { line: low, character: clamped - (this.starts[low] ?? 0) };
  }

  column(offset: number): number {
    return this.position(offset).character;
  }
}

/** The end of a block collection: just past the line its last item ends on, as the `yaml` package counts it. */
export function blockEnd(text: string, lastItemEnd: number): number {
  if (lastItemEnd > 0 && text[lastItemEnd - 1] === '\n') return lastItemEnd;
  const newline = text.indexOf('\n', lastItemEnd);
  return newline === -1 ? text.length : newline + 1;
}

/** Each map's pairs by name, made on the first look-up: a diagnostic per key of a wide map made scans quadratic. */
const pairsByName = new WeakMap<SourceMap, Map<string, SourcePair>>();

function pairNamed(map: SourceMap, name: string): SourcePair | undefined {
  if (map.pairs.length < 8) return map.pairs.find((p) => p.name === name);
  let byName = pairsByName.get(map);
  if (byName === undefined) {
    byName = new Map();
    // The first pair of a name, as a scan finds it.
    for (const pair of map.pairs) if (!byName.has(pair.name)) byName.set(pair.name, pair);
    pairsByName.set(map, byName);
  }
  return byName.get(name);
}

/** The node at a JSON pointer: the value, or with `key` the key of the last segment; the nearest found ancestor else. */
export function nodeAt(root: SourceNode | null, pointer: string, key = false): SourceNode | null {
  const segments = pointerSegments(pointer);
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const last = i === segments.length - 1;
    if (node?.kind === 'map') {
      const pair = pairNamed(node, segment);
      if (pair === undefined) return node;
      node = last && key ? pair.key : pair.value;
    } else if (node?.kind === 'seq') {
      const item = node.items[Number(segment)];
      if (item === undefined) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

/** A problem found while converting a `yaml` document: a duplicate key, or a limit of limits.ts passed. */
export interface TreeProblem {
  readonly start: number;
  readonly end: number;
  readonly code: 'duplicate-key' | 'too-deep' | 'too-many-aliases';
  readonly message: string;
}

export interface YamlTree {
  readonly root: SourceNode | null;
  readonly problems: TreeProblem[];
  /**
   * False when an alias passed a limit: it was left out of the tree (as null), and the document's value must not
   * be built by the `yaml` package, which would expand it.
   */
  readonly withinLimits: boolean;
}

/** What the yaml package says of a repeated key (it is composed with `uniqueKeys: false`, see document.ts). */
const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique: this key is already given above in the same object.';

/**
 * The `yaml` package's document as a source tree. Aliases become the node they name (the same object, so ranges
 * point at the anchor); merge keys (`<<: *base`) add the merged pairs a key does not override, as YAML reads them.
 */
export function fromYamlDocument(document: Document.Parsed, text: string): SourceNode | null {
  return readYamlTree(document, text).root;
}

/**
 * fromYamlDocument with the checks that keep the tree and its value bounded, in one pass in document order:
 *
 * * duplicate keys, by a set per map (the `yaml` package's own check scans the map per key: quadratic);
 * * aliases, resolved here by the anchors seen so far, as YAML defines them (the package's `resolve()` walks the
 *   whole document per alias: quadratic); at most MAX_ALIASES of them;
 * * how deep an alias puts what it names (an alias chain `&b [*a]`, `&c [*b]`, … nests one level per line): at most
 *   MAX_DEPTH, counted from each alias's own depth and the height of what it names;
 * * how many values aliases add once expanded (the "billion laughs"): at most MAX_ALIAS_VALUES.
 *
 * An alias past a limit becomes null in the tree, with one problem at that alias. Recursion here follows the
 * document as written, which the caller has already held to MAX_DEPTH.
 */
export function readYamlTree(document: Document.Parsed, text: string): YamlTree {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  const converted = new Map<unknown, SourceNode>();
  const inProgress = new Set<unknown>();
  const anchors = new Map<string, unknown>();
  /** Height (levels of collections below and including it) and expanded size of each collection converted. */
  const heights = new WeakMap<SourceNode, number>();
  const sizes = new WeakMap<SourceNode, number>();
  const heightOf = (node: SourceNode): number => heights.get(node) ?? 0;
  const sizeOf = (node: SourceNode): number => sizes.get(node) ?? 1;
  const problems: TreeProblem[] = [];
  let aliases = 0;
  let aliasValues = 0;
  let withinLimits = true;
  const rangeOf = (node: unknown): [number, number] => {
    const range = (node as { range?: [number, number, number] | null } | null)?.range;
    const start = range?.[0] ?? 0;
    return [start, range?.[1] ?? start];
  };
  const refuse = (alias: unknown, code: TreeProblem['code'], message: string): SourceScalar => {
    const [start, end] = rangeOf(alias);
    if (withinLimits) problems.push({ start, end: Math.max(end, start + 1), code, message });
    withinLimits = false;
    return { kind: 'scalar', value: null, start, end };
  };
  const convert = (input: unknown, depth: number): SourceNode => {
    let node = input;
    if (isAlias(node)) {
      if (!withinLimits) return refuse(node, 'too-many-aliases', '');
      if (++aliases > MAX_ALIASES)
        return refuse(
          node,
          'too-many-aliases',
          `More than ${MAX_ALIASES} aliases in one document, the most a template may have; the document is not read.`,
        );
      node = anchors.get(node.source) ?? null;
      const target = converted.get(node);
      if (target !== undefined) {
        // What the alias names sits at the alias's depth, and all of it is copied there once expanded.
        if (depth + heightOf(target) > MAX_DEPTH) return refuse(input, 'too-deep', TOO_DEEP_MESSAGE);
        aliasValues += sizeOf(target);
        if (aliasValues > MAX_ALIAS_VALUES)
          return refuse(
            input,
            'too-many-aliases',
            `Aliases here expand the document by more than ${MAX_ALIAS_VALUES} values, the most a template may have; the document is not read.`,
          );
        return target;
      }
    }
    const done = converted.get(node);
    if (done !== undefined) return done;
    // An alias to a collection that is still being read (`a: &x [*x]`) would make the tree cyclic; one to no anchor
    // names nothing. Either is null, where the alias is written (found by the fuzz suite: at offset 0 before).
    if (node === null || inProgress.has(node)) {
      const [at, until] = rangeOf(input);
      return { kind: 'scalar', value: null, start: at, end: until };
    }
    const [start, end] = rangeOf(node);
    // An anchor names the last node given it before the alias, counting a collection before what is in it.
    const anchor = (node as { anchor?: unknown }).anchor;
    if (typeof anchor === 'string' && anchor !== '') anchors.set(anchor, node);
    if (isMap(node)) {
      inProgress.add(node);
      const pairs: SourcePair[] = [];
      const names = new Set<string>();
      const keys = new Set<unknown>();
      const merges: SourceNode[] = [];
      let height = 0;
      let size = 1;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key)) {
          const keyValue: unknown = pair.key.value;
          // As the yaml package compares keys: by ===, so NaN never repeats.
          if (keys.has(keyValue)) {
            const [keyStart] = rangeOf(pair.key);
            problems.push({
              start: keyStart,
              end: keyStart + 1,
              code: 'duplicate-key',
              message: DUPLICATE_KEY_MESSAGE,
            });
          } else if (keyValue === keyValue) keys.add(keyValue);
        }
        const key = convert(pair.key, depth + 1);
        if (key.kind !== 'scalar') continue;
        if (key.value === '<<' && isScalar(pair.key)) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const source of sources) merges.push(convert(source, depth + 1));
          continue;
        }
        const value =
          pair.value === null
            ? ({ kind: 'scalar', value: null, start: key.end, end: key.end } as const)
            : convert(pair.value, depth + 1);
        names.add(String(key.value));
        pairs.push({ key, name: String(key.value), value });
        height = Math.max(height, heightOf(value));
        size += sizeOf(value);
      }
      const last = pairs[pairs.length - 1];
      // Where the last value is written: an alias's own place, not that of the node it names (which is earlier).
      const lastValue = node.items[node.items.length - 1];
      const lastEnd =
        isPair(lastValue) && isAlias(lastValue.value) ? rangeOf(lastValue.value)[1] : (last?.value.end ?? end);
      for (const merged of merges) {
        if (merged.kind !== 'map') continue;
        for (const pair of merged.pairs) {
          if (names.has(pair.name)) continue;
          names.add(pair.name);
          pairs.push(pair);
          height = Math.max(height, heightOf(pair.value));
          size += sizeOf(pair.value);
        }
      }
      inProgress.delete(node);
      const flow = node.flow === true;
      const result: SourceMap = {
        kind: 'map',
        pairs,
        start,
        end: flow || last === undefined ? end : blockEnd(text, lastEnd),
        flow,
      };
      heights.set(result, height + 1);
      sizes.set(result, Math.min(size, Number.MAX_SAFE_INTEGER));
      converted.set(node, result);
      return result;
    }
    if (isSeq(node)) {
      inProgress.add(node);
      const items = node.items.map((item) => convert(item, depth + 1));
      inProgress.delete(node);
      const flow = node.flow === true;
      const last = items[items.length - 1];
      const lastItem = node.items[node.items.length - 1];
      const result: SourceSeq = {
        kind: 'seq',
        items,
        start,
        end: flow || last === undefined ? end : blockEnd(text, isAlias(lastItem) ? rangeOf(lastItem)[1] : last.end),
        flow,
      };
      heights.set(result, 1 + items.reduce((most, item) => Math.max(most, heightOf(item)), 0));
      sizes.set(
        result,
        Math.min(
          items.reduce((sum, item) => sum + sizeOf(item), 1),
          Number.MAX_SAFE_INTEGER,
        ),
      );
      converted.set(node, result);
      return result;
    }
    const value = isScalar(node) ? node.value : null;
    const scalar: SourceScalar = {
      kind: 'scalar',
      value:
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : value === null
            ? null
            : String(value),
      start,
      end,
    };
    converted.set(node, scalar);
    return scalar;
  };
  const root = document.contents === null ? null : convert(document.contents, 0);
  return { root, problems, withinLimits };
}
