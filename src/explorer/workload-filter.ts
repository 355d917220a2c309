import type { Workload } from '../providers/provider';

/**
 * What the explorer shows of each region's workloads, as a person types it in "Filter…": words that a workload's
 * name or ID contains, `status:<word>` (its status, any case) and `tag:<key>` or `tag:<key>=<value>` (ECI's tags),
 * all of them met. Matched against what each region has loaded (ECI loads pages of 20; "Load All" widens it).
 */
export interface WorkloadFilter {
  /** The text as typed, for the view's description and to edit it again. */
  readonly text: string;
  matches(workload: Workload): boolean;
}

/** Reads a filter's text; undefined when it says nothing (an empty filter shows everything). */
export function parseWorkloadFilter(text: string): WorkloadFilter | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const tests = words.map((word): ((w: Workload) => boolean) => {
    const [kind, ...rest] = word.split(':');
    const value = rest.join(':').toLowerCase();
    if (rest.length > 0 && kind?.toLowerCase() === 'status') return (w) => w.status.toLowerCase() === value;
    if (rest.length > 0 && kind?.toLowerCase() === 'tag') {
      const [key = '', ...wanted] = rest.join(':').split('=');
      const expected = wanted.length > 0 ? wanted.join('=') : undefined;
      return (w) =>
        Object.prototype.hasOwnProperty.call(w.tags, key) && (expected === undefined || w.tags[key] === expected);
    }
    const needle = word.toLowerCase();
    return (w) => w.name.toLowerCase().includes(needle) || w.id.toLowerCase().includes(needle);
  });
  return { text: words.join(' '), matches: (workload) => tests.every((test) => test(workload)) };
}
