import { invalid } from './errors';
import { integerQuery } from './params';
import type { JdcloudContainerModel } from './model';

/**
 * What a container printed: a line a second while its current instance runs (the time is part of the text, as an
 * application would print it; getLogs itself has no timestamps), the newest `tailLines` of them since `sinceSeconds`,
 * cut to `limitBytes` from the start, as getLogs returns them. A container still being created has printed nothing.
 */
export function logsOf(container: JdcloudContainerModel, query: URLSearchParams, now: number): string {
  const tail = integerQuery(query, 'tailLines', 100);
  const since = integerQuery(query, 'sinceSeconds');
  const limitBytes = integerQuery(query, 'limitBytes', 4096);
  if (limitBytes < 1 || limitBytes > 4096) throw invalid('limitBytes must be from 1 to 4096.');
  if (tail < 0) throw invalid('tailLines must be 0 or more.');
  if (since !== undefined && since < 1) throw invalid('sinceSeconds must be 1 or more.');
  if (container.instance === 0) return '';
  const end = container.stoppedAt ?? now;
  const count = Math.max(0, Math.floor((end - container.startedAt) / 1000) + 1);
  const from = Math.max(
    1,
    count - tail + 1,
    since === undefined ? 1 : Math.ceil((now - since * 1000 - container.startedAt) / 1000) + 1,
  );
  // Newest first, as many whole lines as fit: what cutting the text from its start leaves. A long-running container
  // with a large tailLines thus costs no more than a short one.
  const lines: string[] = [];
  let bytes = -1;
  for (let i = count; i >= from; i--) {
    const line =
      `${new Date(container.startedAt + (i - 1) * 1000).toISOString()} [${container.image}] ` +
      `instance ${container.instance}: request ${i} served`;
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > limitBytes) break;
    lines.push(line);
  }
  return lines.reverse().join('\n');
}
