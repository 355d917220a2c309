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
  const copy = flat(text);
  table.set(copy, copy);
  return copy;
}

/**
 * A flat copy of a string that is kept long. One made by concatenation (a template literal) is a tree of its parts,
 * twice the size of its characters or more.
 */
export function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Specs shared whole, by their JSON: groups made from one template are alike but for their names. */
const specs = new Map<string, object>();
const MAX_SPECS = 1_000;
/** A larger spec (config files) is kept as it is: its JSON would cost more as a key than sharing saves. */
const MAX_SHARED_SPEC_JSON = 16 * 1024;

/**
 * A group's spec with its short strings interned and its empty lists shared, in place, or an equal spec made
 * before (equal JSON, so equal in every answer and in the state file). Only specs are shared this way: a spec is
 * never changed once made (an update replaces it whole), while a group's events and runtimes grow.
 */
export function compactSpec<T extends object>(spec: T): T {
  compact(spec);
  const key = JSON.stringify(spec);
  if (key.length > MAX_SHARED_SPEC_JSON) return spec;
  const known = specs.get(key);
  if (known !== undefined) return known as T;
  if (specs.size >= MAX_SPECS) specs.clear();
  specs.set(key, spec);
  return spec;
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
