import type { Document, Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { ParsedFile, Range } from './document';
import { parseTemplateText, rangeOf } from './document';
import { escapePointerSegment } from './pointer';
import type { SchemaNode } from './schema';
import { schemaAt, typesOf } from './schema';

/**
 * Completion and hover from the same schema that validates, for JSON and YAML alike. Pure functions over text
 * and an offset; the VS Code providers only translate positions and item kinds.
 */
export interface CompletionItem {
  readonly label: string;
  readonly kind: 'property' | 'value' | 'snippet';
  /** Text to insert; snippets use `${1:placeholder}` tab stops. */
  readonly insertText: string;
  readonly isSnippet: boolean;
  readonly detail?: string | undefined;
  readonly documentation?: string | undefined;
}

export interface CompletionContext {
  /** Region IDs to offer for `regionId` (by default the regions ECI is known to serve). */
  readonly regions?: readonly string[] | undefined;
  /** Image cache IDs of the signed-in account, offered for `imageSnapshotId`-like fields when known. */
  readonly imageCacheIds?: readonly string[] | undefined;
}

export const KNOWN_REGIONS = [
  'cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-qingdao', 'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu', 'cn-shenzhen', 'cn-heyuan',
  'cn-guangzhou', 'cn-chengdu', 'cn-hongkong', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-5', 'ap-southeast-6',
  'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-west-1', 'me-east-1', 'me-central-1',
];

interface Location {
  /** JSON pointer of the collection or value the offset is in. */
  readonly pointer: string;
  /** True when the offset is where a key of the map at `pointer` goes (an existing key or a new one). */
  readonly onKey: boolean;
  /** The node the offset is in. */
  readonly node: Node | undefined;
  /** The keys already present in the map at `pointer` (for key completion). */
  readonly presentKeys: readonly string[];
  /** The key under the cursor, if any. */
  readonly currentKey?: string | undefined;
}

function contains(node: { range?: [number, number, number] | null | undefined } | null | undefined, offset: number): boolean {
  const range = node?.range;
  return range !== undefined && range !== null && offset >= range[0] && offset <= range[1];
}

/** Where an offset is in a document: descends through maps and lists to the deepest node around it. */
function locate(document: Document.Parsed, offset: number): Location {
  let node: unknown = document.contents;
  let pointer = '';
  for (;;) {
    if (isMap(node)) {
      const keys = node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')).filter((k) => k !== '');
      let next: unknown;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (contains(pair.key as Node, offset)) return { pointer, onKey: true, node: pair.key as Node, presentKeys: keys, currentKey: key };
        if (pair.value !== null && contains(pair.value as Node, offset) && (isMap(pair.value) || isSeq(pair.value))) {
          pointer = `${pointer}/${escapePointerSegment(key)}`;
          next = pair.value;
          break;
        }
        if (pair.value !== null && contains(pair.value as Node, offset)) return { pointer: `${pointer}/${escapePointerSegment(key)}`, onKey: false, node: pair.value as Node, presentKeys: keys, currentKey: key };
      }
      if (next === undefined) return { pointer, onKey: true, node: node as Node, presentKeys: keys };
      node = next;
      continue;
    }
    if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item as Node, offset));
      if (index === -1) return { pointer: `${pointer}/${node.items.length}`, onKey: false, node: node as Node, presentKeys: [] };
      pointer = `${pointer}/${index}`;
      const item = node.items[index];
      if (isMap(item) || isSeq(item)) {
        node = item;
        continue;
      }
      return { pointer, onKey: false, node: item as Node, presentKeys: [] };
    }
    return { pointer, onKey: false, node: node as Node | undefined, presentKeys: [] };
  }
}

function documentAt(file: ParsedFile, offset: number): Document.Parsed | undefined {
  return file.documents.find((d) => offset >= d.yaml.range[0] && offset <= d.yaml.range[2])?.yaml ?? file.documents[file.documents.length - 1]?.yaml;
}

function typeText(schema: SchemaNode): string {
  const types = typesOf(schema).filter((t) => !(t === 'string' && typesOf(schema).length > 1));
  if (schema.enum !== undefined) return schema.enum.filter((v) => v !== '').join(' | ');
  if (types.includes('array')) return 'list';
  return types.join(' | ') || 'value';
}

function limits(schema: SchemaNode): string[] {
  const out: string[] = [];
  if (schema.minimum !== undefined && schema.maximum !== undefined) out.push(`${schema.minimum}–${schema.maximum}`);
  else if (schema.minimum !== undefined) out.push(`at least ${schema.minimum}`);
  else if (schema.maximum !== undefined) out.push(`at most ${schema.maximum}`);
  if (schema.exclusiveMinimum !== undefined) out.push(`more than ${schema.exclusiveMinimum}`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema.minLength !== undefined && schema.maxLength !== undefined) out.push(`${schema.minLength}–${schema.maxLength} characters`);
  else if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength} characters`);
  return out;
}

/** The hover text for the key or value at an offset: description, type, limits, allowed values and an example. */
export function hover(text: string, offset: number): { markdown: string; range: Range } | undefined {
  const file = parseTemplateText(text);
  const document = documentAt(file, offset);
  if (document === undefined) return undefined;
  const location = locate(document, offset);
  const pointer = location.onKey && location.currentKey !== undefined ? `${location.pointer}/${escapePointerSegment(location.currentKey)}` : location.pointer;
  const schema = schemaAt(pointer);
  if (schema?.markdownDescription === undefined || location.node?.range == null) return undefined;
  const name = pointer.split('/').filter((s) => !/^\d+$/.test(s)).pop() ?? 'template';
  const lines = [`**${name}** — \`${typeText(schema)}\``, '', schema.markdownDescription];
  const limitText = limits(schema);
  if (limitText.length > 0) lines.push('', `Limits: ${limitText.join(', ')}.`);
  if (schema.enum !== undefined && schema.enumDescriptions !== undefined) {
    lines.push('', ...schema.enum.map((value, i) => `* \`${value === '' ? '""' : value}\`: ${schema.enumDescriptions?.[i] ?? ''}`));
  }
  if (schema.examples !== undefined && schema.examples.length > 0) lines.push('', `Example: \`${JSON.stringify(schema.examples[0])}\``);
  const range = location.node.range;
  return { markdown: lines.join('\n'), range: rangeOf(file.lineCounter, file.text, range[0], range[1]) };
}

function snippetText(body: unknown, json: boolean, indent: string): string {
  // defaultSnippets use "^${1:80}" for a tab stop that is a number or boolean (unquoted).
  const render = (value: unknown, depth: number): string => {
    const pad = `${indent}${'  '.repeat(depth)}`;
    if (Array.isArray(value)) {
      if (json) return `[${value.map((v) => render(v, depth + 1)).join(', ')}]`;
      return value.map((v) => `\n${pad}- ${render(v, depth + 1).replace(/^\n\s*/, '')}`).join('');
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) return '{}';
      if (json) return `{ ${entries.map(([k, v]) => `"${k}": ${render(v, depth + 1)}`).join(', ')} }`;
      return entries.map(([k, v]) => `\n${pad}${k}:${typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0) ? render(v, depth + 1) : ` ${render(v, depth + 1)}`}`).join('');
    }
    if (typeof value === 'string') return value.startsWith('^') ? value.slice(1) : json ? `"${value}"` : value;
    return String(value);
  };
  return render(body, 0).replace(/^\n\s*/, '');
}

/** Completion items at an offset: keys not yet present, enum values with their descriptions, snippets, regions. */
export function complete(text: string, offset: number, context: CompletionContext = {}): CompletionItem[] {
  const file = parseTemplateText(text);
  const json = /^\s*[[{]/.test(text);
  const document = documentAt(file, offset);
  const location = document === undefined ? { pointer: '', onKey: true, presentKeys: [], node: undefined } : locate(document, offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  // A key already written on this line, with the cursor after its colon, asks for a value.
  const afterColon = /^\s*(?:-\s+)?"?([A-Za-z$][\w$]*)"?\s*:\s*"?[^"]*$/.exec(linePrefix);
  if (afterColon?.[1] !== undefined && location.onKey) {
    const pointer = `${location.pointer}/${escapePointerSegment(afterColon[1])}`;
    return valueItems(pointer, schemaAt(pointer), json, context);
  }
  // YAML: on a line with only indentation (and maybe a word being typed), the indentation says where the new key
  // or list item belongs, even past the end of the source range of the map or list it extends.
  if (!json && document !== undefined && /^\s*(?:-\s+)?[\w$]*$/.test(linePrefix)) {
    const dash = /^(\s*)-\s+[\w$]*$/.exec(linePrefix);
    const column = /^(\s*(?:-\s+)?)/.exec(linePrefix)?.[1]?.length ?? 0;
    const block = blockAt(file, document, offset, column, dash?.[1]?.length);
    if (block?.kind === 'map') return keyItems(block.pointer, block.keys, undefined, json);
    if (block?.kind === 'list') return valueItems(block.pointer, schemaAt(block.pointer), json, context);
  }
  if (location.onKey) return keyItems(location.pointer, location.presentKeys, location.currentKey, json);
  return valueItems(location.pointer, schemaAt(location.pointer), json, context);
}

/**
 * What an indented blank line continues: the last map before `offset` whose keys start at `column`, a key with no
 * value yet above it (its value becomes a map), or, for a `- ` line, the list whose dashes are at `dashColumn`.
 */
function blockAt(
  file: ParsedFile,
  document: Document.Parsed,
  offset: number,
  column: number,
  dashColumn: number | undefined,
): { kind: 'map' | 'list'; pointer: string; keys: string[] } | undefined {
  let found: { kind: 'map' | 'list'; pointer: string; keys: string[]; start: number } | undefined;
  const columnOf = (at: number): number => file.lineCounter.linePos(at).col - 1;
  const consider = (candidate: { kind: 'map' | 'list'; pointer: string; keys: string[]; start: number }): void => {
    if (candidate.start <= offset && (found === undefined || candidate.start > found.start)) found = candidate;
  };
  const visit = (node: unknown, pointer: string): void => {
    if (isMap(node)) {
      const start = (node.items[0]?.key as Node | null | undefined)?.range?.[0];
      if (dashColumn === undefined && start !== undefined && columnOf(start) === column) {
        consider({ kind: 'map', pointer, keys: node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '')), start });
      }
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const child = `${pointer}/${escapePointerSegment(String(pair.key.value))}`;
        const keyStart = pair.key.range?.[0];
        const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null);
        if (empty && keyStart !== undefined && columnOf(keyStart) < column) consider({ kind: dashColumn === undefined ? 'map' : 'list', pointer: child, keys: [], start: keyStart });
        visit(pair.value, child);
      }
    } else if (isSeq(node)) {
      const start = node.range?.[0];
      if (dashColumn !== undefined && start !== undefined && columnOf(start) === dashColumn) consider({ kind: 'list', pointer, keys: [], start });
      node.items.forEach((item, i) => visit(item, `${pointer}/${i}`));
    }
  };
  visit(document.contents, '');
  return found === undefined ? undefined : { kind: found.kind, pointer: found.pointer, keys: found.keys };
}

function keyItems(pointer: string, presentKeys: readonly string[], currentKey: string | undefined, json: boolean): CompletionItem[] {
  const schema = schemaAt(pointer);
  const items: CompletionItem[] = [];
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    if (key === '$schema' || (presentKeys.includes(key) && key !== currentKey)) continue;
    const isObject = typesOf(property).includes('object');
    const isArray = typesOf(property).includes('array');
    const insertText = json ? `"${key}": ${isObject ? '{$1}' : isArray ? '[$1]' : '$1'}` : `${key}:${isObject || isArray ? '\n  ' : ' '}`;
    items.push({ label: key, kind: 'property', insertText, isSnippet: json, detail: typeText(property), documentation: property.markdownDescription });
  }
  for (const snippet of schema?.defaultSnippets ?? []) {
    items.push({ label: snippet.label, kind: 'snippet', insertText: snippetText(snippet.body, json, ''), isSnippet: true, detail: 'snippet', documentation: schema?.markdownDescription });
  }
  return items;
}

function valueItems(pointer: string, schema: SchemaNode | undefined, json: boolean, context: CompletionContext): CompletionItem[] {
  if (schema === undefined) return [];
  const quote = (v: string): string => (json ? `"${v}"` : v);
  const items: CompletionItem[] = [];
  (schema.enum ?? []).forEach((value, i) => {
    if (value === '') return;
    items.push({ label: value, kind: 'value', insertText: quote(value), isSnippet: false, documentation: schema.enumDescriptions?.[i] });
  });
  if (typesOf(schema).includes('boolean')) for (const value of ['true', 'false']) items.push({ label: value, kind: 'value', insertText: value, isSnippet: false });
  if (pointer === '/regionId') for (const region of context.regions ?? KNOWN_REGIONS) items.push({ label: region, kind: 'value', insertText: quote(region), isSnippet: false, detail: 'region' });
  for (const id of pointer.endsWith('imageCacheId') ? (context.imageCacheIds ?? []) : []) items.push({ label: id, kind: 'value', insertText: quote(id), isSnippet: false, detail: 'image cache' });
  const target = schema.items ?? schema;
  for (const snippet of target.defaultSnippets ?? []) items.push({ label: snippet.label, kind: 'snippet', insertText: snippetText(snippet.body, json, ''), isSnippet: true, detail: 'snippet', documentation: target.markdownDescription });
  return items;
}
