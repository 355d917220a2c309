import type { DiskSizes } from '../../jdcloud/disk-sizes';
import { DATA_DISK_SIZES, fitsDiskSize, SYSTEM_DISK_SIZES } from '../../jdcloud/disk-sizes';
import { invalid, quotaExceeded } from './errors';
import type { JsonObject } from './params';
import { field, isObject, kindOf, optionalObject, optionalText, requiredText } from './params';

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

/** createContainers' client token: absent, or a string (a token of another type is refused, not ignored). */
export function clientTokenOf(body: JsonObject): string | undefined {
  return optionalText(body, 'clientToken');
}

/** The container spec's checks, in the order JD Cloud's answers give them; `used` counts the region's containers. */
export function readCreateRequest(body: JsonObject, used: number, quota: number): CreateRequest {
  const clientToken = clientTokenOf(body);
  const spec = optionalObject(body, 'containerSpec');
  if (spec === undefined) throw invalid('containerSpec is required.');
  const text = (name: string): string => requiredText(spec, name, `containerSpec.${name}`);
  const maxCount = field(body, 'maxCount') ?? 1;
  if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1 || maxCount > 100)
    throw invalid('maxCount must be an integer from 1 to 100.');
  const hostname = optionalText(spec, 'hostname', 'containerSpec.hostname') ?? '';
  if (hostname !== '' && (hostname.length > 63 || !hostname.split('.').every((label) => HOSTNAME_LABEL.test(label)))) {
    throw invalid(
      `hostname "${hostname}": labels of letters, digits and hyphens, 1–63 characters, ` +
        'not starting or ending with a hyphen; at most 63 in all.',
    );
  }
  const where = 'containerSpec.primaryNetworkInterface';
  const network = optionalObject(
    optionalObject(spec, 'primaryNetworkInterface', where) ?? {},
    'networkInterface',
    `${where}.networkInterface`,
  );
  const subnetId = field(network ?? {}, 'subnetId');
  if (network === undefined || typeof subnetId !== 'string' || subnetId === '')
    throw invalid(`${where}.networkInterface.subnetId is required.`);
  const groups = field(network, 'securityGroups') ?? [];
  if (!Array.isArray(groups) || groups.length > 5) throw invalid('A network interface takes 1 to 5 security groups.');
  if (!groups.every((group) => typeof group === 'string' && group !== ''))
    throw invalid(`${where}.networkInterface.securityGroups must be security group IDs (strings).`);
  const primaryIpAddress = optionalText(network, 'primaryIpAddress', `${where}.networkInterface.primaryIpAddress`);
  if (primaryIpAddress !== undefined && maxCount !== 1)
    throw invalid('primaryIpAddress can be given only with maxCount 1.');
  checkDisk(field(spec, 'rootVolume'), 'rootVolume', SYSTEM_DISK_SIZES);
  const dataVolumes = field(spec, 'dataVolumes') ?? [];
  if (!Array.isArray(dataVolumes) || dataVolumes.length > 7) throw invalid('At most 7 data volumes.');
  dataVolumes.forEach((volume, i) => checkDisk(volume, `dataVolumes[${i}]`, DATA_DISK_SIZES));
  const eip = optionalObject(spec, 'elasticIp', 'containerSpec.elasticIp');
  const bandwidth = field(eip ?? {}, 'bandwidthMbps');
  if (
    eip !== undefined &&
    (typeof bandwidth !== 'number' || !Number.isInteger(bandwidth) || bandwidth < 1 || bandwidth > 200)
  ) {
    throw invalid('elasticIp.bandwidthMbps must be an integer from 1 to 200 (Mbps).');
  }
  const description = optionalText(spec, 'description', 'containerSpec.description') ?? '';
  if (used + maxCount > quota) throw quotaExceeded(`At most ${quota} containers per region; ${used} exist.`);
  return {
    clientToken,
    maxCount,
    name: text('name'),
    image: text('image'),
    instanceType: text('instanceType'),
    az: text('az'),
    hostname,
    description,
    primaryIpAddress,
    elasticIp: eip !== undefined,
  };
}

/** A cloud disk spec against the seed's sizes: a range by type, in steps of 10 GB. */
function checkDisk(volume: unknown, where: string, sizes: DiskSizes): void {
  if (volume === undefined) return;
  if (!isObject(volume)) throw invalid(`${where} must be an object, not ${kindOf(volume)}.`);
  const disk = optionalObject(volume, 'cloudDiskSpec', `${where}.cloudDiskSpec`);
  if (disk === undefined) return;
  const type = field(disk, 'diskType');
  const range = typeof type === 'string' && Object.prototype.hasOwnProperty.call(sizes, type) ? sizes[type] : undefined;
  if (range === undefined)
    throw invalid(`${where}.cloudDiskSpec.diskType must be one of ${Object.keys(sizes).join(', ')}.`);
  const size = field(disk, 'diskSizeGB');
  if (typeof size !== 'number' || !fitsDiskSize(range, size))
    throw invalid(
      `${where}: a ${String(type)} disk is ${range[0]}–${range[1]} GB in steps of 10, not ${String(size)}.`,
    );
}
