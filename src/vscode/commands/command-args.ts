// l10n-ignore-file: its messages are for programmers who call a command with arguments it cannot take (another
// extension, a keybinding's args); like VS Code's own API errors they are in English. The tree, the palette and the
// editor's buttons only pass what the commands take.
import * as vscode from '../vscode-api';
import { ContainerNode } from '../tree/eci/container-node';
import { GroupNode } from '../tree/eci/group-node';
import { ImageCacheNode } from '../tree/eci/image-cache-node';
import { DataCacheNode } from '../tree/eci/data-cache-node';
import { RegionFolderNode } from '../tree/eci/region-folder-node';
import { VirtualNodeNode } from '../tree/eci/virtual-node-node';
import { JdcloudContainerNode } from '../tree/jdcloud/container-node';
import { JDCLOUD_PROVIDER } from '../../jdcloud/provider';
import { ECI_PROVIDER } from '../../eci/provider';
import { SecretNode } from '../tree/jdcloud/secret-node';
import { ProfileNode } from '../tree/profile-node';
import { RegionNode } from '../tree/region-node';
import type { AnyProvider } from '../../providers/provider';
import type { ProviderId } from '../../providers/providers';
import { WorkloadNode } from '../tree/workload-node';
import { PROVIDER_REGISTRY } from '../../providers/registry';
import type { WorkloadRefNode } from './workload-target';

/*
 * What a command can be given, decoded in one place: a node of the explorer, or a plain object from automation
 * (another extension, a keybinding's args, the tests). Each decoder returns a typed value, or throws a
 * CommandArgumentError saying what the command takes; a plain object with a field it does not know is refused too,
 * as a misspelt field would otherwise be dropped without a word and the command would do something else.
 */

/** An argument a command cannot take. registerCommands() shows it with the command's ID in front. */
export class CommandArgumentError extends Error {
  override readonly name = 'CommandArgumentError';
}

type FieldType = 'string' | 'number' | 'boolean' | 'string[]';
type Shape = Readonly<Record<string, FieldType>>;
type FieldValue<T extends FieldType> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : readonly string[];
type Fields<S extends Shape> = { readonly [K in keyof S]?: FieldValue<S[K]> };

function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? '{}' : `an object with ${keys.join(', ')}`;
  }
  return typeof value === 'string'
    ? `the text ${JSON.stringify(value.slice(0, 60))}`
    : `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasType(value: unknown, type: FieldType): boolean {
  return type === 'string[]'
    ? Array.isArray(value) && value.every((v) => typeof v === 'string')
    : typeof value === type && (type !== 'number' || Number.isFinite(value));
}

/**
 * A plain object's fields by `shape`, each optional (undefined counts as absent); undefined when `arg` is no plain
 * object. `expected` is what the command takes, for the error.
 */
function fields<S extends Shape>(arg: unknown, shape: S, expected: string): Fields<S> | undefined {
  if (!isPlainObject(arg)) return undefined;
  for (const [key, value] of Object.entries(arg)) {
    const type = shape[key];
    if (type === undefined)
      throw new CommandArgumentError(`expected ${expected}; got ${described(arg)}: ${key} is not one of its fields.`);
    if (value !== undefined && !hasType(value, type))
      throw new CommandArgumentError(`expected ${expected}; ${key} is ${described(value)}, not a ${type}.`);
  }
  return arg as Fields<S>;
}

function refused(expected: string, arg: unknown): CommandArgumentError {
  return new CommandArgumentError(`expected ${expected}; got ${described(arg)}.`);
}

function throwRefused(expected: string, arg: unknown): never {
  throw refused(expected, arg);
}

/** Nothing given (the palette, a keybinding without args): the command asks. */
const isNothing = (arg: unknown): arg is undefined | null => arg === undefined || arg === null;

// ECI

/** Container groups named by ID, in the active profile's home region unless another is given. */
export interface GroupIds {
  readonly containerGroupIds: readonly string[];
  readonly regionId: string | undefined;
}

const GROUP_EXPECTED =
  'a container group node, { containerGroupId: string, regionId?: string } or { containerGroupIds: string[], regionId?: string }';

/** One ID, or up to 20 (what one DescribeContainerGroups call takes), checked. */
function groupIds(
  given: { containerGroupId?: string; containerGroupIds?: readonly string[]; regionId?: string },
  expected: string,
): GroupIds {
  const { containerGroupId: one, containerGroupIds: many, regionId } = given;
  if (one !== undefined && many !== undefined)
    throw new CommandArgumentError(`expected ${expected}; got both containerGroupId and containerGroupIds.`);
  const ids = one !== undefined ? [one] : (many ?? []);
  if (ids.length === 0 || ids.some((id) => id === ''))
    throw new CommandArgumentError(`expected ${expected}; no container group ID was given.`);
  if (ids.length > 20)
    throw new CommandArgumentError(`expected ${expected}; ${ids.length} IDs were given, at most 20 are taken at once.`);
  return { containerGroupIds: ids, regionId };
}

/** The group a command acts on: its node, its ID (or IDs), or undefined to pick one. */
export function groupArg(arg: unknown): GroupNode | GroupIds | undefined {
  if (arg instanceof GroupNode || isNothing(arg)) return arg ?? undefined;
  const given = fields(
    arg,
    { containerGroupId: 'string', containerGroupIds: 'string[]', regionId: 'string' },
    GROUP_EXPECTED,
  );
  if (given === undefined) throw refused(GROUP_EXPECTED, arg);
  return groupIds(given, GROUP_EXPECTED);
}

/** A container of a group named by ID: one by name, all of them (`allContainers`), or undefined to pick. */
export interface ContainerRef {
  readonly group: GroupIds;
  readonly containerName: string | undefined;
  readonly allContainers: boolean;
}

const CONTAINER_EXPECTED =
  'a container or container group node, or { containerGroupId: string, containerName?: string, allContainers?: boolean, regionId?: string }';

/** The container a command acts on: its node, its group's node, a ContainerRef, or undefined to pick. */
export function containerArg(arg: unknown): ContainerNode | GroupNode | ContainerRef | undefined {
  if (arg instanceof ContainerNode || arg instanceof GroupNode || isNothing(arg)) return arg ?? undefined;
  const given = fields(
    arg,
    { containerGroupId: 'string', regionId: 'string', containerName: 'string', allContainers: 'boolean' },
    CONTAINER_EXPECTED,
  );
  if (given === undefined) throw refused(CONTAINER_EXPECTED, arg);
  return {
    group: groupIds(given, CONTAINER_EXPECTED),
    containerName: given.containerName,
    allContainers: given.allContainers === true,
  };
}

const IMAGE_CACHE_EXPECTED = 'an image cache node or { imageCacheId: string }';

/** The image cache a command acts on: its node, its ID (in the active profile's home region), or undefined. */
export function imageCacheArg(arg: unknown): ImageCacheNode | { readonly imageCacheId: string } | undefined {
  if (arg instanceof ImageCacheNode || isNothing(arg)) return arg ?? undefined;
  const given = fields(arg, { imageCacheId: 'string' }, IMAGE_CACHE_EXPECTED);
  if (given?.imageCacheId === undefined) throw refused(IMAGE_CACHE_EXPECTED, arg);
  return { imageCacheId: given.imageCacheId };
}

/** The region a command starts from: an ECI region node, or undefined for the active profile's. */
export function eciRegionArg(arg: unknown): RegionNode | undefined {
  if ((arg instanceof RegionNode && arg.provider === ECI_PROVIDER) || isNothing(arg)) return arg ?? undefined;
  throw refused('an ECI region node, or nothing', arg);
}

// Today's ECI operations: commit, instance O&M, data caches, virtual nodes

/** Where a create command makes something: an ECI region node or one of its folders, or undefined for the active profile's home. */
export function eciPlaceArg(arg: unknown): RegionNode | RegionFolderNode | undefined {
  if ((arg instanceof RegionNode && arg.provider === ECI_PROVIDER) || arg instanceof RegionFolderNode || isNothing(arg))
    return arg ?? undefined;
  throw refused('an ECI region node, its Data caches or Virtual nodes folder, or nothing', arg);
}

/**
 * The numbers of an options object that must be positive (a time in ms, a size, a count of days): 0 or less would
 * make a follower ask the API back to back, or send the API what it refuses.
 */
function positive<T extends object>(given: T, keys: readonly (keyof T & string)[], expected: string): T {
  for (const key of keys) {
    const value = given[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0))
      throw new CommandArgumentError(`expected ${expected}; ${key} must be a positive number, not ${String(value)}.`);
  }
  return given;
}

const COMMIT_OPTIONS = {
  repository: 'string',
  tag: 'string',
  acrInstanceId: 'string',
  intervalMs: 'number',
  timeoutMs: 'number',
} as const;
/** What Commit to Image may be told instead of asking (an empty acrInstanceId: none), and how it follows the task. */
export type CommitOptions = Fields<typeof COMMIT_OPTIONS>;

export function commitOptionsArg(arg: unknown): CommitOptions {
  if (isNothing(arg)) return {};
  const expected =
    '{ repository?: string, tag?: string, acrInstanceId?: string, intervalMs?: number, timeoutMs?: number }';
  return positive(
    fields(arg, COMMIT_OPTIONS, expected) ?? throwRefused(expected, arg),
    ['intervalMs', 'timeoutMs'],
    expected,
  );
}

const DIAGNOSTICS_OPTIONS = {
  opsType: 'string',
  durationSeconds: 'number',
  intervalMs: 'number',
  timeoutMs: 'number',
} as const;
/** What Collect Diagnostics may be told instead of asking, and how it follows the record. */
export type DiagnosticsOptions = Fields<typeof DIAGNOSTICS_OPTIONS> & {
  readonly opsType?: 'tcpdump' | 'coredump' | 'coredump-off';
};

export function diagnosticsOptionsArg(arg: unknown): DiagnosticsOptions {
  if (isNothing(arg)) return {};
  const expected =
    "{ opsType?: 'tcpdump' | 'coredump' | 'coredump-off', durationSeconds?: number, intervalMs?: number, timeoutMs?: number }";
  const given = positive(
    fields(arg, DIAGNOSTICS_OPTIONS, expected) ?? throwRefused(expected, arg),
    ['durationSeconds', 'intervalMs', 'timeoutMs'],
    expected,
  );
  if (given.opsType !== undefined && !['tcpdump', 'coredump', 'coredump-off'].includes(given.opsType))
    throw new CommandArgumentError(`expected ${expected}; opsType is "${given.opsType}".`);
  return given as DiagnosticsOptions;
}

const DATA_CACHE_EXPECTED = 'a data cache node or { dataCacheId: string, regionId?: string }';

/** The data cache a command acts on: its node, its ID (in the active profile's home region unless given), or undefined. */
export function dataCacheArg(
  arg: unknown,
): DataCacheNode | { readonly dataCacheId: string; readonly regionId: string | undefined } | undefined {
  if (arg instanceof DataCacheNode || isNothing(arg)) return arg ?? undefined;
  const given = fields(arg, { dataCacheId: 'string', regionId: 'string' }, DATA_CACHE_EXPECTED);
  if (given?.dataCacheId === undefined || given.dataCacheId === '') throw refused(DATA_CACHE_EXPECTED, arg);
  return { dataCacheId: given.dataCacheId, regionId: given.regionId };
}

const NEW_DATA_CACHE = {
  regionId: 'string',
  name: 'string',
  path: 'string',
  bucket: 'string',
  sourceType: 'string',
  sourceOptions: 'string',
  sizeGiB: 'number',
  vSwitchId: 'string',
  securityGroupId: 'string',
  retentionDays: 'number',
} as const;
/** The answers Create Data Cache may be given instead of asking (`sourceOptions` as typed: `key=value, …`). */
export type NewDataCache = Fields<typeof NEW_DATA_CACHE>;

export function newDataCacheArg(arg: unknown): NewDataCache {
  if (isNothing(arg)) return {};
  const expected = `{ ${Object.keys(NEW_DATA_CACHE).join('?, ')}? }`;
  return positive(
    fields(arg, NEW_DATA_CACHE, expected) ?? throwRefused(expected, arg),
    ['sizeGiB', 'retentionDays'],
    expected,
  );
}

const DATA_CACHE_CHANGES = { name: 'string', sizeGiB: 'number', retentionDays: 'number' } as const;
/** The answers Update Data Cache may be given instead of asking. */
export type DataCacheChanges = Fields<typeof DATA_CACHE_CHANGES>;

export function dataCacheChangesArg(arg: unknown): DataCacheChanges {
  if (isNothing(arg)) return {};
  const expected = '{ name?: string, sizeGiB?: number, retentionDays?: number }';
  return positive(
    fields(arg, DATA_CACHE_CHANGES, expected) ?? throwRefused(expected, arg),
    ['sizeGiB', 'retentionDays'],
    expected,
  );
}

/** The region Copy Data Cache copies to, instead of asking. */
export function copyDestinationArg(arg: unknown): { readonly destinationRegionId?: string } {
  if (isNothing(arg)) return {};
  const expected = '{ destinationRegionId?: string }';
  return fields(arg, { destinationRegionId: 'string' } as const, expected) ?? throwRefused(expected, arg);
}

const VIRTUAL_NODE_EXPECTED = 'a virtual node node or { virtualNodeId: string, regionId?: string }';

/** The virtual node a command acts on: its node, its ID (in the active profile's home region unless given), or undefined. */
export function virtualNodeArg(
  arg: unknown,
): VirtualNodeNode | { readonly virtualNodeId: string; readonly regionId: string | undefined } | undefined {
  if (arg instanceof VirtualNodeNode || isNothing(arg)) return arg ?? undefined;
  const given = fields(arg, { virtualNodeId: 'string', regionId: 'string' }, VIRTUAL_NODE_EXPECTED);
  if (given?.virtualNodeId === undefined || given.virtualNodeId === '') throw refused(VIRTUAL_NODE_EXPECTED, arg);
  return { virtualNodeId: given.virtualNodeId, regionId: given.regionId };
}

const NEW_VIRTUAL_NODE = {
  regionId: 'string',
  name: 'string',
  kubeConfigPath: 'string',
  vSwitchId: 'string',
  securityGroupId: 'string',
} as const;
/** The answers Create Virtual Node may be given instead of asking (an empty name: the API names it). */
export type NewVirtualNode = Fields<typeof NEW_VIRTUAL_NODE>;

export function newVirtualNodeArg(arg: unknown): NewVirtualNode {
  if (isNothing(arg)) return {};
  const expected = `{ ${Object.keys(NEW_VIRTUAL_NODE).join('?, ')}? }`;
  return fields(arg, NEW_VIRTUAL_NODE, expected) ?? throwRefused(expected, arg);
}

const NEW_PROFILE = {
  name: 'string',
  accessKeyId: 'string',
  accessKeySecret: 'string',
  securityToken: 'string',
  regionId: 'string',
  endpoint: 'string',
  /** ECI's `public` or `vpc` endpoint. */
  endpointType: 'string',
  /** ECI: a RAM role the key assumes, its session name, duration (seconds) and STS endpoint override. */
  roleArn: 'string',
  roleSessionName: 'string',
  roleDurationSeconds: 'number',
  stsEndpoint: 'string',
} as const;
/** The answers Add Profile (ECI's or JD Cloud's) may be given instead of asking. */
export type NewProfile = Fields<typeof NEW_PROFILE>;

export function newProfileArg(arg: unknown): NewProfile {
  if (isNothing(arg)) return {};
  const expected = `{ ${Object.keys(NEW_PROFILE).join('?, ')}? } of strings (roleDurationSeconds a number)`;
  return fields(arg, NEW_PROFILE, expected) ?? throwRefused(expected, arg);
}

const NEW_IMAGE_CACHE = {
  regionId: 'string',
  name: 'string',
  images: 'string[]',
  vSwitchId: 'string',
  securityGroupId: 'string',
  sizeGiB: 'number',
  retentionDays: 'number',
} as const;
/** The answers Create Image Cache may be given instead of asking. */
export type NewImageCache = Fields<typeof NEW_IMAGE_CACHE>;

export function newImageCacheArg(arg: unknown): NewImageCache {
  if (isNothing(arg)) return {};
  const expected =
    '{ regionId?: string, name?: string, images?: string[], vSwitchId?: string, securityGroupId?: string, sizeGiB?: number, retentionDays?: number }';
  return fields(arg, NEW_IMAGE_CACHE, expected) ?? throwRefused(expected, arg);
}

/** Import aliyun CLI Profiles from another file (`path`), and without asking which (`all`). */
export function importOptionsArg(arg: unknown): Fields<{ path: 'string'; all: 'boolean' }> {
  if (isNothing(arg)) return {};
  const expected = '{ path?: string, all?: boolean }';
  return fields(arg, { path: 'string', all: 'boolean' } as const, expected) ?? throwRefused(expected, arg);
}

const IMPORT_ALIYUN_OPTIONS = { path: 'string', all: 'boolean', names: 'string[]', endpoint: 'string' } as const;
/**
 * Import aliyun CLI Profiles from another file (`path`), without asking which (`all`: every usable one, or those of
 * `names`), and with an endpoint override for the imported profiles (`endpoint`: a proxy's, the emulator's; the CLI's
 * config names none for ECI).
 */
export function importAliyunOptionsArg(arg: unknown): Fields<typeof IMPORT_ALIYUN_OPTIONS> {
  if (isNothing(arg)) return {};
  const expected = '{ path?: string, all?: boolean, names?: string[], endpoint?: string }';
  return fields(arg, IMPORT_ALIYUN_OPTIONS, expected) ?? throwRefused(expected, arg);
}

const DEPLOY_OPTIONS = { vSwitchId: 'string', securityGroupId: 'string', followIntervalMs: 'number' } as const;
/** What Deploy may be told instead of asking (the network the template leaves out), and how often it follows the group. */
export type DeployOptions = Fields<typeof DEPLOY_OPTIONS>;

export function deployOptionsArg(arg: unknown): DeployOptions {
  if (isNothing(arg)) return {};
  const expected = '{ vSwitchId?: string, securityGroupId?: string, followIntervalMs?: number }';
  return fields(arg, DEPLOY_OPTIONS, expected) ?? throwRefused(expected, arg);
}

/** How often Update follows the group it updated. */
export type UpdateOptions = Fields<{ followIntervalMs: 'number' }>;

export function updateOptionsArg(arg: unknown): UpdateOptions {
  if (isNothing(arg)) return {};
  const expected = '{ followIntervalMs?: number }';
  return fields(arg, { followIntervalMs: 'number' } as const, expected) ?? throwRefused(expected, arg);
}

// Both providers

/** The document a template or spec command acts on (its CodeLens and editor-title button pass its URI), or undefined. */
export function uriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri || isNothing(arg)) return arg ?? undefined;
  throw refused("a document's URI, or nothing for the active editor's", arg);
}

/** A profile: its node, its ID, or undefined to pick one. */
export function profileArg(arg: unknown): ProfileNode | string | undefined {
  if (arg instanceof ProfileNode || typeof arg === 'string' || isNothing(arg)) return arg ?? undefined;
  throw refused("a profile node or a profile's ID", arg);
}

/** A text given instead of asking for it (Run Command's command line), or undefined to ask. */
export function textArg(arg: unknown, what: string): string | undefined {
  if (typeof arg === 'string' || isNothing(arg)) return arg ?? undefined;
  throw refused(`${what} as a string, or nothing`, arg);
}

// JD Cloud

/** A JD Cloud container by ID, or in a region to pick from; with what the command may be told instead of asking. */
export type JdcloudContainerRef = Fields<typeof JDCLOUD_CONTAINER> & { readonly provider?: 'jdcloud' };
const JDCLOUD_CONTAINER = {
  provider: 'string',
  containerId: 'string',
  regionId: 'string',
  // Rename's.
  name: 'string',
  description: 'string',
  // Rebuild's.
  image: 'string',
  // Associate Elastic IP's.
  elasticIpId: 'string',
} as const;
const JDCLOUD_CONTAINER_EXPECTED =
  "a JD Cloud container node or { provider?: 'jdcloud', containerId?: string, regionId?: string } (with name and description for Rename, image for Rebuild, elasticIpId for Associate Elastic IP)";

/** The JD Cloud container a command acts on: its node, a region node to pick in, a JdcloudContainerRef, or undefined. */
export function jdcloudContainerArg(arg: unknown): JdcloudContainerNode | RegionNode | JdcloudContainerRef | undefined {
  if (arg instanceof JdcloudContainerNode || isJdcloudRegion(arg) || isNothing(arg)) return arg ?? undefined;
  const given = fields(arg, JDCLOUD_CONTAINER, JDCLOUD_CONTAINER_EXPECTED);
  if (given === undefined) throw refused(JDCLOUD_CONTAINER_EXPECTED, arg);
  if (given.provider !== undefined && providerIdOf(given.provider) !== 'jdcloud')
    throw new CommandArgumentError(`expected ${JDCLOUD_CONTAINER_EXPECTED}; provider is "${given.provider}".`);
  return given as JdcloudContainerRef;
}

/** What automation told a JD Cloud container command (its name, image, elastic IP…): nothing for a node. */
export function jdcloudContainerFields(arg: unknown): JdcloudContainerRef {
  const given = jdcloudContainerArg(arg);
  return given === undefined || given instanceof JdcloudContainerNode || isJdcloudRegion(given) ? {} : given;
}

/** A JD Cloud region a command works in: a node's, `{ regionId }`, or undefined for the active profile's home. */
export function jdcloudRegionArg(arg: unknown): RegionNode | { readonly regionId?: string } | undefined {
  if (isJdcloudRegion(arg) || isNothing(arg)) return arg ?? undefined;
  const expected = 'a JD Cloud region node or { regionId?: string }';
  return fields(arg, { regionId: 'string' } as const, expected) ?? throwRefused(expected, arg);
}

const JDCLOUD_SECRET = {
  name: 'string',
  server: 'string',
  username: 'string',
  password: 'string',
  email: 'string',
  regionId: 'string',
} as const;
/**
 * A registry secret: its node, the region node it is made in, or its fields (Create Registry Secret's answers,
 * Delete's `name`), or undefined.
 */
export function jdcloudSecretArg(arg: unknown): SecretNode | RegionNode | Fields<typeof JDCLOUD_SECRET> | undefined {
  if (arg instanceof SecretNode || isJdcloudRegion(arg) || isNothing(arg)) return arg ?? undefined;
  const expected =
    'a registry secret or JD Cloud region node, or { name?: string, server?: string, username?: string, password?: string, email?: string, regionId?: string }';
  return fields(arg, JDCLOUD_SECRET, expected) ?? throwRefused(expected, arg);
}

/** A region row of a JD Cloud profile (region rows are one kind for every provider). */
function isJdcloudRegion(arg: unknown): arg is RegionNode {
  return arg instanceof RegionNode && arg.provider === JDCLOUD_PROVIDER;
}

// Any provider

/**
 * The provider an argument names: its ID, or the name JD Cloud's had before it was `jdcloud` (saved keybindings and
 * tasks say `native-container`); undefined for a name of none.
 */
function providerIdOf(name: string): ProviderId | undefined {
  const id = name === 'native-container' ? 'jdcloud' : name;
  return Object.prototype.hasOwnProperty.call(PROVIDER_REGISTRY, id) ? (id as ProviderId) : undefined;
}

/** The provider of a plain object's `provider` field, else the one whose ID field it uses; refused when unclear. */
function providerOfArg(given: Readonly<Record<string, unknown>>, expected: string): AnyProvider | undefined {
  const named = given['provider'];
  if (typeof named === 'string') {
    const id = providerIdOf(named);
    if (id === undefined)
      throw new CommandArgumentError(
        `expected ${expected}; provider is "${named}", not one of ${Object.keys(PROVIDER_REGISTRY).join(', ')}.`,
      );
    return PROVIDER_REGISTRY[id];
  }
  const byField = Object.values(PROVIDER_REGISTRY).filter(
    (p) => given[p.info.idField] !== undefined || given[`${p.info.idField}s`] !== undefined,
  );
  if (byField.length > 1)
    throw new CommandArgumentError(
      `expected ${expected}; got both ${byField.map((p) => p.info.idField).join(' and ')}.`,
    );
  return byField[0];
}

/** A workload named by automation for a shared command (logs, terminal): its provider, ID and container. */
export interface WorkloadIdArg {
  readonly provider: AnyProvider;
  /** Undefined: pick one of the provider's, in `regionId` or the active profile's home region. */
  readonly id: string | undefined;
  readonly regionId: string | undefined;
  readonly containerName: string | undefined;
  readonly allContainers: boolean;
}

const WORKLOAD_FIELDS: Shape = {
  provider: 'string',
  regionId: 'string',
  containerName: 'string',
  allContainers: 'boolean',
  ...Object.fromEntries(Object.values(PROVIDER_REGISTRY).map((p) => [p.info.idField, 'string'])),
};
const WORKLOAD_EXPECTED = `a workload or container node, or { ${Object.values(PROVIDER_REGISTRY)
  .map((p) => `${p.info.idField}: string`)
  .join(' | ')}, provider?: ${Object.keys(PROVIDER_REGISTRY)
  .map((id) => `'${id}'`)
  .join(' | ')}, containerName?: string, allContainers?: boolean, regionId?: string }`;

/**
 * The workload a shared command acts on: a node that stands for one, a WorkloadIdArg (by the ID field of its
 * provider, or just a provider and region to pick in), or undefined to pick among every provider's.
 */
export function workloadArg(arg: unknown): WorkloadRefNode | WorkloadIdArg | undefined {
  if (isNothing(arg)) return undefined;
  if (typeof (arg as Partial<WorkloadRefNode>).workloadRef === 'function') return arg as WorkloadRefNode;
  const given = fields(arg, WORKLOAD_FIELDS, WORKLOAD_EXPECTED);
  if (given === undefined) throw refused(WORKLOAD_EXPECTED, arg);
  const provider = providerOfArg(given, WORKLOAD_EXPECTED);
  if (provider === undefined) throw refused(WORKLOAD_EXPECTED, arg);
  const stray = Object.values(PROVIDER_REGISTRY).find((p) => p !== provider && given[p.info.idField] !== undefined);
  if (stray !== undefined)
    throw new CommandArgumentError(
      `expected ${WORKLOAD_EXPECTED}; ${stray.info.idField} is not a ${provider.info.title} field (its is ${provider.info.idField}).`,
    );
  const id = given[provider.info.idField];
  return {
    provider,
    id: typeof id === 'string' ? id : undefined,
    regionId: given['regionId'] as string | undefined,
    containerName: given['containerName'] as string | undefined,
    allContainers: given['allContainers'] === true,
  };
}

/** Workloads of one provider named by ID (none: pick), in the active profile's home region unless another is given. */
export interface WorkloadIds {
  readonly ids: readonly string[];
  readonly regionId: string | undefined;
}

/**
 * The workloads a command of one provider acts on (Delete, Describe): a node of that provider's, its ID or IDs (up
 * to 20) by the provider's ID field, a region (its node, or `{ regionId }`) to pick in, or undefined to pick in the
 * active profile's home region.
 */
export function workloadIdsArg(provider: AnyProvider, arg: unknown): WorkloadRefNode | WorkloadIds | undefined {
  if (isNothing(arg)) return undefined;
  const { idField, workload } = provider.info;
  const expected = `a ${workload} or region node, { ${idField}: string, regionId?: string }, { ${idField}s: string[], regionId?: string } or { regionId: string } to pick in`;
  if (arg instanceof WorkloadNode) {
    if (arg.provider !== provider) throw refused(expected, arg);
    return arg;
  }
  if (arg instanceof RegionNode) {
    if (arg.provider !== provider) throw refused(expected, arg);
    return { ids: [], regionId: arg.regionId };
  }
  const given = fields(
    arg,
    { provider: 'string', [idField]: 'string', [`${idField}s`]: 'string[]', regionId: 'string' },
    expected,
  );
  if (given === undefined) throw refused(expected, arg);
  if (typeof given['provider'] === 'string' && providerIdOf(given['provider']) !== provider.info.id)
    throw new CommandArgumentError(`expected ${expected}; provider is "${given['provider']}".`);
  const one = given[idField] as string | undefined;
  const many = given[`${idField}s`] as readonly string[] | undefined;
  if (one !== undefined && many !== undefined)
    throw new CommandArgumentError(`expected ${expected}; got both ${idField} and ${idField}s.`);
  const ids = one !== undefined ? [one] : (many ?? []);
  if (ids.some((id) => id === '')) throw new CommandArgumentError(`expected ${expected}; an empty ${workload} ID.`);
  if (ids.length > 20)
    throw new CommandArgumentError(`expected ${expected}; ${ids.length} IDs were given, at most 20 are taken at once.`);
  return { ids, regionId: given['regionId'] as string | undefined };
}

const FORWARD_PORT_OPTIONS = { remotePort: 'number', localPort: 'number' } as const;
/** What Forward a Port may be told instead of asking: the container's port and, maybe, the local one. */
export type ForwardPortOptions = Fields<typeof FORWARD_PORT_OPTIONS>;

/** The options of Forward a Port; the tree's selection (a list, passed after the clicked row) asks them. */
export function forwardPortOptionsArg(arg: unknown): ForwardPortOptions {
  if (isNothing(arg) || Array.isArray(arg)) return {};
  const expected = '{ remotePort?: number, localPort?: number }';
  return fields(arg, FORWARD_PORT_OPTIONS, expected) ?? throwRefused(expected, arg);
}

const ATTACH_DEBUGGER_OPTIONS = {
  runtime: 'string',
  port: 'number',
  localRoot: 'string',
  remoteRoot: 'string',
} as const;
/** What Attach Debugger may be told instead of asking: Node's or Python's, the port, the two folders mapped. */
export type AttachDebuggerOptions = Fields<typeof ATTACH_DEBUGGER_OPTIONS>;

/** The options of Attach Debugger; the tree's selection (a list, passed after the clicked row) asks them. */
export function attachDebuggerOptionsArg(arg: unknown): AttachDebuggerOptions {
  if (isNothing(arg) || Array.isArray(arg)) return {};
  const expected = '{ runtime?: "node" | "python", port?: number, localRoot?: string, remoteRoot?: string }';
  return fields(arg, ATTACH_DEBUGGER_OPTIONS, expected) ?? throwRefused(expected, arg);
}
