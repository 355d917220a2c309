import { CloudError } from './errors';
import type { Message } from './messages/messages';
import { message, say } from './messages/messages';

/**
 * Following a workload's logs where the API has no stream, one loop for every provider: each round reads every
 * container through the provider's LogSource, keeps only what was not delivered (the source's LineCursor), and sees
 * restarts and the end of the workload. Only the server's timestamps are compared, never this machine's clock.
 */
export interface FollowedLine {
  /** RFC 3339 with nanoseconds, normalised to 9 digits (the order of lines). */
  readonly timestamp: string;
  readonly text: string;
  readonly container: string;
  /** A line the source says itself (not the container): its `text` as a message, to say it in another language. */
  readonly said?: Message | undefined;
}

export type FollowStatus =
  | { readonly state: 'following' }
  | { readonly state: 'reconnecting'; readonly error: string; readonly attempt: number }
  | { readonly state: 'gap'; readonly container: string; readonly from: string; readonly to: string }
  /** `reason` in English; `said`, when the reason is the follower's own, to say it in another language. */
  | { readonly state: 'ended'; readonly reason: string; readonly said?: Message | undefined };

/** How to follow, whichever provider's workload. */
export interface FollowSettings {
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

/** What the follower needs of a provider: ECI's DescribeContainerLog (src/eci/log-source.ts), JD Cloud's getLogs (src/jdcloud/log-source.ts). */
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
  /**
   * Whether a failed read is worth waiting out (network, throttling, server errors: what the provider's client
   * retries) rather than the end of the follow.
   */
  isTransient(error: CloudError): boolean;
  /** What is followed, for the messages: "container group" and its ID. */
  readonly noun: string;
  readonly id: string;
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

/** An error worth waiting out rather than ending on: not an API answer, or one the source says is transient. */
function isTransient(source: LogSource, error: unknown): boolean {
  return !(error instanceof CloudError) || source.isTransient(error) || error.code === 'InvalidResponse';
}

/**
 * The lines of a workload's containers as they come: one container's in order, several interleaved by time within
 * each round of polls. Ends when the containers have terminated for good and their last lines are read, when the
 * workload is gone, when `follow` is false after the history, or when the signal aborts; it never throws for a
 * transient error. One loop for every provider: what differs is the LogSource.
 */
export async function* followSource(
  source: LogSource,
  options: FollowSettings,
): AsyncGenerator<FollowedLine, void, undefined> {
  const minInterval = options.minIntervalMs ?? 250;
  const maxInterval = options.maxIntervalMs ?? 5_000;
  const status = (s: FollowStatus): void => options.onStatus?.(s);
  const ended = (said: Message): void => status({ state: 'ended', reason: say(said), said });
  const describe = (): Promise<LogWorkload | undefined> => source.describe(options.signal);

  let workload = await describe();
  if (workload === undefined) {
    ended(message('log.ended.missing', { noun: nounMessage(source.noun), id: source.id }));
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
      if (!isTransient(source, error)) {
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
      ended(message('log.ended.deleted', { noun: nounMessage(source.noun) }));
      return;
    }
    if (options.follow === false) {
      ended(message('log.ended.historyRead'));
      return;
    }
    // A workload that has ended runs nothing any more: one more round reads what its containers printed last.
    if (workload.final) {
      if (lastRound) {
        ended(message('log.ended.status', { noun: nounMessage(source.noun), status: workload.status }));
        return;
      }
      lastRound = true;
      continue;
    }
    interval = batch.length > 0 ? minInterval : Math.min(maxInterval, Math.round(interval * 1.5));
    // Many lines in one answer: the next round at once, so that a burst never outgrows one answer.
    if (batch.length < source.maxLines / 4) await sleep(interval, options.signal);
  }
  ended(message('log.ended.stopped'));
}

/** A source's noun as a message of the catalog where it has one (the providers' workloads), else as it is. */
function nounMessage(noun: string): Message | string {
  return noun === 'container group'
    ? message('cli.noun.containerGroup')
    : noun === 'container'
      ? message('noun.container')
      : noun;
}
