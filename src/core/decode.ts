/**
 * Small decoders that turn the `unknown` of a parsed JSON body into typed records, once, at the client.
 * A wrong shape raises a DecodeError naming the path (`ContainerGroups[3].Cpu`), which the client reports as an
 * `InvalidResponse` CloudError. They are lenient where the API itself is inconsistent: numbers and booleans may come
 * as strings, and a missing list is an empty list.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`${path || 'the body'} should be ${expected}, found ${describeValue(found)}`);
  }
}

export type Decoder<T> = (value: unknown, path: string) => T;

/** A body parsed as a JSON object, or `undefined` when it is not one (the caller says so without quoting it). */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export const str: Decoder<string> = (value, path) => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new DecodeError(path, 'a string', value);
};

export const num: Decoder<number> = (value, path) => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new DecodeError(path, 'a number', value);
};

export const bool: Decoder<boolean> = (value, path) => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new DecodeError(path, 'true or false', value);
};

/** Absent or null becomes `undefined`; anything else must decode. */
export function opt<T>(decoder: Decoder<T>): Decoder<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : decoder(value, path));
}

/** A JSON list; absent or null is an empty list. */
export function list<T>(decoder: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new DecodeError(path, 'a list', value);
    return value.map((item, index) => decoder(item, `${path}[${index}]`));
  };
}

/**
 * A list the way XML-derived JSON sometimes wraps it (`{"Rule": [...]}`) or the plain list; both decode the same.
 */
export function wrappedList<T>(wrapper: string, decoder: Decoder<T>): Decoder<T[]> {
  const plain = list(decoder);
  return (value, path) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return plain((value as Record<string, unknown>)[wrapper], `${path}.${wrapper}`);
    }
    return plain(value, path);
  };
}

type Shape = Record<string, Decoder<unknown>>;
export type Decoded<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/**
 * A record of the shape's fields, made in one go by `Object.fromEntries`: V8 turns an object that gets more than
 * about a dozen properties by computed-key stores (`out[key] = …`) into a hash table, which made a decoded group
 * (33 fields) and its container (19) about 1.6 KB each more than a record of fixed fields, 30 MB of the explorer's
 * heap with 10,000 groups loaded (bench/vscode.bench.ts).
 */
export function object<S extends Shape>(shape: S): Decoder<Decoded<S>> {
  const fields = Object.entries(shape);
  return (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DecodeError(path, 'an object', value);
    }
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      fields.map(([key, decoder]) => [key, decoder(source[key], path ? `${path}.${key}` : key)]),
    ) as Decoded<S>;
  };
}

/** An optional nested object. */
export function optObject<S extends Shape>(shape: S): Decoder<Decoded<S> | undefined> {
  return opt(object(shape));
}

/** A list of strings that the API sometimes sends as one JSON-encoded string (`"[\"a\",\"b\"]"`). */
export const stringList: Decoder<string[]> = (value, path) => {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        return list(str)(JSON.parse(trimmed) as unknown, path);
      } catch (error) {
        if (error instanceof DecodeError) throw error;
      }
    }
    return trimmed === '' ? [] : [value];
  }
  return list(str)(value, path);
};
