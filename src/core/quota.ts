/**
 * How a quota reads in every provider's Show Quota: "containers: 3 of 20 used", "(full)" once nothing is left, and
 * "(none allowed)" for a limit of 0 (a kind the account may not have at all, which is not the same as used up).
 */
export function quotaLine(name: string, used: number, limit: number): string {
  const note = limit <= 0 ? ' (none allowed)' : used >= limit ? ' (full)' : '';
  return `${name}: ${used} of ${limit} used${note}`;
}
