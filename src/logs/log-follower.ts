import type { EciClient } from '../eci/client';
import { isRetryable } from '../eci/client';
import { EciError } from '../eci/errors';
import { describeContainerGroups, describeContainerLog } from '../eci/operations';
import type { ContainerGroup } from '../eci/records';

/**
 * Following container logs where the API has no stream: DescribeContainerLog polled with `Timestamps=true` from the
 * second of the last line seen, every answer de-duplicated against what was already delivered, so that no line is
 * lost and none repeated: many lines in one second, identical lines, a restart (the previous instance's last lines
 * through `LastTime`), transient errors. Only the server's timestamps are compared, never this machine's clock.
 */
export interface FollowedLine {
  /** RFC 3339 with nanoseconds, normalised to 9 digits (the order of lines). */
  readonly timestamp: string;
  readonly text: string;
  readonly container: string;
}

export type FollowStatus =
  | { readonly state: 'following' }
  | { readonly state: 'reconnecting'; readonly error: string; readonly attempt: number }
  | { readonly state: 'gap'; readonly container: string; readonly from: string; readonly to: string }
  | { readonly state: 'ended'; readonly reason: string };

export interface FollowOptions {
  readonly containerGroupId: string;
  readonly regionId?: string | undefined;
  /** The containers to follow; all of the group's when not given. */
  readonly containers?: readonly string[] | undefined;
  /** Lines of history to start with (per container); default 100. */
  readonly tail?: number | undefined;
  /** Only history of the last n seconds. */
  readonly sinceSeconds?: number | undefined;
  /** Keep following (default); false reads the history once and ends. */
  readonly follow?: boolean | undefined;
  /** The fastest and slowest poll: fast while lines arrive, backing off to the slowest when quiet. */
  readonly minIntervalMs?: number | undefined;
  readonly maxIntervalMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onStatus?: ((status: FollowStatus) => void) | undefined;
}

/** The most lines one DescribeContainerLog returns. */
export const MAX_TAIL = 2000;
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** `2026-11-22T10:00:00.5Z` → `2026-11-22T10:00:00.500000000Z` (UTC offsets other than Z are converted). */
export function normalizeTimestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  if (match[3] === 'Z') return `${match[1] ?? ''}.${fraction}Z`;
  const ms = Date.parse(`${match[1] ?? ''}${match[3] ?? ''}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

/** Splits `Content` into timestamped lines (a line without a timestamp keeps the one before it). */
export function parseLogContent(content: string, container: string): FollowedLine[] {
  const lines: FollowedLine[] = [];
  let last = '0000-00-00T00:00:00.000000000Z';
  for (const raw of content.split('\n')) {
    if (raw === '') continue;
    const space = raw.indexOf(' ');
    const timestamp = space === -1 ? undefined : normalizeTimestamp(raw.slice(0, space));
    if (timestamp === undefined) lines.push({ timestamp: last, text: raw, container });
    else {
      last = timestamp;
      lines.push({ timestamp, text: raw.slice(space + 1), container });
    }
  }
  return lines;
}

/**
 * Where one container's lines stand: the timestamp of the last delivered line and how many times each text was
 * delivered at exactly that timestamp (identical lines in the same nanosecond are told apart by count).
 */
export class LogCursor {
  timestamp: string | undefined;
  private atTimestamp = new Map<string, number>();

  /** The lines of an answer not delivered yet, in order; the cursor moves past them. */
  take(lines: readonly FollowedLine[]): FollowedLine[] {
    const fresh: FollowedLine[] = [];
    const alreadyAtCursor = new Map(this.atTimestamp);
    for (const line of lines) {
      if (this.timestamp !== undefined && line.timestamp < this.timestamp) continue;
      if (line.timestamp === this.timestamp) {
        const seen = alreadyAtCursor.get(line.text) ?? 0;
        if (seen > 0) {
          alreadyAtCursor.set(line.text, seen - 1);
          continue;
        }
        this.atTimestamp.set(line.text, (this.atTimestamp.get(line.text) ?? 0) + 1);
      } else {
        this.timestamp = line.timestamp;
        this.atTimestamp = new Map([[line.text, 1]]);
        alreadyAtCursor.clear();
      }
      fresh.push(line);
    }
    return fresh;
  }

  /** StartTime for the next call: the cursor's whole second (the API's StartTime is to the second). */
  startTime(): string | undefined {
    return this.timestamp === undefined ? undefined : `${this.timestamp.slice(0, 19)}Z`;
  }
}

interface ContainerFollow {
  readonly name: string;
  readonly cursor: LogCursor;
  restarts: number | undefined;
}

/** Waits, or less if the signal aborts; the abort listener goes with the wait (a follower sleeps thousands of times). */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const aborted = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    signal?.addEventListener('abort', aborted, { once: true });
  });

const FINAL_STATES = new Set(['Succeeded', 'Failed', 'Expired', 'ScheduleFailed']);

/** An error worth waiting out (network, throttling, server errors; what the client retries) rather than ending on. */
function isTransient(error: unknown): boolean {
  return !(error instanceof EciError) || isRetryable(error) || error.code === 'InvalidResponse';
}

/**
 * The lines of a group's containers as they come: one container's in order, several interleaved by time within each
 * round of polls. Ends when the containers have terminated for good and their last lines are read, when the group is
 * gone, when `follow` is false after the history, or when the signal aborts; it never throws for a transient error.
 */
export async function* followLogs(client: EciClient, options: FollowOptions): AsyncGenerator<FollowedLine, void, undefined> {
  const minInterval = options.minIntervalMs ?? 250;
  const maxInterval = options.maxIntervalMs ?? 5_000;
  const status = (s: FollowStatus): void => options.onStatus?.(s);
  const call = { regionId: options.regionId, signal: options.signal };
  const describe = async (): Promise<ContainerGroup | undefined> =>
    (await describeContainerGroups(client, { ContainerGroupIds: [options.containerGroupId] }, call)).ContainerGroups[0];

  let group = await describe();
  if (group === undefined) {
    status({ state: 'ended', reason: `The container group ${options.containerGroupId} does not exist.` });
    return;
  }
  const names = options.containers ?? group.Containers.map((c) => c.Name);
  const follows: ContainerFollow[] = names.map((name) => ({ name, cursor: new LogCursor(), restarts: group?.Containers.find((c) => c.Name === name)?.RestartCount ?? 0 }));

  const fetch = async (follow: ContainerFollow, first: boolean, previous = false): Promise<FollowedLine[]> => {
    const startTime = follow.cursor.startTime();
    const answer = await describeContainerLog(
      client,
      {
        ContainerGroupId: options.containerGroupId,
        ContainerName: follow.name,
        Timestamps: true,
        Tail: first ? Math.min(options.tail ?? 100, MAX_TAIL) : MAX_TAIL,
        SinceSeconds: first ? options.sinceSeconds : undefined,
        StartTime: first ? undefined : startTime,
        LastTime: previous ? true : undefined,
      },
      call,
    );
    const lines = parseLogContent(answer.Content ?? '', follow.name);
    // A full answer that starts after the cursor may have left lines out (the API gives the newest 2,000).
    const firstLine = lines[0];
    if (!first && lines.length >= MAX_TAIL && firstLine !== undefined && follow.cursor.timestamp !== undefined && firstLine.timestamp > follow.cursor.timestamp) {
      status({ state: 'gap', container: follow.name, from: follow.cursor.timestamp, to: firstLine.timestamp });
    }
    // Not taken here: after a restart the previous instance's lines must be taken first.
    return lines;
  };

  let interval = minInterval;
  let first = true;
  let failures = 0;
  let lastRound = false;
  status({ state: 'following' });
  const aborted = (): boolean => options.signal?.aborted === true;
  while (!aborted()) {
    let batch: FollowedLine[] = [];
    let gone = false;
    try {
      const answers = await Promise.all(follows.map((f) => fetch(f, first)));
      // Asked after the logs, so that a restart in between is seen before lines of the new instance are delivered.
      const now = await describe();
      if (now === undefined) gone = true;
      else group = now;
      const restartsNow = follows.map((f) => group?.Containers.find((c) => c.Name === f.name)?.RestartCount ?? 0);
      // The previous instance's last lines, through LastTime, for every container that restarted since the last round.
      const previous = await Promise.all(follows.map((f, i) => (!gone && !first && f.restarts !== undefined && (restartsNow[i] ?? 0) > f.restarts ? fetch(f, false, true) : Promise.resolve([]))));
      // Nothing below can fail: the cursors move only when the whole round has been read.
      follows.forEach((follow, i) => {
        batch.push(...follow.cursor.take(previous[i] ?? []));
        batch.push(...follow.cursor.take(answers[i] ?? []));
        follow.restarts = restartsNow[i];
      });
      if (failures > 0) status({ state: 'following' });
      failures = 0;
    } catch (error) {
      if (aborted()) break;
      if (!isTransient(error)) {
        status({ state: 'ended', reason: error instanceof Error ? error.message : String(error) });
        return;
      }
      failures++;
      status({ state: 'reconnecting', error: error instanceof Error ? error.message : String(error), attempt: failures });
      await sleep(Math.min(maxInterval, minInterval * 2 ** failures), options.signal);
      continue;
    }
    batch = follows.length > 1 ? [...batch].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0)) : batch;
    for (const line of batch) yield line;
    first = false;

    if (gone) {
      status({ state: 'ended', reason: 'The container group was deleted.' });
      return;
    }
    if (options.follow === false) {
      status({ state: 'ended', reason: 'History read.' });
      return;
    }
    // A group that has ended runs nothing any more: one more round reads what its containers printed last.
    if (FINAL_STATES.has(group.Status)) {
      if (lastRound) {
        status({ state: 'ended', reason: `The container group is ${group.Status}.` });
        return;
      }
      lastRound = true;
      continue;
    }
    interval = batch.length > 0 ? minInterval : Math.min(maxInterval, Math.round(interval * 1.5));
    // Many lines in one answer: the next round at once, so that a burst never outgrows one answer.
    if (batch.length < MAX_TAIL / 4) await sleep(interval, options.signal);
  }
  status({ state: 'ended', reason: 'Stopped.' });
}
