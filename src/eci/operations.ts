/**
 * One typed function per operation of the ECI API reference's overview (docs/reference/eci-api-2020-notes.md §1), plus
 * DescribeContainerGroupPrice.
 * Request types use the RPC parameter names (flattened by the client: `Container.1.Port.1.Port`); responses are
 * the decoded records of ./records. Mutating operations carry a ClientToken that is stable across retries.
 */
import type { CallOptions, EciClient } from './client';
import type { RpcParams } from './flatten';
import * as records from './records';

type Options = Omit<CallOptions, 'bodyParams' | 'mutating'>;

// ----- Request shapes -------------------------------------------------------------------------------------------

export interface KeyValue {
  readonly Key: string;
  readonly Value?: string | undefined;
}
export interface NameValue {
  readonly Name: string;
  readonly Value?: string | undefined;
}

export interface ProbeSpec {
  readonly InitialDelaySeconds?: number | undefined;
  readonly PeriodSeconds?: number | undefined;
  readonly SuccessThreshold?: number | undefined;
  readonly FailureThreshold?: number | undefined;
  readonly TimeoutSeconds?: number | undefined;
  readonly Exec?: { readonly Command: readonly string[] } | undefined;
  readonly HttpGet?:
    { readonly Path?: string | undefined; readonly Port: number; readonly Scheme?: string | undefined } | undefined;
  readonly TcpSocket?: { readonly Port: number } | undefined;
}

export interface ContainerSpec {
  readonly Name: string;
  readonly Image: string;
  readonly ImagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never' | undefined;
  readonly Cpu?: number | undefined;
  readonly Memory?: number | undefined;
  readonly Gpu?: number | undefined;
  readonly WorkingDir?: string | undefined;
  readonly Command?: readonly string[] | undefined;
  readonly Arg?: readonly string[] | undefined;
  readonly Stdin?: boolean | undefined;
  readonly StdinOnce?: boolean | undefined;
  readonly Tty?: boolean | undefined;
  readonly EnvironmentVar?:
    | readonly {
        readonly Key: string;
        readonly Value?: string | undefined;
        readonly FieldRef?: { readonly FieldPath: string } | undefined;
      }[]
    | undefined;
  readonly Port?: readonly { readonly Port: number; readonly Protocol?: 'TCP' | 'UDP' | undefined }[] | undefined;
  readonly VolumeMount?:
    | readonly {
        readonly Name: string;
        readonly MountPath: string;
        readonly SubPath?: string | undefined;
        readonly ReadOnly?: boolean | undefined;
        readonly MountPropagation?: string | undefined;
      }[]
    | undefined;
  readonly SecurityContext?:
    | {
        readonly Capability?: { readonly Add?: readonly string[] | undefined } | undefined;
        readonly ReadOnlyRootFilesystem?: boolean | undefined;
        readonly RunAsUser?: number | undefined;
      }
    | undefined;
  readonly ReadinessProbe?: ProbeSpec | undefined;
  readonly LivenessProbe?: ProbeSpec | undefined;
}

export type InitContainerSpec = Omit<ContainerSpec, 'ReadinessProbe' | 'LivenessProbe'>;

export interface VolumeSpec {
  readonly Name: string;
  readonly Type: 'EmptyDirVolume' | 'NFSVolume' | 'ConfigFileVolume' | 'DiskVolume' | 'FlexVolume' | 'HostPathVolume';
  readonly NFSVolume?:
    { readonly Server: string; readonly Path: string; readonly ReadOnly?: boolean | undefined } | undefined;
  readonly EmptyDirVolume?:
    { readonly Medium?: string | undefined; readonly SizeLimit?: string | undefined } | undefined;
  readonly ConfigFileVolume?:
    | {
        readonly DefaultMode?: number | undefined;
        /** `Content` is base64, as the API expects. */
        readonly ConfigFileToPath: readonly {
          readonly Path: string;
          readonly Content: string;
          readonly Mode?: number | undefined;
        }[];
      }
    | undefined;
  readonly DiskVolume?:
    | { readonly DiskId: string; readonly FsType?: string | undefined; readonly DiskSize?: number | undefined }
    | undefined;
  readonly FlexVolume?:
    | { readonly Driver: string; readonly FsType?: string | undefined; readonly Options?: string | undefined }
    | undefined;
  readonly HostPathVolume?: { readonly Path: string; readonly Type?: string | undefined } | undefined;
}

export interface RegistryCredential {
  readonly Server: string;
  readonly UserName: string;
  readonly Password: string;
}

interface GroupSpecCommon {
  readonly RestartPolicy?: 'Always' | 'Never' | 'OnFailure' | undefined;
  readonly Cpu?: number | undefined;
  readonly Memory?: number | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
  readonly Container?: readonly ContainerSpec[] | undefined;
  readonly InitContainer?: readonly InitContainerSpec[] | undefined;
  readonly Volume?: readonly VolumeSpec[] | undefined;
  readonly DnsConfig?:
    | {
        readonly NameServer?: readonly string[] | undefined;
        readonly Search?: readonly string[] | undefined;
        readonly Option?: readonly NameValue[] | undefined;
      }
    | undefined;
  readonly ImageRegistryCredential?: readonly RegistryCredential[] | undefined;
  readonly ResourceGroupId?: string | undefined;
}

export interface CreateContainerGroupRequest extends GroupSpecCommon {
  readonly ContainerGroupName: string;
  /** Optional today: the region's default security group is used. */
  readonly SecurityGroupId?: string | undefined;
  /** One vSwitch, or several separated by commas (up to 10) to spread over zones; optional today (the zone's default). */
  readonly VSwitchId?: string | undefined;
  readonly Container: readonly ContainerSpec[];
  readonly ZoneId?: string | undefined;
  readonly InstanceType?: string | undefined;
  readonly DnsPolicy?: 'Default' | 'None' | undefined;
  readonly SecurityContext?: { readonly Sysctl?: readonly NameValue[] | undefined } | undefined;
  /** The API spells it without the final s. */
  readonly HostAliase?: readonly { readonly Ip: string; readonly Hostname: readonly string[] }[] | undefined;
  readonly EipInstanceId?: string | undefined;
  readonly AutoCreateEip?: boolean | undefined;
  readonly EipBandwidth?: number | undefined;
  readonly DryRun?: boolean | undefined;
  readonly ActiveDeadlineSeconds?: number | undefined;
  readonly TerminationGracePeriodSeconds?: number | undefined;
  readonly EphemeralStorage?: number | undefined;
  readonly RamRoleName?: string | undefined;
  readonly SpotStrategy?: 'NoSpot' | 'SpotAsPriceGo' | 'SpotWithPriceLimit' | undefined;
  readonly SpotPriceLimit?: number | undefined;
  /** Hours of protection of a spot instance: 0 or 1. */
  readonly SpotDuration?: number | undefined;
  readonly StrictSpot?: boolean | undefined;
  readonly AutoMatchImageCache?: boolean | undefined;
  readonly ImageSnapshotId?: string | undefined;
  readonly EipISP?: 'BGP' | 'BGP_PRO' | undefined;
  readonly EipCommonBandwidthPackage?: string | undefined;
  readonly HostName?: string | undefined;
  readonly NtpServer?: readonly string[] | undefined;
  readonly PrivateIpAddress?: string | undefined;
  readonly Ipv6AddressCount?: number | undefined;
  readonly Ipv6GatewayBandwidthEnable?: boolean | undefined;
  readonly Ipv6GatewayBandwidth?: string | undefined;
  /** Bit/s. */
  readonly EgressBandwidth?: number | undefined;
  /** Bit/s. */
  readonly IngressBandwidth?: number | undefined;
  readonly InsecureRegistry?: string | undefined;
  readonly PlainHttpRegistry?: string | undefined;
  readonly ImageAccelerateMode?: string | undefined;
  readonly CpuArchitecture?: 'AMD64' | 'ARM64' | undefined;
  readonly CpuOptionsCore?: number | undefined;
  readonly CpuOptionsThreadsPerCore?: number | undefined;
  readonly CpuOptionsNuma?: string | undefined;
  readonly OsType?: 'Linux' | 'Windows' | undefined;
  readonly CorePattern?: string | undefined;
  readonly ContainerResourceView?: boolean | undefined;
  readonly ShareProcessNamespace?: boolean | undefined;
  readonly ScheduleStrategy?: 'VSwitchOrdered' | 'VSwitchRandom' | undefined;
  readonly FixedIp?: 'true' | 'false' | undefined;
  readonly FixedIpRetainHour?: number | undefined;
  readonly DataCacheBucket?: string | undefined;
  readonly DataCachePL?: 'PL0' | 'PL1' | 'PL2' | 'PL3' | undefined;
  readonly DataCacheProvisionedIops?: number | undefined;
  readonly DataCacheBurstingEnabled?: boolean | undefined;
}

export interface UpdateContainerGroupRequest extends GroupSpecCommon {
  readonly ContainerGroupId: string;
  readonly UpdateType?: 'RenewUpdate' | 'IncrementalUpdate' | undefined;
}

export interface DescribeContainerGroupsRequest {
  readonly ZoneId?: string | undefined;
  readonly VSwitchId?: string | undefined;
  readonly SecurityGroupId?: string | undefined;
  readonly ContainerGroupIds?: readonly string[] | undefined;
  readonly ContainerGroupName?: string | undefined;
  readonly Status?: string | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
  readonly WithEvent?: boolean | undefined;
  /** Page size, at most 20. */
  readonly Limit?: number | undefined;
  readonly NextToken?: string | undefined;
}

export interface ExecContainerCommandRequest {
  readonly ContainerGroupId: string;
  readonly ContainerName: string;
  /** The command line; sent as the JSON array the API expects. */
  readonly Command: readonly string[];
  readonly TTY?: boolean | undefined;
  readonly Stdin?: boolean | undefined;
  readonly Sync?: boolean | undefined;
}

export interface CreateImageCacheRequest {
  readonly ImageCacheName: string;
  readonly Image: readonly string[];
  readonly SecurityGroupId: string;
  readonly VSwitchId: string;
  readonly ZoneId?: string | undefined;
  readonly ImageRegistryCredential?: readonly RegistryCredential[] | undefined;
  readonly EipInstanceId?: string | undefined;
  readonly AutoCreateEip?: boolean | undefined;
  readonly ImageCacheSize?: number | undefined;
  readonly RetentionDays?: number | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
}

export interface DescribeImageCachesRequest {
  readonly ImageCacheId?: string | undefined;
  readonly ImageCacheName?: string | undefined;
  readonly SnapshotId?: string | undefined;
  readonly Image?: string | undefined;
  /** Caches that carry every one of these tags (a tag without a value: any value). */
  readonly Tag?: readonly KeyValue[] | undefined;
  readonly Limit?: number | undefined;
  readonly NextToken?: string | undefined;
}

export interface DescribeContainerGroupMetricRequest {
  readonly ContainerGroupId: string;
  /** RFC 3339, UTC. */
  readonly StartTime?: string | undefined;
  readonly EndTime?: string | undefined;
  /** Seconds between points: 15, 30, 60 or 600 (the allowed values, docs/reference/eci-api-2020-notes.md §8.1). */
  readonly Period?: number | undefined;
}

export interface DescribeContainerLogRequest {
  readonly ContainerGroupId: string;
  readonly ContainerName: string;
  readonly StartTime?: string | undefined;
  readonly SinceSeconds?: number | undefined;
  readonly Tail?: number | undefined;
  readonly LimitBytes?: number | undefined;
  readonly LastTime?: boolean | undefined;
  readonly Timestamps?: boolean | undefined;
}

export interface DescribeContainerGroupPriceRequest {
  readonly Cpu?: number | undefined;
  readonly Memory?: number | undefined;
  readonly InstanceType?: string | undefined;
  readonly ZoneId?: string | undefined;
  readonly SpotStrategy?: string | undefined;
  readonly SpotPriceLimit?: number | undefined;
  readonly EphemeralStorage?: number | undefined;
}

// ----- Operations -----------------------------------------------------------------------------------------------

// The request interfaces are structurally RpcParams; this cast only widens readonly interfaces to the index type.
const rpc = (request: object): RpcParams => request as RpcParams;

export function describeRegions(client: EciClient, options?: Options): Promise<records.DescribeRegionsResponse> {
  return client.call('DescribeRegions', {}, records.describeRegionsResponse, options);
}

export function createContainerGroup(
  client: EciClient,
  request: CreateContainerGroupRequest,
  options?: Options,
): Promise<records.CreateContainerGroupResponse> {
  return client.call('CreateContainerGroup', rpc(request), records.createContainerGroupResponse, {
    ...options,
    mutating: true,
  });
}

export function updateContainerGroup(
  client: EciClient,
  request: UpdateContainerGroupRequest,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('UpdateContainerGroup', rpc(request), records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
  });
}

export function restartContainerGroup(
  client: EciClient,
  containerGroupId: string,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('RestartContainerGroup', { ContainerGroupId: containerGroupId }, records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
  });
}

export function deleteContainerGroup(
  client: EciClient,
  containerGroupId: string,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('DeleteContainerGroup', { ContainerGroupId: containerGroupId }, records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
  });
}

/** One page of DescribeContainerGroups. */
export function describeContainerGroups(
  client: EciClient,
  request: DescribeContainerGroupsRequest = {},
  options?: Options,
): Promise<records.DescribeContainerGroupsResponse> {
  const { ContainerGroupIds, ...rest } = request;
  return client.call(
    'DescribeContainerGroups',
    // The API takes the ID list as one JSON-encoded string.
    rpc({
      ...rest,
      ContainerGroupIds: ContainerGroupIds === undefined ? undefined : JSON.stringify(ContainerGroupIds),
    }),
    records.describeContainerGroupsResponse,
    options,
  );
}

/** Every page of DescribeContainerGroups, following NextToken; each page is yielded as soon as it arrives. */
export async function* describeContainerGroupPages(
  client: EciClient,
  request: DescribeContainerGroupsRequest = {},
  options?: Options,
): AsyncGenerator<records.DescribeContainerGroupsResponse, void, undefined> {
  let nextToken = request.NextToken;
  const seen = new Set<string>();
  for (;;) {
    const page = await describeContainerGroups(client, { Limit: 20, ...request, NextToken: nextToken }, options);
    yield page;
    nextToken = page.NextToken;
    // An empty token ends the listing; a repeated one would loop forever, so it ends it too.
    if (nextToken === undefined || nextToken === '' || seen.has(nextToken) || page.ContainerGroups.length === 0) return;
    seen.add(nextToken);
  }
}

export function execContainerCommand(
  client: EciClient,
  request: ExecContainerCommandRequest,
  options?: Options,
): Promise<records.ExecContainerCommandResponse> {
  return client.call(
    'ExecContainerCommand',
    rpc({ ...request, Command: JSON.stringify(request.Command) }),
    records.execContainerCommandResponse,
    options,
  );
}

/**
 * `template` is the camelCase template object of docs/reference/eci-api-2020-notes.md §6.7; it travels as JSON in the
 * form body.
 */
export function createContainerGroupFromTemplate(
  client: EciClient,
  template: unknown,
  options?: Options,
): Promise<records.CreateContainerGroupResponse> {
  return client.call('CreateContainerGroupFromTemplate', {}, records.createContainerGroupResponse, {
    ...options,
    mutating: true,
    bodyParams: { Template: JSON.stringify(template) },
  });
}

export function updateContainerGroupByTemplate(
  client: EciClient,
  template: unknown,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('UpdateContainerGroupByTemplate', {}, records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
    bodyParams: { Template: JSON.stringify(template) },
  });
}

export function exportContainerGroupTemplate(
  client: EciClient,
  containerGroupId: string,
  options?: Options,
): Promise<records.ExportContainerGroupTemplateResponse> {
  return client.call(
    'ExportContainerGroupTemplate',
    { ContainerGroupId: containerGroupId },
    records.exportContainerGroupTemplateResponse,
    options,
  );
}

export function createImageCache(
  client: EciClient,
  request: CreateImageCacheRequest,
  options?: Options,
): Promise<records.CreateImageCacheResponse> {
  return client.call('CreateImageCache', rpc(request), records.createImageCacheResponse, {
    ...options,
    mutating: true,
  });
}

export function describeImageCaches(
  client: EciClient,
  request: DescribeImageCachesRequest = {},
  options?: Options,
): Promise<records.DescribeImageCachesResponse> {
  return client.call('DescribeImageCaches', rpc(request), records.describeImageCachesResponse, options);
}

export function deleteImageCache(
  client: EciClient,
  imageCacheId: string,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('DeleteImageCache', { ImageCacheId: imageCacheId }, records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
  });
}

export function describeContainerGroupMetric(
  client: EciClient,
  request: DescribeContainerGroupMetricRequest,
  options?: Options,
): Promise<records.DescribeContainerGroupMetricResponse> {
  return client.call(
    'DescribeContainerGroupMetric',
    rpc(request),
    records.describeContainerGroupMetricResponse,
    options,
  );
}

export function describeMultiContainerGroupMetric(
  client: EciClient,
  containerGroupIds: readonly string[],
  metricType?: string,
  options?: Options,
): Promise<records.DescribeMultiContainerGroupMetricResponse> {
  return client.call(
    'DescribeMultiContainerGroupMetric',
    { ContainerGroupIds: JSON.stringify(containerGroupIds), MetricType: metricType },
    records.describeMultiContainerGroupMetricResponse,
    options,
  );
}

export function describeContainerLog(
  client: EciClient,
  request: DescribeContainerLogRequest,
  options?: Options,
): Promise<records.DescribeContainerLogResponse> {
  return client.call('DescribeContainerLog', rpc(request), records.describeContainerLogResponse, options);
}

export function describeContainerGroupPrice(
  client: EciClient,
  request: DescribeContainerGroupPriceRequest,
  options?: Options,
): Promise<records.DescribeContainerGroupPriceResponse> {
  return client.call('DescribeContainerGroupPrice', rpc(request), records.describeContainerGroupPriceResponse, options);
}

// ----- Batched status and events ------------------------------------------------------------------------------

/** The filters DescribeContainerGroupStatus and DescribeContainerGroupEvents share. */
export interface ContainerGroupSelection {
  /** At most 20 IDs (sent as one JSON-encoded string, as DescribeContainerGroups sends them). */
  readonly ContainerGroupIds?: readonly string[] | undefined;
  readonly ZoneId?: string | undefined;
  readonly VSwitchId?: string | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
  /** Only groups (events) that changed in the last N seconds. */
  readonly SinceSecond?: number | undefined;
  /** Page size in groups, 1 to 200 (default 200). */
  readonly Limit?: number | undefined;
  readonly NextToken?: string | undefined;
}

export type DescribeContainerGroupStatusRequest = ContainerGroupSelection;

export interface DescribeContainerGroupEventsRequest extends ContainerGroupSelection {
  readonly EventSource?: 'EciService' | 'K8sAgent' | undefined;
}

function selection<T extends ContainerGroupSelection>(request: T): RpcParams {
  const { ContainerGroupIds, ...rest } = request;
  return rpc({
    ...rest,
    ContainerGroupIds: ContainerGroupIds === undefined ? undefined : JSON.stringify(ContainerGroupIds),
  });
}

/** One page of the Kubernetes-shaped status of many groups at once. */
export function describeContainerGroupStatus(
  client: EciClient,
  request: DescribeContainerGroupStatusRequest = {},
  options?: Options,
): Promise<records.DescribeContainerGroupStatusResponse> {
  return client.call(
    'DescribeContainerGroupStatus',
    selection(request),
    records.describeContainerGroupStatusResponse,
    options,
  );
}

/** One page of the events of many groups at once. */
export function describeContainerGroupEvents(
  client: EciClient,
  request: DescribeContainerGroupEventsRequest = {},
  options?: Options,
): Promise<records.DescribeContainerGroupEventsResponse> {
  return client.call(
    'DescribeContainerGroupEvents',
    selection(request),
    records.describeContainerGroupEventsResponse,
    options,
  );
}

// ----- Available resources and usage ----------------------------------------------------------------------------

export interface DescribeAvailableResourceRequest {
  readonly DestinationResource: {
    readonly Category: 'InstanceTypeFamily' | 'InstanceType';
    /** An instance family (`ecs.c6`) or type (`ecs.c6.large`). */
    readonly Value?: string | undefined;
    /** vCPUs and GiB, with Category InstanceType. */
    readonly Cores?: number | undefined;
    readonly Memory?: number | undefined;
  };
  readonly ZoneId?: string | undefined;
}

/** In which zones of the client's region an instance family or type is offered, and whether it is in stock. */
export function describeAvailableResource(
  client: EciClient,
  request: DescribeAvailableResourceRequest,
  options?: Options,
): Promise<records.DescribeAvailableResourceResponse> {
  return client.call('DescribeAvailableResource', rpc(request), records.describeAvailableResourceResponse, options);
}

/** The account's used amounts and limits in the client's region. */
export function listUsage(client: EciClient, options?: Options): Promise<records.ListUsageResponse> {
  return client.call('ListUsage', {}, records.listUsageResponse, options);
}

// ----- Volume and image cache updates ---------------------------------------------------------------------------

export interface ResizeContainerGroupVolumeRequest {
  readonly ContainerGroupId: string;
  /** A cloud disk volume of the group. */
  readonly VolumeName: string;
  /** The new size in GiB, larger than the current one (disks only grow). */
  readonly NewSize: number;
}

export function resizeContainerGroupVolume(
  client: EciClient,
  request: ResizeContainerGroupVolumeRequest,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('ResizeContainerGroupVolume', rpc(request), records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
  });
}

export interface UpdateImageCacheRequest {
  readonly ImageCacheId: string;
  readonly ImageCacheName?: string | undefined;
  /** New images rebuild the cache. */
  readonly Image?: readonly string[] | undefined;
  readonly ImageCacheSize?: number | undefined;
  readonly RetentionDays?: number | undefined;
  readonly SecurityGroupId?: string | undefined;
  readonly VSwitchId?: string | undefined;
  readonly ImageRegistryCredential?: readonly RegistryCredential[] | undefined;
  /** Replaces the cache's tags. */
  readonly Tag?: readonly KeyValue[] | undefined;
}

export function updateImageCache(
  client: EciClient,
  request: UpdateImageCacheRequest,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('UpdateImageCache', rpc(request), records.requestIdOnlyResponse, { ...options, mutating: true });
}

// ----- Committing a container -----------------------------------------------------------------------------------

export interface CommitContainerRequest {
  readonly ContainerGroupId: string;
  readonly ContainerName: string;
  readonly Image: {
    readonly Repository: string;
    readonly Tag?: string | undefined;
    readonly Author?: string | undefined;
    readonly Message?: string | undefined;
  };
  /** A Container Registry Enterprise Edition instance to push to. */
  readonly AcrRegistryInfo?: { readonly InstanceId: string; readonly RegionId?: string | undefined } | undefined;
}

/**
 * Starts a task that makes an image of a running container and pushes it. The API takes no ClientToken for it, so
 * it is not sent as a mutating call: a retry after a lost answer may start a second task.
 */
export function commitContainer(
  client: EciClient,
  request: CommitContainerRequest,
  options?: Options,
): Promise<records.CommitContainerResponse> {
  return client.call('CommitContainer', rpc(request), records.commitContainerResponse, options);
}

export interface DescribeCommitContainerTaskRequest {
  readonly ContainerGroupId: string;
  readonly TaskId?: readonly string[] | undefined;
  readonly TaskStatus?: 'Running' | 'Succeeded' | 'Failed' | undefined;
  readonly MaxResults?: number | undefined;
  readonly NextToken?: string | undefined;
}

export function describeCommitContainerTask(
  client: EciClient,
  request: DescribeCommitContainerTaskRequest,
  options?: Options,
): Promise<records.DescribeCommitContainerTaskResponse> {
  return client.call('DescribeCommitContainerTask', rpc(request), records.describeCommitContainerTaskResponse, options);
}

// ----- Instance O&M tasks ---------------------------------------------------------------------------------------

export interface CreateInstanceOpsTaskRequest {
  readonly ContainerGroupId: string;
  readonly OpsType: 'coredump' | 'tcpdump';
  /**
   * `enable` or `disable` for coredump; for tcpdump a JSON object such as `{"Enable":true,"IfDeviceName":"eth0"}`
   * (Enable, Protocol, SourceIp, SourceCidr, SourcePort, DestIp, DestCidr, DestPort, IfDeviceName, Snaplen,
   * Duration, PacketNum, FileSize).
   */
  readonly OpsValue: string;
}

/** Turns coredump or tcpdump collection on or off in a group. The API takes no ClientToken for it. */
export function createInstanceOpsTask(
  client: EciClient,
  request: CreateInstanceOpsTaskRequest,
  options?: Options,
): Promise<records.CreateInstanceOpsTaskResponse> {
  return client.call('CreateInstanceOpsTask', rpc(request), records.createInstanceOpsTaskResponse, options);
}

export interface DescribeInstanceOpsRecordsRequest {
  readonly ContainerGroupId: string;
  readonly OpsType?: 'coredump' | 'tcpdump' | undefined;
}

export function describeInstanceOpsRecords(
  client: EciClient,
  request: DescribeInstanceOpsRecordsRequest,
  options?: Options,
): Promise<records.DescribeInstanceOpsRecordsResponse> {
  return client.call('DescribeInstanceOpsRecords', rpc(request), records.describeInstanceOpsRecordsResponse, options);
}

// ----- Data caches ----------------------------------------------------------------------------------------------

export interface DataSourceSpec {
  readonly Type: 'URL' | 'NAS' | 'OSS' | 'SNAPSHOT';
  /** The source's parameters, a map of strings (sent as `DataSource.Options.<key>`). */
  readonly Options?: Readonly<Record<string, string>> | undefined;
}

export interface CreateDataCacheRequest {
  /** Where the cache is placed: a bucket (default `default`) and an absolute path in it. */
  readonly Bucket?: string | undefined;
  readonly Path: string;
  readonly Name?: string | undefined;
  readonly DataSource: DataSourceSpec;
  /** GiB, 20 by default. */
  readonly Size?: number | undefined;
  readonly RetentionDays?: number | undefined;
  readonly SecurityGroupId: string;
  readonly VSwitchId: string;
  readonly EipInstanceId?: string | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
}

export function createDataCache(
  client: EciClient,
  request: CreateDataCacheRequest,
  options?: Options,
): Promise<records.CreateDataCacheResponse> {
  return client.call('CreateDataCache', rpc(request), records.createDataCacheResponse, { ...options, mutating: true });
}

export interface DescribeDataCachesRequest {
  readonly DataCacheId?: readonly string[] | undefined;
  readonly Bucket?: string | undefined;
  readonly Path?: string | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
  readonly Limit?: number | undefined;
  readonly NextToken?: string | undefined;
}

export function describeDataCaches(
  client: EciClient,
  request: DescribeDataCachesRequest = {},
  options?: Options,
): Promise<records.DescribeDataCachesResponse> {
  return client.call('DescribeDataCaches', rpc(request), records.describeDataCachesResponse, options);
}

export interface UpdateDataCacheRequest {
  readonly DataCacheId: string;
  readonly Name?: string | undefined;
  /** A new source loads the cache again. */
  readonly DataSource?: DataSourceSpec | undefined;
  /** GiB; a cache only grows. */
  readonly Size?: number | undefined;
  readonly RetentionDays?: number | undefined;
  readonly SecurityGroupId?: string | undefined;
  readonly VSwitchId?: string | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
}

export function updateDataCache(
  client: EciClient,
  request: UpdateDataCacheRequest,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('UpdateDataCache', rpc(request), records.requestIdOnlyResponse, { ...options, mutating: true });
}

/** A cache by its ID, or by where it is (Bucket and Path). */
export type DeleteDataCacheRequest =
  { readonly DataCacheId: string } | { readonly Bucket?: string | undefined; readonly Path: string };

export function deleteDataCache(
  client: EciClient,
  request: DeleteDataCacheRequest,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('DeleteDataCache', rpc(request), records.requestIdOnlyResponse, { ...options, mutating: true });
}

export interface CopyDataCacheRequest {
  readonly DataCacheId: string;
  readonly DestinationRegionId: string;
  /** Where the copy is placed; the source's bucket, path and name by default. */
  readonly Bucket?: string | undefined;
  readonly Path?: string | undefined;
  readonly Name?: string | undefined;
  readonly RetentionDays?: number | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
}

/** Copies an Available cache (of the client's region) to a region, as a new cache loaded from its snapshot. */
export function copyDataCache(
  client: EciClient,
  request: CopyDataCacheRequest,
  options?: Options,
): Promise<records.CopyDataCacheResponse> {
  return client.call('CopyDataCache', rpc(request), records.copyDataCacheResponse, { ...options, mutating: true });
}

// ----- Virtual nodes --------------------------------------------------------------------------------------------

export interface CreateVirtualNodeRequest {
  readonly VirtualNodeName?: string | undefined;
  /** The kubeconfig of the cluster the node joins. */
  readonly KubeConfig: string;
  readonly SecurityGroupId: string;
  readonly VSwitchId: string;
  readonly ZoneId?: string | undefined;
  readonly EipInstanceId?: string | undefined;
  readonly EnablePublicNetwork?: boolean | undefined;
  readonly ClusterDNS?: string | undefined;
  readonly ClusterDomain?: string | undefined;
  readonly CustomResources?: string | undefined;
  readonly TlsBootstrapEnabled?: boolean | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
  readonly Taint?:
    readonly { readonly Key: string; readonly Value?: string | undefined; readonly Effect: string }[] | undefined;
}

export function createVirtualNode(
  client: EciClient,
  request: CreateVirtualNodeRequest,
  options?: Options,
): Promise<records.CreateVirtualNodeResponse> {
  return client.call('CreateVirtualNode', rpc(request), records.createVirtualNodeResponse, {
    ...options,
    mutating: true,
  });
}

export interface DescribeVirtualNodesRequest {
  /** At most 20 IDs (sent as one JSON-encoded string). */
  readonly VirtualNodeIds?: readonly string[] | undefined;
  readonly VirtualNodeName?: string | undefined;
  readonly Status?: 'Pending' | 'Ready' | 'Failed' | undefined;
  readonly ResourceGroupId?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
  /** Page size, at most 20. */
  readonly Limit?: number | undefined;
  readonly NextToken?: string | undefined;
}

export function describeVirtualNodes(
  client: EciClient,
  request: DescribeVirtualNodesRequest = {},
  options?: Options,
): Promise<records.DescribeVirtualNodesResponse> {
  const { VirtualNodeIds, ...rest } = request;
  return client.call(
    'DescribeVirtualNodes',
    rpc({ ...rest, VirtualNodeIds: VirtualNodeIds === undefined ? undefined : JSON.stringify(VirtualNodeIds) }),
    records.describeVirtualNodesResponse,
    options,
  );
}

export interface UpdateVirtualNodeRequest {
  readonly VirtualNodeId: string;
  readonly VirtualNodeName?: string | undefined;
  readonly ClusterDNS?: string | undefined;
  readonly ClusterDomain?: string | undefined;
  readonly CustomResources?: string | undefined;
  readonly Tag?: readonly KeyValue[] | undefined;
}

export function updateVirtualNode(
  client: EciClient,
  request: UpdateVirtualNodeRequest,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('UpdateVirtualNode', rpc(request), records.requestIdOnlyResponse, { ...options, mutating: true });
}

export function deleteVirtualNode(
  client: EciClient,
  virtualNodeId: string,
  options?: Options,
): Promise<records.RequestIdOnlyResponse> {
  return client.call('DeleteVirtualNode', { VirtualNodeId: virtualNodeId }, records.requestIdOnlyResponse, {
    ...options,
    mutating: true,
  });
}
