/**
 * Sharing what groups repeat. Every request's parameters arrive as new strings, so 10,000 groups made alike held
 * 10,000 copies of the same region, vSwitch, image and container name, and of each empty list; the emulator keeps
 * one of each instead (bench/emulator.bench.ts measures its memory with 10,000 groups).
 */

/** The one empty list of every record that has nothing in a list. Frozen: a record's lists are never changed. */
export const NONE: readonly never[] = Object.freeze([]);

/** Short strings only: long ones (config files, commands) are seldom repeated and would crowd the table. */
const MAX_LENGTH = 128;
/** When full, the table starts again: sharing is lost for a while, nothing else. */
const MAX_ENTRIES = 20_000;
const table = new Map<string, string>();

/** The table's copy of a short string. */
export function intern(text: string): string {
  if (text.length > MAX_LENGTH) return text;
  const known = table.get(text);
  if (known !== undefined) return known;
  if (table.size >= MAX_ENTRIES) table.clear();
  // A string made by concatenation (a template literal) is a pair of its parts; the table keeps a flat copy.
  const flat = JSON.parse(JSON.stringify(text)) as string;
  table.set(flat, flat);
  return flat;
}

/**
 * A group's spec with its short strings interned and its empty lists shared, in place. Only the spec is shared
 * this way: it is replaced as a whole on update, never changed, while events and runtimes grow.
 */
export function compactSpec<T extends object>(spec: T): T {
  return compact(spec) as T;
}

function compact(value: unknown): unknown {
  if (typeof value === 'string') return intern(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return NONE;
    for (let i = 0; i < value.length; i++) value[i] = compact(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = compact(record[key]);
  }
  return value;
}
