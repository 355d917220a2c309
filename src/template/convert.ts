import type { RpcParams, RpcValue } from '../eci/flatten';
import type { ContainerGroup, ExportedTemplate } from '../eci/records';
import { MAX_DEPTH } from './limits';

/**
 * Conversion of the CreateContainerGroupFromTemplate format (camelCase JSON, docs/reference/eci-api-2020-notes.md
 * §6.7) into the parameters of CreateContainerGroup / UpdateContainerGroup (PascalCase RPC names, lists as arrays, flattened by
 * the client). Pure and tolerant: fields of the wrong type are left out here; validation reports them elsewhere.
 * Config-file content is written as text in templates and sent base64-encoded, as the RPC API expects.
 * templateToRpcParams reads fixed paths of the template only (never a walk over the whole value), so a value nested
 * however deep costs it nothing more.
 */
type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const scalar = (value: unknown): string | number | boolean | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
const listOrUndefined = <T>(items: T[]): T[] | undefined => (items.length === 0 ? undefined : items);

function probe(value: unknown): RpcParams | undefined {
  const p = obj(value);
  if (p === undefined) return undefined;
  const exec = obj(p['exec']);
  const http = obj(p['httpGet']);
  const tcp = obj(p['tcpSocket']);
  return {
    InitialDelaySeconds: scalar(p['initialDelaySeconds']),
    PeriodSeconds: scalar(p['periodSeconds']),
    SuccessThreshold: scalar(p['successThreshold']),
    FailureThreshold: scalar(p['failureThreshold']),
    TimeoutSeconds: scalar(p['timeoutSeconds']),
    Exec: exec === undefined ? undefined : { Command: strings(exec['command']) },
    HttpGet:
      http === undefined
        ? undefined
        : { Path: scalar(http['path']), Port: scalar(http['port']), Scheme: scalar(http['scheme']) },
    TcpSocket: tcp === undefined ? undefined : { Port: scalar(tcp['port']) },
  };
}

/**
 * A lifecycle handler of a template (`lifecycle.postStart` or `.preStop`) as the API writes it, flat on the container:
 * LifecyclePostStartHandlerExec.N, LifecyclePostStartHandlerHttpGetPort, ….
 */
function lifecycleHandler(value: unknown, which: 'PostStart' | 'PreStop'): Record<string, RpcValue> {
  const h = obj(value);
  if (h === undefined) return {};
  const exec = obj(h['exec']);
  const http = obj(h['httpGet']);
  const tcp = obj(h['tcpSocket']);
  const prefix = `Lifecycle${which}Handler`;
  return {
    [`${prefix}Exec`]: exec === undefined ? undefined : listOrUndefined(strings(exec['command']) ?? []),
    [`${prefix}HttpGetHost`]: scalar(http?.['host']),
    [`${prefix}HttpGetPath`]: scalar(http?.['path']),
    [`${prefix}HttpGetPort`]: scalar(http?.['port']),
    [`${prefix}HttpGetScheme`]: scalar(http?.['scheme']),
    [`${prefix}HttpGetHttpHeader`]: listOrUndefined(
      arr(http?.['httpHeaders']).map((header) => ({
        Name: scalar(obj(header)?.['name']),
        Value: scalar(obj(header)?.['value']),
      })),
    ),
    [`${prefix}TcpSocketHost`]: scalar(tcp?.['host']),
    [`${prefix}TcpSocketPort`]: scalar(tcp?.['port']),
  };
}

function container(value: unknown, withProbes: boolean): RpcParams {
  const c = obj(value) ?? {};
  const resources = obj(c['resources']);
  const security = obj(c['securityContext']);
  const result: Record<string, RpcValue> = {
    Name: scalar(c['name']),
    Image: scalar(c['image']),
    ImagePullPolicy: scalar(c['imagePullPolicy']),
    Cpu: scalar(resources?.['cpu']),
    Memory: scalar(resources?.['memory']),
    Gpu: scalar(resources?.['gpu']),
    WorkingDir: scalar(c['workingDir']),
    TerminationMessagePath: scalar(c['terminationMessagePath']),
    TerminationMessagePolicy: scalar(c['terminationMessagePolicy']),
    Command: listOrUndefined(strings(c['command']) ?? []),
    Arg: listOrUndefined(strings(c['args']) ?? []),
    Stdin: scalar(c['stdin']),
    StdinOnce: scalar(c['stdinOnce']),
    Tty: scalar(c['tty']),
    EnvironmentVar: listOrUndefined(
      arr(c['env']).map((e) => {
        const env = obj(e) ?? {};
        const fieldPath = scalar(obj(obj(env['valueFrom'])?.['fieldRef'])?.['fieldPath']);
        return {
          Key: scalar(env['name']),
          Value: scalar(env['value']),
          FieldRef: fieldPath === undefined ? undefined : { FieldPath: fieldPath },
        };
      }),
    ),
    Port: listOrUndefined(
      arr(c['ports']).map((p) => ({ Port: scalar(obj(p)?.['containerPort']), Protocol: scalar(obj(p)?.['protocol']) })),
    ),
    VolumeMount: listOrUndefined(
      arr(c['volumeMounts']).map((m) => ({
        Name: scalar(obj(m)?.['name']),
        MountPath: scalar(obj(m)?.['mountPath']),
        SubPath: scalar(obj(m)?.['subPath']),
        ReadOnly: scalar(obj(m)?.['readOnly']),
        MountPropagation: scalar(obj(m)?.['mountPropagation']),
      })),
    ),
    SecurityContext:
      security === undefined
        ? undefined
        : {
            ReadOnlyRootFilesystem: scalar(security['readOnlyRootFilesystem']),
            RunAsUser: scalar(security['runAsUser']),
            Capability:
              obj(security['capabilities']) === undefined
                ? undefined
                : { Add: strings(obj(security['capabilities'])?.['add']) },
          },
  };
  if (withProbes) {
    result['ReadinessProbe'] = probe(c['readinessProbe']);
    result['LivenessProbe'] = probe(c['livenessProbe']);
    result['EnvironmentVarHide'] = scalar(c['environmentVarHide']);
    // Inside securityContext in templates, flat on the container in the API.
    result['SecurityContextRunAsGroup'] = scalar(security?.['runAsGroup']);
    result['SecurityContextRunAsNonRoot'] = scalar(security?.['runAsNonRoot']);
    const lifecycle = obj(c['lifecycle']);
    Object.assign(result, lifecycleHandler(lifecycle?.['postStart'], 'PostStart'));
    Object.assign(result, lifecycleHandler(lifecycle?.['preStop'], 'PreStop'));
  }
  return result;
}

function volume(value: unknown): RpcParams {
  const v = obj(value) ?? {};
  const configFile = obj(v['configFile']);
  const emptyDir = obj(v['emptyDir']);
  const nfs = obj(v['nfs']);
  const disk = obj(v['disk']);
  const flex = obj(v['flexVolume']);
  const hostPath = obj(v['hostPath']);
  const type =
    configFile !== undefined
      ? 'ConfigFileVolume'
      : nfs !== undefined
        ? 'NFSVolume'
        : emptyDir !== undefined
          ? 'EmptyDirVolume'
          : disk !== undefined
            ? 'DiskVolume'
            : flex !== undefined
              ? 'FlexVolume'
              : hostPath !== undefined
                ? 'HostPathVolume'
                : scalar(v['type']);
  return {
    Name: scalar(v['name']),
    Type: type,
    ConfigFileVolume:
      configFile === undefined
        ? undefined
        : {
            DefaultMode: scalar(configFile['defaultMode']),
            ConfigFileToPath: arr(configFile['items']).map((item) => {
              const i = obj(item) ?? {};
              const content = scalar(i['content']);
              return {
                Path: scalar(i['path']),
                Content: content === undefined ? undefined : Buffer.from(String(content), 'utf8').toString('base64'),
                Mode: scalar(i['mode']),
              };
            }),
          },
    EmptyDirVolume:
      emptyDir === undefined
        ? undefined
        : { SizeLimit: scalar(emptyDir['sizeLimit']), Medium: scalar(emptyDir['medium']) },
    NFSVolume:
      nfs === undefined
        ? undefined
        : { Server: scalar(nfs['server']), Path: scalar(nfs['path']), ReadOnly: scalar(nfs['readOnly']) },
    DiskVolume:
      disk === undefined
        ? undefined
        : { DiskId: scalar(disk['diskId']), DiskSize: scalar(disk['diskSize']), FsType: scalar(disk['fsType']) },
    FlexVolume:
      flex === undefined
        ? undefined
        : { Driver: scalar(flex['driver']), FsType: scalar(flex['fsType']), Options: scalar(flex['options']) },
    HostPathVolume:
      hostPath === undefined ? undefined : { Path: scalar(hostPath['path']), Type: scalar(hostPath['type']) },
  };
}

/**
 * Today's group-level fields of CreateContainerGroup, written in templates in camelCase at the top level: their RPC
 * names. A list (ntpServers) is the RPC's `NtpServer.N`. This list is the converter's own, not the emulator's
 * (src/emulator/spec-parser.ts has its own): test/unit/eci-2026-*.test.ts holds both to the official SDK.
 */
const GROUP_FIELDS: Readonly<Record<string, string>> = {
  spotStrategy: 'SpotStrategy',
  spotPriceLimit: 'SpotPriceLimit',
  spotDuration: 'SpotDuration',
  strictSpot: 'StrictSpot',
  ephemeralStorage: 'EphemeralStorage',
  activeDeadlineSeconds: 'ActiveDeadlineSeconds',
  terminationGracePeriodSeconds: 'TerminationGracePeriodSeconds',
  ramRoleName: 'RamRoleName',
  autoCreateEip: 'AutoCreateEip',
  eipBandwidth: 'EipBandwidth',
  eipISP: 'EipISP',
  eipCommonBandwidthPackage: 'EipCommonBandwidthPackage',
  hostName: 'HostName',
  privateIpAddress: 'PrivateIpAddress',
  ipv6AddressCount: 'Ipv6AddressCount',
  ipv6GatewayBandwidthEnable: 'Ipv6GatewayBandwidthEnable',
  ipv6GatewayBandwidth: 'Ipv6GatewayBandwidth',
  egressBandwidth: 'EgressBandwidth',
  ingressBandwidth: 'IngressBandwidth',
  insecureRegistry: 'InsecureRegistry',
  plainHttpRegistry: 'PlainHttpRegistry',
  imageAccelerateMode: 'ImageAccelerateMode',
  cpuArchitecture: 'CpuArchitecture',
  cpuOptionsCore: 'CpuOptionsCore',
  cpuOptionsThreadsPerCore: 'CpuOptionsThreadsPerCore',
  cpuOptionsNuma: 'CpuOptionsNuma',
  osType: 'OsType',
  corePattern: 'CorePattern',
  containerResourceView: 'ContainerResourceView',
  shareProcessNamespace: 'ShareProcessNamespace',
  scheduleStrategy: 'ScheduleStrategy',
  fixedIp: 'FixedIp',
  fixedIpRetainHour: 'FixedIpRetainHour',
  dataCacheBucket: 'DataCacheBucket',
  dataCachePL: 'DataCachePL',
  dataCacheProvisionedIops: 'DataCacheProvisionedIops',
  dataCacheBurstingEnabled: 'DataCacheBurstingEnabled',
  updateType: 'UpdateType',
};

/**
 * The top-level template fields that only CreateContainerGroup takes (today's UpdateContainerGroupRequest has none of
 * them, docs/reference/eci-2026-notes.md §2): an update leaves them as the group was created.
 */
export const CREATE_ONLY_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(GROUP_FIELDS).filter((key) => key !== 'updateType'),
  'ntpServers',
]);

/** The temporary storage every group has free; DescribeContainerGroups' EphemeralStorage counts it too. */
const FREE_EPHEMERAL_GIB = 30;

/** Template → CreateContainerGroup parameters (also UpdateContainerGroup's, with ContainerGroupId). */
export function templateToRpcParams(template: unknown): RpcParams {
  const t = obj(template) ?? {};
  const spec = obj(t['spec']) ?? {};
  const resources = obj(t['resources']);
  const dns = obj(spec['dnsConfig']);
  const sysctls = arr(obj(spec['securityContext'])?.['sysctls']);
  const hostSysctls = arr(obj(spec['hostSecurityContext'])?.['sysctls']);
  const groupFields: Record<string, RpcValue> = {};
  for (const [key, name] of Object.entries(GROUP_FIELDS)) groupFields[name] = scalar(t[key]);
  return {
    ...groupFields,
    NtpServer: listOrUndefined(strings(t['ntpServers']) ?? []),
    AcrRegistryInfo: listOrUndefined(
      arr(t['acrRegistryInfos']).map((info) => {
        const a = obj(info) ?? {};
        return {
          InstanceId: scalar(a['instanceId']),
          InstanceName: scalar(a['instanceName']),
          RegionId: scalar(a['regionId']),
          Domain: listOrUndefined(strings(a['domains']) ?? []),
          ArnService: scalar(a['arnService']),
          ArnUser: scalar(a['arnUser']),
        };
      }),
    ),
    OverheadReservationOption:
      obj(t['overheadReservationOption']) === undefined
        ? undefined
        : { EnableOverheadReservation: scalar(obj(t['overheadReservationOption'])?.['enableOverheadReservation']) },
    RegionId: scalar(t['regionId']),
    ZoneId: scalar(t['zoneId']),
    SecurityGroupId: scalar(t['securityGroupId']),
    VSwitchId: scalar(t['vSwitchId']),
    ResourceGroupId: scalar(t['resourceGroupId']),
    EipInstanceId: scalar(t['eipInstanceId']),
    ContainerGroupName: scalar(t['containerGroupName']),
    ContainerGroupId: scalar(t['containerGroupId']),
    InstanceType: scalar(t['instanceType']),
    ImageSnapshotId: scalar(t['imageSnapshotId']),
    AutoMatchImageCache: scalar(t['autoMatchImageCache']),
    Cpu: scalar(resources?.['cpu']),
    Memory: scalar(resources?.['memory']),
    Tag: listOrUndefined(
      arr(t['tags']).map((tag) => ({ Key: scalar(obj(tag)?.['key']), Value: scalar(obj(tag)?.['value']) })),
    ),
    RestartPolicy: scalar(spec['restartPolicy']),
    DnsPolicy: scalar(spec['dnsPolicy']),
    Container: listOrUndefined(arr(spec['containers']).map((c) => container(c, true))),
    InitContainer: listOrUndefined(arr(spec['initContainers']).map((c) => container(c, false))),
    Volume: listOrUndefined(arr(spec['volumes']).map(volume)),
    DnsConfig:
      dns === undefined
        ? undefined
        : {
            NameServer: listOrUndefined(strings(dns['nameServers']) ?? []),
            Search: listOrUndefined(strings(dns['searches']) ?? []),
            Option: listOrUndefined(
              arr(dns['options']).map((o) => ({ Name: scalar(obj(o)?.['name']), Value: scalar(obj(o)?.['value']) })),
            ),
          },
    SecurityContext:
      sysctls.length === 0
        ? undefined
        : { Sysctl: sysctls.map((s) => ({ Name: scalar(obj(s)?.['name']), Value: scalar(obj(s)?.['value']) })) },
    HostSecurityContext:
      hostSysctls.length === 0
        ? undefined
        : { Sysctl: hostSysctls.map((s) => ({ Name: scalar(obj(s)?.['name']), Value: scalar(obj(s)?.['value']) })) },
    HostAliase: listOrUndefined(
      arr(spec['hostAliases']).map((h) => ({ Ip: scalar(obj(h)?.['ip']), Hostname: strings(obj(h)?.['hostnames']) })),
    ),
    ImageRegistryCredential: listOrUndefined(
      arr(spec['imagePullSecrets']).map((s) => ({
        Server: scalar(obj(s)?.['server']),
        UserName: scalar(obj(s)?.['userName']),
        Password: scalar(obj(s)?.['password']),
      })),
    ),
  };
}

// ----- From the API back to templates ---------------------------------------------------------------------------

/**
 * Keeps a template tidy: no undefined, no empty strings, lists or objects, except `emptyDir: {}`, which is
 * meaningful (it says what kind the volume is).
 */
function tidy<T>(value: T, depth = 0): T {
  // The one walk here over a whole value (the rest follow the template's fixed paths): what the API answers is a
  // few levels deep, and anything past the template depth limit is dropped rather than recursed into.
  if (depth > MAX_DEPTH) return undefined as T;
  if (Array.isArray(value)) return value.map((item) => tidy(item, depth + 1)).filter((v) => v !== undefined) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const clean = tidy(item, depth + 1);
      const emptyObject =
        clean !== null && typeof clean === 'object' && !Array.isArray(clean) && Object.keys(clean).length === 0;
      if (
        clean === undefined ||
        clean === '' ||
        (Array.isArray(clean) && clean.length === 0) ||
        (emptyObject && key !== 'emptyDir')
      )
        continue;
      out[key] = clean;
    }
    return out as T;
  }
  return value;
}

type ExportedSpec = NonNullable<ExportedTemplate['Spec']>;
type ExportedContainer = ExportedSpec['Containers'][number];
type ExportedProbe = ExportedContainer['ReadinessProbe'];

function probeFromExport(probe: ExportedProbe): Json | undefined {
  if (probe === undefined) return undefined;
  return {
    initialDelaySeconds: probe.InitialDelaySeconds,
    periodSeconds: probe.PeriodSeconds,
    timeoutSeconds: probe.TimeoutSeconds,
    successThreshold: probe.SuccessThreshold,
    failureThreshold: probe.FailureThreshold,
    exec: probe.Exec === undefined ? undefined : { command: probe.Exec.Command },
    tcpSocket: probe.TcpSocket === undefined ? undefined : { port: probe.TcpSocket.Port },
    httpGet:
      probe.HttpGet === undefined
        ? undefined
        : { scheme: probe.HttpGet.Scheme, path: probe.HttpGet.Path, port: probe.HttpGet.Port },
  };
}

function containerFromExport(
  c: ExportedSpec['InitContainers'][number] & Partial<Pick<ExportedContainer, 'ReadinessProbe' | 'LivenessProbe'>>,
): Json {
  return {
    name: c.Name,
    image: c.Image,
    imagePullPolicy: c.ImagePullPolicy,
    resources: c.Resources === undefined ? undefined : { cpu: c.Resources.Cpu, memory: c.Resources.Memory },
    command: c.Command,
    args: c.Args,
    workingDir: c.WorkingDir,
    env: c.Env.map((e) => ({
      name: e.Name,
      value: e.Value,
      valueFrom:
        e.ValueFrom?.FieldRef?.FieldPath === undefined
          ? undefined
          : { fieldRef: { fieldPath: e.ValueFrom.FieldRef.FieldPath } },
    })),
    ports: c.Ports.map((p) => ({ name: p.Name, protocol: p.Protocol, containerPort: p.ContainerPort })),
    volumeMounts: c.VolumeMounts.map((m) => ({
      name: m.Name,
      mountPath: m.MountPath,
      subPath: m.SubPath,
      readOnly: m.ReadOnly === true ? true : undefined,
    })),
    securityContext:
      c.SecurityContext === undefined
        ? undefined
        : {
            readOnlyRootFilesystem: c.SecurityContext.ReadOnlyRootFilesystem,
            runAsUser: c.SecurityContext.RunAsUser,
            capabilities: { add: c.SecurityContext.Capabilities?.Add },
          },
    stdin: c.Stdin === true ? true : undefined,
    stdinOnce: c.StdinOnce === true ? true : undefined,
    tty: c.Tty === true ? true : undefined,
    readinessProbe: probeFromExport(c.ReadinessProbe),
    livenessProbe: probeFromExport(c.LivenessProbe),
  };
}

/** ExportContainerGroupTemplate's PascalCase answer → our camelCase template. */
export function exportedToTemplate(exported: ExportedTemplate): Json {
  const spec = exported.Spec;
  return tidy({
    regionId: exported.RegionId,
    zoneId: exported.ZoneId,
    securityGroupId: exported.SecurityGroupId,
    vSwitchId: exported.VSwitchId,
    resourceGroupId: exported.ResourceGroupId,
    eipInstanceId: exported.EipInstanceId,
    containerGroupName: exported.ContainerGroupName,
    instanceType: exported.InstanceType,
    resources:
      exported.Resources === undefined ? undefined : { cpu: exported.Resources.Cpu, memory: exported.Resources.Memory },
    tags: exported.Tags.map((t) => ({ key: t.Key, value: t.Value })),
    spec:
      spec === undefined
        ? undefined
        : {
            restartPolicy: spec.RestartPolicy,
            dnsPolicy: spec.DnsPolicy,
            initContainers: spec.InitContainers.map(containerFromExport),
            containers: spec.Containers.map(containerFromExport),
            volumes: spec.Volumes.map((v) => ({
              name: v.Name,
              nfs:
                v.Nfs === undefined
                  ? undefined
                  : { server: v.Nfs.Server, path: v.Nfs.Path, readOnly: v.Nfs.ReadOnly === true ? true : undefined },
              emptyDir: v.EmptyDir === undefined ? undefined : { sizeLimit: v.EmptyDir.SizeLimit },
              configFile:
                v.ConfigFile === undefined
                  ? undefined
                  : {
                      defaultMode: v.ConfigFile.DefaultMode,
                      items: v.ConfigFile.Items.map((i) => ({ path: i.Path, content: i.Content, mode: i.Mode })),
                    },
            })),
            dnsConfig:
              spec.DnsConfig === undefined
                ? undefined
                : {
                    nameServers: spec.DnsConfig.NameServers,
                    searches: spec.DnsConfig.Searches,
                    options: spec.DnsConfig.Options.map((o) => ({ name: o.Name, value: o.Value })),
                  },
            securityContext:
              spec.SecurityContext === undefined
                ? undefined
                : { sysctls: spec.SecurityContext.Sysctls.map((s) => ({ name: s.Name, value: s.Value })) },
          },
  });
}

/** A DescribeContainerGroups record → a template, for regions where the export action no longer exists. */
export function groupToTemplate(group: ContainerGroup): Json {
  const probe = (p: ContainerGroup['Containers'][number]['ReadinessProbe']): Json | undefined =>
    p === undefined
      ? undefined
      : {
          initialDelaySeconds: p.InitialDelaySeconds,
          periodSeconds: p.PeriodSeconds,
          timeoutSeconds: p.TimeoutSeconds,
          successThreshold: p.SuccessThreshold,
          failureThreshold: p.FailureThreshold,
          exec: p.Execs === undefined || p.Execs.length === 0 ? undefined : { command: p.Execs },
          tcpSocket: p.TcpSocket?.Port === undefined ? undefined : { port: p.TcpSocket.Port },
          httpGet:
            p.HttpGet?.Port === undefined
              ? undefined
              : { scheme: p.HttpGet.Scheme, path: p.HttpGet.Path, port: p.HttpGet.Port },
        };
  const container = (
    c: ContainerGroup['Containers'][number] | ContainerGroup['InitContainers'][number],
    command: string[] | undefined,
    probes: boolean,
  ): Json => ({
    name: c.Name,
    image: c.Image,
    imagePullPolicy: c.ImagePullPolicy,
    resources:
      c.Cpu === undefined && c.Memory === undefined
        ? undefined
        : { cpu: c.Cpu || undefined, memory: c.Memory || undefined },
    command,
    args: c.Args,
    workingDir: c.WorkingDir,
    env: c.EnvironmentVars.map((e) => ({
      name: e.Key,
      value: e.ValueFrom?.FieldRef?.FieldPath === undefined ? e.Value : undefined,
      valueFrom:
        e.ValueFrom?.FieldRef?.FieldPath === undefined
          ? undefined
          : { fieldRef: { fieldPath: e.ValueFrom.FieldRef.FieldPath } },
    })),
    ports: c.Ports.map((p) => ({ protocol: p.Protocol, containerPort: p.Port })),
    volumeMounts: c.VolumeMounts.map((m) => ({
      name: m.Name,
      mountPath: m.MountPath,
      subPath: m.SubPath,
      readOnly: m.ReadOnly === true ? true : undefined,
    })),
    securityContext:
      c.SecurityContext === undefined
        ? undefined
        : {
            readOnlyRootFilesystem: c.SecurityContext.ReadOnlyRootFilesystem,
            runAsUser: c.SecurityContext.RunAsUser,
            capabilities: { add: c.SecurityContext.Capability?.Adds },
          },
    stdin: c.Stdin === true ? true : undefined,
    stdinOnce: c.StdinOnce === true ? true : undefined,
    tty: c.Tty === true ? true : undefined,
    ...(probes && 'ReadinessProbe' in c
      ? { readinessProbe: probe(c.ReadinessProbe), livenessProbe: probe(c.LivenessProbe) }
      : {}),
  });
  return tidy({
    regionId: group.RegionId,
    zoneId: group.ZoneId,
    securityGroupId: group.SecurityGroupId,
    vSwitchId: group.VSwitchId,
    resourceGroupId: group.ResourceGroupId,
    containerGroupName: group.ContainerGroupName,
    instanceType: group.InstanceType,
    resources: { cpu: group.Cpu, memory: group.Memory },
    // Today's create-only fields that DescribeContainerGroups returns (docs/reference/eci-2026-notes.md §3), as a
    // template gives them: the storage beyond the free 30 GiB, a spot strategy other than the default.
    ephemeralStorage:
      group.EphemeralStorage !== undefined && group.EphemeralStorage > FREE_EPHEMERAL_GIB
        ? group.EphemeralStorage - FREE_EPHEMERAL_GIB
        : undefined,
    ramRoleName: group.RamRoleName === '' ? undefined : group.RamRoleName,
    spotStrategy: group.SpotStrategy === 'NoSpot' || group.SpotStrategy === '' ? undefined : group.SpotStrategy,
    spotPriceLimit: group.SpotStrategy === 'SpotWithPriceLimit' ? group.SpotPriceLimit : undefined,
    tags: group.Tags.map((t) => ({ key: t.Key, value: t.Value })),
    spec: {
      restartPolicy: group.RestartPolicy,
      dnsPolicy: group.DnsPolicy,
      initContainers: group.InitContainers.map((c) => container(c, c.Command, false)),
      containers: group.Containers.map((c) => container(c, c.Commands, true)),
      volumes: group.Volumes.map((v) => ({
        name: v.Name,
        nfs:
          v.Type === 'NFSVolume'
            ? {
                server: v.NFSVolumeServer,
                path: v.NFSVolumePath,
                readOnly: v.NFSVolumeReadOnly === true ? true : undefined,
              }
            : undefined,
        emptyDir:
          v.Type === 'EmptyDirVolume'
            ? { medium: v.EmptyDirVolumeMedium, sizeLimit: v.EmptyDirVolumeSizeLimit }
            : undefined,
        configFile:
          v.Type === 'ConfigFileVolume'
            ? {
                items: v.ConfigFileVolumeConfigFileToPaths.map((f) => ({
                  path: f.Path,
                  content: f.Content === undefined ? undefined : Buffer.from(f.Content, 'base64').toString('utf8'),
                })),
              }
            : undefined,
      })),
      dnsConfig:
        group.DnsConfig === undefined
          ? undefined
          : {
              nameServers: group.DnsConfig.NameServers,
              searches: group.DnsConfig.Searches,
              options: group.DnsConfig.Options.map((o) => ({ name: o.Name, value: o.Value })),
            },
      securityContext: {
        sysctls: (group.EciSecurityContext?.Sysctls ?? []).map((s) => ({ name: s.Name, value: s.Value })),
      },
      hostAliases: group.HostAliases.map((h) => ({ ip: h.Ip, hostnames: h.Hostnames })),
    },
  });
}
