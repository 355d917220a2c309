/**
 * Typed records of ECI responses, with the API's own (PascalCase) field names, and their decoders.
 * Field lists follow the response tables of the ECI API reference (docs/reference/eci-api-2020-notes.md §2, §6.7,
 * §8.1) and docs/reference/eci-shapes.txt.
 */
import type { Decoder } from '../core/decode';
import { bool, DecodeError, list, num, object, opt, optObject, str, stringList, wrappedList } from '../core/decode';

const optStr = opt(str);
const optNum = opt(num);
const optBool = opt(bool);

const requestId = { RequestId: optStr };

// ----- Regions --------------------------------------------------------------------------------------------------

const region = object({
  RegionId: str,
  RegionEndpoint: optStr,
  Zones: stringList,
  RecommendZones: opt(stringList),
  UnavailableZones: opt(stringList),
});
export type Region = ReturnType<typeof region>;
export const describeRegionsResponse = object({ ...requestId, Regions: list(region) });
export type DescribeRegionsResponse = ReturnType<typeof describeRegionsResponse>;

// ----- Container groups -----------------------------------------------------------------------------------------

const containerState = optObject({
  State: optStr,
  DetailStatus: optStr,
  ExitCode: optNum,
  StartTime: optStr,
  FinishTime: optStr,
  Reason: optStr,
  Message: optStr,
  Signal: optNum,
});

const probe = optObject({
  InitialDelaySeconds: optNum,
  PeriodSeconds: optNum,
  SuccessThreshold: optNum,
  FailureThreshold: optNum,
  TimeoutSeconds: optNum,
  Execs: opt(stringList),
  HttpGet: optObject({ Path: optStr, Port: optNum, Scheme: optStr }),
  TcpSocket: optObject({ Host: optStr, Port: optNum }),
});

const containerFields = {
  Name: str,
  Image: str,
  ImagePullPolicy: optStr,
  Cpu: optNum,
  Memory: optNum,
  Gpu: optNum,
  WorkingDir: optStr,
  Args: opt(stringList),
  Stdin: optBool,
  StdinOnce: optBool,
  Tty: optBool,
  Ready: optBool,
  RestartCount: optNum,
  CurrentState: containerState,
  PreviousState: containerState,
  EnvironmentVars: list(
    object({ Key: str, Value: optStr, ValueFrom: optObject({ FieldRef: optObject({ FieldPath: optStr }) }) }),
  ),
  Ports: list(object({ Port: optNum, Protocol: optStr })),
  VolumeMounts: list(
    object({ Name: optStr, MountPath: optStr, SubPath: optStr, ReadOnly: optBool, MountPropagation: optStr }),
  ),
  SecurityContext: optObject({
    Capability: optObject({ Adds: opt(stringList) }),
    ReadOnlyRootFilesystem: optBool,
    RunAsUser: optNum,
  }),
};

const container = object({
  ...containerFields,
  // The API names this list `Commands` on containers and `Command` on init containers.
  Commands: opt(stringList),
  ReadinessProbe: probe,
  LivenessProbe: probe,
});
export type Container = ReturnType<typeof container>;

const initContainer = object({ ...containerFields, Command: opt(stringList) });
export type InitContainer = ReturnType<typeof initContainer>;

const event = object({
  Count: optNum,
  Type: optStr,
  Name: optStr,
  Reason: optStr,
  Message: optStr,
  FirstTimestamp: optStr,
  LastTimestamp: optStr,
});
export type ContainerGroupEvent = ReturnType<typeof event>;

const tag = object({ Key: str, Value: optStr });
export type Tag = ReturnType<typeof tag>;

const volume = object({
  Name: str,
  Type: optStr,
  ConfigFileVolumeConfigFileToPaths: list(object({ Path: optStr, Content: optStr })),
  EmptyDirVolumeMedium: optStr,
  EmptyDirVolumeSizeLimit: optStr,
  NFSVolumePath: optStr,
  NFSVolumeServer: optStr,
  NFSVolumeReadOnly: optBool,
  DiskVolumeDiskId: optStr,
  DiskVolumeFsType: optStr,
  FlexVolumeDriver: optStr,
  FlexVolumeFsType: optStr,
  FlexVolumeOptions: optStr,
});
export type Volume = ReturnType<typeof volume>;

const containerGroup = object({
  ContainerGroupId: str,
  ContainerGroupName: optStr,
  RegionId: optStr,
  ZoneId: optStr,
  Status: str,
  Cpu: optNum,
  Memory: optNum,
  InstanceType: optStr,
  RestartPolicy: optStr,
  VSwitchId: optStr,
  SecurityGroupId: optStr,
  VpcId: optStr,
  ResourceGroupId: optStr,
  IntranetIp: optStr,
  InternetIp: optStr,
  Ipv6Address: optStr,
  EniInstanceId: optStr,
  CreationTime: optStr,
  SucceededTime: optStr,
  FailedTime: optStr,
  ExpiredTime: optStr,
  Discount: optNum,
  EphemeralStorage: optNum,
  RamRoleName: optStr,
  SpotStrategy: optStr,
  SpotPriceLimit: optNum,
  ComputeCategory: optStr,
  DnsPolicy: optStr,
  DnsConfig: optObject({
    NameServers: opt(stringList),
    Searches: opt(stringList),
    Options: list(object({ Name: optStr, Value: optStr })),
  }),
  EciSecurityContext: optObject({ Sysctls: list(object({ Name: optStr, Value: optStr })) }),
  HostAliases: list(object({ Ip: optStr, Hostnames: opt(stringList) })),
  Tags: list(tag),
  Events: list(event),
  Containers: list(container),
  InitContainers: list(initContainer),
  Volumes: list(volume),
});
export type ContainerGroup = ReturnType<typeof containerGroup>;

export const describeContainerGroupsResponse = object({
  ...requestId,
  ContainerGroups: list(containerGroup),
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeContainerGroupsResponse = ReturnType<typeof describeContainerGroupsResponse>;

export const createContainerGroupResponse = object({ ...requestId, ContainerGroupId: str });
export type CreateContainerGroupResponse = ReturnType<typeof createContainerGroupResponse>;

export const requestIdOnlyResponse = object(requestId);
export type RequestIdOnlyResponse = ReturnType<typeof requestIdOnlyResponse>;

export const execContainerCommandResponse = object({
  ...requestId,
  WebSocketUri: optStr,
  HttpUrl: optStr,
  SyncResponse: optStr,
});
export type ExecContainerCommandResponse = ReturnType<typeof execContainerCommandResponse>;

// ----- Template export (PascalCase as ExportContainerGroupTemplate returns it) ------------------------------------

const nameValue = object({ Name: optStr, Value: optStr });
const templateProbe = optObject({
  InitialDelaySeconds: optNum,
  PeriodSeconds: optNum,
  SuccessThreshold: optNum,
  FailureThreshold: optNum,
  TimeoutSeconds: optNum,
  Exec: optObject({ Command: opt(stringList) }),
  TcpSocket: optObject({ Port: optNum }),
  HttpGet: optObject({ Scheme: optStr, Path: optStr, Port: optNum }),
});
const templateContainerFields = {
  Name: optStr,
  Image: optStr,
  ImagePullPolicy: optStr,
  Stdin: optBool,
  StdinOnce: optBool,
  Tty: optBool,
  WorkingDir: optStr,
  Command: opt(stringList),
  Args: opt(stringList),
  Env: list(
    object({ Name: optStr, Value: optStr, ValueFrom: optObject({ FieldRef: optObject({ FieldPath: optStr }) }) }),
  ),
  Ports: list(object({ Name: optStr, Protocol: optStr, ContainerPort: optNum })),
  VolumeMounts: list(object({ Name: optStr, SubPath: optStr, MountPath: optStr, ReadOnly: optBool })),
  SecurityContext: optObject({
    ReadOnlyRootFilesystem: optBool,
    RunAsUser: optNum,
    Capabilities: optObject({ Add: opt(stringList) }),
    Sysctls: list(nameValue),
  }),
  Resources: optObject({ Cpu: optNum, Memory: optNum }),
};
export const exportedTemplate = object({
  RegionId: optStr,
  ZoneId: optStr,
  SecurityGroupId: optStr,
  VSwitchId: optStr,
  ResourceGroupId: optStr,
  EipInstanceId: optStr,
  ContainerGroupName: optStr,
  InstanceType: optStr,
  Tags: list(object({ Key: optStr, Value: optStr })),
  Resources: optObject({ Cpu: optNum, Memory: optNum }),
  Spec: optObject({
    RestartPolicy: optStr,
    DnsPolicy: optStr,
    Volumes: list(
      object({
        Name: optStr,
        ConfigFile: optObject({
          DefaultMode: optNum,
          Items: list(object({ Mode: optNum, Path: optStr, Content: optStr })),
        }),
        EmptyDir: optObject({ SizeLimit: optStr }),
        Nfs: optObject({ Server: optStr, Path: optStr, ReadOnly: optBool }),
      }),
    ),
    InitContainers: list(object(templateContainerFields)),
    Containers: list(
      object({ ...templateContainerFields, ReadinessProbe: templateProbe, LivenessProbe: templateProbe }),
    ),
    DnsConfig: optObject({ NameServers: opt(stringList), Searches: opt(stringList), Options: list(nameValue) }),
    SecurityContext: optObject({ Sysctls: list(nameValue) }),
  }),
});
export type ExportedTemplate = ReturnType<typeof exportedTemplate>;
export const exportContainerGroupTemplateResponse = object({ ...requestId, Template: exportedTemplate });
export type ExportContainerGroupTemplateResponse = ReturnType<typeof exportContainerGroupTemplateResponse>;

// ----- Image caches ---------------------------------------------------------------------------------------------

export const createImageCacheResponse = object({ ...requestId, ImageCacheId: str, ContainerGroupId: optStr });
export type CreateImageCacheResponse = ReturnType<typeof createImageCacheResponse>;

const imageCache = object({
  ImageCacheId: str,
  ImageCacheName: optStr,
  ContainerGroupId: optStr,
  Status: str,
  Progress: optStr,
  SnapshotId: optStr,
  Images: opt(stringList),
  CreationTime: optStr,
  ExpireDateTime: optStr,
  ExpireDate: optStr,
  ImageCacheSize: optNum,
  Tags: list(tag),
  Events: list(event),
});
export type ImageCache = ReturnType<typeof imageCache>;
export const describeImageCachesResponse = object({
  ...requestId,
  ImageCaches: list(imageCache),
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeImageCachesResponse = ReturnType<typeof describeImageCachesResponse>;

// ----- Metrics and logs -----------------------------------------------------------------------------------------

const cpu = optObject({ UsageNanoCores: optNum, UsageCoreNanoSeconds: optNum, Load: optNum, Limit: optNum });
const memory = optObject({
  AvailableBytes: optNum,
  UsageBytes: optNum,
  Cache: optNum,
  WorkingSet: optNum,
  Rss: optNum,
});
const network = optObject({
  Interfaces: list(object({ Name: optStr, TxBytes: optNum, RxBytes: optNum, TxErrors: optNum, RxErrors: optNum })),
});
const metricRecord = object({
  Timestamp: optStr,
  CPU: cpu,
  Memory: memory,
  Network: network,
  Containers: list(object({ Name: optStr, CPU: cpu, Memory: memory })),
});
export type MetricRecord = ReturnType<typeof metricRecord>;

export const describeContainerGroupMetricResponse = object({
  ...requestId,
  ContainerGroupId: optStr,
  Records: list(metricRecord),
});
export type DescribeContainerGroupMetricResponse = ReturnType<typeof describeContainerGroupMetricResponse>;

export const describeMultiContainerGroupMetricResponse = object({
  ...requestId,
  MonitorDatas: list(object({ ContainerGroupId: optStr, Records: list(metricRecord) })),
});
export type DescribeMultiContainerGroupMetricResponse = ReturnType<typeof describeMultiContainerGroupMetricResponse>;

export const describeContainerLogResponse = object({ ...requestId, ContainerName: optStr, Content: opt(str) });
export type DescribeContainerLogResponse = ReturnType<typeof describeContainerLogResponse>;

// ----- Price ----------------------------------------------------------------------------------------------------

const priceRule = object({ RuleId: optNum, Description: optStr });
export const describeContainerGroupPriceResponse = object({
  ...requestId,
  PriceInfo: object({
    Rules: wrappedList('Rule', priceRule),
    Price: object({
      OriginalPrice: optNum,
      DiscountPrice: optNum,
      TradePrice: optNum,
      Currency: optStr,
      DetailInfos: wrappedList(
        'DetailInfo',
        object({
          Resource: optStr,
          OriginalPrice: optNum,
          DiscountPrice: optNum,
          TradePrice: optNum,
          Rules: wrappedList('Rule', priceRule),
        }),
      ),
    }),
    SpotPrices: opt(
      wrappedList(
        'SpotPrice',
        object({ ZoneId: optStr, InstanceType: optStr, SpotPrice: optNum, OriginPrice: optNum }),
      ),
    ),
  }),
});
export type DescribeContainerGroupPriceResponse = ReturnType<typeof describeContainerGroupPriceResponse>;

// ----- Batched status and events --------------------------------------------------------------------------------
// Shapes of DescribeContainerGroupStatus and DescribeContainerGroupEvents as the official SDK's response models name
// them (@alicloud/eci20180808 is not installed here; the field names were read from its published models). Some
// keys are lower-case in the API itself (`type`, `status`, `lastTransitionTime`, `uuid`, `involvedObject`,
// `StartedAtstartedAt`), and are kept as they are.

const podContainerState = object({
  Running: optObject({ StartedAtstartedAt: optStr }),
  Terminated: optObject({
    ContainerID: optStr,
    ExitCode: optNum,
    FinishedAt: optStr,
    Message: optStr,
    Reason: optStr,
    Signal: optNum,
    StartedAt: optStr,
  }),
  Waiting: optObject({ Message: optStr, Reason: optStr }),
});
export type PodContainerState = ReturnType<typeof podContainerState>;

const containerGroupStatus = object({
  ContainerGroupId: str,
  Name: optStr,
  Namespace: optStr,
  Annotations: optStr,
  uuid: optStr,
  Status: optStr,
  PodStatus: optObject({
    Phase: optStr,
    HostIp: optStr,
    PodIp: optStr,
    PodIps: list(object({ Ip: optStr })),
    QosClass: optStr,
    StartTime: optStr,
    Conditions: list(
      object({ type: optStr, status: optStr, lastTransitionTime: optStr, Reason: optStr, Message: optStr }),
    ),
    ContainerStatuses: list(
      object({
        Name: str,
        Image: optStr,
        ImageID: optStr,
        Ready: optBool,
        Started: optBool,
        RestartCount: optNum,
        State: opt(podContainerState),
        LastState: opt(podContainerState),
      }),
    ),
  }),
});
export type ContainerGroupStatus = ReturnType<typeof containerGroupStatus>;
export const describeContainerGroupStatusResponse = object({
  ...requestId,
  Data: list(containerGroupStatus),
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeContainerGroupStatusResponse = ReturnType<typeof describeContainerGroupStatusResponse>;

const groupEvent = object({
  Count: optNum,
  Type: optStr,
  Reason: optStr,
  Message: optStr,
  FirstTimestamp: optStr,
  LastTimestamp: optStr,
  ReportingComponent: optStr,
  ReportingInstance: optStr,
  Source: optObject({ Component: optStr, Host: optStr }),
  Metadata: optObject({ Name: optStr, Namespace: optStr }),
  involvedObject: optObject({ Kind: optStr, ApiVersion: optStr, Name: optStr, Namespace: optStr, Uid: optStr }),
});
export type GroupEvent = ReturnType<typeof groupEvent>;
export const describeContainerGroupEventsResponse = object({
  ...requestId,
  Data: list(
    object({
      ContainerGroupId: str,
      Name: optStr,
      Namespace: optStr,
      Annotations: optStr,
      uuid: optStr,
      Events: list(groupEvent),
    }),
  ),
  // Not in the SDK's response model, though the request takes a NextToken: optional, for the emulator's pages.
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeContainerGroupEventsResponse = ReturnType<typeof describeContainerGroupEventsResponse>;

// ----- Available resources and usage ----------------------------------------------------------------------------
// DescribeAvailableResource as the SDK's response model nests it (AvailableZones.AvailableZone[]…); the XML-style
// wrappers may also come as plain lists, which wrappedList reads the same.

const availableZone = object({
  RegionId: optStr,
  ZoneId: str,
  AvailableResources: wrappedList(
    'AvailableResource',
    object({
      Type: optStr,
      SupportedResources: wrappedList('SupportedResource', object({ Value: str, StatusCategory: optStr })),
    }),
  ),
});
export type AvailableZone = ReturnType<typeof availableZone>;
export const describeAvailableResourceResponse = object({
  ...requestId,
  AvailableZones: wrappedList('AvailableZone', availableZone),
});
export type DescribeAvailableResourceResponse = ReturnType<typeof describeAvailableResourceResponse>;

/** An object of numbers under any names (ListUsage's Attributes is an open map in the SDK's model). */
const numberMap: Decoder<Record<string, number>> = (value, path) => {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new DecodeError(path, 'an object', value);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, num(item, `${path}.${key}`)]),
  );
};
/** Used amounts and limits: UsedCpu, MaxCpu, Used/MaxImageCacheCount, Used/MaxAutoImageCacheCount, Used/MaxDataCacheCount. */
export const listUsageResponse = object({ ...requestId, Attributes: numberMap });
export type ListUsageResponse = ReturnType<typeof listUsageResponse>;

// ----- Committing a container -----------------------------------------------------------------------------------

export const commitContainerResponse = object({ ...requestId, TaskId: str });
export type CommitContainerResponse = ReturnType<typeof commitContainerResponse>;

const commitTask = object({
  TaskId: str,
  ContainerName: optStr,
  /** Running, Succeeded or Failed. */
  TaskStatus: str,
  /** A percentage, `50%`. */
  TaskProgress: optStr,
  StatusMessage: optStr,
  TaskCreationTime: optStr,
  TaskFinishedTime: optStr,
  CommitPhaseInfos: list(object({ Phase: str, Status: optStr, RecordTime: optStr, Message: optStr })),
});
export type CommitTask = ReturnType<typeof commitTask>;
export const describeCommitContainerTaskResponse = object({
  ...requestId,
  CommitTasks: list(commitTask),
  MaxResults: optStr,
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeCommitContainerTaskResponse = ReturnType<typeof describeCommitContainerTaskResponse>;

// ----- Instance O&M tasks ---------------------------------------------------------------------------------------

export const createInstanceOpsTaskResponse = object({ ...requestId, Result: optStr });
export type CreateInstanceOpsTaskResponse = ReturnType<typeof createInstanceOpsTaskResponse>;

const instanceOpsRecord = object({
  OpsType: str,
  /** Ready, Failed, Expired, Closed or Success. */
  OpsStatus: str,
  CreateTime: optStr,
  ExpireTime: optStr,
  /** OSS, with ResultContent the files' URL, once OpsStatus is Success. */
  ResultType: optStr,
  ResultContent: optStr,
});
export type InstanceOpsRecord = ReturnType<typeof instanceOpsRecord>;
export const describeInstanceOpsRecordsResponse = object({ ...requestId, Records: list(instanceOpsRecord) });
export type DescribeInstanceOpsRecordsResponse = ReturnType<typeof describeInstanceOpsRecordsResponse>;

// ----- Data caches ----------------------------------------------------------------------------------------------

/** DataSource.Options is an open map of strings. */
const stringMap: Decoder<Record<string, string>> = (value, path) => {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new DecodeError(path, 'an object', value);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, str(item, `${path}.${key}`)]),
  );
};

const dataCache = object({
  DataCacheId: str,
  Name: optStr,
  RegionId: optStr,
  Bucket: optStr,
  Path: optStr,
  /** Creating, Loading, Available, Failed, Updating or UpdateFailed. */
  Status: optStr,
  /** A percentage, `100%`. */
  Progress: optStr,
  Size: optNum,
  DataSource: optObject({ Type: optStr, Options: stringMap }),
  SnapshotId: optStr,
  FlashSnapshotId: optStr,
  ContainerGroupId: optStr,
  ResourceGroupId: optStr,
  Tags: list(tag),
  CreationTime: optStr,
  ExpireDateTime: optStr,
  LastMatchedTime: optStr,
  Events: list(event),
});
export type DataCache = ReturnType<typeof dataCache>;
export const describeDataCachesResponse = object({
  ...requestId,
  DataCaches: list(dataCache),
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeDataCachesResponse = ReturnType<typeof describeDataCachesResponse>;

export const createDataCacheResponse = object({ ...requestId, DataCacheId: str });
export type CreateDataCacheResponse = ReturnType<typeof createDataCacheResponse>;
/** CopyDataCache answers the new cache's ID. */
export const copyDataCacheResponse = object({ ...requestId, DataCacheId: optStr });
export type CopyDataCacheResponse = ReturnType<typeof copyDataCacheResponse>;

// ----- Virtual nodes --------------------------------------------------------------------------------------------

const virtualNode = object({
  VirtualNodeId: str,
  VirtualNodeName: optStr,
  RegionId: optStr,
  /** Pending, Ready or Failed. */
  Status: optStr,
  VirtualNodeVSwitchId: optStr,
  VirtualNodeSecurityGroupId: optStr,
  VpcId: optStr,
  ResourceGroupId: optStr,
  IntranetIp: optStr,
  InternetIp: optStr,
  CreationTime: optStr,
  Tags: list(tag),
  Events: list(event),
});
export type VirtualNode = ReturnType<typeof virtualNode>;
export const describeVirtualNodesResponse = object({
  ...requestId,
  VirtualNodes: list(virtualNode),
  NextToken: optStr,
  TotalCount: optNum,
});
export type DescribeVirtualNodesResponse = ReturnType<typeof describeVirtualNodesResponse>;
export const createVirtualNodeResponse = object({ ...requestId, VirtualNodeId: str });
export type CreateVirtualNodeResponse = ReturnType<typeof createVirtualNodeResponse>;
