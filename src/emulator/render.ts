import { isoSeconds } from '../eci/encoding';
import type { ContainerInstance, ContainerModel, EventModel, GroupModel, ImageCacheModel, ProbeModel } from './model';

/** Emulator records rendered in the response shapes of DescribeContainerGroups and DescribeImageCaches. */
/**
 * `YYYY-MM-DDThh:mm:ssZ`. Every listing formats hundreds of timestamps, most of them the same few seconds again
 * and again, so formatted seconds are remembered (a small map, cleared when it grows).
 */
const isoCache = new Map<number, string>();
export function iso(ms: number | undefined): string {
  if (ms === undefined) return '';
  const second = Math.floor(ms / 1000);
  let text = isoCache.get(second);
  if (text === undefined) {
    if (isoCache.size > 50_000) isoCache.clear();
    text = isoSeconds(new Date(second * 1000));
    isoCache.set(second, text);
  }
  return text;
}

function renderEvent(event: EventModel): Record<string, unknown> {
  return {
    Count: event.Count,
    Type: event.Type,
    Name: event.Name,
    Reason: event.Reason,
    Message: event.Message,
    FirstTimestamp: iso(event.FirstTimestamp),
    LastTimestamp: iso(event.LastTimestamp),
  };
}

function renderProbe(probe: ProbeModel | undefined): Record<string, unknown> | undefined {
  if (probe === undefined) return undefined;
  return {
    InitialDelaySeconds: probe.InitialDelaySeconds,
    PeriodSeconds: probe.PeriodSeconds,
    SuccessThreshold: probe.SuccessThreshold,
    FailureThreshold: probe.FailureThreshold,
    TimeoutSeconds: probe.TimeoutSeconds,
    Execs: probe.Exec?.Command,
    HttpGet: probe.HttpGet,
    TcpSocket: probe.TcpSocket,
  };
}

function state(instance: ContainerInstance | undefined, groupStatus: string): Record<string, unknown> {
  if (instance === undefined) {
    return {
      State: 'Waiting',
      DetailStatus: groupStatus === 'Scheduling' ? 'ContainerCreating' : 'Pending',
      Reason: groupStatus === 'Scheduling' ? 'ContainerCreating' : 'Pending',
    };
  }
  if (instance.finishedAt === undefined)
    return { State: 'Running', StartTime: iso(instance.startedAt), DetailStatus: '' };
  return {
    State: 'Terminated',
    DetailStatus: instance.exitCode === 0 ? 'Completed' : 'Error',
    Reason: instance.exitCode === 0 ? 'Completed' : 'Error',
    ExitCode: instance.exitCode,
    StartTime: iso(instance.startedAt),
    FinishTime: iso(instance.finishedAt),
  };
}

function renderContainer(group: GroupModel, container: ContainerModel, init: boolean): Record<string, unknown> {
  const runtime = group.runtimes.find((r) => r.name === container.Name);
  const current = init ? undefined : runtime?.instances[runtime.instances.length - 1];
  const previous = init
    ? undefined
    : runtime !== undefined && runtime.instances.length > 1
      ? runtime.instances[runtime.instances.length - 2]
      : undefined;
  const running = current !== undefined && current.finishedAt === undefined;
  const initFinished = init && !['Pending', 'Scheduling'].includes(group.status);
  const base: Record<string, unknown> = {
    Name: container.Name,
    Image: container.Image,
    ImagePullPolicy: container.ImagePullPolicy,
    Cpu: container.Cpu,
    Memory: container.Memory,
    Gpu: container.Gpu,
    WorkingDir: container.WorkingDir ?? '',
    Args: container.Args,
    Stdin: container.Stdin,
    StdinOnce: container.StdinOnce,
    Tty: container.Tty,
    Ready: init ? false : running && group.status === 'Running',
    RestartCount: runtime?.restartCount ?? 0,
    CurrentState: init
      ? initFinished
        ? { State: 'Terminated', ExitCode: 0, DetailStatus: 'Completed', Reason: 'Completed' }
        : state(undefined, group.status)
      : state(current, group.status),
    PreviousState: previous === undefined ? {} : state(previous, group.status),
    EnvironmentVars: container.EnvironmentVars.map((e) => ({
      Key: e.Key,
      Value: e.Value ?? '',
      ValueFrom: e.FieldPath === undefined ? undefined : { FieldRef: { FieldPath: e.FieldPath } },
    })),
    Ports: container.Ports,
    VolumeMounts: container.VolumeMounts,
    SecurityContext:
      container.SecurityContext === undefined
        ? undefined
        : {
            Capability: { Adds: container.SecurityContext.CapabilityAdd },
            ReadOnlyRootFilesystem: container.SecurityContext.ReadOnlyRootFilesystem,
            RunAsUser: container.SecurityContext.RunAsUser,
          },
  };
  if (init) base['Command'] = container.Commands;
  else {
    base['Commands'] = container.Commands;
    base['ReadinessProbe'] = renderProbe(container.ReadinessProbe);
    base['LivenessProbe'] = renderProbe(container.LivenessProbe);
  }
  return base;
}

export function renderGroup(group: GroupModel, withEvents: boolean): Record<string, unknown> {
  const spec = group.spec;
  const options = spec.Options ?? {};
  const extraStorage = typeof options['EphemeralStorage'] === 'number' ? options['EphemeralStorage'] : 0;
  return {
    ContainerGroupId: group.ContainerGroupId,
    ContainerGroupName: group.ContainerGroupName,
    RegionId: group.RegionId,
    ZoneId: group.ZoneId,
    Status: group.status,
    Cpu: spec.Cpu,
    Memory: spec.Memory,
    InstanceType: spec.InstanceType ?? '',
    RestartPolicy: spec.RestartPolicy,
    VSwitchId: group.VSwitchId,
    SecurityGroupId: group.SecurityGroupId,
    VpcId: group.VpcId,
    ResourceGroupId: group.ResourceGroupId ?? '',
    IntranetIp: group.status === 'Pending' ? '' : group.IntranetIp,
    InternetIp: group.InternetIp ?? '',
    CreationTime: iso(group.createdAt),
    SucceededTime: iso(group.succeededAt),
    FailedTime: iso(group.failedAt),
    ExpiredTime: '',
    Discount: 1,
    // The free 30 GiB of temporary storage, and what the group asked for beyond it.
    EphemeralStorage: 30 + extraStorage,
    // Of the group-level settings, these are the ones DescribeContainerGroups returns (the official SDK's
    // DescribeContainerGroupsResponseBodyContainerGroups); the others are kept for the template export only.
    SpotStrategy: options['SpotStrategy'] ?? 'NoSpot',
    SpotPriceLimit: options['SpotPriceLimit'],
    RamRoleName: options['RamRoleName'] ?? '',
    Ipv6Address:
      options['Ipv6AddressCount'] === undefined || group.status === 'Pending'
        ? ''
        : `2408:4005:3${group.IntranetIp.split('.').slice(2).join(':')}::1`,
    DnsPolicy: spec.DnsPolicy ?? '',
    DnsConfig:
      spec.DnsConfig === undefined
        ? undefined
        : {
            NameServers: spec.DnsConfig.NameServers,
            Searches: spec.DnsConfig.Searches,
            Options: spec.DnsConfig.Options,
          },
    EciSecurityContext: { Sysctls: spec.Sysctls },
    HostAliases: spec.HostAliases,
    Tags: spec.Tags,
    Events: withEvents ? group.events.map(renderEvent) : [],
    Containers: spec.Containers.map((c) => renderContainer(group, c, false)),
    InitContainers: spec.InitContainers.map((c) => renderContainer(group, c, true)),
    Volumes: spec.Volumes.map((v) => ({
      Name: v.Name,
      Type: v.Type,
      NFSVolumeServer: v.NFSVolume?.Server,
      NFSVolumePath: v.NFSVolume?.Path,
      NFSVolumeReadOnly: v.NFSVolume?.ReadOnly,
      EmptyDirVolumeMedium: v.EmptyDirVolume?.Medium,
      EmptyDirVolumeSizeLimit: v.EmptyDirVolume?.SizeLimit,
      ConfigFileVolumeConfigFileToPaths: v.ConfigFileVolume?.ConfigFileToPath.map((f) => ({
        Path: f.Path,
        Content: f.Content,
      })),
      DiskVolumeDiskId: v.DiskVolume?.DiskId,
      DiskVolumeFsType: v.DiskVolume?.FsType,
      FlexVolumeDriver: v.FlexVolume?.Driver,
      FlexVolumeFsType: v.FlexVolume?.FsType,
      FlexVolumeOptions: v.FlexVolume?.Options,
    })),
  };
}

export function renderImageCache(cache: ImageCacheModel, now: number): Record<string, unknown> {
  const status = imageCacheStatus(cache, now);
  const progress =
    status === 'Ready' ? 100 : status === 'Failed' ? Math.min(99, progressOf(cache, now)) : progressOf(cache, now);
  return {
    ImageCacheId: cache.ImageCacheId,
    ImageCacheName: cache.ImageCacheName,
    ContainerGroupId: cache.ContainerGroupId,
    Status: status,
    Progress: `${progress}%`,
    SnapshotId: status === 'Ready' ? cache.SnapshotId : '',
    Images: cache.Images,
    ImageCacheSize: cache.ImageCacheSize,
    CreationTime: iso(cache.createdAt),
    ExpireDateTime: cache.RetentionDays === undefined ? '' : iso(cache.createdAt + cache.RetentionDays * 86_400_000),
    Tags: cache.Tags ?? [],
    Events: cache.events.map(renderEvent),
  };
}

function progressOf(cache: ImageCacheModel, now: number): number {
  const total = cache.readyAt - cache.createdAt;
  return total <= 0 ? 100 : Math.max(0, Math.min(100, Math.floor(((now - cache.createdAt) / total) * 100)));
}

export function imageCacheStatus(cache: ImageCacheModel, now: number): 'Creating' | 'Ready' | 'Failed' | 'Preparing' {
  if (now < cache.createdAt + (cache.readyAt - cache.createdAt) * 0.1) return 'Preparing';
  if (now < cache.readyAt) return 'Creating';
  return cache.willFail ? 'Failed' : 'Ready';
}
