import { CREATE_ONLY_FIELDS } from '../template/convert';
import type { Locale } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';

/**
 * What an update from a template would change in a live group, said briefly, and exported templates with their
 * secrets masked. Pure functions over the camelCase template objects.
 */
export interface TemplateChange {
  /** Readable place: `spec.containers[web].image`, lists of named things addressed by name. */
  readonly path: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Fields that say where the group is and which group it is: an update cannot change them, so they never count. */
const PLACEMENT = new Set([
  '$schema',
  'regionId',
  'zoneId',
  'vSwitchId',
  'securityGroupId',
  'containerGroupName',
  'containerGroupId',
  'instanceType',
  'eipInstanceId',
  'resourceGroupId',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The identity of a list item, when every item of both lists has one: containers and volumes by name, tags by key. */
function identity(items: readonly unknown[]): ((item: unknown) => string) | undefined {
  for (const field of ['name', 'key']) {
    if (items.length > 0 && items.every((item) => isObject(item) && typeof item[field] === 'string'))
      return (item) => String((item as Json)[field]);
  }
  return undefined;
}

/**
 * The create-only fields (src/template/convert.ts CREATE_ONLY_FIELDS) whose value in `file` differs from the live
 * group's, where the live group says its value: an update cannot change them, and the person should hear so rather
 * than see them silently kept.
 */
export function createOnlyDifferences(live: unknown, file: unknown): string[] {
  if (!isObject(live) || !isObject(file)) return [];
  return [...CREATE_ONLY_FIELDS].filter(
    (key) =>
      file[key] !== undefined && live[key] !== undefined && JSON.stringify(file[key]) !== JSON.stringify(live[key]),
  );
}

/**
 * The changes from `live` to `file`. A field the file leaves out keeps its live value (an update changes only what
 * it gives), except inside lists, which an update replaces whole: there a missing item is a removal.
 */
export function templateChanges(live: unknown, file: unknown): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const walk = (before: unknown, after: unknown, path: string, inList: boolean): void => {
    if (isObject(after) && isObject(before)) {
      for (const [key, value] of Object.entries(after)) {
        if (path === '' && (PLACEMENT.has(key) || CREATE_ONLY_FIELDS.has(key))) continue;
        walk(before[key], value, path === '' ? key : `${path}.${key}`, inList);
      }
      if (inList)
        for (const key of Object.keys(before))
          if (!(key in after)) changes.push({ path: `${path}.${key}`, kind: 'removed', before: before[key] });
      return;
    }
    if (Array.isArray(after) && Array.isArray(before)) {
      const byName = identity([...before, ...after]);
      if (byName !== undefined) {
        const old = new Map(before.map((item) => [byName(item), item]));
        const kept = new Set<string>();
        for (const item of after) {
          const name = byName(item);
          kept.add(name);
          const previous = old.get(name);
          if (previous === undefined) changes.push({ path: `${path}[${name}]`, kind: 'added', after: item });
          else walk(previous, item, `${path}[${name}]`, true);
        }
        for (const [name, item] of old)
          if (!kept.has(name)) changes.push({ path: `${path}[${name}]`, kind: 'removed', before: item });
        return;
      }
      if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path, kind: 'changed', before, after });
      return;
    }
    if (after === undefined) return;
    if (before === undefined) changes.push({ path, kind: 'added', after });
    else if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path, kind: 'changed', before, after });
  };
  walk(live, file, '', false);
  return changes;
}

const short = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

/**
 * One line per change, for the confirmation: `spec.containers[web].image: nginx:1.25 → nginx:1.27`, "…: added" (in
 * `locale`; the paths and values as they are).
 */
export function summarizeChanges(changes: readonly TemplateChange[], locale: Locale = 'en'): string[] {
  return changes.map((change) =>
    change.kind === 'added'
      ? say(message('diff.added', { path: change.path }), locale)
      : change.kind === 'removed'
        ? say(message('diff.removed', { path: change.path }), locale)
        : `${change.path}: ${short(change.before)} → ${short(change.after)}`,
  );
}

export const MASK = '******';
const SECRET_NAME = /pass(word)?|secret|token|credential|private[-_]?key|api[-_]?key/i;

/**
 * A copy with registry passwords and secret-looking environment values replaced by a mask, and how many were
 * masked: exported templates are shown, saved and shared, and a password must not travel with them by accident.
 */
export function maskSecrets(template: Json): { template: Json; masked: number } {
  let masked = 0;
  const copy = structuredClone(template);
  const spec = isObject(copy['spec']) ? copy['spec'] : undefined;
  for (const secret of Array.isArray(spec?.['imagePullSecrets']) ? spec['imagePullSecrets'] : []) {
    if (isObject(secret) && typeof secret['password'] === 'string' && secret['password'] !== '') {
      secret['password'] = MASK;
      masked++;
    }
  }
  for (const kind of ['containers', 'initContainers']) {
    for (const container of Array.isArray(spec?.[kind]) ? (spec[kind] as unknown[]) : []) {
      for (const variable of isObject(container) && Array.isArray(container['env']) ? container['env'] : []) {
        if (
          isObject(variable) &&
          typeof variable['name'] === 'string' &&
          SECRET_NAME.test(variable['name']) &&
          typeof variable['value'] === 'string' &&
          variable['value'] !== ''
        ) {
          variable['value'] = MASK;
          masked++;
        }
      }
    }
  }
  return { template: copy, masked };
}
