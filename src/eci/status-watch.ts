import type { EciClient } from './client';
import { describeContainerGroupStatus } from './operations';
import type { ContainerGroupStatus, PodContainerState } from './records';
import type { Message } from '../core/messages/messages';
import { message, say } from '../core/messages/messages';

/**
 * What is worth telling a person about a group they are not looking at: it failed, a container restarted or was
 * killed for memory, or it finished. Worked out from two DescribeContainerGroupStatus answers (the previous one kept
 * as a small snapshot), free of `vscode`: the VS Code side (src/vscode/status-notifier.ts) only asks and shows.
 */
export type AnnouncementKind = 'failed' | 'restarted' | 'oomKilled' | 'succeeded';

/** Every kind, most important first: a group says one thing per check, the first of these that happened. */
export const ANNOUNCEMENT_KINDS: readonly AnnouncementKind[] = ['failed', 'oomKilled', 'restarted', 'succeeded'];

export interface Announcement {
  readonly kind: AnnouncementKind;
  readonly containerGroupId: string;
  readonly groupName: string;
  /** The container it is about; undefined when it is about the group as a whole. */
  readonly container: string | undefined;
  /** The API's reason (`Error`, `OOMKilled`, `Unschedulable`), when it gave one. */
  readonly reason: string | undefined;
  /** One sentence for the notification, in English. */
  readonly message: string;
  /** The same sentence as a catalog message, to be said in the display language. */
  readonly said: Message;
}

interface ContainerSeen {
  readonly restarts: number;
  /** The last OOM kill seen (its start and finish times), so that the same one is not announced twice. */
  readonly oomKill: string | undefined;
}

interface GroupSeen {
  readonly status: string;
  readonly containers: ReadonlyMap<string, ContainerSeen>;
}

/** What the last check saw of each group, by ID. */
export type StatusSnapshot = ReadonlyMap<string, GroupSeen>;

type ContainerStatus = NonNullable<ContainerGroupStatus['PodStatus']>['ContainerStatuses'][number];
type Terminated = NonNullable<PodContainerState['Terminated']>;

const FAILED: ReadonlySet<string> = new Set(['Failed', 'ScheduleFailed']);

/** ECI's status of the group (Kubernetes' phase when the API gave none). */
function statusOf(group: ContainerGroupStatus): string {
  return group.Status ?? group.PodStatus?.Phase ?? '';
}

/** The container's OOM kill, current or last, named by its times (the same kill keeps them as the container restarts). */
function oomKillOf(container: ContainerStatus): string | undefined {
  const killed = [container.State?.Terminated, container.LastState?.Terminated].find((t) => t?.Reason === 'OOMKilled');
  return killed === undefined ? undefined : `${killed.StartedAt ?? ''}|${killed.FinishedAt ?? ''}`;
}

/** How a container last ended: its current state if it has ended, else its last one. */
function lastEnd(container: ContainerStatus): Terminated | undefined {
  return container.State?.Terminated ?? container.LastState?.Terminated;
}

function ending(terminated: Terminated | undefined): Message | string {
  if (terminated === undefined) return '';
  const reason =
    terminated.Reason === undefined || terminated.Reason === ''
      ? ''
      : message('status.reason', { reason: terminated.Reason });
  return terminated.ExitCode === undefined ? reason : message('status.withCode', { code: terminated.ExitCode, reason });
}

function seen(group: ContainerGroupStatus): GroupSeen {
  const containers = new Map<string, ContainerSeen>();
  for (const c of group.PodStatus?.ContainerStatuses ?? [])
    containers.set(c.Name, { restarts: c.RestartCount ?? 0, oomKill: oomKillOf(c) });
  return { status: statusOf(group), containers };
}

/** Everything that happened to one group between two answers, most important first. */
function changes(before: GroupSeen, group: ContainerGroupStatus): Announcement[] {
  const name = group.Name ?? group.ContainerGroupId;
  const about = (
    kind: AnnouncementKind,
    container: string | undefined,
    reason: string | undefined,
    said: Message,
  ): Announcement => ({
    kind,
    containerGroupId: group.ContainerGroupId,
    groupName: name,
    container,
    reason,
    message: say(said),
    said,
  });
  const status = statusOf(group);
  const containers = group.PodStatus?.ContainerStatuses ?? [];
  const found: Announcement[] = [];
  if (FAILED.has(status) && !FAILED.has(before.status)) {
    const failing = containers.find((c) => (lastEnd(c)?.ExitCode ?? 0) !== 0);
    const end = failing === undefined ? undefined : lastEnd(failing);
    const unscheduled = group.PodStatus?.Conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const why = unscheduled?.Reason === '' ? undefined : unscheduled?.Reason;
    const groupFailed = status === 'ScheduleFailed' ? 'status.unscheduled' : 'status.failed';
    found.push(
      failing !== undefined
        ? about(
            'failed',
            failing.Name,
            end?.Reason,
            message('status.containerFailed', { name, container: failing.Name, ending: ending(end) }),
          )
        : about(
            'failed',
            undefined,
            why,
            message(groupFailed, { name, reason: why === undefined ? '' : message('status.reason', { reason: why }) }),
          ),
    );
  }
  for (const c of containers) {
    const earlier = before.containers.get(c.Name);
    // A container first seen now (the group was updated) is a baseline of its own.
    if (earlier === undefined) continue;
    const oomKill = oomKillOf(c);
    if (oomKill !== undefined && oomKill !== earlier.oomKill)
      found.push(about('oomKilled', c.Name, 'OOMKilled', message('status.oomKilled', { name, container: c.Name })));
    const restarts = c.RestartCount ?? 0;
    if (restarts > earlier.restarts) {
      const end = c.LastState?.Terminated;
      found.push(
        about(
          'restarted',
          c.Name,
          end?.Reason,
          message('status.restarted', {
            name,
            container: c.Name,
            restarts: restarts === 1 ? message('status.restarts.one') : message('status.restarts.many', { restarts }),
            ending: ending(end),
          }),
        ),
      );
    }
  }
  if (status === 'Succeeded' && before.status !== 'Succeeded')
    found.push(about('succeeded', undefined, undefined, message('status.succeeded', { name })));
  return found.sort((a, b) => ANNOUNCEMENT_KINDS.indexOf(a.kind) - ANNOUNCEMENT_KINDS.indexOf(b.kind));
}

/**
 * The announcements between what the last check saw and a new DescribeContainerGroupStatus answer, and what to keep
 * for the next. A group seen for the first time is a baseline: what it already was (failed an hour ago) is not news.
 * A group says at most one thing per check, the most important of `kinds`. The snapshot holds the answer's groups
 * only: a group no longer asked about is forgotten.
 */
export function statusChanges(
  previous: StatusSnapshot,
  answer: readonly ContainerGroupStatus[],
  kinds: ReadonlySet<AnnouncementKind> = new Set(ANNOUNCEMENT_KINDS),
): { snapshot: StatusSnapshot; announcements: Announcement[] } {
  const snapshot = new Map<string, GroupSeen>();
  const announcements: Announcement[] = [];
  for (const group of answer) {
    const before = previous.get(group.ContainerGroupId);
    snapshot.set(group.ContainerGroupId, seen(group));
    if (before === undefined) continue;
    const first = changes(before, group).find((a) => kinds.has(a.kind));
    if (first !== undefined) announcements.push(first);
  }
  return { snapshot, announcements };
}

/** The API takes at most 20 IDs per DescribeContainerGroupStatus call. */
export const STATUS_BATCH = 20;

/**
 * Watches groups in many places (a profile's region each, under a key of the caller's): each check asks
 * DescribeContainerGroupStatus about the given groups, 20 per call, and says what changed since the last check of
 * that place.
 */
export class StatusWatch {
  private readonly snapshots = new Map<string, StatusSnapshot>();

  async check(
    place: string,
    client: EciClient,
    regionId: string,
    containerGroupIds: readonly string[],
    kinds?: ReadonlySet<AnnouncementKind>,
  ): Promise<Announcement[]> {
    const answer: ContainerGroupStatus[] = [];
    for (let i = 0; i < containerGroupIds.length; i += STATUS_BATCH) {
      const batch = containerGroupIds.slice(i, i + STATUS_BATCH);
      const page = await describeContainerGroupStatus(
        client,
        { ContainerGroupIds: batch, Limit: STATUS_BATCH },
        { regionId },
      );
      answer.push(...page.Data);
    }
    const { snapshot, announcements } = statusChanges(this.snapshots.get(place) ?? new Map(), answer, kinds);
    this.snapshots.set(place, snapshot);
    return announcements;
  }

  /** Forgets every place but these (a region closed, a profile removed): if they come back, they start afresh. */
  keepOnly(places: Iterable<string>): void {
    const kept = new Set(places);
    for (const place of [...this.snapshots.keys()]) if (!kept.has(place)) this.snapshots.delete(place);
  }
}
