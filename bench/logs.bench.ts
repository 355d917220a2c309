import { Agent } from 'undici';
import { EciClient } from '../src/eci/client';
import { createContainerGroup, describeContainerGroups, describeContainerLog } from '../src/eci/operations';
import { DEMO_KEY } from '../src/emulator/server';
import type { FollowedLine } from '../src/core/log-follower';
import { followLogs, LogCursor, MAX_TAIL, parseLogContent } from '../src/eci/log-source';
import type { Figure } from './harness';
import { median, runningGroup, spread, startEmulatorProcess } from './harness';

/**
 * The log follower (src/core/log-follower.ts, with ECI's source in src/eci/log-source.ts). Throughput: the CPU-bound part of a poll — the answer's JSON, its lines,
 * the cursor's de-duplication, a sink — over answers shaped as the follower receives them at 1,000 lines a second (each
 * answer starts again at the cursor's whole second, so lines are read about twice for each one delivered). Delay: a
 * line's emission (its timestamp in the emulator, a process of its own at real time) to its delivery, with a fixed poll
 * interval, against that interval plus one round trip.
 */
const LINES = 200_000;
const PER_SECOND = 1000;
const ROUNDS = 5;
const POLL_MS = 500;
const DELAY_SAMPLE_MS = 8_000;

function timestampOf(i: number): string {
  const second = 1_795_000_000 + Math.floor(i / PER_SECOND);
  const nanos = ((i % PER_SECOND) * 1e6 + 123_456).toString().padStart(9, '0');
  return `${new Date(second * 1000).toISOString().slice(0, 19)}.${nanos}Z`;
}

/** The answers a follower would receive: each from the start of the second of the last line delivered, up to 2,000 lines. */
function answers(): string[] {
  const lines = Array.from(
    { length: LINES },
    (_, i) =>
      `${timestampOf(i)} 10.0.${i % 8}.${(i % 250) + 1} - - "GET /api/orders HTTP/1.1" 200 ${512 + (i % 400)} "-" "curl/8.5.0"`,
  );
  const bodies: string[] = [];
  let next = 0;
  while (next < LINES) {
    const from = next - (next % PER_SECOND);
    const to = Math.min(LINES, from + MAX_TAIL);
    bodies.push(
      JSON.stringify({
        RequestId: 'B7A1E0E3-0000-4000-8000-000000000000',
        ContainerName: 'app',
        Content: lines.slice(from, to).join('\n') + '\n',
      }),
    );
    next = to;
  }
  return bodies;
}

function throughput(bodies: readonly string[]): { linesPerSecond: number; splitOnlyPerSecond: number } {
  const cursor = new LogCursor();
  let delivered = 0;
  const sink = (line: FollowedLine): void => {
    delivered += line.text.length > 0 ? 1 : 0;
  };
  const started = performance.now();
  for (const body of bodies) {
    const answer = JSON.parse(body) as { Content: string };
    for (const line of cursor.take(parseLogContent(answer.Content, 'app'))) sink(line);
  }
  const elapsed = performance.now() - started;
  if (delivered !== LINES) throw new Error(`the cursor delivered ${delivered} of ${LINES} lines`);
  // The physical floor of the same work: reading the answers and splitting them into lines, nothing else.
  const floorStarted = performance.now();
  let split = 0;
  for (const body of bodies) split += (JSON.parse(body) as { Content: string }).Content.split('\n').length;
  const floorElapsed = performance.now() - floorStarted;
  if (split < LINES) throw new Error('split lost lines');
  return { linesPerSecond: (LINES / elapsed) * 1000, splitOnlyPerSecond: (LINES / floorElapsed) * 1000 };
}

async function delay(): Promise<{ delays: number[]; roundTrip: number }> {
  const emulator = await startEmulatorProcess([]);
  const agent = new Agent({ connections: 8 });
  try {
    const client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'bench' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
      dispatcher: agent,
      maxAttempts: 1,
    });
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: 'bench-logs',
      SecurityGroupId: 'sg-bench',
      VSwitchId: 'vsw-cn-hangzhou-h-bench',
      Container: [
        { Name: 'app', Image: 'demo/worker:1', EnvironmentVar: [{ Key: 'EMULATOR_LOG_EVERY_SECOND', Value: '20' }] },
      ],
    });
    await runningGroup(client, id, 100);
    // One round trip as the follower makes it: the log call, then the group's state.
    const roundTrips: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await describeContainerLog(client, { ContainerGroupId: id, ContainerName: 'app', Timestamps: true, Tail: 50 });
      await describeContainerGroups(client, { ContainerGroupIds: [id] });
      roundTrips.push(performance.now() - started);
    }
    const abort = new AbortController();
    const stop = setTimeout(() => abort.abort(), DELAY_SAMPLE_MS);
    const delays: number[] = [];
    let history = true;
    for await (const line of followLogs(client, {
      containerGroupId: id,
      tail: 1,
      minIntervalMs: POLL_MS,
      maxIntervalMs: POLL_MS,
      signal: abort.signal,
    })) {
      // The first answer is history (the tail), not a line that was just printed.
      if (history) {
        history = false;
        continue;
      }
      delays.push(Date.now() - Date.parse(line.timestamp));
    }
    clearTimeout(stop);
    return { delays, roundTrip: median(roundTrips) };
  } finally {
    await agent.close();
    emulator.stop();
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}

export async function run(): Promise<Figure[]> {
  const bodies = answers();
  throughput(bodies); // warm-up
  const rounds = Array.from({ length: ROUNDS }, () => throughput(bodies));
  const ours = rounds.map((r) => r.linesPerSecond);
  const floor = rounds.map((r) => r.splitOnlyPerSecond);

  const { delays, roundTrip } = await delay();
  const limit = POLL_MS + roundTrip;
  const p95 = percentile(delays, 0.95);
  return [
    {
      name: 'Log follower: lines per second through answer → lines → de-duplication → sink (CPU-bound)',
      unit: 'lines/s',
      median: median(ours),
      spread: spread(ours),
      anchor: { name: 'reading and splitting the same answers only', median: median(floor) },
      ratio: median(ours) / median(floor),
      target: '≥ 200,000 lines/s',
      met: median(ours) >= 200_000,
    },
    {
      name: `Log follower: delay from a line's emission to its delivery, 95th percentile of ${delays.length} lines (poll every ${POLL_MS} ms)`,
      unit: 'ms',
      median: p95,
      spread: spread(delays),
      anchor: { name: 'poll interval + one round trip', median: limit },
      ratio: p95 / limit,
      target: '≤ poll interval + one round trip',
      met: p95 <= limit,
    },
  ];
}
