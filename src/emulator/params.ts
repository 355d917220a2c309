import { ApiError, invalid, missing } from './api-error';

/** A nested view of flattened RPC parameters: `Container.1.Port.2.Port` becomes `Container[0].Port[1].Port`. */
export type Nested = { [key: string]: NestedValue };
export type NestedValue = string | Nested | NestedValue[];

export function unflatten(flat: Readonly<Record<string, string>>): Nested {
  const root: Nested = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node: Nested | NestedValue[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      const last = i === parts.length - 1;
      const index = /^[1-9]\d{0,3}$/.test(part) ? Number(part) - 1 : undefined;
      if (Array.isArray(node)) {
        if (index === undefined) break; // a name where a list index belongs: ignore the parameter
        if (last) node[index] = value;
        else
          node = (node[index] = isContainer(node[index]) ? node[index] : nextContainer(parts[i + 1])) as
            Nested | NestedValue[];
      } else {
        if (last) node[part] = value;
        else
          node = (node[part] = isContainer(node[part]) ? node[part] : nextContainer(parts[i + 1])) as
            Nested | NestedValue[];
      }
    }
  }
  return root;
}

function isContainer(value: NestedValue | undefined): value is Nested | NestedValue[] {
  return value !== undefined && typeof value !== 'string';
}

function nextContainer(nextPart: string | undefined): Nested | NestedValue[] {
  return nextPart !== undefined && /^[1-9]\d{0,3}$/.test(nextPart) ? [] : {};
}

/** Typed reads from a nested parameter object, raising ECI's errors for missing or malformed values. */
export class Params {
  constructor(
    readonly values: Nested,
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix === '' ? key : `${this.prefix}.${key}`;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  str(key: string): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalid(this.name(key), 'expected a single value');
    return value;
  }

  requiredStr(key: string): string {
    const value = this.str(key);
    if (value === undefined || value === '') throw missing(this.name(key));
    return value;
  }

  num(key: string): number | undefined {
    const value = this.str(key);
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) throw invalid(this.name(key), `"${value}" is not a number`);
    return n;
  }

  int(key: string, min?: number, max?: number): number | undefined {
    const n = this.num(key);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) throw invalid(this.name(key), `"${n}" is not an integer`);
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      throw new ApiError(
        400,
        'InvalidParameter.ValueExceeded',
        `The parameter ${this.name(key)} must be between ${min ?? '-∞'} and ${max ?? '∞'}; got ${n}.`,
      );
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const value = this.str(key);
    if (value === undefined || value === '') return undefined;
    if (value !== 'true' && value !== 'false') throw invalid(this.name(key), `"${value}" is not true or false`);
    return value === 'true';
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.str(key);
    if (value === undefined || value === '') return undefined;
    if (!(allowed as readonly string[]).includes(value))
      throw invalid(this.name(key), `"${value}" is not one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A 1-based RPC list (`Key.N`), of at most `max` elements. Holes (Key.1, Key.3) are dropped. */
  list(key: string, max = 100): NestedValue[] {
    const value = this.values[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw invalid(this.name(key), 'expected a list (Name.1, Name.2, …)');
    const items = value.filter((item) => item !== undefined);
    if (items.length > max)
      throw new ApiError(
        400,
        'InvalidParameter.LengthExceeded',
        `The list ${this.name(key)} has ${items.length} elements; at most ${max} are allowed.`,
      );
    return items;
  }

  strings(key: string, max = 100): string[] {
    return this.list(key, max).map((item, index) => {
      if (typeof item !== 'string') throw invalid(`${this.name(key)}.${index + 1}`, 'expected a single value');
      return item;
    });
  }

  objects(key: string, max = 100): Params[] {
    return this.list(key, max).map((item, index) => {
      if (typeof item === 'string' || Array.isArray(item))
        throw invalid(`${this.name(key)}.${index + 1}`, 'expected named fields');
      return new Params(item, `${this.name(key)}.${index + 1}`);
    });
  }

  object(key: string): Params | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' || Array.isArray(value)) throw invalid(this.name(key), 'expected named fields');
    return new Params(value, this.name(key));
  }

  /** A parameter that carries a JSON-encoded list of strings (`ContainerGroupIds`, `Command`). */
  jsonStrings(key: string): string[] | undefined {
    const value = this.str(key);
    if (value === undefined || value === '') return undefined;
    let parsed: unknown;
    try {
      // The API reference's own examples write lists with single quotes: ['eci-1', 'eci-2']
      // (docs/reference/eci-api-2020-notes.md §8.2).
      parsed = JSON.parse(value.trim().startsWith("['") ? value.replace(/'/g, '"') : value) as unknown;
    } catch {
      throw invalid(this.name(key), 'expected a JSON list of strings such as ["a","b"]');
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
      throw invalid(this.name(key), 'expected a JSON list of strings');
    return parsed as string[];
  }
}

/** Tag.N (at most 20): a key and, optionally, its value. */
export function readTags(p: Params): { Key: string; Value?: string | undefined }[] {
  return p.objects('Tag', 20).map((t) => ({ Key: t.requiredStr('Key'), Value: t.str('Value') }));
}
