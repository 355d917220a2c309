/** How a quota reads in every provider's Show Quota: "containers: 3 of 20 used", "(full)" once nothing is left. */
export function quotaLine(name: string, used: number, limit: number): string {
  return `${name}: ${used} of ${limit} used${used >= limit ? ' (full)' : ''}`;
}
