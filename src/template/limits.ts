import { message, say } from '../core/messages/messages';

/**
 * What the template readers and walkers take at most, so that no file, however made, crashes them or holds them
 * up: the editor's diagnostics, completion and hover, Deploy and `eci validate` all read through them. A file past
 * a limit gets one diagnostic that names the limit, at the place it is passed, and nothing below it is read.
 */

/**
 * The largest template read, in characters (a file on disk: in bytes, checked before it is read). Templates are a
 * few KiB; this leaves room for config files written into them (32 KiB each at most, eci-rules.ts).
 */
export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

/**
 * How deep values may nest, for JSON and YAML alike. Templates and specs nest about 8 levels (a probe's port in a
 * container in the spec). The bound is on the stack: the `yaml` package composes recursively, and its stack runs
 * out between about 880 (`[[[…`) and 1,000 (`- - - …`) levels in plain Node; past that it may even abort the
 * process. 128 keeps a wide margin for the stack an extension host has already used when it calls us.
 */
export const MAX_DEPTH = 128;

/**
 * How many aliases (`*name`) one YAML document may have. Templates use a few (a shared `env` list, `<<: *defaults`
 * per container); the bound keeps resolving them, which the `yaml` package does by a scan per alias, linear.
 */
export const MAX_ALIASES = 1000;

/**
 * How many values aliases and merge keys may add to a document once expanded: walkers (validation, the schema,
 * conversion) see every alias as the whole value it names, so `[*a, *a, …]` of a large `&a` (the "billion laughs")
 * would cost them that many copies.
 */
export const MAX_ALIAS_VALUES = 100_000;

/** The diagnostic's text when a document nests deeper than MAX_DEPTH. */
export const TOO_DEEP_MESSAGE = say(message('template.tooDeep', { max: MAX_DEPTH }));

/**
 * Whether a plain value (objects and arrays, possibly sharing parts) nests deeper than `limit`. Iterative, so that it
 * cannot overflow the stack itself; shared parts are looked at once per depth they are reached at, at most.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_DEPTH): boolean {
  const seen = new Map<object, number>();
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (depth > limit) return true;
    if (item === null || typeof item !== 'object') continue;
    // A part reached again no deeper than before cannot go deeper this time.
    const before = seen.get(item);
    if (before !== undefined && before >= depth) continue;
    seen.set(item, depth);
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
