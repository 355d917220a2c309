import type { Workload } from '../providers/provider';

/**
 * "Group Explorer by Tag…": a region's workloads in folders, one per value of one tag key (`env=prod`,
 * `env=test`), in the order of the values, then the workloads without that tag. A console's "group by tag" answers
 * "what of prod is failing?" in one look where a flat list of hundreds does not.
 */
export interface TagBucket<T> {
  /** The tag's value; undefined for the workloads that lack the tag. */
  readonly value: string | undefined;
  readonly items: readonly T[];
}

export function groupByTag<T>(items: readonly T[], workload: (item: T) => Workload, key: string): TagBucket<T>[] {
  const buckets = new Map<string, T[]>();
  const untagged: T[] = [];
  for (const item of items) {
    const tags = workload(item).tags;
    if (!Object.prototype.hasOwnProperty.call(tags, key)) untagged.push(item);
    else {
      const value = tags[key] ?? '';
      let bucket = buckets.get(value);
      if (bucket === undefined) buckets.set(value, (bucket = []));
      bucket.push(item);
    }
  }
  const grouped = [...buckets]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, bucketItems]): TagBucket<T> => ({ value, items: bucketItems }));
  return untagged.length === 0 ? grouped : [...grouped, { value: undefined, items: untagged }];
}

/** The tag keys the given workloads carry, most used first (then by name), with how many carry each. */
export function tagKeys(workloads: Iterable<Workload>): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const w of workloads) for (const key of Object.keys(w.tags)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** A tag as the tree, its tooltips and its questions write it: `key=value`, or the key alone when it has no value. */
export function tagText(key: string, value: string | undefined): string {
  return value === undefined || value === '' ? key : `${key}=${value}`;
}

/** Tags as a line of Markdown: each as code (a backtick in one cannot end it early). */
export function tagsMarkdown(tags: readonly (readonly [string, string | undefined])[]): string {
  return tags.map(([key, value]) => `\`${tagText(key, value).replace(/`/g, "'")}\``).join(' ');
}
