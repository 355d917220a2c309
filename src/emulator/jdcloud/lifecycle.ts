import type { Clock } from '../lifecycle';
import type { JdcloudContainerModel, JdcloudContainerStatus } from './model';

/**
 * How Native Containers move through JD Cloud's transitional statuses on the emulator's clock (`--speed`), as ECI's
 * groups do in ../lifecycle.ts: created `pending` then `running`; stopped `stopping` then `stopped`; started
 * `starting` then `running`; rebuilt `rebuilding` then `stopped` (JD Cloud: "after rebuild, the container is still
 * in off status"). Durations are emulated seconds. Lazy, as there: a container is brought up to date whenever it is
 * read, at the moment its phase ended, so nothing runs in the background and a state file replays correctly.
 */
export const JD_PHASE_SECONDS = { pending: 3, starting: 2, stopping: 2, rebuilding: 3 } as const;

export type JdcloudTransitionalStatus = keyof typeof JD_PHASE_SECONDS;

/** Where each transitional status lands. */
export const SETTLES_AS: Readonly<Record<JdcloudTransitionalStatus, 'running' | 'stopped'>> = {
  pending: 'running',
  starting: 'running',
  stopping: 'stopped',
  rebuilding: 'stopped',
};

export function isTransitional(status: JdcloudContainerStatus): status is JdcloudTransitionalStatus {
  return Object.prototype.hasOwnProperty.call(JD_PHASE_SECONDS, status);
}

/**
 * The container enters a transitional status at `at`. A stop ends the running instance at once (its log stops
 * there); a start's new instance begins when `starting` ends.
 */
export function beginPhase(
  container: JdcloudContainerModel,
  status: JdcloudTransitionalStatus,
  clock: Clock,
  at: number,
): void {
  container.status = status;
  container.phaseEndsAt = at + clock.span(JD_PHASE_SECONDS[status]);
  if (status === 'stopping') container.stoppedAt = at;
}

/** Ends the container's phase if it is over by `now`, as of when it ended; true when the container changed. */
export function advanceContainer(container: JdcloudContainerModel, now: number): boolean {
  const end = container.phaseEndsAt;
  if (end === undefined || end > now) return false;
  container.phaseEndsAt = undefined;
  if (!isTransitional(container.status)) return true;
  const settled = SETTLES_AS[container.status];
  container.status = settled;
  if (settled === 'running') runFrom(container, end);
  return true;
}

/** A new instance of the container's process runs from `at`. */
export function runFrom(container: JdcloudContainerModel, at: number): void {
  container.status = 'running';
  container.phaseEndsAt = undefined;
  container.instance++;
  container.startedAt = at;
  container.stoppedAt = undefined;
}
