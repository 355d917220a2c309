import { isSupportedSpec, smallestSpecAtLeast } from '../eci/specs';
import { ApiError, invalid, missing } from './api-error';
import type {
  ContainerModel,
  GroupOptionValue,
  GroupSpec,
  LifecycleHandlerModel,
  ProbeModel,
  VolumeModel,
} from './model';
import type { Params } from './params';
import { readTags } from './params';

/**
 * What CreateContainerGroup and CreateContainerGroupFromTemplate ask for, read from either: the RPC parameters
 * (`createRequest()` in api.ts) or the template (template-reader.ts). Each reader checks what it reads, naming the
 * fields as its caller wrote them; the rules of the group as a whole are the functions below, shared by both.
 */
export interface CreateRequest {
  readonly name: string;
  /** Optional in today's API: the default security group and vSwitch of the zone are used (api.ts). */
  readonly securityGroupId: string | undefined;
  readonly vSwitchIds: readonly string[];
  readonly zoneId: string | undefined;
  readonly resourceGroupId: string | undefined;
  readonly eipInstanceId: string | undefined;
  readonly autoCreateEip: boolean;
  readonly dryRun: boolean;
  /** Reads and checks the spec: called after the placement is checked, so that placement errors come first. */
  readonly spec: () => GroupSpec;
}

/** What UpdateContainerGroup and UpdateContainerGroupByTemplate ask for. */
export interface UpdateRequest {
  readonly containerGroupId: string;
  /** The new spec: what the request leaves out stays as it was. */
  readonly spec: (previous: GroupSpec) => GroupSpec;
}

/** The vSwitches of a request: one, or several separated by commas (at most 10), to spread over zones. */
export function vSwitchList(text: string): string[] {
  const vSwitchIds = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (vSwitchIds.length > 10)
    throw new ApiError(400, 'InvalidParameter.LengthExceeded', 'At most 10 vSwitches may be given.');
  return vSwitchIds;
}

/** A group needs a container; `name` is the list as the request calls it. */
export function requireContainers(containers: readonly ContainerModel[], name: string): void {
  if (containers.length === 0) throw missing(name);
}

/** Container names are unique among a group's containers and init containers. */
export function checkContainerNames(containers: readonly ContainerModel[]): void {
  const names = containers.map((c) => c.Name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined)
    throw new ApiError(
      400,
      'InvalidParameter.DuplicatedName',
      `The container group include containers with duplicate names: "${duplicate}".`,
    );
}

/** Volume names are unique, and every container mounts only volumes the group declares. */
export function checkVolumes(volumes: readonly VolumeModel[], containers: readonly ContainerModel[]): void {
  const volumeNames = volumes.map((v) => v.Name);
  const duplicateVolume = volumeNames.find((name, index) => volumeNames.indexOf(name) !== index);
  if (duplicateVolume !== undefined)
    throw new ApiError(
      400,
      'InvalidParameter.DuplicatedVolumeName',
      `The container group includes volumes with duplicate names: "${duplicateVolume}".`,
    );
  for (const container of containers) {
    for (const mount of container.VolumeMounts) {
      if (!volumeNames.includes(mount.Name))
        throw invalid(
          `VolumeMount ${mount.Name}`,
          `container ${container.Name} mounts a volume that the group does not declare`,
        );
    }
  }
}

/** The group-spec parameters shared by CreateContainerGroup and UpdateContainerGroup, validated as ECI does. */
export function parseGroupSpec(p: Params, previous?: GroupSpec): GroupSpec {
  const containers =
    p.has('Container') || previous === undefined
      ? p.objects('Container', 20).map((c) => parseContainer(c, true))
      : previous.Containers;
  requireContainers(containers, 'Container');
  const initContainers =
    p.has('InitContainer') || previous === undefined
      ? p.objects('InitContainer', 20).map((c) => parseContainer(c, false))
      : previous.InitContainers;
  checkContainerNames([...containers, ...initContainers]);

  const volumes =
    p.has('Volume') || previous === undefined ? p.objects('Volume', 20).map(parseVolume) : previous.Volumes;
  checkVolumes(volumes, [...containers, ...initContainers]);

  const instanceType = p.str('InstanceType') ?? previous?.InstanceType;
  const { Cpu, Memory } = groupResources(p.num('Cpu'), p.num('Memory'), containers, previous, p.str('InstanceType'));
  const dnsConfig = p.object('DnsConfig');
  const tags = p.has('Tag') || previous === undefined ? readTags(p) : previous.Tags;
  return {
    RestartPolicy:
      p.oneOf('RestartPolicy', ['Always', 'Never', 'OnFailure'] as const) ?? previous?.RestartPolicy ?? 'Always',
    Cpu,
    Memory,
    InstanceType: instanceType,
    Containers: containers,
    InitContainers: initContainers,
    Volumes: volumes,
    Tags: tags,
    DnsPolicy: p.oneOf('DnsPolicy', ['Default', 'None'] as const) ?? previous?.DnsPolicy,
    DnsConfig:
      dnsConfig === undefined
        ? previous?.DnsConfig
        : {
            NameServers: dnsConfig.strings('NameServer', 3),
            Searches: dnsConfig.strings('Search', 6),
            Options: dnsConfig.objects('Option').map((o) => ({ Name: o.requiredStr('Name'), Value: o.str('Value') })),
          },
    Sysctls:
      p
        .object('SecurityContext')
        ?.objects('Sysctl')
        .map((s) => ({ Name: s.requiredStr('Name'), Value: s.str('Value') })) ??
      previous?.Sysctls ??
      [],
    HostSysctls:
      p
        .object('HostSecurityContext')
        ?.objects('Sysctl')
        .map((s) => ({ Name: s.requiredStr('Name'), Value: s.str('Value') })) ?? previous?.HostSysctls,
    HostAliases: p.objects('HostAliase').map((h) => ({ Ip: h.requiredStr('Ip'), Hostnames: h.strings('Hostname') })),
    RegistryCredentials: p.has('ImageRegistryCredential')
      ? p.objects('ImageRegistryCredential').map((c) => ({
          Server: c.requiredStr('Server'),
          UserName: c.requiredStr('UserName'),
          Password: c.requiredStr('Password'),
        }))
      : (previous?.RegistryCredentials ?? []),
    Options: previous?.Options ?? readGroupOptions((option) => readOption(p, option)),
    // Today's UpdateContainerGroup takes AcrRegistryInfo too (without the ARNs of cross-account pulls).
    AcrRegistryInfos: p.has('AcrRegistryInfo')
      ? p.objects('AcrRegistryInfo', 10).map((a) => ({
          InstanceId: a.str('InstanceId'),
          InstanceName: a.str('InstanceName'),
          RegionId: a.str('RegionId'),
          Domains: a.strings('Domain', 10),
          ArnService: a.str('ArnService'),
          ArnUser: a.str('ArnUser'),
        }))
      : previous?.AcrRegistryInfos,
    EnableOverheadReservation:
      p.object('OverheadReservationOption')?.bool('EnableOverheadReservation') ?? previous?.EnableOverheadReservation,
  };
}

/** How a group option is written: its type and the limits of ECI's API reference (docs/reference/eci-2026-notes.md). */
export interface GroupOption {
  /** The RPC name; templates write it in camelCase (a list: in the plural, `ntpServers`). */
  readonly name: string;
  readonly kind: 'string' | 'integer' | 'number' | 'boolean' | 'strings';
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/**
 * The group-level settings of today's CreateContainerGroup that the emulator keeps as they are given (they change
 * nothing it simulates but the price, the IP and the record, see api.ts and render.ts). Create only: today's
 * UpdateContainerGroup takes none of them, so an update keeps them.
 */
export const GROUP_OPTIONS: readonly GroupOption[] = [
  { name: 'SpotStrategy', kind: 'string', values: ['NoSpot', 'SpotAsPriceGo', 'SpotWithPriceLimit'] },
  { name: 'SpotPriceLimit', kind: 'number', min: 0 },
  // 0: no protection period; 1: the instance is kept an hour after it was made, whatever the market does.
  { name: 'SpotDuration', kind: 'integer', min: 0, max: 1 },
  { name: 'StrictSpot', kind: 'boolean' },
  // GiB added to the free 30 GiB of temporary storage.
  { name: 'EphemeralStorage', kind: 'integer', min: 1, max: 2048 },
  { name: 'ActiveDeadlineSeconds', kind: 'integer', min: 1 },
  { name: 'TerminationGracePeriodSeconds', kind: 'integer', min: 0 },
  { name: 'RamRoleName', kind: 'string' },
  { name: 'AutoCreateEip', kind: 'boolean' },
  { name: 'EipBandwidth', kind: 'integer', min: 1, max: 500 },
  { name: 'EipISP', kind: 'string', values: ['BGP', 'BGP_PRO'] },
  { name: 'EipCommonBandwidthPackage', kind: 'string' },
  { name: 'HostName', kind: 'string' },
  { name: 'NtpServer', kind: 'strings' },
  { name: 'PrivateIpAddress', kind: 'string' },
  { name: 'Ipv6AddressCount', kind: 'integer', min: 1, max: 1 },
  { name: 'Ipv6GatewayBandwidthEnable', kind: 'boolean' },
  { name: 'Ipv6GatewayBandwidth', kind: 'string' },
  // Bits per second.
  { name: 'EgressBandwidth', kind: 'integer', min: 0 },
  { name: 'IngressBandwidth', kind: 'integer', min: 0 },
  // Registries written as `host[:port]`, several separated by commas.
  { name: 'InsecureRegistry', kind: 'string' },
  { name: 'PlainHttpRegistry', kind: 'string' },
  { name: 'ImageAccelerateMode', kind: 'string' },
  { name: 'CpuArchitecture', kind: 'string', values: ['AMD64', 'ARM64'] },
  { name: 'CpuOptionsCore', kind: 'integer', min: 1 },
  { name: 'CpuOptionsThreadsPerCore', kind: 'integer', min: 1, max: 2 },
  { name: 'CpuOptionsNuma', kind: 'string' },
  { name: 'OsType', kind: 'string', values: ['Linux', 'Windows'] },
  { name: 'CorePattern', kind: 'string' },
  { name: 'ContainerResourceView', kind: 'boolean' },
  { name: 'ShareProcessNamespace', kind: 'boolean' },
  { name: 'ScheduleStrategy', kind: 'string', values: ['VSwitchOrdered', 'VSwitchRandom'] },
  { name: 'FixedIp', kind: 'string', values: ['true', 'false'] },
  { name: 'FixedIpRetainHour', kind: 'integer', min: 1 },
  { name: 'DataCacheBucket', kind: 'string' },
  { name: 'DataCachePL', kind: 'string', values: ['PL0', 'PL1', 'PL2', 'PL3'] },
  { name: 'DataCacheProvisionedIops', kind: 'integer', min: 0 },
  { name: 'DataCacheBurstingEnabled', kind: 'boolean' },
];

/** Reads every group option with `read` (one reader per request format); the ones given, by RPC name. */
export function readGroupOptions(
  read: (option: GroupOption) => GroupOptionValue | undefined,
): Record<string, GroupOptionValue> {
  const options: Record<string, GroupOptionValue> = {};
  for (const option of GROUP_OPTIONS) {
    const value = read(option);
    if (value !== undefined) options[option.name] = value;
  }
  const strategy = options['SpotStrategy'];
  if (strategy === 'SpotWithPriceLimit' && options['SpotPriceLimit'] === undefined) throw missing('SpotPriceLimit');
  return options;
}

function readOption(p: Params, option: GroupOption): GroupOptionValue | undefined {
  switch (option.kind) {
    case 'boolean':
      return p.bool(option.name);
    case 'integer':
      return p.int(option.name, option.min, option.max);
    case 'strings': {
      const list = p.strings(option.name, 10);
      return list.length === 0 ? undefined : list;
    }
    case 'number': {
      const n = p.num(option.name);
      if (n !== undefined && option.min !== undefined && n < option.min)
        throw invalid(option.name, `must be at least ${option.min}`);
      return n;
    }
    case 'string':
      return option.values === undefined ? p.str(option.name) : p.oneOf(option.name, option.values);
  }
}

/**
 * ECS instance types a group may be given instead of vCPU and memory, with their sizes (vCPU, GiB), as the ECS
 * instance-type families list them: a few common ones of each family, for the emulator to size and price groups.
 * A type not listed here keeps the vCPU and memory of the request (the emulator does not refuse what it cannot size).
 */
export const INSTANCE_TYPES: Readonly<Record<string, { readonly cpu: number; readonly memory: number }>> = {
  'ecs.t5-lc1m2.large': { cpu: 2, memory: 4 },
  'ecs.c6.large': { cpu: 2, memory: 4 },
  'ecs.c6.xlarge': { cpu: 4, memory: 8 },
  'ecs.c6.2xlarge': { cpu: 8, memory: 16 },
  'ecs.c7.large': { cpu: 2, memory: 4 },
  'ecs.c7.xlarge': { cpu: 4, memory: 8 },
  'ecs.g6.large': { cpu: 2, memory: 8 },
  'ecs.g6.xlarge': { cpu: 4, memory: 16 },
  'ecs.g7.xlarge': { cpu: 4, memory: 16 },
  'ecs.r6.large': { cpu: 2, memory: 16 },
  'ecs.r6.xlarge': { cpu: 4, memory: 32 },
  'ecs.gn6i-c4g1.xlarge': { cpu: 4, memory: 15 },
};

/**
 * The group's vCPU and memory: as asked (an offered combination that holds the containers' sums), else the previous
 * ones on an update, else the smallest offered combination that holds the containers (2 vCPU / 4 GiB if they ask
 * for nothing): docs/reference/eci-api.md §6.3.
 */
export function groupResources(
  cpu: number | undefined,
  memory: number | undefined,
  containers: readonly ContainerModel[],
  previous: GroupSpec | undefined,
  instanceType?: string,
): { Cpu: number; Memory: number } {
  // An instance type is the group's size: ecs.c6.xlarge is 4 vCPU and 8 GiB, whatever the containers ask.
  const sized = instanceType === undefined ? undefined : INSTANCE_TYPES[instanceType];
  if (sized !== undefined) return { Cpu: sized.cpu, Memory: sized.memory };
  if (cpu !== undefined || memory !== undefined) {
    const c = cpu ?? previous?.Cpu ?? 2;
    const m = memory ?? previous?.Memory ?? 4;
    if (!isSupportedSpec(c, m))
      throw new ApiError(
        400,
        'InvalidParameter.CPU.Memory',
        `The specified cpu and memory are not allowed: ${c} vCPU with ${m} GiB is not an offered combination.`,
      );
    const sumCpu = containers.reduce((sum, container) => sum + container.Cpu, 0);
    const sumMemory = containers.reduce((sum, container) => sum + container.Memory, 0);
    if (sumCpu > c + 1e-9 || sumMemory > m + 1e-9) {
      throw invalid(
        'Cpu',
        `the containers ask for ${sumCpu} vCPU and ${sumMemory} GiB, more than the group's ${c} vCPU and ${m} GiB`,
      );
    }
    return { Cpu: c, Memory: m };
  }
  if (previous !== undefined) return { Cpu: previous.Cpu, Memory: previous.Memory };
  const sumCpu = containers.reduce((sum, container) => sum + container.Cpu, 0);
  const sumMemory = containers.reduce((sum, container) => sum + container.Memory, 0);
  if (sumCpu === 0 && sumMemory === 0) return { Cpu: 2, Memory: 4 };
  const spec = smallestSpecAtLeast(sumCpu, sumMemory);
  if (spec === undefined)
    throw new ApiError(
      400,
      'InvalidParameter.CPU.Memory',
      `No offered specification holds ${sumCpu} vCPU and ${sumMemory} GiB.`,
    );
  return { Cpu: spec.cpu, Memory: spec.memory };
}

function parseProbe(p: Params | undefined): ProbeModel | undefined {
  if (p === undefined) return undefined;
  const exec = p.object('Exec');
  const http = p.object('HttpGet');
  const tcp = p.object('TcpSocket');
  const handlers = [exec, http, tcp].filter((h) => h !== undefined).length;
  if (handlers > 1) throw invalid('Probe', 'a probe takes exactly one of Exec, HttpGet and TcpSocket');
  return {
    InitialDelaySeconds: p.int('InitialDelaySeconds', 0),
    PeriodSeconds: p.int('PeriodSeconds', 1),
    SuccessThreshold: p.int('SuccessThreshold', 1),
    FailureThreshold: p.int('FailureThreshold', 1),
    TimeoutSeconds: p.int('TimeoutSeconds', 1),
    Exec: exec === undefined ? undefined : { Command: exec.strings('Command') },
    HttpGet:
      http === undefined
        ? undefined
        : {
            Path: http.str('Path'),
            Port: http.int('Port', 1, 65535),
            Scheme: http.oneOf('Scheme', ['HTTP', 'HTTPS'] as const),
          },
    TcpSocket: tcp === undefined ? undefined : { Port: tcp.int('Port', 1, 65535) },
  };
}

/**
 * A lifecycle handler, written flat on the container: `LifecyclePostStartHandlerExec.N`,
 * `LifecyclePostStartHandlerHttpGetPort`, … (`which` is PostStart or PreStop). At most one kind.
 */
function parseLifecycleHandler(p: Params, which: 'PostStart' | 'PreStop'): LifecycleHandlerModel | undefined {
  const key = (rest: string): string => `Lifecycle${which}Handler${rest}`;
  const exec = p.strings(key('Exec'), 20);
  // UpdateContainerGroup's SDK model spells the postStart header list with a final s; both are read.
  const headers = [...p.objects(key('HttpGetHttpHeader')), ...p.objects(key('HttpGetHttpHeaders'))].map((h) => ({
    Name: h.requiredStr('Name'),
    Value: h.str('Value'),
  }));
  const httpPort = p.int(key('HttpGetPort'), 1, 65535);
  const http =
    httpPort !== undefined || p.has(key('HttpGetPath')) || p.has(key('HttpGetHost')) || headers.length > 0
      ? {
          Host: p.str(key('HttpGetHost')),
          Path: p.str(key('HttpGetPath')),
          Port: httpPort,
          Scheme: p.oneOf(key('HttpGetScheme'), ['HTTP', 'HTTPS'] as const),
          HttpHeaders: headers,
        }
      : undefined;
  const tcpPort = p.int(key('TcpSocketPort'), 1, 65535);
  const tcp =
    tcpPort !== undefined || p.has(key('TcpSocketHost'))
      ? { Host: p.str(key('TcpSocketHost')), Port: tcpPort }
      : undefined;
  const kinds = [exec.length > 0, http !== undefined, tcp !== undefined].filter(Boolean).length;
  if (kinds === 0) return undefined;
  if (kinds > 1) throw invalid(key(''), 'a handler takes exactly one of Exec, HttpGet and TcpSocket');
  return { Exec: exec.length > 0 ? exec : undefined, HttpGet: http, TcpSocket: tcp };
}

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'] as const;
const MOUNT_PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'] as const;

function parseContainer(p: Params, withProbes: boolean): ContainerModel {
  const security = p.object('SecurityContext');
  const liveness = withProbes ? parseProbe(p.object('LivenessProbe')) : undefined;
  if (liveness?.SuccessThreshold !== undefined && liveness.SuccessThreshold !== 1)
    throw invalid('LivenessProbe.SuccessThreshold', 'must be 1 for a liveness probe');
  const commands = p.strings('Command', 20);
  const longCommand = commands.find((c) => c.length > 256);
  if (longCommand !== undefined) throw invalid('Command', 'each command may be at most 256 characters');
  return {
    Name: p.requiredStr('Name'),
    Image: p.requiredStr('Image'),
    ImagePullPolicy: p.oneOf('ImagePullPolicy', ['Always', 'IfNotPresent', 'Never'] as const) ?? 'IfNotPresent',
    Cpu: p.num('Cpu') ?? 0,
    Memory: p.num('Memory') ?? 0,
    Gpu: p.int('Gpu', 0) ?? 0,
    WorkingDir: p.str('WorkingDir'),
    Commands: commands,
    Args: p.strings('Arg', 10),
    Stdin: p.bool('Stdin') ?? false,
    StdinOnce: p.bool('StdinOnce') ?? false,
    Tty: p.bool('Tty') ?? false,
    EnvironmentVars: p.objects('EnvironmentVar').map((e) => {
      const fieldPath = e.object('FieldRef')?.str('FieldPath');
      if (fieldPath !== undefined && fieldPath !== 'status.podIP')
        throw invalid('EnvironmentVar.FieldRef.FieldPath', 'only status.podIP is supported');
      return { Key: e.requiredStr('Key'), Value: e.str('Value'), FieldPath: fieldPath };
    }),
    Ports: p.objects('Port').map((port) => ({
      Port: port.int('Port', 1, 65535) ?? 0,
      Protocol: port.oneOf('Protocol', ['TCP', 'UDP'] as const) ?? 'TCP',
    })),
    VolumeMounts: p.objects('VolumeMount').map((m) => ({
      Name: m.requiredStr('Name'),
      MountPath: m.requiredStr('MountPath'),
      SubPath: m.str('SubPath'),
      ReadOnly: m.bool('ReadOnly') ?? false,
      MountPropagation: m.oneOf('MountPropagation', MOUNT_PROPAGATIONS),
    })),
    SecurityContext:
      security === undefined &&
      !(withProbes && (p.has('SecurityContextRunAsGroup') || p.has('SecurityContextRunAsNonRoot')))
        ? undefined
        : {
            CapabilityAdd: security?.object('Capability')?.strings('Add') ?? [],
            ReadOnlyRootFilesystem: security?.bool('ReadOnlyRootFilesystem'),
            RunAsUser: security?.int('RunAsUser'),
            // Flat on the container in the API (SecurityContextRunAsGroup), inside securityContext in templates.
            RunAsGroup: withProbes ? p.int('SecurityContextRunAsGroup', 0) : undefined,
            RunAsNonRoot: withProbes ? p.bool('SecurityContextRunAsNonRoot') : undefined,
          },
    ReadinessProbe: withProbes ? parseProbe(p.object('ReadinessProbe')) : undefined,
    LivenessProbe: liveness,
    EnvironmentVarHide: withProbes ? p.bool('EnvironmentVarHide') : undefined,
    TerminationMessagePath: p.str('TerminationMessagePath'),
    TerminationMessagePolicy: p.oneOf('TerminationMessagePolicy', TERMINATION_MESSAGE_POLICIES),
    PostStart: withProbes ? parseLifecycleHandler(p, 'PostStart') : undefined,
    PreStop: withProbes ? parseLifecycleHandler(p, 'PreStop') : undefined,
  };
}

const VOLUME_TYPES = [
  'EmptyDirVolume',
  'NFSVolume',
  'ConfigFileVolume',
  'DiskVolume',
  'FlexVolume',
  'HostPathVolume',
] as const;

function parseVolume(p: Params): VolumeModel {
  const type = p.oneOf('Type', VOLUME_TYPES);
  if (type === undefined)
    throw new ApiError(
      400,
      'MissingParameter',
      'The input parameter "Volume.N.Type" that is mandatory for processing this request is not supplied.',
    );
  const nfs = p.object('NFSVolume');
  const emptyDir = p.object('EmptyDirVolume');
  const config = p.object('ConfigFileVolume');
  const volume: VolumeModel = { Name: p.requiredStr('Name'), Type: type };
  if (type === 'NFSVolume')
    volume.NFSVolume = {
      Server: nfs?.requiredStr('Server') ?? missingField('NFSVolume.Server'),
      Path: nfs?.requiredStr('Path') ?? missingField('NFSVolume.Path'),
      ReadOnly: nfs?.bool('ReadOnly') ?? false,
    };
  if (type === 'EmptyDirVolume')
    volume.EmptyDirVolume = { Medium: emptyDir?.str('Medium'), SizeLimit: emptyDir?.str('SizeLimit') };
  if (type === 'ConfigFileVolume') {
    const files = config?.objects('ConfigFileToPath') ?? [];
    volume.ConfigFileVolume = {
      DefaultMode: config?.int('DefaultMode', 0, 0o777),
      ConfigFileToPath: files.map((f) => {
        const content = f.requiredStr('Content');
        if (Buffer.from(content, 'base64').length > 32 * 1024)
          throw invalid('ConfigFileToPath.Content', 'a config file may hold at most 32 KB');
        return { Path: f.requiredStr('Path'), Content: content, Mode: f.int('Mode', 0, 0o777) };
      }),
    };
  }
  if (type === 'DiskVolume')
    volume.DiskVolume = {
      DiskId: p.object('DiskVolume')?.requiredStr('DiskId') ?? missingField('DiskVolume.DiskId'),
      FsType: p.object('DiskVolume')?.str('FsType'),
      DiskSize: p.object('DiskVolume')?.int('DiskSize', 1),
    };
  if (type === 'FlexVolume')
    volume.FlexVolume = {
      Driver: p.object('FlexVolume')?.requiredStr('Driver') ?? missingField('FlexVolume.Driver'),
      FsType: p.object('FlexVolume')?.str('FsType'),
      Options: p.object('FlexVolume')?.str('Options'),
    };
  if (type === 'HostPathVolume')
    volume.HostPathVolume = {
      Path: p.object('HostPathVolume')?.requiredStr('Path') ?? missingField('HostPathVolume.Path'),
      Type: p.object('HostPathVolume')?.str('Type'),
    };
  return volume;
}

function missingField(name: string): never {
  throw new ApiError(
    400,
    'MissingParameter',
    `The input parameter "Volume.N.${name}" that is mandatory for processing this request is not supplied.`,
  );
}

const GROUP_NAME = /^[a-z0-9]([a-z0-9-]{0,126}[a-z0-9])?$/;

export function checkGroupName(name: string): void {
  if (name.length < 2 || name.length > 128 || !GROUP_NAME.test(name)) {
    throw invalid(
      'ContainerGroupName',
      `"${name}" must be 2–128 characters of lowercase letters, digits and hyphens, not starting or ending with a hyphen`,
    );
  }
}
