import type { JdcloudState } from './jdcloud/model';

/** The emulator's records. Times are milliseconds of the emulator's clock. Plain JSON, so state persists as is. */

export interface KeyValue {
  Key: string;
  Value?: string | undefined;
}

export interface ProbeModel {
  InitialDelaySeconds?: number | undefined;
  PeriodSeconds?: number | undefined;
  SuccessThreshold?: number | undefined;
  FailureThreshold?: number | undefined;
  TimeoutSeconds?: number | undefined;
  Exec?: { Command: readonly string[] } | undefined;
  HttpGet?: { Path?: string | undefined; Port?: number | undefined; Scheme?: string | undefined } | undefined;
  TcpSocket?: { Port?: number | undefined } | undefined;
}

export interface ContainerModel {
  Name: string;
  Image: string;
  ImagePullPolicy: string;
  Cpu: number;
  Memory: number;
  Gpu: number;
  WorkingDir?: string | undefined;
  Commands: readonly string[];
  Args: readonly string[];
  Stdin: boolean;
  StdinOnce: boolean;
  Tty: boolean;
  EnvironmentVars: readonly { Key: string; Value?: string | undefined; FieldPath?: string | undefined }[];
  Ports: readonly { Port: number; Protocol: string }[];
  VolumeMounts: readonly {
    Name: string;
    MountPath: string;
    SubPath?: string | undefined;
    ReadOnly: boolean;
    MountPropagation?: string | undefined;
  }[];
  SecurityContext?:
    | {
        CapabilityAdd: readonly string[];
        ReadOnlyRootFilesystem?: boolean | undefined;
        RunAsUser?: number | undefined;
        RunAsGroup?: number | undefined;
        RunAsNonRoot?: boolean | undefined;
      }
    | undefined;
  ReadinessProbe?: ProbeModel | undefined;
  LivenessProbe?: ProbeModel | undefined;
  /** Today's fields (absent in state files written before they were read). */
  EnvironmentVarHide?: boolean | undefined;
  TerminationMessagePath?: string | undefined;
  TerminationMessagePolicy?: string | undefined;
  PostStart?: LifecycleHandlerModel | undefined;
  PreStop?: LifecycleHandlerModel | undefined;
}

/** A postStart or preStop handler: one of a command, an HTTP GET and a TCP connection. */
export interface LifecycleHandlerModel {
  Exec?: readonly string[] | undefined;
  HttpGet?:
    | {
        Host?: string | undefined;
        Path?: string | undefined;
        Port?: number | undefined;
        Scheme?: string | undefined;
        HttpHeaders: readonly { Name: string; Value?: string | undefined }[];
      }
    | undefined;
  TcpSocket?: { Host?: string | undefined; Port?: number | undefined } | undefined;
}

export interface VolumeModel {
  Name: string;
  Type: string;
  NFSVolume?: { Server: string; Path: string; ReadOnly: boolean } | undefined;
  EmptyDirVolume?: { Medium?: string | undefined; SizeLimit?: string | undefined } | undefined;
  ConfigFileVolume?:
    | {
        DefaultMode?: number | undefined;
        ConfigFileToPath: readonly { Path: string; Content: string; Mode?: number | undefined }[];
      }
    | undefined;
  DiskVolume?: { DiskId: string; FsType?: string | undefined; DiskSize?: number | undefined } | undefined;
  FlexVolume?: { Driver: string; FsType?: string | undefined; Options?: string | undefined } | undefined;
  HostPathVolume?: { Path: string; Type?: string | undefined } | undefined;
}

/** One run of a container: a new instance starts on every restart. */
export interface ContainerInstance {
  startedAt: number;
  finishedAt?: number | undefined;
  exitCode?: number | undefined;
}

export interface ContainerRuntime {
  name: string;
  restartCount: number;
  /** Instances, oldest first; the last is the current one. Only the last two are kept. */
  instances: ContainerInstance[];
  /** When a container that exited is due to start again (restart policy with back-off). */
  restartAt?: number | undefined;
}

export interface EventModel {
  Type: 'Normal' | 'Warning';
  Reason: string;
  Message: string;
  Name: string;
  Count: number;
  FirstTimestamp: number;
  LastTimestamp: number;
}

export type GroupStatus =
  'Pending' | 'Scheduling' | 'Running' | 'Restarting' | 'Updating' | 'Succeeded' | 'Failed' | 'ScheduleFailed';

export interface GroupSpec {
  RestartPolicy: 'Always' | 'Never' | 'OnFailure';
  Cpu: number;
  Memory: number;
  InstanceType?: string | undefined;
  Containers: readonly ContainerModel[];
  InitContainers: readonly ContainerModel[];
  Volumes: readonly VolumeModel[];
  Tags: readonly KeyValue[];
  DnsPolicy?: string | undefined;
  DnsConfig?:
    | {
        NameServers: readonly string[];
        Searches: readonly string[];
        Options: readonly { Name: string; Value?: string | undefined }[];
      }
    | undefined;
  Sysctls: readonly { Name: string; Value?: string | undefined }[];
  /** The instance's (host's) sysctls, HostSecurityContext (absent in older state files). */
  HostSysctls?: readonly { Name: string; Value?: string | undefined }[] | undefined;
  HostAliases: readonly { Ip: string; Hostnames: readonly string[] }[];
  RegistryCredentials: readonly { Server: string; UserName: string; Password: string }[];
  /**
   * Today's group-level settings of CreateContainerGroup (GROUP_OPTIONS in spec-parser.ts), by their RPC names, as
   * given. Absent in state files written before they were read.
   */
  Options?: Readonly<Record<string, GroupOptionValue>> | undefined;
  /** Container Registry Enterprise Edition instances to pull from without a password (AcrRegistryInfo.N). */
  AcrRegistryInfos?: readonly AcrRegistryInfoModel[] | undefined;
  /** OverheadReservationOption.EnableOverheadReservation: the instance's overhead reserved on top of the spec. */
  EnableOverheadReservation?: boolean | undefined;
}

export interface AcrRegistryInfoModel {
  InstanceId?: string | undefined;
  InstanceName?: string | undefined;
  RegionId?: string | undefined;
  Domains: readonly string[];
  ArnService?: string | undefined;
  ArnUser?: string | undefined;
}

export type GroupOptionValue = string | number | boolean | readonly string[];

export interface GroupModel {
  ContainerGroupId: string;
  ContainerGroupName: string;
  RegionId: string;
  ZoneId: string;
  VSwitchId: string;
  SecurityGroupId: string;
  VpcId: string;
  ResourceGroupId?: string | undefined;
  EipInstanceId?: string | undefined;
  IntranetIp: string;
  InternetIp?: string | undefined;
  owner: string;
  spec: GroupSpec;
  createdAt: number;
  /** The current phase and when it began; `phaseEndsAt` schedules the next transition. */
  status: GroupStatus;
  statusSince: number;
  phaseEndsAt?: number | undefined;
  succeededAt?: number | undefined;
  failedAt?: number | undefined;
  runtimes: ContainerRuntime[];
  events: EventModel[];
  /** Set for the job group of an image cache. */
  imageCacheId?: string | undefined;
}

export type ImageCacheStatus = 'Preparing' | 'Creating' | 'Ready' | 'Failed';

export interface ImageCacheModel {
  ImageCacheId: string;
  ImageCacheName: string;
  RegionId: string;
  owner: string;
  Images: string[];
  ContainerGroupId: string;
  SnapshotId: string;
  ImageCacheSize: number;
  RetentionDays?: number | undefined;
  /** Set on create, replaced whole by UpdateImageCache's Tag.N; a filter of DescribeImageCaches. */
  Tags?: { Key: string; Value?: string | undefined }[] | undefined;
  createdAt: number;
  readyAt: number;
  /** Caches whose images name "fail" (a demo of the failure path) end Failed. */
  willFail: boolean;
  events: EventModel[];
}

export interface IdempotencyRecord {
  fingerprint: string;
  response: Record<string, unknown>;
  at: number;
}

export interface EmulatorStateData {
  version: 1;
  sequence: number;
  groups: Record<string, GroupModel>;
  imageCaches: Record<string, ImageCacheModel>;
  idempotency: Record<string, IdempotencyRecord>;
  /** JD Cloud Native Container's containers and secrets (absent in state files written before it was served). */
  jdcloudContainer?: JdcloudState | undefined;
}

export function emptyState(): EmulatorStateData {
  return { version: 1, sequence: 0, groups: {}, imageCaches: {}, idempotency: {} };
}
