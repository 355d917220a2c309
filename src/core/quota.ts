import type { Locale } from './messages/messages';
import { message, say } from './messages/messages';

/**
 * How a quota reads in every provider's Show Quota: "containers: 3 of 20 used", "(full)" once nothing is left, and
 * "(none allowed)" for a limit of 0 (a kind the account may not have at all, which is not the same as used up); in
 * English unless `locale` says.
 */
export function quotaLine(name: string, used: number, limit: number, locale?: Locale): string {
  const note = limit <= 0 ? message('quota.noneAllowed') : used >= limit ? message('quota.full') : '';
  return say(message('quota.line', { name, used, limit, note }), locale);
}
