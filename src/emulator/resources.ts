import { CPU_MEMORY_SPECS } from '../eci/specs';
import { invalid, missing } from './api-error';
import type { GroupModel } from './model';
import type { Params } from './params';
import { findRegion } from './regions';

/**
 * DescribeAvailableResource and ListUsage: what the emulated regions offer and how much of its quota an account
 * uses.
 */

interface InstanceType {
  readonly type: string;
  readonly cores: number;
  readonly memory: number;
  /** Where it is not sold: the last zone of every region lacks the memory-optimized family. */
  readonly notInLastZone?: boolean;
  /** GPU types are sold out everywhere, as CreateContainerGroup with a GPU ends ScheduleFailed (lifecycle.ts). */
  readonly soldOut?: boolean;
}

/**
 * The ECS instance types the emulator offers for ECI, with their vCPUs and GiB of memory. Each pairs with a
 * combination of CPU_MEMORY_SPECS (src/eci/specs.ts), except the GPU type, whose memory is its own.
 *
 *   family     types (vCPU / GiB)                                          zones
 *   ecs.c6     large 2/4, xlarge 4/8, 2xlarge 8/16                          all
 *   ecs.g6     large 2/8, xlarge 4/16, 2xlarge 8/32                         all
 *   ecs.r6     large 2/16, xlarge 4/32                                      all but the region's last
 *   ecs.gn6i   c4g1.xlarge 4/15 (one NVIDIA T4)                             all, WithoutStock
 */
export const INSTANCE_TYPES: readonly InstanceType[] = [
  { type: 'ecs.c6.large', cores: 2, memory: 4 },
  { type: 'ecs.c6.xlarge', cores: 4, memory: 8 },
  { type: 'ecs.c6.2xlarge', cores: 8, memory: 16 },
  { type: 'ecs.g6.large', cores: 2, memory: 8 },
  { type: 'ecs.g6.xlarge', cores: 4, memory: 16 },
  { type: 'ecs.g6.2xlarge', cores: 8, memory: 32 },
  { type: 'ecs.r6.large', cores: 2, memory: 16, notInLastZone: true },
  { type: 'ecs.r6.xlarge', cores: 4, memory: 32, notInLastZone: true },
  { type: 'ecs.gn6i-c4g1.xlarge', cores: 4, memory: 15, soldOut: true },
];

function familyOf(type: string): string {
  // ecs.c6.large → ecs.c6; ecs.gn6i-c4g1.xlarge → ecs.gn6i
  const [prefix = '', family = ''] = type.split('.');
  return `${prefix}.${family.split('-')[0] ?? family}`;
}

export function describeAvailableResource(p: Params): Record<string, unknown> {
  const regionId = p.requiredStr('RegionId');
  const region = findRegion(regionId);
  if (region === undefined) return { AvailableZones: { AvailableZone: [] } };
  const destination = p.object('DestinationResource');
  if (destination === undefined) throw missing('DestinationResource.Category');
  const category = destination.oneOf('Category', ['InstanceTypeFamily', 'InstanceType'] as const);
  if (category === undefined) throw missing('DestinationResource.Category');
  // The reference asks for Value (and Cores and Memory with InstanceType); the emulator lists every offer without
  // them, so a caller can discover what there is.
  const value = destination.str('Value');
  const cores = destination.num('Cores');
  const memory = destination.num('Memory');
  const zoneId = p.str('ZoneId');
  if (zoneId !== undefined && zoneId !== '' && !region.zones.includes(zoneId))
    throw invalid('ZoneId', `"${zoneId}" is not a zone of ${regionId}`);
  const zones = zoneId === undefined || zoneId === '' ? region.zones : [zoneId];
  const lastZone = region.zones[region.zones.length - 1];
  const available = zones
    .map((zone) => {
      const offered = INSTANCE_TYPES.filter(
        (t) =>
          !(t.notInLastZone === true && zone === lastZone) &&
          (cores === undefined || t.cores === cores) &&
          (memory === undefined || t.memory === memory),
      );
      const values =
        category === 'InstanceType'
          ? offered
              .filter((t) => value === undefined || value === '' || t.type === value)
              .map((t) => ({ Value: t.type, StatusCategory: t.soldOut === true ? 'WithoutStock' : 'WithStock' }))
          : [...new Set(offered.map((t) => familyOf(t.type)))]
              .filter((family) => value === undefined || value === '' || family === value)
              .map((family) => ({
                Value: family,
                StatusCategory: offered.every((t) => familyOf(t.type) !== family || t.soldOut === true)
                  ? 'WithoutStock'
                  : 'WithStock',
              }));
      return { zone, values };
    })
    .filter((entry) => entry.values.length > 0);
  return {
    AvailableZones: {
      AvailableZone: available.map(({ zone, values }) => ({
        RegionId: regionId,
        ZoneId: zone,
        AvailableResources: {
          AvailableResource: [{ Type: category, SupportedResources: { SupportedResource: values } }],
        },
      })),
    },
  };
}

/** The largest vCPU count of one group (CPU_MEMORY_SPECS). */
const LARGEST_CPU = Math.max(...CPU_MEMORY_SPECS.keys());

export interface UsageSource {
  groups(owner: string, regionId: string): readonly GroupModel[];
  /** Most groups one account may have in one region (the emulator's `--quota`). */
  readonly quota: number;
  imageCaches(owner: string): number;
  readonly imageCacheLimit: number;
  dataCaches(owner: string, regionId: string): number;
  readonly dataCacheLimit: number;
}

export function listUsage(source: UsageSource, p: Params, owner: string): Record<string, unknown> {
  const regionId = p.requiredStr('RegionId');
  const groups = source.groups(owner, regionId);
  // Finished groups hold no vCPUs; every other phase has its resources reserved.
  const active = groups.filter((g) => !['Succeeded', 'Failed', 'ScheduleFailed'].includes(g.status));
  const usedCpu = active.reduce((sum, g) => sum + g.spec.Cpu, 0);
  return {
    Attributes: {
      // The attributes the API reference lists for ListUsage.
      UsedCpu: usedCpu,
      // The emulator limits groups, not vCPUs: its ceiling is the group quota at the largest spec.
      MaxCpu: source.quota * LARGEST_CPU,
      UsedImageCacheCount: source.imageCaches(owner),
      MaxImageCacheCount: source.imageCacheLimit,
      // The emulator makes no image caches by itself.
      UsedAutoImageCacheCount: 0,
      MaxAutoImageCacheCount: 0,
      UsedDataCacheCount: source.dataCaches(owner, regionId),
      MaxDataCacheCount: source.dataCacheLimit,
      // The emulator's own limit, which the API does not list: groups per region (`--quota`).
      UsedContainerGroupCount: groups.length,
      MaxContainerGroupCount: source.quota,
    },
  };
}
