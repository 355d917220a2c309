import { createHash, randomBytes } from 'node:crypto';
import { ApiError, invalid, missing, notFound } from './api-error';
import type { Clock } from './lifecycle';
import { advance, beginPhase, startLifecycle } from './lifecycle';
import type { LogLine } from './logs';
import { logContent } from './logs';
import { metricRecord, metricRecords } from './metrics';
import type { EmulatorStateData, GroupModel, ImageCacheModel } from './model';
import { compactSpec, intern } from './intern';
import { Params, readTags, unflatten } from './params';
import { findRegion, REGIONS, zoneOfVSwitch } from './regions';
import { imageCacheStatus, renderGroup, renderImageCache } from './render';
import type { CreateRequest, UpdateRequest } from './spec-parser';
import { checkGroupName, INSTANCE_TYPES, parseGroupSpec, vSwitchList } from './spec-parser';
import { describeContainerGroupEvents, describeContainerGroupStatus } from './status';
import { describeAvailableResource, listUsage } from './resources';
import { resizeContainerGroupVolume, updateImageCache } from './volumes';
import { commitContainer, describeCommitContainerTask } from './commit';
import { createInstanceOpsTask, describeInstanceOpsRecords } from './instance-ops';
import {
  copyDataCache,
  createDataCache,
  DATA_CACHE_LIMIT,
  deleteDataCache,
  describeDataCaches,
  liveDataCaches,
  updateDataCache,
} from './data-caches';
import { createVirtualNode, deleteVirtualNode, describeVirtualNodes, updateVirtualNode } from './virtual-nodes';
import { templateCreateRequest, templateUpdateRequest } from './template-reader';

export interface ApiOptions {
  readonly clock: Clock;
  /** Most container groups one account may have in one region. */
  readonly quota: number;
  /** When false, the template actions answer InvalidAction as today's public ECI does. */
  readonly templateApi: boolean;
  /** Builds the WebSocketUri of an exec session. */
  readonly execUri: (session: {
    groupId: string;
    container: string;
    command: string[];
    tty: boolean;
    stdin: boolean;
  }) => string;
  readonly runSync: (session: { group: GroupModel; container: string; command: string[] }) => Promise<string>;
  readonly onChange: () => void;
  /** The real output of a container instance run as a process (`--runtime process`), if it is one. */
  readonly capturedLines?:
    ((group: GroupModel, container: string, startedAt: number) => readonly LogLine[] | undefined) | undefined;
}

type Handler = (p: Params, owner: string) => Record<string, unknown> | Promise<Record<string, unknown>>;

const MUTATING = new Set([
  'CreateContainerGroup',
  'UpdateContainerGroup',
  'RestartContainerGroup',
  'DeleteContainerGroup',
  'CreateContainerGroupFromTemplate',
  'UpdateContainerGroupByTemplate',
  'CreateImageCache',
  'DeleteImageCache',
  'ResizeContainerGroupVolume',
  'UpdateImageCache',
  'CreateDataCache',
  'UpdateDataCache',
  'DeleteDataCache',
  'CopyDataCache',
  'CreateVirtualNode',
  'UpdateVirtualNode',
  'DeleteVirtualNode',
]);
const TEMPLATE_ACTIONS = new Set([
  'CreateContainerGroupFromTemplate',
  'UpdateContainerGroupByTemplate',
  'ExportContainerGroupTemplate',
]);
const SUCCEEDED_KEPT = 100;
const FAILED_KEPT_MS = 24 * 3_600_000;
const IMAGE_CACHE_LIMIT = 20;
const IDEMPOTENCY_KEPT_MS = 24 * 3_600_000;

/**
 * The ECI operations over the emulator's state. Parameter checks and error codes follow the ECI API reference
 * (docs/reference/eci-api-2020-notes.md: §4, and each operation's own table).
 */
export class EmulatorApi {
  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly state: EmulatorStateData,
    private readonly options: ApiOptions,
  ) {
    // Groups loaded from a state file share what they repeat, as groups made here do.
    for (const group of Object.values(state.groups)) group.spec = compactSpec(group.spec);
    this.handlers = {
      DescribeRegions: () => this.describeRegions(),
      CreateContainerGroup: (p, owner) => this.createGroup(p, owner),
      UpdateContainerGroup: (p, owner) => this.updateGroup(p, owner),
      RestartContainerGroup: (p, owner) => this.restartGroup(p, owner),
      DeleteContainerGroup: (p, owner) => this.deleteGroup(p, owner),
      DescribeContainerGroups: (p, owner) => this.describeGroups(p, owner),
      ExecContainerCommand: (p, owner) => this.exec(p, owner),
      CreateContainerGroupFromTemplate: (p, owner) =>
        this.create(p.requiredStr('RegionId'), templateCreateRequest(p.str('Template')), owner),
      UpdateContainerGroupByTemplate: (p, owner) => {
        const request = templateUpdateRequest(p.str('Template'), p.str('ContainerGroupId'));
        return this.update(this.groupById(request.containerGroupId, p.str('RegionId'), owner), request.spec);
      },
      ExportContainerGroupTemplate: (p, owner) => this.exportTemplate(p, owner),
      CreateImageCache: (p, owner) => this.createImageCache(p, owner),
      DescribeImageCaches: (p, owner) => this.describeImageCaches(p, owner),
      DeleteImageCache: (p, owner) => this.deleteImageCache(p, owner),
      DescribeContainerGroupMetric: (p, owner) => this.groupMetric(p, owner),
      DescribeMultiContainerGroupMetric: (p, owner) => this.multiGroupMetric(p, owner),
      DescribeContainerLog: (p, owner) => this.containerLog(p, owner),
      DescribeContainerGroupPrice: (p) => this.price(p),
      DescribeContainerGroupStatus: (p, owner) =>
        describeContainerGroupStatus(this.groupSource, p, owner, this.options.clock.now()),
      DescribeContainerGroupEvents: (p, owner) =>
        describeContainerGroupEvents(this.groupSource, p, owner, this.options.clock.now()),
      DescribeAvailableResource: (p) => describeAvailableResource(p),
      ListUsage: (p, owner) =>
        listUsage(
          {
            ...this.groupSource,
            quota: this.options.quota,
            imageCaches: (o) => Object.values(this.state.imageCaches).filter((c) => c.owner === o).length,
            imageCacheLimit: IMAGE_CACHE_LIMIT,
            dataCaches: (o, r) => liveDataCaches(this.state, o, r, this.options.clock.now()).length,
            dataCacheLimit: DATA_CACHE_LIMIT,
          },
          p,
          owner,
        ),
      ResizeContainerGroupVolume: (p, owner) => {
        const answer = resizeContainerGroupVolume(this.state, this.group(p, owner), p, this.options.clock);
        this.options.onChange();
        return answer;
      },
      UpdateImageCache: (p, owner) => {
        const id = p.requiredStr('ImageCacheId');
        const cache = this.state.imageCaches[id];
        if (cache === undefined || cache.owner !== owner || cache.RegionId !== p.str('RegionId'))
          throw notFound('image cache', id);
        const answer = updateImageCache(cache, p, this.options.clock);
        this.options.onChange();
        return answer;
      },
      CommitContainer: (p, owner) => {
        const answer = commitContainer(this.state, this.group(p, owner), p, owner, this.options.clock, (prefix) =>
          this.nextId(prefix),
        );
        this.options.onChange();
        return answer;
      },
      DescribeCommitContainerTask: (p, owner) =>
        describeCommitContainerTask(this.state, this.group(p, owner), p, this.options.clock),
      CreateInstanceOpsTask: (p, owner) => {
        const answer = createInstanceOpsTask(this.state, this.group(p, owner), p, this.options.clock);
        this.options.onChange();
        return answer;
      },
      DescribeInstanceOpsRecords: (p, owner) =>
        describeInstanceOpsRecords(this.state, this.group(p, owner), p, this.options.clock),
      CreateDataCache: (p, owner) =>
        this.changed(createDataCache(this.state, p, owner, this.options.clock, this.newId)),
      DescribeDataCaches: (p, owner) => describeDataCaches(this.state, p, owner, this.options.clock),
      UpdateDataCache: (p, owner) => this.changed(updateDataCache(this.state, p, owner, this.options.clock)),
      DeleteDataCache: (p, owner) => this.changed(deleteDataCache(this.state, p, owner, this.options.clock)),
      CopyDataCache: (p, owner) => this.changed(copyDataCache(this.state, p, owner, this.options.clock, this.newId)),
      CreateVirtualNode: (p, owner) =>
        this.changed(createVirtualNode(this.state, p, owner, this.options.clock, this.newId)),
      DescribeVirtualNodes: (p, owner) => describeVirtualNodes(this.state, p, owner, this.options.clock),
      UpdateVirtualNode: (p, owner) => this.changed(updateVirtualNode(this.state, p, owner, this.options.clock)),
      DeleteVirtualNode: (p, owner) => this.changed(deleteVirtualNode(this.state, p, owner)),
    };
  }

  /** An answer of a handler that changed the state, after the state file is told. */
  private changed(answer: Record<string, unknown>): Record<string, unknown> {
    this.options.onChange();
    return answer;
  }

  private readonly newId = (prefix: string): string => this.nextId(prefix);

  /** The groups the operations of status.ts read, brought up to date with the clock. */
  private readonly groupSource = { groups: (owner: string, regionId: string) => this.advanceAll(owner, regionId) };

  get actions(): string[] {
    return Object.keys(this.handlers);
  }

  async handle(
    action: string,
    flat: Readonly<Record<string, string>>,
    owner: string,
  ): Promise<Record<string, unknown>> {
    const handler = this.handlers[action];
    if (handler === undefined || (!this.options.templateApi && TEMPLATE_ACTIONS.has(action))) {
      throw new ApiError(403, 'InvalidAction', `The specified action "${action}" is invalid.`);
    }
    const p = new Params(unflatten(flat));
    if (action !== 'DescribeRegions') {
      const regionId = p.str('RegionId') ?? p.str('RegionID');
      if (regionId === undefined || regionId === '') throw missing('RegionId');
      if (findRegion(regionId) === undefined)
        throw new ApiError(403, 'RegionNotSupported', `The specified Region "${regionId}" is not supported.`);
    }
    const token = p.str('ClientToken');
    if (MUTATING.has(action) && token !== undefined && token !== '')
      return this.idempotent(action, flat, owner, token, () => handler(p, owner));
    return handler(p, owner);
  }

  /** The same ClientToken with the same parameters returns the first answer; with other parameters it is an error. */
  private async idempotent(
    action: string,
    flat: Readonly<Record<string, string>>,
    owner: string,
    token: string,
    run: () => Record<string, unknown> | Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>> {
    if (token.length > 64 || /[^\x20-\x7e]/.test(token)) throw invalid('ClientToken', 'at most 64 ASCII characters');
    const key = `${owner}\n${action}\n${token}`;
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify(
          Object.entries(flat)
            .filter(([k]) => !['ClientToken'].includes(k))
            .sort(),
        ),
      )
      .digest('hex');
    const previous = this.state.idempotency[key];
    if (previous !== undefined) {
      if (previous.fingerprint !== fingerprint)
        throw new ApiError(
          400,
          'IdempotentParameterMismatch',
          'Request uses a client token in a previous request but is not identical to that request.',
        );
      return { ...previous.response, RequestId: requestId() };
    }
    const response = await run();
    const now = this.options.clock.now();
    this.state.idempotency[key] = { fingerprint, response, at: now };
    // Tokens are remembered for a day (the window a client retries in), and the table is pruned as it grows. The
    // entries are counted rather than listed on every call: listing them made each mutating call copy the whole
    // table, 10,000 pairs when 10,000 groups had been created, garbage that the calls in flight were promoted with.
    this.idempotencyCount = (this.idempotencyCount ?? Object.keys(this.state.idempotency).length - 1) + 1;
    if (this.idempotencyCount > 20_000) {
      for (const [k, record] of Object.entries(this.state.idempotency))
        if (now - record.at > IDEMPOTENCY_KEPT_MS) delete this.state.idempotency[k];
      this.idempotencyCount = Object.keys(this.state.idempotency).length;
    }
    return response;
  }

  /** How many entries `state.idempotency` has, once counted. */
  private idempotencyCount: number | undefined;

  // ----- Regions -------------------------------------------------------------------------------------------------

  private describeRegions(): Record<string, unknown> {
    return {
      Regions: REGIONS.map((region) => ({
        RegionId: region.regionId,
        RegionEndpoint: `eci.${region.regionId}.aliyuncs.com`,
        Zones: region.zones,
        RecommendZones: region.zones.slice(0, 2),
      })),
    };
  }

  // ----- Container groups ----------------------------------------------------------------------------------------

  /** A group of this owner, brought up to date with the clock; expired ones are gone. */
  private group(p: Params, owner: string): GroupModel {
    const id = p.str('ContainerGroupId') ?? p.str('ContainerGroupID') ?? p.str('ContainerGroupid');
    if (id === undefined || id === '') throw missing('ContainerGroupId');
    return this.groupById(id, p.str('RegionId') ?? p.str('RegionID'), owner);
  }

  private groupById(id: string, regionId: string | undefined, owner: string): GroupModel {
    const group = this.state.groups[id];
    if (group === undefined || group.owner !== owner || group.RegionId !== regionId)
      throw notFound('container group', id);
    this.advanceAll(owner);
    if (this.state.groups[id] === undefined) throw notFound('container group', id);
    return group;
  }

  /**
   * Every group, and each owner's groups of one region newest first (the order DescribeContainerGroups lists), kept
   * until a group is added or deleted: with 10,000 groups, going through the state object, filtering and sorting on
   * every listing was most of a listing's cost.
   */
  private groupList: GroupModel[] | undefined;
  private readonly regionLists = new Map<string, GroupModel[]>();
  /**
   * How many groups each owner has in each region, for the quota. A creation used to ask for the region's list,
   * which the creation before had just dropped: every creation filtered and sorted all groups again, and with
   * 10,000 groups those lists were most of the emulator's memory (garbage kept alive across requests) and time.
   */
  private regionCounts: Map<string, number> | undefined;

  private allGroups(): GroupModel[] {
    this.groupList ??= Object.values(this.state.groups);
    return this.groupList;
  }

  private regionList(owner: string, regionId: string): GroupModel[] {
    const key = `${owner}\n${regionId}`;
    let list = this.regionLists.get(key);
    if (list === undefined) {
      list = this.allGroups()
        .filter((g) => g.owner === owner && g.RegionId === regionId)
        .sort((a, b) => b.createdAt - a.createdAt || (a.ContainerGroupId < b.ContainerGroupId ? -1 : 1));
      this.regionLists.set(key, list);
    }
    return list;
  }

  private regionCount(owner: string, regionId: string): number {
    if (this.regionCounts === undefined) {
      const counts = new Map<string, number>();
      for (const g of this.allGroups()) {
        const key = `${g.owner}\n${g.RegionId}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      this.regionCounts = counts;
    }
    return this.regionCounts.get(`${owner}\n${regionId}`) ?? 0;
  }

  /**
   * A group was added: it joins the list of all groups (in the state object's order, the order of creation) and
   * the counts, and its region's list is made again when next asked for. That list is not merely added to, because
   * a new group's times may still change before anyone lists it (demo-seed.ts backdates its groups).
   */
  private groupAdded(group: GroupModel): void {
    const key = `${group.owner}\n${group.RegionId}`;
    this.groupList?.push(group);
    this.regionLists.delete(key);
    this.regionCounts?.set(key, (this.regionCounts.get(key) ?? 0) + 1);
  }

  private forgetLists(): void {
    this.groupList = undefined;
    this.regionLists.clear();
    this.regionCounts = undefined;
  }

  /**
   * Replays the lifecycle up to now, of every group of the owner or of one region's only (the simulation is lazy and
   * exact whenever it runs, so a region nobody lists can wait), and applies the retention rules of
   * docs/reference/eci-api-2020-notes.md §6.5. Returns the region's groups, newest first.
   */
  private advanceAll(owner: string, regionId?: string): GroupModel[] {
    const now = this.options.clock.now();
    let changed = false;
    let newlySucceeded = false;
    let deleted = false;
    // Deleting from the state below leaves this array as it is (forgetLists() only drops the reference).
    const groups = regionId === undefined ? this.allGroups() : this.regionList(owner, regionId);
    for (const group of groups) {
      if (group.owner !== owner) continue;
      const before = group.status;
      if (advance(group, this.options.clock, now)) {
        changed = true;
        if (group.status === 'Succeeded' && before !== 'Succeeded') newlySucceeded = true;
      }
      if (
        (group.status === 'Failed' || group.status === 'ScheduleFailed') &&
        group.failedAt !== undefined &&
        now - group.failedAt > FAILED_KEPT_MS
      ) {
        delete this.state.groups[group.ContainerGroupId];
        deleted = true;
      }
    }
    if (deleted) {
      this.forgetLists();
      changed = true;
    }
    // Only the latest 100 Succeeded groups (all regions) are kept; their number grows only when one has just succeeded.
    if (newlySucceeded || regionId === undefined) {
      const succeeded = this.allGroups().filter((g) => g.owner === owner && g.status === 'Succeeded');
      if (succeeded.length > SUCCEEDED_KEPT) {
        succeeded.sort((a, b) => (b.succeededAt ?? 0) - (a.succeededAt ?? 0));
        for (const group of succeeded.slice(SUCCEEDED_KEPT)) delete this.state.groups[group.ContainerGroupId];
        this.forgetLists();
        changed = true;
      }
    }
    if (changed) this.options.onChange();
    return regionId === undefined ? [] : this.regionList(owner, regionId);
  }

  private nextId(prefix: string): string {
    this.state.sequence += 1;
    // Joined rather than a template literal: one flat string, not a chain of its parts (it is kept for the group's life).
    return [prefix, '-', this.state.sequence.toString(36).padStart(6, '0'), randomBytes(7).toString('hex')].join('');
  }

  /** CreateContainerGroup's parameters, read in the order ECI checks them. */
  private createRequest(p: Params): CreateRequest {
    const name = p.requiredStr('ContainerGroupName');
    checkGroupName(name);
    // Both optional in today's API (create() uses the zone's defaults).
    const securityGroupId = p.str('SecurityGroupId');
    const vSwitchIds = vSwitchList(p.str('VSwitchId') ?? '');
    return {
      name,
      securityGroupId,
      vSwitchIds,
      zoneId: p.str('ZoneId'),
      resourceGroupId: p.str('ResourceGroupId'),
      eipInstanceId: p.str('EipInstanceId'),
      autoCreateEip: p.bool('AutoCreateEip') === true,
      dryRun: p.bool('DryRun') === true,
      spec: () => parseGroupSpec(p),
    };
  }

  private createGroup(p: Params, owner: string): Record<string, unknown> {
    const regionId = p.requiredStr('RegionId');
    return this.create(regionId, this.createRequest(p), owner);
  }

  private create(regionId: string, request: CreateRequest, owner: string): Record<string, unknown> {
    const region = findRegion(regionId);
    if (region === undefined)
      throw new ApiError(403, 'RegionNotSupported', `The specified Region "${regionId}" is not supported.`);
    const zoneId = request.zoneId;
    if (zoneId !== undefined && zoneId !== '' && !region.zones.includes(zoneId))
      throw invalid('ZoneId', `"${zoneId}" is not a zone of ${regionId}`);
    // Without a vSwitch, today's ECI places the group on the default vSwitch of the zone (the given one, else the
    // region's first); without a security group, in the default security group of the region.
    const vSwitchId =
      request.vSwitchIds[0] ?? `vsw-${zoneId !== undefined && zoneId !== '' ? zoneId : region.zones[0]}-default`;
    const securityGroupId =
      request.securityGroupId !== undefined && request.securityGroupId !== ''
        ? request.securityGroupId
        : `sg-${regionId}-default`;
    const switchZone = zoneOfVSwitch(region, vSwitchId);
    if (zoneId !== undefined && zoneId !== '' && switchZone !== undefined && switchZone !== zoneId) {
      throw new ApiError(
        403,
        'OperationDenied.VswZoneMismatch',
        `The specified VSwitchId ${vSwitchId} is not in the specified Zone ${zoneId}.`,
      );
    }
    const spec = compactSpec(request.spec());
    const existing = this.regionCount(owner, regionId);
    if (existing >= this.options.quota)
      throw new ApiError(
        403,
        'QuotaExceeded',
        `Container group quota exceeded: at most ${this.options.quota} container groups in ${regionId}.`,
      );
    if (request.dryRun)
      throw new ApiError(400, 'DryRunOperation', 'Request validation has been passed with DryRun flag set.');
    const now = this.options.clock.now();
    const sequence = this.state.sequence + 1;
    const group: GroupModel = {
      ContainerGroupId: this.nextId('eci'),
      ContainerGroupName: request.name,
      // The strings every group of a region repeats are shared (intern.ts).
      RegionId: region.regionId,
      ZoneId: intern(zoneId ?? switchZone ?? region.zones[0] ?? `${regionId}-a`),
      VSwitchId: intern(vSwitchId),
      SecurityGroupId: intern(securityGroupId),
      VpcId: intern(`vpc-${regionId}-emulated`),
      ResourceGroupId: request.resourceGroupId === undefined ? undefined : intern(request.resourceGroupId),
      EipInstanceId: request.eipInstanceId,
      // A PrivateIpAddress asked for is the group's address (the emulator does not check it is in the vSwitch's range).
      IntranetIp:
        typeof spec.Options?.['PrivateIpAddress'] === 'string'
          ? spec.Options['PrivateIpAddress']
          : ['172.16', Math.floor(sequence / 250) % 250, (sequence % 250) + 2].join('.'),
      InternetIp:
        request.eipInstanceId !== undefined || request.autoCreateEip || spec.Options?.['AutoCreateEip'] === true
          ? ['47.96', Math.floor(sequence / 250) % 250, (sequence % 250) + 2].join('.')
          : undefined,
      owner,
      spec,
      createdAt: now,
      status: 'Pending',
      statusSince: now,
      runtimes: [],
      events: [],
    };
    startLifecycle(group, this.options.clock, now);
    this.state.groups[group.ContainerGroupId] = group;
    this.groupAdded(group);
    this.options.onChange();
    return { ContainerGroupId: group.ContainerGroupId };
  }

  private updateGroup(p: Params, owner: string): Record<string, unknown> {
    // RenewUpdate replaces the spec by the request's (what it leaves out is reset); IncrementalUpdate, the default,
    // changes only what the request gives. The create-only group options stay either way.
    const renew = p.oneOf('UpdateType', ['IncrementalUpdate', 'RenewUpdate'] as const) === 'RenewUpdate';
    return this.update(this.group(p, owner), (previous) =>
      renew ? { ...parseGroupSpec(p), Options: previous.Options } : parseGroupSpec(p, previous),
    );
  }

  private update(group: GroupModel, spec: UpdateRequest['spec']): Record<string, unknown> {
    if (group.status === 'Failed' || group.status === 'Succeeded' || group.status === 'ScheduleFailed') {
      throw new ApiError(
        400,
        'IncorrectStatus',
        `The container group ${group.ContainerGroupId} is ${group.status} and cannot be updated.`,
      );
    }
    if (group.status === 'Updating' || group.status === 'Restarting')
      throw new ApiError(409, 'OperationConflict', `The container group is ${group.status}; wait for it to finish.`);
    group.spec = compactSpec(spec(group.spec));
    beginPhase(group, this.options.clock, this.options.clock.now(), 'Updating');
    this.options.onChange();
    return {};
  }

  private restartGroup(p: Params, owner: string): Record<string, unknown> {
    const group = this.group(p, owner);
    if (group.status !== 'Running') {
      throw new ApiError(
        400,
        'IncorrectStatus',
        `The container group ${group.ContainerGroupId} is ${group.status}; only a Running group can be restarted.`,
      );
    }
    beginPhase(group, this.options.clock, this.options.clock.now(), 'Restarting');
    this.options.onChange();
    return {};
  }

  private deleteGroup(p: Params, owner: string): Record<string, unknown> {
    const group = this.group(p, owner);
    delete this.state.groups[group.ContainerGroupId];
    this.forgetLists();
    this.options.onChange();
    return {};
  }

  private describeGroups(p: Params, owner: string): Record<string, unknown> {
    const regionId = p.str('RegionId');
    const inRegion = this.advanceAll(owner, regionId);
    const limit = p.int('Limit', 1, 20) ?? 20;
    const ids = p.jsonStrings('ContainerGroupIds');
    if (ids !== undefined && ids.length > 20)
      throw new ApiError(400, 'InvalidParameter.LengthExceeded', 'ContainerGroupIds may hold at most 20 IDs.');
    const tags = readTags(p);
    const filters: [string, string | undefined][] = [
      ['ZoneId', p.str('ZoneId')],
      ['VSwitchId', p.str('VSwitchId')],
      ['SecurityGroupId', p.str('SecurityGroupId')],
      ['ContainerGroupName', p.str('ContainerGroupName')],
      ['Status', p.str('Status')],
      ['ResourceGroupId', p.str('ResourceGroupId')],
    ];
    const active = filters.filter(([, value]) => value !== undefined && value !== '');
    // Without filters the region's list is the answer: with 10,000 groups, three copies of it per page were garbage.
    const matching =
      ids === undefined && active.length === 0 && tags.length === 0
        ? inRegion
        : inRegion.filter(
            (g) =>
              (ids === undefined || ids.includes(g.ContainerGroupId)) &&
              active.every(([field, value]) => fieldOf(g, field) === value) &&
              tags.every((tag) =>
                g.spec.Tags.some((t) => t.Key === tag.Key && (tag.Value === undefined || t.Value === tag.Value)),
              ),
          );
    const offset = decodeToken(p.str('NextToken'));
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit < matching.length ? encodeToken(offset + limit) : '';
    const withEvents = p.bool('WithEvent') ?? true;
    return {
      ContainerGroups: page.map((g) => renderGroup(g, withEvents)),
      NextToken: next,
      TotalCount: matching.length,
    };
  }

  private container(group: GroupModel, name: string | undefined): string {
    if (name === undefined || name === '') throw missing('ContainerName');
    if (!group.spec.Containers.some((c) => c.Name === name)) throw notFound('container', name);
    return name;
  }

  private async exec(p: Params, owner: string): Promise<Record<string, unknown>> {
    const group = this.group(p, owner);
    const container = this.container(group, p.str('ContainerName'));
    const command = p.jsonStrings('Command');
    if (command === undefined || command.length === 0) throw missing('Command');
    if (command.length > 20 || command.some((c) => c.length > 256))
      throw new ApiError(
        400,
        'InvalidParameter.ValueExceeded',
        'Command may hold at most 20 items of at most 256 characters.',
      );
    if (group.status !== 'Running')
      throw new ApiError(
        400,
        'IncorrectStatus',
        `The container group is ${group.status}; commands run only in a Running group.`,
      );
    const runtime = group.runtimes.find((r) => r.name === container);
    if (runtime?.instances[runtime.instances.length - 1]?.finishedAt !== undefined)
      throw new ApiError(400, 'IncorrectStatus', `The container ${container} is not running.`);
    const tty = p.bool('TTY') ?? false;
    if (p.bool('Sync') === true) {
      if (tty) throw invalid('TTY', 'must be false when Sync is true');
      return { SyncResponse: await this.options.runSync({ group, container, command }) };
    }
    const uri = this.options.execUri({
      groupId: group.ContainerGroupId,
      container,
      command,
      tty,
      stdin: p.bool('Stdin') ?? true,
    });
    return { WebSocketUri: uri, HttpUrl: '' };
  }

  private exportTemplate(p: Params, owner: string): Record<string, unknown> {
    const group = this.group(p, owner);
    return { Template: exportTemplate(group) };
  }

  // ----- Image caches --------------------------------------------------------------------------------------------

  private createImageCache(p: Params, owner: string): Record<string, unknown> {
    const regionId = p.requiredStr('RegionId');
    const name = p.requiredStr('ImageCacheName');
    const images = p.strings('Image', 20);
    if (images.length === 0) throw missing('Image.N');
    const securityGroupId = p.requiredStr('SecurityGroupId');
    const vSwitchId = p.requiredStr('VSwitchId');
    const caches = Object.values(this.state.imageCaches).filter((c) => c.owner === owner);
    if (caches.length >= IMAGE_CACHE_LIMIT)
      throw new ApiError(
        403,
        'QuotaExceeded',
        `Image cache quota exceeded: at most ${IMAGE_CACHE_LIMIT} image caches per account.`,
      );
    const size = p.int('ImageCacheSize', 20, 2000) ?? 20;
    const now = this.options.clock.now();
    const job = this.createGroup(
      new Params(
        unflatten({
          RegionId: regionId,
          ContainerGroupName: `imc-job-${name}`
            .toLowerCase()
            .replace(/[^a-z0-9-]/g, '-')
            .slice(0, 120)
            .replace(/-+$/, ''),
          SecurityGroupId: securityGroupId,
          VSwitchId: vSwitchId,
          ...(p.str('ZoneId') === undefined ? {} : { ZoneId: p.str('ZoneId') ?? '' }),
          RestartPolicy: 'Never',
          ...Object.fromEntries(
            images.flatMap((image, i) => [
              [`Container.${i + 1}.Name`, `cache-${i + 1}`],
              [`Container.${i + 1}.Image`, image],
              [`Container.${i + 1}.Command.1`, 'exit 0'],
            ]),
          ),
        }),
      ),
      owner,
    );
    const cache: ImageCacheModel = {
      ImageCacheId: this.nextId('imc'),
      ImageCacheName: name,
      RegionId: regionId,
      owner,
      Images: images,
      ContainerGroupId: String(job['ContainerGroupId']),
      SnapshotId: this.nextId('s'),
      ImageCacheSize: size,
      RetentionDays: p.int('RetentionDays', 1),
      Tags: readTags(p),
      createdAt: now,
      readyAt: now + this.options.clock.span(10 + images.length * 2),
      willFail: images.some((image) => /fail/i.test(image)),
      events: [],
    };
    cache.events.push({
      Type: 'Normal',
      Reason: 'Pulling',
      Message: `pulling images ${images.join(', ')}`,
      Name: name,
      Count: 1,
      FirstTimestamp: now,
      LastTimestamp: now,
    });
    const jobGroup = this.state.groups[cache.ContainerGroupId];
    if (jobGroup !== undefined) jobGroup.imageCacheId = cache.ImageCacheId;
    this.state.imageCaches[cache.ImageCacheId] = cache;
    this.options.onChange();
    return { ImageCacheId: cache.ImageCacheId, ContainerGroupId: cache.ContainerGroupId };
  }

  private describeImageCaches(p: Params, owner: string): Record<string, unknown> {
    const regionId = p.str('RegionId');
    const now = this.options.clock.now();
    const filters: [keyof ImageCacheModel, string | undefined][] = [
      ['ImageCacheId', p.str('ImageCacheId')],
      ['ImageCacheName', p.str('ImageCacheName')],
      ['SnapshotId', p.str('SnapshotId')],
    ];
    const image = p.str('Image');
    const tags = readTags(p);
    const limit = p.int('Limit', 1, 100) ?? 20;
    const caches = Object.values(this.state.imageCaches)
      .filter((c) => c.owner === owner && c.RegionId === regionId)
      // A cache that failed is kept for one day; one past its retention is cleared.
      .filter((c) => !(imageCacheStatus(c, now) === 'Failed' && now - c.readyAt > 86_400_000))
      .filter((c) => c.RetentionDays === undefined || now < c.createdAt + c.RetentionDays * 86_400_000)
      .filter((c) => filters.every(([field, value]) => value === undefined || value === '' || c[field] === value))
      .filter((c) => image === undefined || image === '' || c.Images.includes(image))
      .filter((c) =>
        tags.every((tag) =>
          (c.Tags ?? []).some((t) => t.Key === tag.Key && (tag.Value === undefined || t.Value === tag.Value)),
        ),
      )
      .sort((a, b) => b.createdAt - a.createdAt);
    for (const cache of caches) this.imageCacheEvents(cache, now);
    const offset = decodeToken(p.str('NextToken'));
    return {
      ImageCaches: caches.slice(offset, offset + limit).map((c) => renderImageCache(c, now)),
      NextToken: offset + limit < caches.length ? encodeToken(offset + limit) : '',
      TotalCount: caches.length,
    };
  }

  private imageCacheEvents(cache: ImageCacheModel, now: number): void {
    const status = imageCacheStatus(cache, now);
    if (
      (status === 'Ready' || status === 'Failed') &&
      !cache.events.some((e) => e.Reason === 'Ready' || e.Reason === 'Failed')
    ) {
      const message =
        status === 'Ready'
          ? `Successfully cached images ${cache.Images.join(', ')}`
          : `Failed to pull image ${cache.Images.find((i) => /fail/i.test(i)) ?? ''}`;
      cache.events.push({
        Type: status === 'Ready' ? 'Normal' : 'Warning',
        Reason: status,
        Message: message,
        Name: cache.ImageCacheName,
        Count: 1,
        FirstTimestamp: cache.readyAt,
        LastTimestamp: cache.readyAt,
      });
    }
  }

  private deleteImageCache(p: Params, owner: string): Record<string, unknown> {
    const id = p.requiredStr('ImageCacheId');
    const cache = this.state.imageCaches[id];
    if (cache === undefined || cache.owner !== owner || cache.RegionId !== p.str('RegionId'))
      throw notFound('image cache', id);
    if (imageCacheStatus(cache, this.options.clock.now()) === 'Preparing') {
      throw new ApiError(
        400,
        'ImageCache.IncorrectStatus',
        `The image cache ${id} is being prepared and cannot be deleted yet.`,
      );
    }
    delete this.state.imageCaches[id];
    this.options.onChange();
    return {};
  }

  // ----- Metrics, logs, price ------------------------------------------------------------------------------------

  private groupMetric(p: Params, owner: string): Record<string, unknown> {
    const group = this.group(p, owner);
    return {
      ContainerGroupId: group.ContainerGroupId,
      Records: metricRecords(
        group,
        p.str('StartTime'),
        p.str('EndTime'),
        p.str('Period'),
        this.options.clock.now(),
        this.options.clock.span(1),
      ),
    };
  }

  private multiGroupMetric(p: Params, owner: string): Record<string, unknown> {
    const ids = p.jsonStrings('ContainerGroupIds');
    if (ids === undefined || ids.length === 0) throw missing('ContainerGroupIds');
    if (ids.length > 20)
      throw new ApiError(400, 'InvalidParameter.LengthExceeded', 'ContainerGroupIds may hold at most 20 IDs.');
    this.advanceAll(owner);
    const now = this.options.clock.now();
    const regionId = p.str('RegionId');
    return {
      MonitorDatas: ids
        .map((id) => this.state.groups[id])
        .filter((g): g is GroupModel => g !== undefined && g.owner === owner && g.RegionId === regionId)
        .map((g) => ({
          ContainerGroupId: g.ContainerGroupId,
          Records: g.status === 'Pending' ? [] : [metricRecord(g, now)],
        })),
    };
  }

  private containerLog(p: Params, owner: string): Record<string, unknown> {
    const group = this.group(p, owner);
    const name = this.container(group, p.str('ContainerName'));
    const container = group.spec.Containers.find((c) => c.Name === name);
    const runtime = group.runtimes.find((r) => r.name === name);
    const instances = runtime?.instances ?? [];
    const instance =
      p.bool('LastTime') === true
        ? instances.length > 1
          ? instances[instances.length - 2]
          : undefined
        : instances[instances.length - 1];
    const content =
      container === undefined
        ? ''
        : logContent(
            container,
            instance,
            {
              tail: p.int('Tail'),
              sinceSeconds: p.int('SinceSeconds', 0),
              startTime: p.str('StartTime'),
              limitBytes: p.int('LimitBytes', 1, 1024 * 1024),
              timestamps: p.bool('Timestamps'),
            },
            this.options.clock.now(),
            this.options.clock.span(1),
            instance === undefined ? undefined : this.options.capturedLines?.(group, name, instance.startedAt),
          );
    return { ContainerName: name, Content: content };
  }

  private price(p: Params): Record<string, unknown> {
    // An instance type is priced as its size (spec-parser.ts, INSTANCE_TYPES); else the vCPU and memory asked for.
    const instanceType = p.str('InstanceType');
    const sized = instanceType === undefined ? undefined : INSTANCE_TYPES[instanceType];
    const cpu = sized?.cpu ?? p.num('Cpu') ?? 2;
    const memory = sized?.memory ?? p.num('Memory') ?? 4;
    const extraStorage = p.int('EphemeralStorage', 0) ?? 0;
    const strategy = p.oneOf('SpotStrategy', ['NoSpot', 'SpotAsPriceGo', 'SpotWithPriceLimit'] as const) ?? 'NoSpot';
    const limit = p.num('SpotPriceLimit');
    if (strategy === 'SpotWithPriceLimit' && limit === undefined) throw missing('SpotPriceLimit');
    const round = (n: number): number => Math.round(n * 10000) / 10000;
    // Pay-as-you-go list prices of the kind ECI publishes: per vCPU-second, per GiB-second of memory and per
    // GiB-second of temporary storage beyond the free 30 GiB, shown per hour.
    const onDemand = round((cpu * 0.000049 + memory * 0.00000613 + extraStorage * 0.000000086) * 3600);
    // Spot: the emulated market price is a fifth of the on-demand one (spot instances are sold at a discount that
    // follows the market; a fixed share keeps the emulator's answers stable). With a limit, never above it.
    const market = round(onDemand * SPOT_SHARE);
    const trade = strategy === 'NoSpot' ? onDemand : Math.min(market, limit ?? market);
    const detail = { Resource: 'ContainerGroup', OriginalPrice: onDemand, Rules: { Rule: [] } };
    return {
      PriceInfo: {
        Rules: { Rule: [] },
        Price: {
          OriginalPrice: onDemand,
          DiscountPrice: round(onDemand - trade),
          TradePrice: trade,
          Currency: 'CNY',
          DetailInfos: { DetailInfo: [{ ...detail, DiscountPrice: round(onDemand - trade), TradePrice: trade }] },
        },
        ...(strategy === 'NoSpot'
          ? {}
          : {
              SpotPrices: {
                SpotPrice: [
                  {
                    ZoneId: p.str('ZoneId') ?? findRegion(p.requiredStr('RegionId'))?.zones[0] ?? '',
                    InstanceType: instanceType ?? '',
                    SpotPrice: market,
                    OriginPrice: onDemand,
                  },
                ],
              },
            }),
      },
    };
  }
}

/** The emulated spot market price, as a share of the on-demand price (price() above). */
const SPOT_SHARE = 0.2;

function fieldOf(group: GroupModel, field: string): string | undefined {
  switch (field) {
    case 'Status':
      return group.status;
    case 'ZoneId':
      return group.ZoneId;
    case 'VSwitchId':
      return group.VSwitchId;
    case 'SecurityGroupId':
      return group.SecurityGroupId;
    case 'ContainerGroupName':
      return group.ContainerGroupName;
    case 'ResourceGroupId':
      return group.ResourceGroupId;
    default:
      return undefined;
  }
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (match?.[1] === undefined) throw invalid('NextToken', 'the token is not one this API returned');
  return Number(match[1]);
}

export function requestId(): string {
  const hex = randomBytes(16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ExportContainerGroupTemplate's answer: the group's template with PascalCase keys. */
export function exportTemplate(group: GroupModel): Record<string, unknown> {
  const spec = group.spec;
  const probe = (probe: (typeof spec.Containers)[number]['ReadinessProbe']) =>
    probe === undefined
      ? undefined
      : {
          InitialDelaySeconds: probe.InitialDelaySeconds,
          PeriodSeconds: probe.PeriodSeconds,
          SuccessThreshold: probe.SuccessThreshold,
          FailureThreshold: probe.FailureThreshold,
          TimeoutSeconds: probe.TimeoutSeconds,
          Exec: probe.Exec,
          TcpSocket: probe.TcpSocket,
          HttpGet: probe.HttpGet,
        };
  const container = (c: (typeof spec.Containers)[number], withProbes: boolean) => ({
    Name: c.Name,
    Image: c.Image,
    ImagePullPolicy: c.ImagePullPolicy,
    Stdin: c.Stdin,
    StdinOnce: c.StdinOnce,
    Tty: c.Tty,
    WorkingDir: c.WorkingDir,
    Command: c.Commands,
    Args: c.Args,
    Env: c.EnvironmentVars.map((e) => ({
      Name: e.Key,
      Value: e.Value,
      ValueFrom: e.FieldPath === undefined ? undefined : { FieldRef: { FieldPath: e.FieldPath } },
    })),
    Ports: c.Ports.map((port) => ({ Protocol: port.Protocol, ContainerPort: port.Port })),
    VolumeMounts: c.VolumeMounts.map((m) => ({
      Name: m.Name,
      SubPath: m.SubPath,
      MountPath: m.MountPath,
      ReadOnly: m.ReadOnly,
    })),
    SecurityContext:
      c.SecurityContext === undefined
        ? undefined
        : {
            ReadOnlyRootFilesystem: c.SecurityContext.ReadOnlyRootFilesystem,
            RunAsUser: c.SecurityContext.RunAsUser,
            Capabilities: { Add: c.SecurityContext.CapabilityAdd },
          },
    Resources: c.Cpu === 0 && c.Memory === 0 ? undefined : { Cpu: c.Cpu, Memory: c.Memory },
    ...(withProbes ? { ReadinessProbe: probe(c.ReadinessProbe), LivenessProbe: probe(c.LivenessProbe) } : {}),
  });
  return {
    RegionId: group.RegionId,
    ZoneId: group.ZoneId,
    SecurityGroupId: group.SecurityGroupId,
    VSwitchId: group.VSwitchId,
    ResourceGroupId: group.ResourceGroupId,
    EipInstanceId: group.EipInstanceId,
    ContainerGroupName: group.ContainerGroupName,
    InstanceType: spec.InstanceType,
    Tags: spec.Tags,
    Resources: { Cpu: spec.Cpu, Memory: spec.Memory },
    Spec: {
      RestartPolicy: spec.RestartPolicy,
      DnsPolicy: spec.DnsPolicy,
      Volumes: spec.Volumes.map((v) => ({
        Name: v.Name,
        ConfigFile:
          v.ConfigFileVolume === undefined
            ? undefined
            : {
                DefaultMode: v.ConfigFileVolume.DefaultMode,
                Items: v.ConfigFileVolume.ConfigFileToPath.map((f) => ({
                  Mode: f.Mode,
                  Path: f.Path,
                  Content: Buffer.from(f.Content, 'base64').toString('utf8'),
                })),
              },
        EmptyDir: v.EmptyDirVolume === undefined ? undefined : { SizeLimit: v.EmptyDirVolume.SizeLimit },
        Nfs:
          v.NFSVolume === undefined
            ? undefined
            : { Server: v.NFSVolume.Server, Path: v.NFSVolume.Path, ReadOnly: v.NFSVolume.ReadOnly },
      })),
      InitContainers: spec.InitContainers.map((c) => container(c, false)),
      Containers: spec.Containers.map((c) => container(c, true)),
      DnsConfig: spec.DnsConfig,
      SecurityContext: { Sysctls: spec.Sysctls },
    },
  };
}
