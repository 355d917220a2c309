import type { DiskSizes } from '../../jdcloud/disk-sizes';
import { DATA_DISK_SIZES, fitsDiskSize, SYSTEM_DISK_SIZES } from '../../jdcloud/disk-sizes';
import { invalid, quotaExceeded } from './errors';

/**
 * createContainers' body read as JD Cloud reads it, with the seed's rules (hostname labels, 1–5 security groups, a
 * fixed IP only with maxCount 1, disk sizes by type, at most 7 data volumes, elastic IP bandwidth 1–200 Mbps).
 */
export interface CreateRequest {
  readonly clientToken: string | undefined;
  readonly maxCount: number;
  readonly name: string;
  readonly image: string;
  readonly instanceType: string;
  readonly az: string;
  readonly hostname: string;
  readonly description: string;
  readonly primaryIpAddress: string | undefined;
  /** A new elastic IP of the account for each container, when the spec asks for one. */
  readonly elasticIp: boolean;
}

const HOSTNAME_LABEL = /^(?!-)[0-9a-z-]{1,63}(?<!-)$/i;

export function clientTokenOf(body: Record<string, unknown>): string | undefined {
  return typeof body['clientToken'] === 'string' ? body['clientToken'] : undefined;
}

/** The container spec's checks, in the order JD Cloud's answers give them; `used` counts the region's containers. */
export function readCreateRequest(body: Record<string, unknown>, used: number, quota: number): CreateRequest {
  const spec = body['containerSpec'] as Record<string, unknown> | undefined;
  if (spec === undefined || typeof spec !== 'object') throw invalid('containerSpec is required.');
  const text = (name: string): string => {
    const value = spec[name];
    if (typeof value !== 'string' || value === '') throw invalid(`containerSpec.${name} is required.`);
    return value;
  };
  const maxCount = body['maxCount'] ?? 1;
  if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > 100)
    throw invalid('maxCount must be an integer from 1 to 100.');
  const hostname = typeof spec['hostname'] === 'string' ? spec['hostname'] : '';
  if (hostname !== '' && (hostname.length > 63 || !hostname.split('.').every((label) => HOSTNAME_LABEL.test(label)))) {
    throw invalid(
      `hostname "${hostname}": labels of letters, digits and hyphens, 1–63 characters, ` +
        'not starting or ending with a hyphen; at most 63 in all.',
    );
  }
  const network = (
    spec['primaryNetworkInterface'] as
      { networkInterface?: { subnetId?: unknown; securityGroups?: unknown; primaryIpAddress?: unknown } } | undefined
  )?.networkInterface;
  if (typeof network?.subnetId !== 'string' || network.subnetId === '')
    throw invalid('containerSpec.primaryNetworkInterface.networkInterface.subnetId is required.');
  const groups = network.securityGroups ?? [];
  if (!Array.isArray(groups) || groups.length > 5) throw invalid('A network interface takes 1 to 5 security groups.');
  if (network.primaryIpAddress !== undefined && maxCount !== 1)
    throw invalid('primaryIpAddress can be given only with maxCount 1.');
  checkDisk(spec['rootVolume'], 'rootVolume', SYSTEM_DISK_SIZES);
  const dataVolumes = spec['dataVolumes'] ?? [];
  if (!Array.isArray(dataVolumes) || dataVolumes.length > 7) throw invalid('At most 7 data volumes.');
  dataVolumes.forEach((volume, i) => checkDisk(volume, `dataVolumes[${i}]`, DATA_DISK_SIZES));
  const eip = spec['elasticIp'] as { bandwidthMbps?: unknown } | undefined;
  if (
    eip !== undefined &&
    (typeof eip.bandwidthMbps !== 'number' ||
      !Number.isInteger(eip.bandwidthMbps) ||
      eip.bandwidthMbps < 1 ||
      eip.bandwidthMbps > 200)
  ) {
    throw invalid('elasticIp.bandwidthMbps must be an integer from 1 to 200 (Mbps).');
  }
  if (used + maxCount > quota) throw quotaExceeded(`At most ${quota} containers per region; ${used} exist.`);
  return {
    clientToken: clientTokenOf(body),
    maxCount,
    name: text('name'),
    image: text('image'),
    instanceType: text('instanceType'),
    az: text('az'),
    hostname,
    description: typeof spec['description'] === 'string' ? spec['description'] : '',
    primaryIpAddress: typeof network.primaryIpAddress === 'string' ? network.primaryIpAddress : undefined,
    elasticIp: eip !== undefined,
  };
}

/** A cloud disk spec against the seed's sizes: a range by type, in steps of 10 GB. */
function checkDisk(volume: unknown, where: string, sizes: DiskSizes): void {
  if (volume === undefined) return;
  const disk = (volume as { cloudDiskSpec?: { diskType?: unknown; diskSizeGB?: unknown } }).cloudDiskSpec;
  if (disk === undefined) return;
  const range = typeof disk.diskType === 'string' ? sizes[disk.diskType] : undefined;
  if (range === undefined)
    throw invalid(`${where}.cloudDiskSpec.diskType must be one of ${Object.keys(sizes).join(', ')}.`);
  const size = disk.diskSizeGB;
  if (typeof size !== 'number' || !fitsDiskSize(range, size))
    throw invalid(
      `${where}: a ${String(disk.diskType)} disk is ${range[0]}–${range[1]} GB in steps of 10, not ${String(size)}.`,
    );
}
