import type { CallOptions, EciClient } from './client';
import type { Locale } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';
import { describeAvailableResource } from './operations';
import type { DescribeAvailableResourceResponse } from './records';
import { CPU_MEMORY_SPECS } from './specs';

/**
 * What a region sells now, from DescribeAvailableResource: each ECS instance type ECI offers there, in which zones,
 * with its vCPUs and memory, and whether it is in stock. For template completion and checks
 * (src/template/availability.ts) and the instance type picker.
 */
export interface InstanceTypeOffer {
  readonly instanceType: string;
  readonly zoneId: string;
  /** vCPUs and GiB; undefined for a type no vCPU/memory combination of CPU_MEMORY_SPECS found (a GPU type). */
  readonly cores?: number | undefined;
  readonly memory?: number | undefined;
  /** StatusCategory WithStock (false: WithoutStock, offered but sold out). */
  readonly inStock: boolean;
}

export interface AvailableResources {
  readonly regionId: string;
  /** The zones that offer anything, in the API's order. */
  readonly zones: readonly string[];
  readonly offers: readonly InstanceTypeOffer[];
}

/** At most this many DescribeAvailableResource calls at once: the region is asked once per vCPU/memory pair. */
const PARALLEL_CALLS = 4;

type Options = Pick<CallOptions, 'signal' | 'timeoutMs' | 'deadlineMs'>;

function supportedValues(
  answer: DescribeAvailableResourceResponse,
): { zoneId: string; value: string; inStock: boolean }[] {
  return answer.AvailableZones.flatMap((zone) =>
    zone.AvailableResources.flatMap((resource) =>
      resource.SupportedResources.map((r) => ({
        zoneId: zone.ZoneId,
        value: r.Value,
        inStock: r.StatusCategory !== 'WithoutStock',
      })),
    ),
  );
}

/**
 * Everything a region sells. The API's answer names instance types without their size, so the region is asked once
 * for every type (what it sells at all) and once per vCPU/memory pair of CPU_MEMORY_SPECS (which types have that
 * size); a pair's failed call only leaves its types without a size. The call for every type must succeed.
 */
export async function loadAvailableResources(
  client: EciClient,
  regionId: string,
  options: Options = {},
): Promise<AvailableResources> {
  const call = (cores?: number, memory?: number): Promise<DescribeAvailableResourceResponse> =>
    describeAvailableResource(
      client,
      { DestinationResource: { Category: 'InstanceType', Cores: cores, Memory: memory } },
      { ...options, regionId },
    );
  const everything = supportedValues(await call());
  const pairs = [...CPU_MEMORY_SPECS].flatMap(([cores, memories]) => memories.map((memory) => ({ cores, memory })));
  const sizes = new Map<string, { cores: number; memory: number }>();
  for (let i = 0; i < pairs.length; i += PARALLEL_CALLS) {
    const batch = pairs.slice(i, i + PARALLEL_CALLS);
    const answers = await Promise.allSettled(batch.map((pair) => call(pair.cores, pair.memory)));
    answers.forEach((answer, j) => {
      const pair = batch[j];
      if (answer.status !== 'fulfilled' || pair === undefined) return;
      for (const { value } of supportedValues(answer.value)) sizes.set(value, pair);
    });
    if (options.signal?.aborted === true) break;
  }
  return {
    regionId,
    zones: [...new Set(everything.map((o) => o.zoneId))],
    offers: everything.map((o) => ({
      instanceType: o.value,
      zoneId: o.zoneId,
      cores: sizes.get(o.value)?.cores,
      memory: sizes.get(o.value)?.memory,
      inStock: o.inStock,
    })),
  };
}

/** One line per instance type: its size, the zones that have it in stock and those where it is sold out. */
export interface InstanceTypeChoice {
  readonly instanceType: string;
  readonly cores?: number | undefined;
  readonly memory?: number | undefined;
  readonly zonesInStock: readonly string[];
  readonly zonesSoldOut: readonly string[];
}

/** The instance types of a region, in the API's order, optionally in one zone only. */
export function instanceTypeChoices(resources: AvailableResources, zoneId?: string): InstanceTypeChoice[] {
  const byType = new Map<string, { cores?: number; memory?: number; inStock: string[]; soldOut: string[] }>();
  for (const offer of resources.offers) {
    if (zoneId !== undefined && offer.zoneId !== zoneId) continue;
    let entry = byType.get(offer.instanceType);
    if (entry === undefined) {
      entry = { inStock: [], soldOut: [] };
      if (offer.cores !== undefined) entry.cores = offer.cores;
      if (offer.memory !== undefined) entry.memory = offer.memory;
      byType.set(offer.instanceType, entry);
    }
    (offer.inStock ? entry.inStock : entry.soldOut).push(offer.zoneId);
  }
  return [...byType].map(([instanceType, e]) => ({
    instanceType,
    cores: e.cores,
    memory: e.memory,
    zonesInStock: e.inStock,
    zonesSoldOut: e.soldOut,
  }));
}

/** "2 vCPU · 4 GiB", or "size unknown". */
export function sizeText(
  choice: {
    readonly cores?: number | undefined;
    readonly memory?: number | undefined;
  },
  locale: Locale = 'en',
): string {
  return choice.cores === undefined || choice.memory === undefined
    ? say(message('availability.sizeUnknown'), locale)
    : `${choice.cores} vCPU · ${choice.memory} GiB`;
}
