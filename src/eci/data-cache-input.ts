import type { DataSourceSpec } from './operations';

/**
 * What a person types for a data cache's source, read and checked without `vscode`: its options as
 * `key=value` pairs separated by commas (`url=https://example.com/model.tar`), and a hint per source type.
 */
export const DATA_SOURCE_TYPES: readonly DataSourceSpec['Type'][] = ['URL', 'OSS', 'NAS', 'SNAPSHOT'];

export const DATA_SOURCE_EXAMPLES: Readonly<Record<DataSourceSpec['Type'], string>> = {
  URL: 'url=https://www.example.com/model.tar',
  OSS: 'bucket=my-bucket, path=/models/llm',
  NAS: 'server=0a1b2c-xyz.cn-hangzhou.nas.aliyuncs.com, path=/models',
  SNAPSHOT: 'snapshotId=s-bp1…',
};

/** The options typed, or why they cannot be taken. */
export function parseSourceOptions(text: string): { options: Record<string, string> } | { problem: string } {
  const options: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    const key = at < 0 ? '' : part.slice(0, at).trim();
    const value = at < 0 ? '' : part.slice(at + 1).trim();
    if (!/^[A-Za-z][\w.-]*$/.test(key) || value === '') return { problem: `"${part.trim()}" is not key=value` };
    if (key in options) return { problem: `${key} is given twice` };
    options[key] = value;
  }
  if (Object.keys(options).length === 0) return { problem: 'At least one key=value' };
  return { options };
}

/** Options as they are typed: `key=value, key=value`. */
export function formatSourceOptions(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** A size in GiB: 20 to 32768 (the API's range), not below `atLeast` (a cache only grows). */
export function sizeProblem(text: string, atLeast = 20): string | undefined {
  const size = Number(text);
  return /^\d+$/.test(text) && size >= atLeast && size <= 32_768 ? undefined : `${atLeast}–32768 GiB`;
}

/** An absolute path in the cache's bucket. */
export function cachePathProblem(text: string): string | undefined {
  return /^\/\S*$/.test(text) ? undefined : 'An absolute path, e.g. /models/llm';
}

/**
 * Days to keep a cache (an image cache's or a data cache's RetentionDays), as typed: a whole number, or empty for
 * "as it is". ECI counts them from the cache's creation, so a number of days already past would make the cache expire
 * at once: that is refused, with the least number that keeps it.
 */
export function retentionProblem(text: string, creationTime: string | undefined, now = Date.now()): string | undefined {
  const days = text.trim();
  if (days === '') return undefined;
  if (!/^[1-9]\d*$/.test(days)) return 'A number of days, or empty';
  const created = Date.parse(creationTime ?? '');
  if (Number.isNaN(created)) return undefined;
  const old = Math.floor((now - created) / 86_400_000);
  return Number(days) <= old
    ? `It was created ${old} day(s) ago: ${days} would end it at once; at least ${old + 1}`
    : undefined;
}
