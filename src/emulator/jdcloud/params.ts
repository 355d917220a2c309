import { invalid } from './errors';

/**
 * Reading a call's path, query and JSON body: whatever arrives that is not what the operation takes is an
 * INVALID_ARGUMENT naming it, never an exception further on. A field given as `null` is taken as left out, as JSON
 * decoders into typed fields do (Go's leaves it unset), so that an SDK writing unset options as null is served; a
 * value of another type is refused.
 */

/** A JSON object, as the bodies of JD Cloud's operations are. */
export type JsonObject = Record<string, unknown>;

/** How deep a body may nest; the deepest the operations take is about 5 (containerSpec's network interface). */
export const MAX_BODY_DEPTH = 32;

/** What a value is, for a message: `null`, `a list`, `a string`… */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A field of the object itself, never one its prototype lends it (`constructor`, `__proto__`); undefined when it is
 * absent or null.
 */
export function field(source: JsonObject, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(source, name) ? (source[name] ?? undefined) : undefined;
}

/** The path of a URL read back from its escapes; a malformed escape is the caller's mistake. */
export function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw invalid(
      `The path ${pathname.slice(0, 200)} has a malformed % escape ("${firstMalformedEscape(pathname).slice(0, 30)}"): ` +
        'a % is followed by two hexadecimal digits, and the bytes they spell are UTF-8.',
    );
  }
}

/** The first lone `%`, or the first run of `%XX` escapes that is not UTF-8. */
function firstMalformedEscape(pathname: string): string {
  for (const [run] of pathname.matchAll(/%(?![0-9A-Fa-f]{2})|(?:%[0-9A-Fa-f]{2})+/g)) {
    if (run === '%') return run;
    try {
      decodeURIComponent(run);
    } catch {
      return run;
    }
  }
  return '%';
}

/**
 * A request body: nothing (an operation without one), or one JSON object. `null`, a list, a string or a number, text
 * that is not JSON, and nesting deeper than MAX_BODY_DEPTH are refused.
 */
export function jsonBody(text: string): JsonObject {
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Where, not what: the parser's message quotes the body, which may hold a password.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw invalid(`The body is not JSON${at === undefined ? '' : ` (at character ${at})`}: send one JSON object.`);
  }
  if (!isObject(value)) throw invalid(`The body must be a JSON object, not ${kindOf(value)}.`);
  // Breadth first, so that no depth of nesting can exhaust the stack.
  let level: unknown[] = [value];
  for (let depth = 1; level.length > 0; depth++) {
    if (depth > MAX_BODY_DEPTH) throw invalid(`The body nests deeper than ${MAX_BODY_DEPTH} levels.`);
    const next: unknown[] = [];
    for (const item of level)
      if (item !== null && typeof item === 'object')
        for (const inner of Object.values(item as object)) next.push(inner);
    level = next;
  }
  return value;
}

/** A body field that must be a non-empty string. */
export function requiredText(source: JsonObject, name: string, where = name): string {
  const value = field(source, name);
  if (value === undefined || value === '') throw invalid(`${where} is required.`);
  if (typeof value !== 'string') throw invalid(`${where} must be a string, not ${kindOf(value)}.`);
  return value;
}

/** A body field that may be left out, and is a string when given. */
export function optionalText(source: JsonObject, name: string, where = name): string | undefined {
  const value = field(source, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${where} must be a string, not ${kindOf(value)}.`);
  return value;
}

/** A body field that may be left out, and is a JSON object when given. */
export function optionalObject(source: JsonObject, name: string, where = name): JsonObject | undefined {
  const value = field(source, name);
  if (value === undefined) return undefined;
  if (!isObject(value)) throw invalid(`${where} must be an object, not ${kindOf(value)}.`);
  return value;
}

/** A body field that may be left out, and is true or false when given. */
export function optionalBoolean(source: JsonObject, name: string, where = name): boolean | undefined {
  const value = field(source, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${where} must be true or false, not ${kindOf(value)}.`);
  return value;
}

/** A query parameter that is a whole number in decimal digits, or its default when absent. */
export function integerQuery(query: URLSearchParams, name: string, fallback: number): number;
export function integerQuery(query: URLSearchParams, name: string, fallback?: number): number | undefined;
export function integerQuery(query: URLSearchParams, name: string, fallback?: number): number | undefined {
  const text = query.get(name);
  if (text === null) return fallback;
  if (!/^-?\d{1,15}$/.test(text)) throw invalid(`${name} must be a whole number, not "${text.slice(0, 40)}".`);
  return Number(text);
}

/** `pageNumber` (from 1) and `pageSize` (10–100, 20 by default), as JD Cloud's list operations take them. */
export function paging(query: URLSearchParams): { pageNumber: number; pageSize: number } {
  const pageNumber = integerQuery(query, 'pageNumber', 1);
  const pageSize = integerQuery(query, 'pageSize', 20);
  if (pageNumber < 1) throw invalid('pageNumber must be 1 or more.');
  if (pageSize < 10 || pageSize > 100) throw invalid('pageSize must be from 10 to 100.');
  return { pageNumber, pageSize };
}

/** A page of a list. */
export function page<T>(all: readonly T[], query: URLSearchParams): T[] {
  const { pageNumber, pageSize } = paging(query);
  return all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
}

/** `filters.1.name=status&filters.1.values.1=running`: JD Cloud's filters, read from a query. */
export function filtersOf(query: URLSearchParams): { name: string; values: string[] }[] {
  const filters: { name: string; values: string[] }[] = [];
  for (let i = 1; query.has(`filters.${i}.name`); i++) {
    const values: string[] = [];
    for (let j = 1; query.has(`filters.${i}.values.${j}`); j++)
      values.push(query.get(`filters.${i}.values.${j}`) ?? '');
    filters.push({ name: query.get(`filters.${i}.name`) ?? '', values });
  }
  return filters;
}
