import type { ParsedFile, Range, TemplateLanguage } from './document';
import { parseTemplateText, rangeOf } from './document';
import { escapePointerSegment } from './pointer';
import type { SchemaNode } from './schema';
import { schemaAt, typesOf } from './schema';
import type { SpecDialect } from './dialects';
import { ECI_TEMPLATE } from './dialects';
import type { SourceNode } from './source-tree';
import type { AvailableResources } from '../eci/available-resources';
import type { Locale } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';
import { availabilityItems } from './availability';
import { MAX_DEPTH, MAX_TEMPLATE_BYTES } from './limits';

/** The most characters of the cursor's line that completion reads before the cursor. */
const MAX_LINE_PREFIX = 1000;

/**
 * Completion and hover from the same schema that validates, for JSON and YAML alike. Pure functions over text
 * and an offset; the VS Code providers only translate positions and item kinds. What they say is in the locale
 * asked: the descriptions from the dialect's schema in that language, their own words from the core's catalog.
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
  /** The image caches of the signed-in account in the template's region, offered for `imageSnapshotId`. */
  readonly imageCaches?: readonly { readonly id: string; readonly name: string; readonly status: string }[] | undefined;
  /** What the template's region sells now, offered for `instanceType` and `resources` (availability.ts). */
  readonly availableResources?: AvailableResources | undefined;
}

interface Location {
  /** JSON pointer of the collection or value the offset is in. */
  readonly pointer: string;
  /** True when the offset is where a key of the map at `pointer` goes (an existing key or a new one). */
  readonly onKey: boolean;
  /** The node the offset is in. */
  readonly node: SourceNode | null;
  /** The keys already present in the map at `pointer` (for key completion). */
  readonly presentKeys: readonly string[];
  /** The key under the cursor, if any. */
  readonly currentKey?: string | undefined;
}

function contains(node: SourceNode, offset: number): boolean {
  return offset >= node.start && offset <= node.end;
}

/**
 * Where an offset is in a document: descends through maps and lists to the deepest node around it. A loop, and at
 * most MAX_DEPTH levels down (aliases share nodes, so a tree could in principle lead deeper than it is written).
 */
function locate(root: SourceNode | null, offset: number): Location {
  let node = root;
  let pointer = '';
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH) return { pointer, onKey: false, node, presentKeys: [] };
    if (node?.kind === 'map') {
      const keys = node.pairs.map((pair) => pair.name);
      let next: SourceNode | undefined;
      for (const pair of node.pairs) {
        if (contains(pair.key, offset))
          return { pointer, onKey: true, node: pair.key, presentKeys: keys, currentKey: pair.name };
        if (contains(pair.value, offset)) {
          if (pair.value.kind !== 'scalar') {
            pointer = `${pointer}/${escapePointerSegment(pair.name)}`;
            next = pair.value;
            break;
          }
          return {
            pointer: `${pointer}/${escapePointerSegment(pair.name)}`,
            onKey: false,
            node: pair.value,
            presentKeys: keys,
            currentKey: pair.name,
          };
        }
      }
      if (next === undefined) return { pointer, onKey: true, node, presentKeys: keys };
      node = next;
      continue;
    }
    if (node?.kind === 'seq') {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index === -1) return { pointer: `${pointer}/${node.items.length}`, onKey: false, node, presentKeys: [] };
      pointer = `${pointer}/${index}`;
      const item = node.items[index] ?? null;
      if (item?.kind === 'map' || item?.kind === 'seq') {
        node = item;
        continue;
      }
      return { pointer, onKey: false, node: item, presentKeys: [] };
    }
    return { pointer, onKey: false, node, presentKeys: [] };
  }
}

function documentAt(file: ParsedFile, offset: number): ParsedFile['documents'][number] | undefined {
  return file.documents.find((d) => offset >= d.start && offset <= d.end) ?? file.documents[file.documents.length - 1];
}

function typeText(schema: SchemaNode, locale: Locale): string {
  const types = typesOf(schema).filter((t) => !(t === 'string' && typesOf(schema).length > 1));
  if (schema.enum !== undefined) return schema.enum.filter((v) => v !== '').join(' | ');
  if (types.includes('array')) return say(message('language.type.list'), locale);
  return types.join(' | ') || say(message('language.type.value'), locale);
}

function limits(schema: SchemaNode, locale: Locale): string[] {
  const out: string[] = [];
  const { minimum: min, maximum: max, exclusiveMinimum, maxItems, minLength, maxLength } = schema;
  if (min !== undefined && max !== undefined) out.push(say(message('template.range.between', { min, max }), locale));
  else if (min !== undefined) out.push(say(message('template.range.atLeast', { min }), locale));
  else if (max !== undefined) out.push(say(message('template.range.atMost', { max }), locale));
  if (exclusiveMinimum !== undefined)
    out.push(say(message('template.range.moreThan', { min: exclusiveMinimum }), locale));
  if (maxItems !== undefined) out.push(say(message('language.limit.items', { max: maxItems }), locale));
  if (minLength !== undefined && maxLength !== undefined)
    out.push(say(message('language.limit.charactersBetween', { min: minLength, max: maxLength }), locale));
  else if (maxLength !== undefined) out.push(say(message('language.limit.characters', { max: maxLength }), locale));
  return out;
}

/**
 * The hover text for the key or value at an offset: description, type, limits, allowed values and an example, in
 * `locale`.
 */
export function hover(
  text: string,
  offset: number,
  language?: TemplateLanguage,
  dialect: SpecDialect = ECI_TEMPLATE,
  locale: Locale = 'en',
): { markdown: string; range: Range } | undefined {
  // A file past the size limit is not read (its one diagnostic says so): nothing to say about it.
  if (text.length > MAX_TEMPLATE_BYTES) return undefined;
  const file = parseTemplateText(text, language, dialect.schema);
  const document = documentAt(file, offset);
  if (document === undefined) return undefined;
  const location = locate(document.root, offset);
  const pointer =
    location.onKey && location.currentKey !== undefined
      ? `${location.pointer}/${escapePointerSegment(location.currentKey)}`
      : location.pointer;
  const schema = schemaAt(pointer, dialect.described[locale]);
  if (schema?.markdownDescription === undefined || location.node === null) return undefined;
  const name =
    pointer
      .split('/')
      .filter((s) => !/^\d+$/.test(s))
      .pop() ?? 'template';
  const lines = [`**${name}** — \`${typeText(schema, locale)}\``, '', schema.markdownDescription];
  const limitText = limits(schema, locale);
  if (limitText.length > 0)
    lines.push(
      '',
      say(
        message('language.limits', { limits: limitText.join(say(message('language.listSeparator'), locale)) }),
        locale,
      ),
    );
  if (schema.enum !== undefined && schema.enumDescriptions !== undefined) {
    lines.push(
      '',
      ...schema.enum.map((value, i) => `* \`${value === '' ? '""' : value}\`: ${schema.enumDescriptions?.[i] ?? ''}`),
    );
  }
  if (schema.examples !== undefined && schema.examples.length > 0)
    lines.push('', say(message('language.example', { example: `\`${JSON.stringify(schema.examples[0])}\`` }), locale));
  return { markdown: lines.join('\n'), range: rangeOf(file.lines, location.node.start, location.node.end) };
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
      return entries
        .map(
          ([k, v]) =>
            `\n${pad}${k}:${typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0) ? render(v, depth + 1) : ` ${render(v, depth + 1)}`}`,
        )
        .join('');
    }
    if (typeof value === 'string') return value.startsWith('^') ? value.slice(1) : json ? `"${value}"` : value;
    return String(value);
  };
  return render(body, 0).replace(/^\n\s*/, '');
}

/**
 * Completion items at an offset: keys not yet present, enum values with their descriptions, snippets, regions; their
 * details and documentation in `locale`.
 */
export function complete(
  text: string,
  offset: number,
  context: CompletionContext = {},
  language?: TemplateLanguage,
  dialect: SpecDialect = ECI_TEMPLATE,
  locale: Locale = 'en',
): CompletionItem[] {
  if (text.length > MAX_TEMPLATE_BYTES) return [];
  const items = completeAt(text, offset, context, language, dialect, locale);
  // An editor indents a snippet's later lines as the cursor's line is indented; after a YAML list item's `- ` they
  // belong further in, under the item's first key (without this a container's `image` lands beside the list).
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (offset - lineStart > MAX_LINE_PREFIX) return items;
  const item = /^(\s*)(-\s+)[\w$]*$/.exec(text.slice(lineStart, offset));
  if (item?.[2] === undefined) return items;
  const under = ' '.repeat(item[2].length);
  return items.map((i) => (i.kind === 'snippet' ? { ...i, insertText: i.insertText.replace(/\n/g, `\n${under}`) } : i));
}

function completeAt(
  text: string,
  offset: number,
  context: CompletionContext,
  language: TemplateLanguage | undefined,
  dialect: SpecDialect,
  locale: Locale,
): CompletionItem[] {
  const file = parseTemplateText(text, language, dialect.schema);
  const at = (pointer: string): SchemaNode | undefined => schemaAt(pointer, dialect.described[locale]);
  // The dialect's regions for `regionId` unless the caller gives its own.
  const values: CompletionContext = { ...context, regions: context.regions ?? dialect.regions };
  const json = file.documents[0]?.reader === 'json';
  const document = documentAt(file, offset);
  const location =
    document === undefined ? { pointer: '', onKey: true, presentKeys: [], node: null } : locate(document.root, offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // What the line says before the cursor guides completion; a line longer than any key and value of a template is
  // not looked at (the patterns below backtrack, and a cursor far into a long line is never at a key).
  const linePrefix = offset - lineStart > MAX_LINE_PREFIX ? undefined : text.slice(lineStart, offset);
  // A key already written on this line, with the cursor after its colon, asks for a value.
  const afterColon =
    linePrefix === undefined ? null : /^\s*(?:-\s+)?"?([A-Za-z$][\w$]*)"?\s*:\s*"?[^"]*$/.exec(linePrefix);
  if (afterColon?.[1] !== undefined && location.onKey) {
    const pointer = `${location.pointer}/${escapePointerSegment(afterColon[1])}`;
    return valueItems(pointer, at(pointer), json, values, document?.value, locale);
  }
  // YAML: on a line with only indentation (and maybe a word being typed), the indentation says where the new key
  // or list item belongs, even past the end of the source range of the map or list it extends.
  if (!json && document !== undefined && linePrefix !== undefined && /^\s*(?:-\s+)?[\w$]*$/.test(linePrefix)) {
    const dash = /^(\s*)-\s+[\w$]*$/.exec(linePrefix);
    const column = /^(\s*(?:-\s+)?)/.exec(linePrefix)?.[1]?.length ?? 0;
    const block = blockAt(file, document.root, offset, column, dash?.[1]?.length);
    if (block?.kind === 'map') return keyItems(at(block.pointer), block.keys, undefined, json, locale);
    if (block?.kind === 'list')
      return valueItems(block.pointer, at(block.pointer), json, values, document.value, locale);
  }
  if (location.onKey) return keyItems(at(location.pointer), location.presentKeys, location.currentKey, json, locale);
  return valueItems(location.pointer, at(location.pointer), json, values, document?.value, locale);
}

/**
 * What an indented blank line continues: the last map before `offset` whose keys start at `column`, a key with no
 * value yet above it (its value becomes a map), or, for a `- ` line, the list whose dashes are at `dashColumn`.
 */
function blockAt(
  file: ParsedFile,
  root: SourceNode | null,
  offset: number,
  column: number,
  dashColumn: number | undefined,
): { kind: 'map' | 'list'; pointer: string; keys: string[] } | undefined {
  let found: { kind: 'map' | 'list'; pointer: string; keys: string[]; start: number } | undefined;
  const columnOf = (at: number): number => file.lines.column(at);
  const consider = (candidate: { kind: 'map' | 'list'; pointer: string; keys: string[]; start: number }): void => {
    if (candidate.start <= offset && (found === undefined || candidate.start > found.start)) found = candidate;
  };
  const visited = new Set<SourceNode>();
  const visit = (node: SourceNode, pointer: string, depth: number): void => {
    // Aliases share nodes; each is looked at once, where it is written. The readers keep trees within the depth
    // limit; the recursion stops there all the same.
    if (visited.has(node) || depth > MAX_DEPTH) return;
    visited.add(node);
    if (node.kind === 'map') {
      const start = node.pairs[0]?.key.start;
      if (dashColumn === undefined && start !== undefined && columnOf(start) === column)
        consider({ kind: 'map', pointer, keys: node.pairs.map((pair) => pair.name), start });
      for (const pair of node.pairs) {
        const child = `${pointer}/${escapePointerSegment(pair.name)}`;
        const empty = pair.value.kind === 'scalar' && pair.value.value === null;
        if (empty && columnOf(pair.key.start) < column)
          consider({
            kind: dashColumn === undefined ? 'map' : 'list',
            pointer: child,
            keys: [],
            start: pair.key.start,
          });
        visit(pair.value, child, depth + 1);
      }
    } else if (node.kind === 'seq') {
      if (dashColumn !== undefined && columnOf(node.start) === dashColumn)
        consider({ kind: 'list', pointer, keys: [], start: node.start });
      node.items.forEach((item, i) => visit(item, `${pointer}/${i}`, depth + 1));
    }
  };
  if (root !== null) visit(root, '', 0);
  return found === undefined ? undefined : { kind: found.kind, pointer: found.pointer, keys: found.keys };
}

function keyItems(
  schema: SchemaNode | undefined,
  presentKeys: readonly string[],
  currentKey: string | undefined,
  json: boolean,
  locale: Locale,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    if (key === '$schema' || (presentKeys.includes(key) && key !== currentKey)) continue;
    const isObject = typesOf(property).includes('object');
    const isArray = typesOf(property).includes('array');
    const insertText = json
      ? `"${key}": ${isObject ? '{$1}' : isArray ? '[$1]' : '$1'}`
      : `${key}:${isObject || isArray ? '\n  ' : ' '}`;
    items.push({
      label: key,
      kind: 'property',
      insertText,
      isSnippet: json,
      detail: typeText(property, locale),
      documentation: property.markdownDescription,
    });
  }
  for (const snippet of schema?.defaultSnippets ?? []) {
    items.push({
      label: snippet.label,
      kind: 'snippet',
      insertText: snippetText(snippet.body, json, ''),
      isSnippet: true,
      detail: say(message('language.detail.snippet'), locale),
      documentation: schema?.markdownDescription,
    });
  }
  return items;
}

function valueItems(
  pointer: string,
  schema: SchemaNode | undefined,
  json: boolean,
  context: CompletionContext,
  template: unknown,
  locale: Locale,
): CompletionItem[] {
  if (schema === undefined) return [];
  const quote = (v: string): string => (json ? `"${v}"` : v);
  const items: CompletionItem[] = [];
  (schema.enum ?? []).forEach((value, i) => {
    if (value === '') return;
    items.push({
      label: value,
      kind: 'value',
      insertText: quote(value),
      isSnippet: false,
      documentation: schema.enumDescriptions?.[i],
    });
  });
  if (typesOf(schema).includes('boolean'))
    for (const value of ['true', 'false'])
      items.push({ label: value, kind: 'value', insertText: value, isSnippet: false });
  if (pointer === '/regionId')
    for (const region of (context.regions ?? []).filter((r) => !(schema.enum ?? []).includes(r)))
      items.push({
        label: region,
        kind: 'value',
        insertText: quote(region),
        isSnippet: false,
        detail: say(message('language.detail.region'), locale),
      });
  if (pointer === '/imageSnapshotId') {
    for (const cache of context.imageCaches ?? [])
      items.push({
        label: cache.id,
        kind: 'value',
        insertText: quote(cache.id),
        isSnippet: false,
        detail: say(message('language.detail.imageCache', { name: cache.name, status: cache.status }), locale),
      });
  }
  if (context.availableResources !== undefined)
    items.push(...availabilityItems(pointer, template, context.availableResources, json, locale));
  const target = schema.items ?? schema;
  for (const snippet of target.defaultSnippets ?? [])
    items.push({
      label: snippet.label,
      kind: 'snippet',
      insertText: snippetText(snippet.body, json, ''),
      isSnippet: true,
      detail: say(message('language.detail.snippet'), locale),
      documentation: target.markdownDescription,
    });
  return items;
}
