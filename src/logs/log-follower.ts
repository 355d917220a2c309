import type { EciClient } from '../eci/client';
import { isRetryable } from '../eci/client';
import { EciError } from '../eci/errors';
import { describeContainerGroups, describeContainerLog } from '../eci/operations';

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

/** A workload as a log source sees it, each round: its containers (with restarts, when the API counts them). */
export interface LogWorkload {
  readonly containers: readonly { readonly name: string; readonly restarts?: number | undefined }[];
  /** Runs nothing any more and never will: one more round reads its last lines, then the follow ends. */
  readonly final: boolean;
  readonly status: string;
}

/** Where one container's delivered lines stand: what is new in an answer (and the cursor moves past it). */
export interface LineCursor {
  take(lines: readonly FollowedLine[]): FollowedLine[];
  /** The server's timestamp of the last line delivered, where the API gives timestamps (to tell a gap). */
  readonly timestamp?: string | undefined;
}

/** What the follower needs of a provider: ECI's DescribeContainerLog, Native Container's getLogs. */
export interface LogSource {
  /** The workload now; undefined when it is gone. */
  describe(signal?: AbortSignal): Promise<LogWorkload | undefined>;
  cursor(): LineCursor;
  /** One answer for a container: history first (tail, since), then what follows the cursor; `previous` asks for the instance before a restart. */
  read(
    container: string,
    cursor: LineCursor,
    request: {
      readonly first: boolean;
      readonly previous: boolean;
      readonly tail: number;
      readonly sinceSeconds: number | undefined;
    },
    signal?: AbortSignal,
  ): Promise<FollowedLine[]>;
  /** The most lines one answer holds: an answer this full may have left lines out. */
  readonly maxLines: number;
  /** What is followed, for the messages: "container group" and its ID. */
  readonly noun: string;
  readonly id: string;
}

/** ECI's logs: DescribeContainerLog with timestamps, from the second of the cursor, restarts from RestartCount. */
/**
 * The client is asked for at each call, not kept: a log view outlives the client it started with (Refresh, a settings
 * or profile change, Use Local Emulator make new ones and close the old).
 */
export function eciLogSource(
  client: () => Promise<EciClient>,
  containerGroupId: string,
  regionId: string | undefined,
): LogSource {
  return {
    maxLines: MAX_TAIL,
    noun: 'container group',
    id: containerGroupId,
    async describe(signal) {
      const group = (
        await describeContainerGroups(await client(), { ContainerGroupIds: [containerGroupId] }, { regionId, signal })
      ).ContainerGroups[0];
      return group === undefined
        ? undefined
        : {
            containers: group.Containers.map((c) => ({ name: c.Name, restarts: c.RestartCount ?? 0 })),
            final: FINAL_STATES.has(group.Status),
            status: group.Status,
          };
    },
    cursor: () => new LogCursor(),
    async read(container, cursor, request, signal) {
      const answer = await describeContainerLog(
        await client(),
        {
          ContainerGroupId: containerGroupId,
          ContainerName: container,
          Timestamps: true,
          Tail: request.first ? Math.min(request.tail, MAX_TAIL) : MAX_TAIL,
          SinceSeconds: request.first ? request.sinceSeconds : undefined,
          StartTime: request.first ? undefined : (cursor as LogCursor).startTime(),
          LastTime: request.previous ? true : undefined,
        },
        { regionId, signal },
      );
      return parseLogContent(answer.Content ?? '', container);
    },
  };
}

interface ContainerFollow {
  readonly name: string;
  readonly cursor: LineCursor;
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
 * The lines of an ECI group's containers as they come (see followSource).
 */
export function followLogs(client: EciClient, options: FollowOptions): AsyncGenerator<FollowedLine, void, undefined> {
  return followSource(
    eciLogSource(() => Promise.resolve(client), options.containerGroupId, options.regionId),
    options,
  );
}

/**
 * The lines of a workload's containers as they come: one container's in order, several interleaved by time within
 * each round of polls. Ends when the containers have terminated for good and their last lines are read, when the
 * workload is gone, when `follow` is false after the history, or when the signal aborts; it never throws for a
 * transient error. One loop for every provider: what differs is the LogSource.
 */
export async function* followSource(
  source: LogSource,
  options: Omit<FollowOptions, 'containerGroupId' | 'regionId'>,
): AsyncGenerator<FollowedLine, void, undefined> {
  const minInterval = options.minIntervalMs ?? 250;
  const maxInterval = options.maxIntervalMs ?? 5_000;
  const status = (s: FollowStatus): void => options.onStatus?.(s);
  const describe = (): Promise<LogWorkload | undefined> => source.describe(options.signal);

  let workload = await describe();
  if (workload === undefined) {
    status({ state: 'ended', reason: `The ${source.noun} ${source.id} does not exist.` });
    return;
  }
  const names = options.containers ?? workload.containers.map((c) => c.name);
  const follows: ContainerFollow[] = names.map((name) => ({
    name,
    cursor: source.cursor(),
    restarts: workload?.containers.find((c) => c.name === name)?.restarts,
  }));

  const fetch = async (follow: ContainerFollow, first: boolean, previous = false): Promise<FollowedLine[]> => {
    const lines = await source.read(
      follow.name,
      follow.cursor,
      { first, previous, tail: options.tail ?? 100, sinceSeconds: options.sinceSeconds },
      options.signal,
    );
    // A full answer that starts after the cursor may have left lines out (the API gives the newest 2,000).
    const firstLine = lines[0];
    const at = follow.cursor.timestamp;
    if (
      !first &&
      lines.length >= source.maxLines &&
      firstLine !== undefined &&
      at !== undefined &&
      firstLine.timestamp > at
    ) {
      status({ state: 'gap', container: follow.name, from: at, to: firstLine.timestamp });
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
      else workload = now;
      const restartsNow = follows.map((f) => workload?.containers.find((c) => c.name === f.name)?.restarts);
      // The previous instance's last lines, through LastTime, for every container that restarted since the last round.
      const previous = await Promise.all(
        follows.map((f, i) =>
          !gone && !first && f.restarts !== undefined && (restartsNow[i] ?? 0) > f.restarts
            ? fetch(f, false, true)
            : Promise.resolve([]),
        ),
      );
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
      status({
        state: 'reconnecting',
        error: error instanceof Error ? error.message : String(error),
        attempt: failures,
      });
      await sleep(Math.min(maxInterval, minInterval * 2 ** failures), options.signal);
      continue;
    }
    batch =
      follows.length > 1
        ? [...batch].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0))
        : batch;
    for (const line of batch) yield line;
    first = false;

    if (gone) {
      status({ state: 'ended', reason: `The ${source.noun} was deleted.` });
      return;
    }
    if (options.follow === false) {
      status({ state: 'ended', reason: 'History read.' });
      return;
    }
    // A workload that has ended runs nothing any more: one more round reads what its containers printed last.
    if (workload.final) {
      if (lastRound) {
        status({ state: 'ended', reason: `The ${source.noun} is ${workload.status}.` });
        return;
      }
      lastRound = true;
      continue;
    }
    interval = batch.length > 0 ? minInterval : Math.min(maxInterval, Math.round(interval * 1.5));
    // Many lines in one answer: the next round at once, so that a burst never outgrows one answer.
    if (batch.length < source.maxLines / 4) await sleep(interval, options.signal);
  }
  status({ state: 'ended', reason: 'Stopped.' });
}
