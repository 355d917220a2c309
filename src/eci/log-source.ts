import type { FollowedLine, FollowSettings, LogSource } from '../core/log-follower';
import { followSource, normalizeTimestamp } from '../core/log-follower';
import type { EciClient } from './client';
import { isRetryable } from './client';
import { describeContainerGroups, describeContainerLog } from './operations';

/**
 * Following container logs where the API has no stream: DescribeContainerLog polled with `Timestamps=true` from the
 * second of the last line seen, every answer de-duplicated against what was already delivered, so that no line is
 * lost and none repeated: many lines in one second, identical lines, a restart (the previous instance's last lines
 * through `LastTime`), transient errors. Only the server's timestamps are compared, never this machine's clock.
 */
export interface FollowOptions extends FollowSettings {
  readonly containerGroupId: string;
  readonly regionId?: string | undefined;
}

/** The most lines one DescribeContainerLog returns. */
export const MAX_TAIL = 2000;
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
    isTransient: isRetryable,
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

const FINAL_STATES = new Set(['Succeeded', 'Failed', 'Expired', 'ScheduleFailed']);

/**
 * The lines of an ECI group's containers as they come (see followSource).
 */
export function followLogs(client: EciClient, options: FollowOptions): AsyncGenerator<FollowedLine, void, undefined> {
  return followSource(
    eciLogSource(() => Promise.resolve(client), options.containerGroupId, options.regionId),
    options,
  );
}
