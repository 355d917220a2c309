import type { EmulatorStateData } from './model';

/**
 * The state of the operations served since ECI's SDK 2.0 (resized volumes, commit tasks, ops records, data caches,
 * virtual nodes). It is kept under its own key of the emulator's state object, which the state file writes whole
 * (state-store.ts), so it persists without a change to the older records of model.ts; a state file written before
 * it existed simply has none.
 */
export interface OpsState {
  /** Sizes in GiB that ResizeContainerGroupVolume gave, by group ID and volume name. */
  volumeSizes: Record<string, Record<string, number>>;
  /** CommitContainer's tasks, by task ID. */
  commitTasks: Record<string, CommitTaskModel>;
  /** CreateInstanceOpsTask's records, by group ID, oldest first. */
  opsRecords: Record<string, OpsRecordModel[]>;
  /** Data caches, by ID. */
  dataCaches: Record<string, DataCacheModel>;
  /** Virtual nodes, by ID. */
  virtualNodes: Record<string, VirtualNodeModel>;
}

export interface VirtualNodeModel {
  VirtualNodeId: string;
  owner: string;
  RegionId: string;
  ZoneId: string;
  VirtualNodeName: string;
  VSwitchId: string;
  SecurityGroupId: string;
  ResourceGroupId?: string | undefined;
  IntranetIp: string;
  InternetIp?: string | undefined;
  ClusterDNS?: string | undefined;
  ClusterDomain?: string | undefined;
  CustomResources?: string | undefined;
  Tags: { Key: string; Value?: string | undefined }[];
  createdAt: number;
  readyAt: number;
  /** Its kubeconfig names an API server that cannot be reached ("fail" in its address). */
  willFail: boolean;
  events: { Type: string; Reason: string; Message: string; at: number }[];
}

export interface DataCacheModel {
  DataCacheId: string;
  owner: string;
  RegionId: string;
  Name: string;
  Bucket: string;
  Path: string;
  DataSource: { Type: string; Options: Record<string, string> };
  Size: number;
  RetentionDays?: number | undefined;
  ResourceGroupId?: string | undefined;
  Tags: { Key: string; Value?: string | undefined }[];
  SnapshotId: string;
  createdAt: number;
  /** When the current load (the first, or one an update started) began and when it ends. */
  loadStartedAt: number;
  readyAt: number;
  /** Whether the current load is an update (Updating / UpdateFailed) rather than the first (Loading / Failed). */
  updating: boolean;
  /** A source whose options name "fail" cannot be loaded (a demo of the failure path, as image caches have). */
  willFail: boolean;
  events: { Type: string; Reason: string; Message: string; at: number }[];
}

export interface OpsRecordModel {
  OpsType: 'coredump' | 'tcpdump';
  createdAt: number;
  /** When a capture ends (tcpdump), or undefined while it waits for a crash (coredump). */
  endsAt?: number | undefined;
  expiresAt: number;
  /** Turned off by a later `disable`. */
  closedAt?: number | undefined;
}

export interface CommitTaskModel {
  TaskId: string;
  owner: string;
  RegionId: string;
  ContainerGroupId: string;
  ContainerName: string;
  /** The image it makes, `repository:tag`. */
  image: string;
  createdAt: number;
  /** A repository named "fail…" cannot be pushed to (a demo of the failure path, as image caches have). */
  willFail: boolean;
}

type WithOps = EmulatorStateData & { eciOps?: Partial<OpsState> | undefined };

export function opsState(state: EmulatorStateData): OpsState {
  const holder = state as WithOps;
  const ops = (holder.eciOps ??= {});
  ops.volumeSizes ??= {};
  ops.commitTasks ??= {};
  ops.opsRecords ??= {};
  ops.dataCaches ??= {};
  ops.virtualNodes ??= {};
  return ops as OpsState;
}
