import type { FollowedLine, LineCursor, LogSource } from '../logs/log-follower';
import { EciError } from '../eci/errors';
import type { JdcloudClient } from './client';
import { describeContainer, getLogs } from './operations';

/** getLogs answers at most 4 KB (eci-api.md §8): the newest lines that fit. */
const LIMIT_BYTES = 4096;
/** How many delivered lines are kept to find where the next answer picks up. */
const REMEMBERED = 500;

/**
 * Where a Native Container's log stands. getLogs has no timestamps and no "since this line", only the newest lines,
 * so an answer is matched against the lines delivered last: the latest place in it where the delivered lines end
 * (the lines before matching too, as far as both go) marks what is old; the rest is new. Repeated identical lines can
 * make that ambiguous; the latest place is taken, so a line is never shown twice (at worst a run of identical lines
 * shows shorter). New lines get the second they arrived in, with a sequence number in place of the fraction, so that
 * they keep their order wherever lines are ordered by time.
 */
export class OverlapCursor implements LineCursor {
  private recent: string[] = [];
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  take(lines: readonly FollowedLine[]): FollowedLine[] {
    const texts = lines.map((l) => l.text);
    // The last line of the answer that is the last line delivered, with the lines before it matching too (as far
    // as both go): everything after it is new.
    let overlap = 0;
    for (let end = texts.length - 1; end >= 0 && this.recent.length > 0; end--) {
      const k = Math.min(this.recent.length, end + 1);
      let same = true;
      for (let i = 0; i < k && same; i++) same = texts[end - i] === this.recent[this.recent.length - 1 - i];
      if (same) {
        overlap = end + 1;
        break;
      }
    }
    const fresh = lines.slice(overlap);
    if (fresh.length === 0) return [];
    for (const line of fresh) this.recent.push(line.text);
    // Trimmed in batches: dropping the oldest on every poll would copy the whole memory each time.
    if (this.recent.length > 2 * REMEMBERED) this.recent = this.recent.slice(-REMEMBERED);
    const stamp = new Date(this.now()).toISOString().slice(0, 19);
    return fresh.map((line) => ({ ...line, timestamp: `${stamp}.${String(this.sequence++ % 1e9).padStart(9, '0')}Z` }));
  }
}

/** A Native Container's logs for the follower: getLogs polled, describeContainer for its status. */
export function nativeContainerLogSource(
  client: () => Promise<JdcloudClient>,
  regionId: string,
  containerId: string,
  now: () => number = Date.now,
): LogSource {
  return {
    maxLines: Number.POSITIVE_INFINITY, // a gap cannot be told from an answer's size; the overlap cursor delivers what it has
    noun: 'container',
    id: containerId,
    async describe() {
      try {
        const { container } = await describeContainer(await client(), regionId, containerId);
        // A stopped container can be started again, so no state is final: the follow waits for its next lines.
        return { containers: [{ name: container.name, restarts: undefined }], final: false, status: container.status };
      } catch (error) {
        if (error instanceof EciError && error.httpStatus === 404) return undefined;
        throw error;
      }
    },
    cursor: () => new OverlapCursor(now),
    async read(container, _cursor, request, signal) {
      signal?.throwIfAborted();
      let logs: string;
      try {
        ({ logs } = await getLogs(await client(), regionId, containerId, {
          tailLines: request.first ? request.tail : 200,
          sinceSeconds: request.first ? request.sinceSeconds : undefined,
          limitBytes: LIMIT_BYTES,
        }));
      } catch (error) {
        // Deleted meanwhile: no lines, and the describe that follows ends the follow with the reason.
        if (error instanceof EciError && error.httpStatus === 404) return [];
        throw error;
      }
      return logs
        .split('\n')
        .filter((text) => text !== '')
        .map((text) => ({ timestamp: '', text, container }));
    },
  };
}
