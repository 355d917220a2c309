import { flat, intern } from './intern';
import type { ContainerModel, ContainerRuntime, EventModel, GroupModel } from './model';

/**
 * How container groups move through their states on the emulator's clock. Durations are in emulated seconds and
 * run `speed` times faster than real time. The simulation is lazy: `advance()` replays every transition due up to
 * `now` whenever a group is read, so nothing runs in the background.
 */
export const PHASE_SECONDS = {
  pending: 1,
  scheduling: 2,
  restarting: 2,
  updating: 2,
  containerRun: 5,
  backoffBase: 2,
  backoffMax: 300,
};

/** `scripted`: containers exit as their command says (`exit N`); `process`: commands really run on this machine. */
export type ContainerRuntimeMode = 'scripted' | 'process';

export class Clock {
  constructor(
    readonly speed: number,
    private readonly source: () => number = Date.now,
    readonly runtime: ContainerRuntimeMode = 'scripted',
  ) {}
  now(): number {
    return this.source();
  }
  /** Real milliseconds for emulated seconds. */
  span(seconds: number): number {
    return (seconds * 1000) / this.speed;
  }
}

/** A container's scripted fate: a command or argument saying `exit N` makes it exit with N after a short run. */
export function plannedExit(container: ContainerModel): number | undefined {
  // Asked for every container on every listing; the answer depends only on the (immutable) container spec.
  if (plannedExits.has(container)) return plannedExits.get(container);
  const exit = computePlannedExit(container);
  plannedExits.set(container, exit);
  return exit;
}

const plannedExits = new WeakMap<ContainerModel, number | undefined>();

/** With `--runtime process`, a container with a command runs as a local process, and its exits are real. */
export function runsAsProcess(container: ContainerModel, clock: Clock): boolean {
  return clock.runtime === 'process' && container.Commands.length + container.Args.length > 0;
}

function scriptedExit(container: ContainerModel, clock: Clock): number | undefined {
  return runsAsProcess(container, clock) ? undefined : plannedExit(container);
}

/** How long a scripted container runs before its planned exit: 5 s, or `EMULATOR_RUN_SECONDS` from its environment. */
export function runSeconds(container: ContainerModel | undefined): number {
  const value = Number(container?.EnvironmentVars.find((v) => v.Key === 'EMULATOR_RUN_SECONDS')?.Value);
  return Number.isFinite(value) && value > 0 && value <= 86_400 ? value : PHASE_SECONDS.containerRun;
}

function computePlannedExit(container: ContainerModel): number | undefined {
  const text = [...container.Commands, ...container.Args].join(' ');
  const match = /\bexit\s+(\d{1,3})\b/.exec(text);
  if (match?.[1] !== undefined) return Number(match[1]) % 256;
  if (/crash/i.test(container.Image)) return 1;
  return undefined;
}

/** Records an event; a repeat of an earlier one (same reason, message and object) counts up, as ECI's events do. */
export function addEvent(
  group: GroupModel,
  at: number,
  type: EventModel['Type'],
  reason: string,
  message: string,
  name = group.ContainerGroupName,
): void {
  const index = group.events.findIndex((e) => e.Reason === reason && e.Message === message && e.Name === name);
  const earlier = index === -1 ? undefined : group.events.splice(index, 1)[0];
  if (earlier !== undefined) {
    earlier.Count += 1;
    earlier.LastTimestamp = at;
    group.events.push(earlier);
    return;
  }
  group.events.push({
    Type: type,
    Reason: reason,
    Message: message,
    Name: name,
    Count: 1,
    FirstTimestamp: at,
    LastTimestamp: at,
  });
  if (group.events.length > 100) group.events.splice(0, group.events.length - 100);
}

function startContainers(group: GroupModel, at: number): void {
  group.runtimes = group.spec.Containers.map((container) => {
    const previous = group.runtimes.find((runtime) => runtime.name === container.Name);
    const runtime: ContainerRuntime = previous ?? { name: container.Name, restartCount: 0, instances: [] };
    if (previous !== undefined && previous.instances.length > 0) {
      const current = previous.instances[previous.instances.length - 1];
      if (current !== undefined && current.finishedAt === undefined) {
        current.finishedAt = at;
        current.exitCode = 0;
      }
      runtime.restartCount += 1;
    }
    runtime.instances.push({ startedAt: at });
    if (runtime.instances.length > 2) runtime.instances.splice(0, runtime.instances.length - 2);
    runtime.restartAt = undefined;
    return runtime;
  });
  for (const container of group.spec.Containers) {
    addEvent(group, at, 'Normal', 'Created', intern(`Created container ${container.Name}`), container.Name);
    addEvent(group, at, 'Normal', 'Started', intern(`Started container ${container.Name}`), container.Name);
  }
}

/**
 * When a group given ActiveDeadlineSeconds is stopped: that long after it was made, on the emulator's clock (the
 * deadline counts from the group's start, as a Kubernetes pod's activeDeadlineSeconds does).
 */
function deadline(group: GroupModel, clock: Clock): number | undefined {
  const seconds = group.spec.Options?.['ActiveDeadlineSeconds'];
  return typeof seconds === 'number' ? group.createdAt + clock.span(seconds) : undefined;
}

/** The deadline passed: every container is stopped (SIGKILL's 137), none restarts, and the group has Failed. */
function deadlineExceeded(group: GroupModel, at: number): void {
  for (const runtime of group.runtimes) {
    const current = runtime.instances[runtime.instances.length - 1];
    if (current !== undefined && current.finishedAt === undefined) {
      current.finishedAt = at;
      current.exitCode = 137;
    }
    runtime.restartAt = undefined;
  }
  group.status = 'Failed';
  group.statusSince = at;
  group.failedAt = at;
  addEvent(
    group,
    at,
    'Warning',
    'DeadlineExceeded',
    'The container group was active longer than its ActiveDeadlineSeconds and was stopped.',
  );
}

/** The next moment something changes for this group, or undefined when it is stable. */
function nextTransition(group: GroupModel, clock: Clock): number | undefined {
  if (group.phaseEndsAt !== undefined) return group.phaseEndsAt;
  if (group.status !== 'Running') return undefined;
  let next = deadline(group, clock);
  for (const runtime of group.runtimes) {
    const container = group.spec.Containers.find((c) => c.Name === runtime.name);
    const current = runtime.instances[runtime.instances.length - 1];
    if (container === undefined || current === undefined) continue;
    let at: number | undefined;
    if (current.finishedAt === undefined) {
      if (scriptedExit(container, clock) !== undefined) at = current.startedAt + clock.span(runSeconds(container));
    } else if (runtime.restartAt !== undefined) {
      at = runtime.restartAt;
    }
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

/** Image pulls take seconds, except for the multi-gigabyte images of ML frameworks, which take 15 minutes. */
function pullSeconds(group: GroupModel): number {
  const large = [...group.spec.Containers, ...group.spec.InitContainers].some((c) =>
    /cuda|pytorch|tensorflow/i.test(c.Image),
  );
  return large ? 900 : PHASE_SECONDS.scheduling;
}

function shouldRestart(group: GroupModel, exitCode: number): boolean {
  return group.spec.RestartPolicy === 'Always' || (group.spec.RestartPolicy === 'OnFailure' && exitCode !== 0);
}

function applyTransition(group: GroupModel, at: number, clock: Clock): void {
  if (group.phaseEndsAt !== undefined && group.phaseEndsAt <= at) {
    group.phaseEndsAt = undefined;
    switch (group.status) {
      case 'Pending':
        // GPUs are sold out in every emulated zone: such a group cannot be placed, as when ECI has no stock.
        if (group.spec.Containers.some((c) => c.Gpu > 0)) {
          group.status = 'ScheduleFailed';
          group.statusSince = at;
          group.failedAt = at;
          addEvent(
            group,
            at,
            'Warning',
            'FailedScheduling',
            `No GPU instances are in stock in ${group.ZoneId}; try another zone or specification.`,
          );
          return;
        }
        group.status = 'Scheduling';
        group.statusSince = at;
        group.phaseEndsAt = at + clock.span(pullSeconds(group));
        addEvent(
          group,
          at,
          'Normal',
          'Scheduled',
          flat(`Successfully assigned ${group.ContainerGroupId} to ${group.ZoneId}`),
        );
        for (const container of group.spec.Containers)
          addEvent(group, at, 'Normal', 'Pulling', intern(`pulling image "${container.Image}"`), container.Name);
        return;
      case 'Scheduling':
        for (const container of group.spec.Containers)
          addEvent(
            group,
            at,
            'Normal',
            'Pulled',
            intern(`Successfully pulled image "${container.Image}"`),
            container.Name,
          );
        group.status = 'Running';
        group.statusSince = at;
        startContainers(group, at);
        return;
      case 'Restarting':
      case 'Updating':
        group.status = 'Running';
        group.statusSince = at;
        startContainers(group, at);
        return;
      default:
        return;
    }
  }
  // Running: the group's deadline passes, or a container exits or comes back.
  const end = deadline(group, clock);
  if (group.status === 'Running' && end !== undefined && end <= at) {
    deadlineExceeded(group, end);
    return;
  }
  for (const runtime of group.runtimes) {
    const container = group.spec.Containers.find((c) => c.Name === runtime.name);
    const current = runtime.instances[runtime.instances.length - 1];
    if (container === undefined || current === undefined) continue;
    const exit = scriptedExit(container, clock);
    if (
      current.finishedAt === undefined &&
      exit !== undefined &&
      current.startedAt + clock.span(runSeconds(container)) <= at
    ) {
      containerExited(group, runtime.name, current.startedAt + clock.span(runSeconds(container)), exit, clock, false);
    } else if (current.finishedAt !== undefined && runtime.restartAt !== undefined && runtime.restartAt <= at) {
      const startAt = runtime.restartAt;
      runtime.restartAt = undefined;
      runtime.restartCount += 1;
      runtime.instances.push({ startedAt: startAt });
      if (runtime.instances.length > 2) runtime.instances.splice(0, runtime.instances.length - 2);
      addEvent(group, startAt, 'Normal', 'Started', intern(`Started container ${container.Name}`), container.Name);
    }
  }
  settle(group, at);
}

/**
 * A container's current instance ended with `exitCode` at `at`: restart it after a back-off if the restart policy
 * says so. Called by the scripted clock, and by the process runtime when a real process exits.
 */
export function containerExited(
  group: GroupModel,
  name: string,
  at: number,
  exitCode: number,
  clock: Clock,
  settleNow = true,
): void {
  const runtime = group.runtimes.find((r) => r.name === name);
  const current = runtime?.instances[runtime.instances.length - 1];
  if (runtime === undefined || current === undefined || current.finishedAt !== undefined) return;
  current.finishedAt = at;
  current.exitCode = exitCode;
  if (shouldRestart(group, exitCode)) {
    const backoff = Math.min(
      PHASE_SECONDS.backoffMax,
      PHASE_SECONDS.backoffBase * 2 ** Math.min(runtime.restartCount, 10),
    );
    runtime.restartAt = at + clock.span(backoff);
    addEvent(group, at, 'Warning', 'BackOff', intern(`Back-off restarting failed container ${name}`), name);
  }
  if (settleNow) settle(group, at);
}

/** When every container of a Running group has stopped for good, the group ends Succeeded or Failed. */
function settle(group: GroupModel, at: number): void {
  if (group.status !== 'Running' || group.runtimes.length === 0) return;
  const finished = group.runtimes.every(
    (runtime) =>
      runtime.instances[runtime.instances.length - 1]?.finishedAt !== undefined && runtime.restartAt === undefined,
  );
  if (!finished) return;
  const failed = group.runtimes.some(
    (runtime) => (runtime.instances[runtime.instances.length - 1]?.exitCode ?? 0) !== 0,
  );
  group.status = failed ? 'Failed' : 'Succeeded';
  group.statusSince = at;
  if (failed) group.failedAt = at;
  else group.succeededAt = at;
  addEvent(
    group,
    at,
    failed ? 'Warning' : 'Normal',
    failed ? 'Failed' : 'Succeeded',
    failed
      ? 'The container group failed: a container exited with a non-zero code.'
      : 'All containers exited successfully.',
  );
}

export function advance(group: GroupModel, clock: Clock, now = clock.now()): boolean {
  let changed = false;
  for (let steps = 0; steps < 10_000; steps++) {
    const next = nextTransition(group, clock);
    if (next === undefined || next > now) break;
    applyTransition(group, next, clock);
    changed = true;
  }
  if (changed) {
    // A list grown by push keeps room for 16 more items; copied, it is its length. A group's events and instances
    // change seldom after a replay, and 10,000 groups kept that room, about 200 bytes each.
    group.events = group.events.slice();
    for (const runtime of group.runtimes) runtime.instances = runtime.instances.slice();
  }
  return changed;
}

/** A new group starts Pending. */
export function startLifecycle(group: GroupModel, clock: Clock, at: number): void {
  group.status = 'Pending';
  group.statusSince = at;
  group.phaseEndsAt = at + clock.span(PHASE_SECONDS.pending);
  group.runtimes = [];
  addEvent(group, at, 'Normal', 'SuccessfulCreate', flat(`Created container group ${group.ContainerGroupName}`));
}

export function beginPhase(group: GroupModel, clock: Clock, at: number, status: 'Restarting' | 'Updating'): void {
  group.status = status;
  group.statusSince = at;
  group.phaseEndsAt = at + clock.span(status === 'Restarting' ? PHASE_SECONDS.restarting : PHASE_SECONDS.updating);
  addEvent(
    group,
    at,
    'Normal',
    status === 'Restarting' ? 'Restarting' : 'Updating',
    status === 'Restarting' ? 'Restarting the container group' : 'Updating the container group',
  );
}
