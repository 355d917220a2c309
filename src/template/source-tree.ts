import type { Document } from 'yaml';
import { yaml } from './yaml-package';
import { pointerSegments } from './pointer';

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

/** The node at a JSON pointer: the value, or with `key` the key of the last segment; the nearest found ancestor else. */
export function nodeAt(root: SourceNode | null, pointer: string, key = false): SourceNode | null {
  const segments = pointerSegments(pointer);
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const last = i === segments.length - 1;
    if (node?.kind === 'map') {
      const pair = node.pairs.find((p) => p.name === segment);
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

/**
 * The `yaml` package's document as a source tree. Aliases become the node they name (the same object, so ranges
 * point at the anchor); merge keys (`<<: *base`) add the merged pairs a key does not override, as YAML reads them.
 */
export function fromYamlDocument(document: Document.Parsed, text: string): SourceNode | null {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yaml();
  const converted = new Map<unknown, SourceNode>();
  const inProgress = new Set<unknown>();
  const convert = (input: unknown): SourceNode => {
    let node = input;
    if (isAlias(node)) node = node.resolve(document) ?? null;
    const done = converted.get(node);
    if (done !== undefined) return done;
    const range = (node as { range?: [number, number, number] | null } | null)?.range;
    const start = range?.[0] ?? 0;
    const end = range?.[1] ?? start;
    // An alias to a collection that is still being read (`a: &x [*x]`) would make the tree cyclic.
    if (node === null || inProgress.has(node)) return { kind: 'scalar', value: null, start, end };
    if (isMap(node)) {
      inProgress.add(node);
      const pairs: SourcePair[] = [];
      const merges: SourceNode[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = convert(pair.key);
        if (key.kind !== 'scalar') continue;
        if (key.value === '<<' && isScalar(pair.key)) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const source of sources) merges.push(convert(source));
          continue;
        }
        pairs.push({
          key,
          name: String(key.value),
          value:
            pair.value === null ? { kind: 'scalar', value: null, start: key.end, end: key.end } : convert(pair.value),
        });
      }
      const last = pairs[pairs.length - 1];
      for (const merged of merges) {
        if (merged.kind !== 'map') continue;
        for (const pair of merged.pairs) if (!pairs.some((p) => p.name === pair.name)) pairs.push(pair);
      }
      inProgress.delete(node);
      const flow = node.flow === true;
      const result: SourceMap = {
        kind: 'map',
        pairs,
        start,
        end: flow || last === undefined ? end : blockEnd(text, last.value.end),
        flow,
      };
      converted.set(node, result);
      return result;
    }
    if (isSeq(node)) {
      inProgress.add(node);
      const items = node.items.map((item) => convert(item));
      inProgress.delete(node);
      const flow = node.flow === true;
      const last = items[items.length - 1];
      const result: SourceSeq = {
        kind: 'seq',
        items,
        start,
        end: flow || last === undefined ? end : blockEnd(text, last.end),
        flow,
      };
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
  return document.contents === null ? null : convert(document.contents);
}
