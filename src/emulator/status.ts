import { ApiError, invalid } from './api-error';
import type { ContainerInstance, ContainerRuntime, EventModel, GroupModel } from './model';
import type { Params } from './params';
import { readTags } from './params';
import { iso } from './render';

/**
 * DescribeContainerGroupStatus and DescribeContainerGroupEvents: the batched, Kubernetes-shaped views of many
 * groups' states and events. Both are derived from the lifecycle the emulator already keeps (lifecycle.ts), so they
 * agree with DescribeContainerGroups at every moment of the clock.
 */
export interface GroupSource {
  /** This owner's groups of a region, newest first, brought up to date with the clock. */
  groups(owner: string, regionId: string): readonly GroupModel[];
}

/** The filters both operations share: ContainerGroupIds (a JSON list of at most 20), ZoneId, VSwitchId, ResourceGroupId, Tag.N. */
function selectGroups(source: GroupSource, p: Params, owner: string): GroupModel[] {
  const regionId = p.requiredStr('RegionId');
  const ids = p.jsonStrings('ContainerGroupIds');
  if (ids !== undefined && ids.length > 20)
    throw new ApiError(400, 'InvalidParameter.LengthExceeded', 'ContainerGroupIds may hold at most 20 IDs.');
  const zoneId = p.str('ZoneId');
  const vSwitchId = p.str('VSwitchId');
  const resourceGroupId = p.str('ResourceGroupId');
  const tags = readTags(p);
  return source
    .groups(owner, regionId)
    .filter(
      (g) =>
        (ids === undefined || ids.includes(g.ContainerGroupId)) &&
        (zoneId === undefined || zoneId === '' || g.ZoneId === zoneId) &&
        (vSwitchId === undefined || vSwitchId === '' || g.VSwitchId === vSwitchId) &&
        (resourceGroupId === undefined || resourceGroupId === '' || g.ResourceGroupId === resourceGroupId) &&
        tags.every((tag) =>
          g.spec.Tags.some((t) => t.Key === tag.Key && (tag.Value === undefined || t.Value === tag.Value)),
        ),
    );
}

/** SinceSecond: only groups (or events) changed in the last N seconds of the emulator's clock. */
function since(p: Params, now: number, min: number, max: number): number | undefined {
  const seconds = p.int('SinceSecond', min, max);
  return seconds === undefined ? undefined : now - seconds * 1000;
}

export function pageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function pageOffset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (match?.[1] === undefined) throw invalid('NextToken', 'the token is not one this API returned');
  return Number(match[1]);
}

/**
 * A container instance in the `State` object's form (one of Waiting / Running / Terminated). Exit 0 is Completed
 * and any other exit Error, as DescribeContainerGroups reports them (render.ts); a container waiting out its
 * restart back-off is Waiting with CrashLoopBackOff, as the kubelet says. The emulator models no memory limit, so
 * it never reports OOMKilled.
 */
function instanceState(
  group: GroupModel,
  runtime: ContainerRuntime | undefined,
  instance: ContainerInstance | undefined,
  current: boolean,
): Record<string, unknown> {
  if (instance === undefined) {
    const creating = group.status === 'Scheduling';
    return {
      Waiting: {
        Reason: creating ? 'ContainerCreating' : 'Pending',
        Message: creating ? 'pulling images' : 'waiting to be scheduled',
      },
    };
  }
  if (instance.finishedAt === undefined) return { Running: { StartedAtstartedAt: iso(instance.startedAt) } };
  const terminated = {
    ContainerID: `docker://${group.ContainerGroupId}-${runtime?.name ?? ''}`,
    ExitCode: instance.exitCode ?? 0,
    Reason: instance.exitCode === 0 ? 'Completed' : 'Error',
    Message: '',
    Signal: 0,
    StartedAt: iso(instance.startedAt),
    FinishedAt: iso(instance.finishedAt),
  };
  if (current && runtime?.restartAt !== undefined)
    return {
      Waiting: { Reason: 'CrashLoopBackOff', Message: `Back-off restarting failed container ${runtime.name}` },
    };
  return { Terminated: terminated };
}

const PHASES: Record<GroupModel['status'], string> = {
  Pending: 'Pending',
  Scheduling: 'Pending',
  Running: 'Running',
  Restarting: 'Running',
  Updating: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  ScheduleFailed: 'Failed',
};

function condition(type: string, ok: boolean, at: number, reason = ''): Record<string, unknown> {
  return { type, status: ok ? 'True' : 'False', lastTransitionTime: iso(at), Reason: reason, Message: '' };
}

function podStatus(group: GroupModel): Record<string, unknown> {
  const scheduled = !['Pending', 'ScheduleFailed'].includes(group.status);
  const containerStatuses = group.spec.Containers.map((c) => {
    const runtime = group.runtimes.find((r) => r.name === c.Name);
    const instances = runtime?.instances ?? [];
    const current = instances[instances.length - 1];
    const previous = instances.length > 1 ? instances[instances.length - 2] : undefined;
    const running = current !== undefined && current.finishedAt === undefined;
    // A restarted container's last state is the instance before; with a back-off, the one that just exited.
    const last = runtime?.restartAt !== undefined ? current : previous;
    return {
      Name: c.Name,
      Image: c.Image,
      ImageID: c.Image,
      Ready: running && group.status === 'Running',
      Started: running,
      RestartCount: runtime?.restartCount ?? 0,
      State: instanceState(group, runtime, current, true),
      LastState: last === undefined ? {} : instanceState(group, runtime, last, false),
    };
  });
  const ready = containerStatuses.length > 0 && containerStatuses.every((s) => s.Ready);
  return {
    Phase: PHASES[group.status],
    HostIp: scheduled ? '192.168.0.1' : '',
    PodIp: group.status === 'Pending' ? '' : group.IntranetIp,
    PodIps: group.status === 'Pending' ? [] : [{ Ip: group.IntranetIp }],
    QosClass: 'Guaranteed',
    StartTime: iso(group.createdAt),
    Conditions: [
      condition('PodScheduled', scheduled, group.statusSince, group.status === 'ScheduleFailed' ? 'Unschedulable' : ''),
      condition('ContainerInstanceCreated', scheduled, group.createdAt),
      condition('Initialized', scheduled && group.status !== 'Scheduling', group.statusSince),
      condition('ContainersReady', ready, group.statusSince),
      condition('Ready', ready, group.statusSince),
    ],
    ContainerStatuses: containerStatuses,
  };
}

/** When a group last changed: its last event, or its current phase's start. */
function changedAt(group: GroupModel): number {
  const last = group.events[group.events.length - 1];
  return Math.max(group.statusSince, last?.LastTimestamp ?? 0);
}

export function describeContainerGroupStatus(
  source: GroupSource,
  p: Params,
  owner: string,
  now: number,
): Record<string, unknown> {
  const limit = p.int('Limit', 1, 200) ?? 200;
  const from = since(p, now, 1, 86_400);
  const groups = selectGroups(source, p, owner).filter((g) => from === undefined || changedAt(g) >= from);
  const offset = pageOffset(p.str('NextToken'));
  return {
    Data: groups.slice(offset, offset + limit).map((g) => ({
      ContainerGroupId: g.ContainerGroupId,
      Name: g.ContainerGroupName,
      // ECI's own groups live in no Kubernetes namespace; the API answers "default" for them.
      Namespace: 'default',
      Annotations: '{}',
      uuid: uuidOf(g.ContainerGroupId),
      Status: g.status,
      PodStatus: podStatus(g),
    })),
    NextToken: offset + limit < groups.length ? pageToken(offset + limit) : '',
    TotalCount: groups.length,
  };
}

/** A stable UUID made of the group's ID, so the same group always shows the same one. */
function uuidOf(id: string): string {
  const hex = Buffer.from(id).toString('hex').padEnd(32, '0').slice(-32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Which component reports an event: ECI's own service for a group's phases, the in-pod agent for containers. */
function eventSource(group: GroupModel, event: EventModel): 'EciService' | 'K8sAgent' {
  return event.Name === group.ContainerGroupName ? 'EciService' : 'K8sAgent';
}

export function describeContainerGroupEvents(
  source: GroupSource,
  p: Params,
  owner: string,
  now: number,
): Record<string, unknown> {
  const limit = p.int('Limit', 1, 200) ?? 200;
  // The SDK's request model bounds SinceSecond to 60–3600 for events.
  const from = since(p, now, 60, 3600);
  const wanted = p.oneOf('EventSource', ['EciService', 'K8sAgent'] as const);
  const groups = selectGroups(source, p, owner)
    .map((g) => ({
      group: g,
      events: g.events.filter(
        (e) =>
          (from === undefined || e.LastTimestamp >= from) && (wanted === undefined || eventSource(g, e) === wanted),
      ),
    }))
    .filter((entry) => entry.events.length > 0);
  const offset = pageOffset(p.str('NextToken'));
  const page = groups.slice(offset, offset + limit);
  return {
    Data: page.map(({ group, events }) => ({
      ContainerGroupId: group.ContainerGroupId,
      Name: group.ContainerGroupName,
      Namespace: 'default',
      Annotations: '{}',
      uuid: uuidOf(group.ContainerGroupId),
      Events: events.map((e) => ({
        Count: e.Count,
        Type: e.Type,
        Reason: e.Reason,
        Message: e.Message,
        FirstTimestamp: iso(e.FirstTimestamp),
        LastTimestamp: iso(e.LastTimestamp),
        ReportingComponent: eventSource(group, e) === 'EciService' ? 'eci-service' : 'kubelet',
        ReportingInstance: group.ContainerGroupId,
        Source: { Component: eventSource(group, e) === 'EciService' ? 'eci-service' : 'kubelet', Host: '' },
        Metadata: { Name: `${group.ContainerGroupName}.${e.Reason.toLowerCase()}`, Namespace: 'default' },
        involvedObject: {
          Kind: 'Pod',
          ApiVersion: 'v1',
          Name: group.ContainerGroupName,
          Namespace: 'default',
          Uid: uuidOf(group.ContainerGroupId),
        },
      })),
    })),
    // The SDK's response model (DescribeContainerGroupEventsResponseBody) has no NextToken, yet the request takes
    // one; the emulator answers it so a caller can page, and our decoder reads it as optional.
    NextToken: offset + limit < groups.length ? pageToken(offset + limit) : '',
    TotalCount: page.reduce((n, entry) => n + entry.events.length, 0),
  };
}
