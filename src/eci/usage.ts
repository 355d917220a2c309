import type { Locale } from '../core/messages/messages';
import { isMessageId, message, say } from '../core/messages/messages';
import type { ListUsageResponse } from './records';

/** One quota of ListUsage: what is used of what the account may have in the region. */
export interface Quota {
  /** The attribute's name without Used/Max: `Cpu`, `ImageCacheCount`. */
  readonly resource: string;
  readonly used: number;
  readonly limit: number;
}

/** ListUsage's attributes paired, `UsedX` with `MaxX`, in the answer's order; an attribute without its pair is left out. */
export function usageQuotas(answer: ListUsageResponse): Quota[] {
  const attributes = answer.Attributes;
  return Object.keys(attributes)
    .filter((name) => name.startsWith('Used'))
    .flatMap((name) => {
      const resource = name.slice('Used'.length);
      const used = attributes[name];
      const limit = attributes[`Max${resource}`];
      return used === undefined || limit === undefined ? [] : [{ resource, used, limit }];
    });
}

/**
 * `ImageCacheCount` → "image caches" (the catalog's `quota.name.<resource>`, in `locale`); a name the catalog does not
 * know is split into words.
 */
export function quotaName(resource: string, locale?: Locale): string {
  const id = `quota.name.${resource}`;
  return isMessageId(id) ? say(message(id), locale) : resource.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
