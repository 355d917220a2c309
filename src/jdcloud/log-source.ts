import type { FollowedLine, LineCursor, LogSource } from '../core/log-follower';
import { normalizeTimestamp } from '../core/log-follower';
import { CloudError } from '../core/errors';
import { message, say } from '../core/messages/messages';
import type { JdcloudClient } from './client';
import { isRetryableJdcloud } from './client';
import type { JdcloudContainer } from './operations';
import { describeContainer, getLogs } from './operations';

/** getLogs answers at most 4 KB (docs/reference/eci-api.md §8): the newest lines that fit. */
const LIMIT_BYTES = 4096;
/** How many delivered lines are kept to find where the next answer picks up. */
const REMEMBERED = 500;

/**
 * Lines the source says itself, not the container (it stopped, it runs again), each with what delivering it means:
 * they are new whatever the answer around them, and take no part in finding the overlap.
 */
const notices = new WeakMap<FollowedLine, () => void>();

/**
 * Where a Native Container's log stands. getLogs has no "since this line", only the newest lines, so an answer is
 * matched against the lines delivered last: the latest place in it where the delivered lines end (the lines before
 * matching too, as far as both go) marks what is old; the rest is new. Repeated identical lines can make that
 * ambiguous; the latest place is taken, so a line is never shown twice (at worst a run of identical lines shows
 * shorter). A line that starts with its own RFC 3339 time (as the emulator's and most applications' do) keeps it,
 * and is matched with it; one without gets the second it arrived in, with a sequence number in place of the
 * fraction, so that such lines keep their order wherever lines are ordered by time.
 */
export class OverlapCursor implements LineCursor {
  private recent: string[] = [];
  private sequence = 0;
  /** The timestamp of the line delivered last. */
  private last = '';

  constructor(private readonly now: () => number = Date.now) {}

  take(lines: readonly FollowedLine[]): FollowedLine[] {
    const said = lines.filter((l) => notices.has(l));
    const logged = said.length === 0 ? lines : lines.filter((l) => !notices.has(l));
    const keys = logged.map(key);
    // The last line of the answer that is the last line delivered, with the lines before it matching too (as far
    // as both go): everything after it is new.
    let overlap = 0;
    for (let end = keys.length - 1; end >= 0 && this.recent.length > 0; end--) {
      const k = Math.min(this.recent.length, end + 1);
      let same = true;
      for (let i = 0; i < k && same; i++) same = keys[end - i] === this.recent[this.recent.length - 1 - i];
      if (same) {
        overlap = end + 1;
        break;
      }
    }
    const fresh = new Set(logged.slice(overlap));
    for (const line of fresh) this.recent.push(key(line));
    // Trimmed in batches: dropping the oldest on every poll would copy the whole memory each time.
    if (this.recent.length > 2 * REMEMBERED) this.recent = this.recent.slice(-REMEMBERED);
    const stamp = new Date(this.now()).toISOString().slice(0, 19);
    const taken = lines
      .filter((l) => fresh.has(l) || notices.has(l))
      .map((line) => {
        if (line.timestamp !== '') return line;
        // Never before the line delivered last (a container's clock may run ahead of this machine's).
        const arrived = `${stamp}.${String(this.sequence++ % 1e9).padStart(9, '0')}Z`;
        return { ...line, timestamp: arrived < this.last ? this.last : arrived };
      });
    for (const line of said) notices.get(line)?.();
    this.last = taken.at(-1)?.timestamp ?? this.last;
    return taken;
  }
}

/** What a line is matched by: its text, with its own time when it has one. */
const key = (line: FollowedLine): string => (line.timestamp === '' ? line.text : `${line.timestamp} ${line.text}`);

/** A line of getLogs: a leading RFC 3339 time becomes the line's timestamp (and leaves the text), as ECI's do. */
export function jdcloudLogLine(raw: string, container: string): FollowedLine {
  const space = raw.indexOf(' ');
  const timestamp = space === -1 ? undefined : normalizeTimestamp(raw.slice(0, space));
  return timestamp === undefined
    ? { timestamp: '', text: raw, container }
    : { timestamp, text: raw.slice(space + 1), container };
}

/**
 * A Native Container's logs for the follower: getLogs polled, describeContainer for its status. A stopped container
 * can start again, so no status ends the follow; instead the view is told, once, when the container is stopped
 * (or in error) and when it runs again, by a line of the source's own (`— web stopped; …`) in the log.
 */
export function jdcloudLogSource(
  client: () => Promise<JdcloudClient>,
  regionId: string,
  containerId: string,
  now: () => number = Date.now,
): LogSource {
  /** The container as the last describe saw it. */
  let seen: { name: string; status: string; reason: string | undefined } | undefined;
  /** What the view was last told: nothing yet (it takes a container to run), stopped, or running again. */
  let told: 'running' | 'stopped' | undefined;
  /** The line that tells the view what changed since it was last told, if anything did. */
  const notice = (container: string): FollowedLine | undefined => {
    if (seen === undefined) return undefined;
    const { name, status, reason } = seen;
    // pending, stopping, rebuilding…: on the way, said when it gets there.
    const phase = status === 'running' ? 'running' : status === 'stopped' || status === 'error' ? 'stopped' : undefined;
    // A view opened on a running container is told nothing: what it shows says so.
    if (phase === 'running' && told === undefined) told = 'running';
    if (phase === undefined || phase === (told ?? 'running')) return undefined;
    const said =
      phase === 'running'
        ? message('log.jdcloud.runningAgain', { name })
        : status === 'error'
          ? reason
            ? message('log.jdcloud.errorReason', { name, reason })
            : message('log.jdcloud.error', { name })
          : told === undefined
            ? message('log.jdcloud.isStopped', { name })
            : message('log.jdcloud.stopped', { name });
    const line: FollowedLine = { timestamp: '', text: say(said), container, said };
    notices.set(line, () => (told = phase));
    return line;
  };
  /** The container now (undefined when it is gone), remembered for the notices. */
  const look = async (): Promise<JdcloudContainer | undefined> => {
    try {
      const { container } = await describeContainer(await client(), regionId, containerId);
      seen = { name: container.name, status: container.status, reason: container.reason };
      return container;
    } catch (error) {
      if (error instanceof CloudError && error.httpStatus === 404) return undefined;
      throw error;
    }
  };
  return {
    maxLines: Number.POSITIVE_INFINITY, // a gap cannot be told from an answer's size; the overlap cursor delivers what it has
    noun: 'container',
    id: containerId,
    async describe() {
      const container = await look();
      // A stopped container can be started again, so no state is final: the follow waits for its next lines.
      return container === undefined
        ? undefined
        : { containers: [{ name: container.name, restarts: undefined }], final: false, status: container.status };
    },
    isTransient: isRetryableJdcloud,
    cursor: () => new OverlapCursor(now),
    async read(container, _cursor, request, signal) {
      signal?.throwIfAborted();
      // Not running when last seen: seen afresh before its logs are read, so that "running again" comes before
      // the first lines of the new instance (it costs a call only while the container is not running).
      if (seen?.status !== 'running' && (await look()) === undefined) return [];
      let logs: string;
      try {
        ({ logs } = await getLogs(await client(), regionId, containerId, {
          tailLines: request.first ? request.tail : 200,
          sinceSeconds: request.first ? request.sinceSeconds : undefined,
          limitBytes: LIMIT_BYTES,
        }));
      } catch (error) {
        // Deleted meanwhile: no lines, and the describe that follows ends the follow with the reason.
        if (error instanceof CloudError && error.httpStatus === 404) return [];
        // A stopped container whose logs are refused (JD Cloud may keep none): nothing new until it starts.
        if (error instanceof CloudError && error.httpStatus === 400 && seen !== undefined && seen.status !== 'running')
          logs = '';
        else throw error;
      }
      const lines = logs
        .split('\n')
        .filter((text) => text !== '')
        .map((text) => jdcloudLogLine(text, container));
      // Said after the last lines of a stopped instance, before the first of a new one.
      const said = notice(container);
      if (said === undefined) return lines;
      return told === 'stopped' ? [said, ...lines] : [...lines, said];
    },
  };
}
