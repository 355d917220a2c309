import { Agent } from 'undici';
import { EciClient } from '../src/eci/client';
import { createContainerGroup, describeContainerGroups } from '../src/eci/operations';
import { DEMO_KEY } from '../src/emulator/server';
import { JdcloudClient } from '../src/jdcloud/client';
import { OverlapCursor } from '../src/jdcloud/log-source';
import { createContainers, describeContainers } from '../src/jdcloud/operations';
import type { FollowedLine } from '../src/core/log-follower';
import type { Figure } from './harness';
import { median, spread, startEmulatorProcess } from './harness';

/**
 * The second provider, JD Cloud Native Container. Its log cursor: getLogs gives only the newest lines, up to 4 KB, with
 * no timestamps, so each answer is matched against what was delivered; measured over answers shaped as a follower
 * receives them (60 lines, 5 new a poll), against splitting the same answers only. Its client: a describeContainers
 * round trip against the emulator, against ECI's DescribeContainerGroups on the same emulator process (a page of twenty
 * each).
 */
const LINES = 100_000;
const WINDOW = 60;
const NEW_PER_POLL = 5;
const ROUNDS = 5;
const CALLS = 300;

function answers(): string[] {
  const lines = Array.from(
    { length: LINES },
    (_, i) =>
      `2026-11-22T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z GET /api/orders/${i} 200 ${512 + (i % 400)}`,
  );
  const bodies: string[] = [];
  for (let end = NEW_PER_POLL; end <= LINES; end += NEW_PER_POLL)
    bodies.push(lines.slice(Math.max(0, end - WINDOW), end).join('\n'));
  return bodies;
}

function throughput(bodies: readonly string[]): { ours: number; floor: number } {
  const cursor = new OverlapCursor(() => 0);
  let delivered = 0;
  const started = performance.now();
  for (const body of bodies) {
    const lines: FollowedLine[] = body.split('\n').map((text) => ({ timestamp: '', text, container: 'app' }));
    delivered += cursor.take(lines).length;
  }
  const elapsed = performance.now() - started;
  if (delivered !== LINES) throw new Error(`the overlap cursor delivered ${delivered} of ${LINES} lines`);
  const floorStarted = performance.now();
  let split = 0;
  for (const body of bodies)
    split += body.split('\n').map((text) => ({ timestamp: '', text, container: 'app' })).length;
  const floorElapsed = performance.now() - floorStarted;
  if (split < LINES) throw new Error('split lost lines');
  return { ours: (LINES / elapsed) * 1000, floor: (LINES / floorElapsed) * 1000 };
}

async function roundTrips(): Promise<{ native: number[]; eci: number[] }> {
  const emulator = await startEmulatorProcess([]);
  const agent = new Agent({ connections: 8 });
  const native = new JdcloudClient({
    credentials: DEMO_KEY,
    endpoint: emulator.url,
    dispatcher: agent,
    maxAttempts: 1,
  });
  const eci = new EciClient({
    credentials: { ...DEMO_KEY, source: 'bench' },
    regionId: 'cn-hangzhou',
    endpoint: emulator.url,
    dispatcher: agent,
    maxAttempts: 1,
  });
  try {
    // Twenty of each, so that both answers carry a page of twenty.
    await createContainers(
      native,
      'cn-north-1',
      {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name: 'bench',
        image: 'nginx:1.27-alpine',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-bench' } },
      },
      { maxCount: 20 },
    );
    for (let i = 0; i < 20; i++) {
      await createContainerGroup(eci, {
        ContainerGroupName: `bench-${i}`,
        SecurityGroupId: 'sg-bench',
        VSwitchId: 'vsw-cn-hangzhou-h-bench',
        Container: [{ Name: 'web', Image: 'nginx:1.27-alpine' }],
      });
    }
    const time = async (call: () => Promise<unknown>): Promise<number[]> => {
      for (let i = 0; i < 30; i++) await call(); // warm-up: connections, JIT
      const samples: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await call();
        samples.push(performance.now() - started);
      }
      return samples;
    };
    // Alternated, so that both see the same machine at the same time.
    const jdcloudSamples: number[] = [];
    const eciSamples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      jdcloudSamples.push(median(await time(() => describeContainers(native, 'cn-north-1', { pageSize: 20 }))));
      eciSamples.push(median(await time(() => describeContainerGroups(eci, { Limit: 20 }))));
    }
    return { native: jdcloudSamples, eci: eciSamples };
  } finally {
    await agent.close();
    emulator.stop();
  }
}

export async function run(): Promise<Figure[]> {
  const bodies = answers();
  throughput(bodies); // warm-up
  const rounds = Array.from({ length: ROUNDS }, () => throughput(bodies));
  const ours = rounds.map((r) => r.ours);
  const floor = rounds.map((r) => r.floor);
  const { native, eci } = await roundTrips();
  return [
    {
      name: `Native Container log cursor: lines per second through overlap matching (answers of ${WINDOW} lines, ${NEW_PER_POLL} new a poll)`,
      unit: 'lines/s',
      median: median(ours),
      spread: spread(ours),
      anchor: { name: 'splitting the same answers into lines only', median: median(floor) },
      ratio: median(ours) / median(floor),
      target: '≥ 200,000 lines/s',
      met: median(ours) >= 200_000,
    },
    {
      name: 'Native Container client: describeContainers round trip against the emulator (median of rounds of 300)',
      unit: 'ms',
      median: median(native),
      spread: spread(native),
      anchor: { name: 'ECI DescribeContainerGroups on the same emulator', median: median(eci) },
      ratio: median(native) / median(eci),
      target: "≤ 1.5× ECI's round trip",
      met: median(native) <= 1.5 * median(eci),
    },
  ];
}
