import type { DiskSizes } from '../../jdcloud/disk-sizes';
import { DATA_DISK_SIZES, fitsDiskSize, IOPS_DISK_TYPE, iopsRange, SYSTEM_DISK_SIZES } from '../../jdcloud/disk-sizes';
import { invalid, quotaExceeded } from './errors';
import type { JsonObject } from './params';
import { field, isObject, kindOf, optionalBoolean, optionalObject, optionalText, requiredText } from './params';

/**
 * createContainers' body read as JD Cloud reads it, with the seed's rules (hostname labels, 1–5 security groups, the
 * primary interface's deviceIndex 1, a fixed IP only with maxCount 1, cloud volumes only, disk sizes by type, at most
 * 7 data volumes, elastic IP bandwidth 1–200 Mbps) and those jdcloud-sdk-js and the Go SDK's models add (a name of at
 * most 32 letters, digits, `_` and `-`; today's disk types and ssd.io1's IOPS; a data volume's absolute mount path;
 * the limits on command, args, envs and workingDir; the log driver `default`).
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
  readonly subnetId: string;
  readonly securityGroups: string[];
  readonly primaryIpAddress: string | undefined;
  /** A new elastic IP of the account for each container, when the spec asks for one. */
  readonly elasticIp: boolean;
  /** What the container runs and mounts, as describeContainer shows it back. */
  readonly settings: ContainerSettings;
}

/** A volume as the emulator keeps it: a new disk's type and size, or an existing disk's ID. */
export interface VolumeSettings {
  category: string;
  autoDelete: boolean;
  mountPath: string;
  readOnly: boolean;
  fsType: string;
  diskType?: string | undefined;
  diskSizeGB?: number | undefined;
  iops?: number | undefined;
  cloudDiskId?: string | undefined;
}

/** The run settings createContainers and rebuildContainer take (the emulator runs none of them but the image). */
export interface ContainerSettings {
  command: string[];
  args: string[];
  envs: { name: string; value?: string | undefined }[];
  tty: boolean;
  workingDir: string;
  secret: string;
  rootVolume: VolumeSettings;
  dataVolumes: VolumeSettings[];
  logDriver: string;
}

const HOSTNAME_LABEL = /^(?!-)[0-9a-z-]{1,63}(?<!-)$/i;
/** The Go SDK's ContainerSpec.name: Chinese characters, digits, letters, `_` and `-`, at most 32. */
const CONTAINER_NAME = /^[\p{Script=Han}A-Za-z0-9_-]{1,32}$/u;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const FS_TYPES = ['xfs', 'ext4'];

/** createContainers' client token: absent, or a string (a token of another type is refused, not ignored). */
export function clientTokenOf(body: JsonObject): string | undefined {
  return optionalText(body, 'clientToken');
}

/** A container name as JD Cloud takes it (createContainers and modifyContainerAttribute). */
export function checkContainerName(name: string, where = 'name'): string {
  if (!CONTAINER_NAME.test(name))
    throw invalid(
      `${where} "${name.slice(0, 40)}": 1 to 32 Chinese characters, letters, digits, underscores (_) and hyphens (-).`,
    );
  return name;
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
  const name = checkContainerName(text('name'), 'containerSpec.name');
  const hostname = optionalText(spec, 'hostname', 'containerSpec.hostname') ?? '';
  if (hostname !== '' && (hostname.length > 63 || !hostname.split('.').every((label) => HOSTNAME_LABEL.test(label)))) {
    throw invalid(
      `hostname "${hostname}": labels of letters, digits and hyphens, 1–63 characters, ` +
        'not starting or ending with a hyphen; at most 63 in all.',
    );
  }
  const where = 'containerSpec.primaryNetworkInterface';
  const attachment = optionalObject(spec, 'primaryNetworkInterface', where);
  const deviceIndex = field(attachment ?? {}, 'deviceIndex');
  if (deviceIndex !== undefined && deviceIndex !== 1)
    throw invalid(`${where}.deviceIndex is 1 for the primary network interface, not ${JSON.stringify(deviceIndex)}.`);
  if (optionalBoolean(attachment ?? {}, 'autoDelete', `${where}.autoDelete`) === false)
    throw invalid(`${where}.autoDelete can only be true: the interface is deleted with its container.`);
  const network = optionalObject(attachment ?? {}, 'networkInterface', `${where}.networkInterface`);
  const subnetId = field(network ?? {}, 'subnetId');
  if (network === undefined || typeof subnetId !== 'string' || subnetId === '')
    throw invalid(`${where}.networkInterface.subnetId is required.`);
  const groups = field(network, 'securityGroups') ?? [];
  if (!Array.isArray(groups) || groups.length < 1 || groups.length > 5)
    throw invalid(`${where}.networkInterface.securityGroups: a network interface takes 1 to 5 security groups.`);
  if (!groups.every((group) => typeof group === 'string' && group !== ''))
    throw invalid(`${where}.networkInterface.securityGroups must be security group IDs (strings).`);
  const primaryIpAddress = optionalText(network, 'primaryIpAddress', `${where}.networkInterface.primaryIpAddress`);
  if (primaryIpAddress !== undefined && !IPV4.test(primaryIpAddress))
    throw invalid(
      `${where}.networkInterface.primaryIpAddress "${primaryIpAddress.slice(0, 40)}" is not an IPv4 address.`,
    );
  if (primaryIpAddress !== undefined && maxCount !== 1)
    throw invalid('primaryIpAddress can be given only with maxCount 1.');
  const rootVolume = readVolume(field(spec, 'rootVolume'), 'containerSpec.rootVolume', SYSTEM_DISK_SIZES, true);
  const dataVolumes = field(spec, 'dataVolumes') ?? [];
  if (!Array.isArray(dataVolumes) || dataVolumes.length > 7) throw invalid('At most 7 data volumes.');
  const data = dataVolumes.map((volume, i) =>
    readVolume(volume, `containerSpec.dataVolumes[${i}]`, DATA_DISK_SIZES, false),
  );
  const twice = data.find((volume, i) => data.findIndex((other) => other.mountPath === volume.mountPath) !== i);
  if (twice !== undefined) throw invalid(`Two data volumes are mounted at ${twice.mountPath}: one mount path each.`);
  const eip = optionalObject(spec, 'elasticIp', 'containerSpec.elasticIp');
  const bandwidth = field(eip ?? {}, 'bandwidthMbps');
  if (
    eip !== undefined &&
    (typeof bandwidth !== 'number' || !Number.isInteger(bandwidth) || bandwidth < 1 || bandwidth > 200)
  ) {
    throw invalid('elasticIp.bandwidthMbps must be an integer from 1 to 200 (Mbps).');
  }
  const provider = optionalText(eip ?? {}, 'provider', 'containerSpec.elasticIp.provider');
  if (provider !== undefined && !['bgp', 'no_bgp'].includes(provider.toLowerCase()))
    throw invalid(`containerSpec.elasticIp.provider is bgp or no_bgp, not "${provider.slice(0, 40)}".`);
  const logConfiguration = optionalObject(spec, 'logConfiguration', 'containerSpec.logConfiguration');
  const logDriver = optionalText(logConfiguration ?? {}, 'logDriver', 'containerSpec.logConfiguration.logDriver');
  if (logDriver !== undefined && logDriver !== 'default')
    throw invalid(`containerSpec.logConfiguration.logDriver is "default" (10 MB, rotated), not "${logDriver}".`);
  const description = optionalText(spec, 'description', 'containerSpec.description') ?? '';
  const run = readRunSettings(spec, 'containerSpec');
  if (used + maxCount > quota) throw quotaExceeded(`At most ${quota} containers per region; ${used} exist.`);
  return {
    clientToken,
    maxCount,
    name,
    image: text('image'),
    instanceType: text('instanceType'),
    az: text('az'),
    hostname,
    description,
    subnetId,
    securityGroups: groups as string[],
    primaryIpAddress,
    elasticIp: eip !== undefined,
    settings: { ...run, rootVolume, dataVolumes: data, logDriver: logDriver ?? 'default' },
  };
}

/**
 * command, args, envs, tty, workingDir and secret, as createContainers' spec and rebuildContainer's body give them:
 * command at most 256 characters in all, args 2,048, at most 100 envs, workingDir absolute and at most 1,024.
 */
export function readRunSettings(
  source: JsonObject,
  where: string,
): Pick<ContainerSettings, 'command' | 'args' | 'envs' | 'tty' | 'workingDir' | 'secret'> {
  const strings = (name: string, limit: number): string[] => {
    const value = field(source, name) ?? [];
    if (!Array.isArray(value) || !value.every((part) => typeof part === 'string'))
      throw invalid(`${where}.${name} must be a list of strings.`);
    if (value.join('').length > limit) throw invalid(`${where}.${name} is at most ${limit} characters in all.`);
    return value as string[];
  };
  const command = strings('command', 256);
  const args = strings('args', 2048);
  const envsValue = field(source, 'envs') ?? [];
  if (!Array.isArray(envsValue)) throw invalid(`${where}.envs must be a list of {name, value}.`);
  if (envsValue.length > 100) throw invalid(`${where}.envs: at most 100.`);
  const envs = envsValue.map((env, i) => {
    if (!isObject(env)) throw invalid(`${where}.envs[${i}] must be an object, not ${kindOf(env)}.`);
    return { name: requiredText(env, 'name', `${where}.envs[${i}].name`), value: optionalText(env, 'value') };
  });
  const workingDir = optionalText(source, 'workingDir', `${where}.workingDir`) ?? '';
  if (workingDir !== '' && (!workingDir.startsWith('/') || workingDir.length > 1024))
    throw invalid(`${where}.workingDir must be an absolute path of at most 1,024 characters.`);
  return {
    command,
    args,
    envs,
    tty: optionalBoolean(source, 'tty', `${where}.tty`) ?? false,
    workingDir,
    secret: optionalText(source, 'secret', `${where}.secret`) ?? '',
  };
}

/**
 * A volume: category `cloud` (the only one the seed allows), a new disk of a type and size of the table, or an
 * existing one by ID (then with its fsType); the root volume at `/`, a data volume at an absolute path without `:`.
 * The root volume may be left out: the emulator then gives it the smallest ssd system disk.
 */
function readVolume(volume: unknown, where: string, sizes: DiskSizes, root: boolean): VolumeSettings {
  if (volume === undefined && root)
    return {
      category: 'cloud',
      autoDelete: true,
      mountPath: '/',
      readOnly: false,
      fsType: 'xfs',
      diskType: 'ssd',
      diskSizeGB: 10,
    };
  if (!isObject(volume)) throw invalid(`${where} must be an object, not ${kindOf(volume)}.`);
  const category = field(volume, 'category') ?? 'cloud';
  if (category !== 'cloud')
    throw invalid(
      `${where}.category is "cloud": a container's volumes are cloud disks, not ${JSON.stringify(category)}.`,
    );
  const mountPath = optionalText(volume, 'mountPath', `${where}.mountPath`);
  if (root && mountPath !== undefined && mountPath !== '/')
    throw invalid(`${where}.mountPath is / for the root volume, not "${mountPath.slice(0, 60)}".`);
  if (!root && (mountPath === undefined || !mountPath.startsWith('/') || mountPath.includes(':')))
    throw invalid(`${where}.mountPath is required: an absolute path without ":".`);
  const fsType = optionalText(volume, 'fsType', `${where}.fsType`);
  if (fsType !== undefined && !FS_TYPES.includes(fsType))
    throw invalid(`${where}.fsType is xfs or ext4, not "${fsType.slice(0, 20)}".`);
  const base = {
    category: 'cloud',
    autoDelete: optionalBoolean(volume, 'autoDelete', `${where}.autoDelete`) ?? true,
    mountPath: root ? '/' : (mountPath ?? ''),
    readOnly: root ? false : (optionalBoolean(volume, 'readOnly', `${where}.readOnly`) ?? false),
    fsType: fsType ?? 'xfs',
  };
  const cloudDiskId = optionalText(volume, 'cloudDiskId', `${where}.cloudDiskId`);
  const disk = optionalObject(volume, 'cloudDiskSpec', `${where}.cloudDiskSpec`);
  if (cloudDiskId !== undefined) {
    if (disk !== undefined)
      throw invalid(`${where}: cloudDiskSpec (a new disk) or cloudDiskId (an existing one), not both.`);
    if (fsType === undefined) throw invalid(`${where}.fsType is required with cloudDiskId (xfs or ext4).`);
    return { ...base, cloudDiskId };
  }
  if (disk === undefined)
    throw invalid(`${where}.cloudDiskSpec (a new disk) or cloudDiskId (an existing one) is required.`);
  const type = field(disk, 'diskType');
  const range = typeof type === 'string' && Object.prototype.hasOwnProperty.call(sizes, type) ? sizes[type] : undefined;
  if (range === undefined)
    throw invalid(`${where}.cloudDiskSpec.diskType must be one of ${Object.keys(sizes).join(', ')}.`);
  const size = field(disk, 'diskSizeGB');
  if (typeof size !== 'number' || !fitsDiskSize(range, size))
    throw invalid(
      `${where}: a ${String(type)} disk is ${range[0]}–${range[1]} GB in steps of 10, not ${String(size)}.`,
    );
  // IOPS are chosen for ssd.io1 only; on another type JD Cloud ignores them.
  let iops: number | undefined;
  if (type === IOPS_DISK_TYPE) {
    const bounds = iopsRange(size);
    const given = field(disk, 'iops') ?? bounds.default;
    if (
      typeof given !== 'number' ||
      !Number.isInteger(given) ||
      given % 10 !== 0 ||
      given < bounds.min ||
      given > bounds.max
    )
      throw invalid(
        `${where}.cloudDiskSpec.iops: a ${size} GB ssd.io1 disk takes ${bounds.min}–${bounds.max} IOPS ` +
          'in steps of 10, ' +
          `not ${JSON.stringify(given)}.`,
      );
    iops = given;
  }
  return { ...base, diskType: type as string, diskSizeGB: size, iops };
}
