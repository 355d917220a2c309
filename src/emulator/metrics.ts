import { invalid } from './api-error';
import type { GroupModel } from './model';
import { iso } from './render';

/** Plausible, continuous resource series: smooth functions of time, different per group and container. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

function wave(seed: number, t: number): number {
  // Two slow sines and a faster one: between 0 and 1, continuous.
  const s = t / 1000;
  return (
    0.5 +
    0.25 * Math.sin(s / 97 + seed * 6.28) +
    0.15 * Math.sin(s / 23 + seed * 12.1) +
    0.1 * Math.sin(s / 7 + seed * 3.3)
  );
}

/** The integral of `wave` over seconds: cumulative counters (bytes sent, CPU time) grow by it and never go down. */
function waveIntegral(seed: number, t: number): number {
  const s = t / 1000;
  return (
    0.5 * s -
    0.25 * 97 * Math.cos(s / 97 + seed * 6.28) -
    0.15 * 23 * Math.cos(s / 23 + seed * 12.1) -
    0.1 * 7 * Math.cos(s / 7 + seed * 3.3)
  );
}

/** Cumulative amount from the group's creation to t of a rate `base + amplitude × wave` per second. */
function cumulative(seed: number, from: number, t: number, base: number, amplitude: number): number {
  if (t <= from) return 0;
  return Math.round(base * ((t - from) / 1000) + amplitude * (waveIntegral(seed, t) - waveIntegral(seed, from)));
}

function containerSample(
  group: GroupModel,
  name: string,
  cpuLimit: number,
  memoryGiB: number,
  t: number,
): { CPU: Record<string, number>; Memory: Record<string, number> } {
  const seed = hash(`${group.ContainerGroupId}/${name}`);
  const cpuShare = Math.max(0.01, wave(seed, t)) * 0.6;
  const usageNanoCores = Math.round(cpuShare * cpuLimit * 1e9);
  const memoryBytes = Math.max(1, memoryGiB) * 1024 ** 3;
  const workingSet = Math.round(memoryBytes * (0.2 + 0.3 * wave(seed + 0.5, t)));
  return {
    CPU: {
      UsageNanoCores: usageNanoCores,
      UsageCoreNanoSeconds: cumulative(seed, group.createdAt, t, 0, 0.6 * cpuLimit * 1e9),
      Load: Math.round(cpuShare * 100),
      Limit: Math.round(cpuLimit * 1000),
    },
    Memory: {
      AvailableBytes: memoryBytes - workingSet,
      UsageBytes: workingSet + 4_194_304,
      Cache: 4_194_304,
      WorkingSet: workingSet,
      Rss: Math.round(workingSet * 0.9),
    },
  };
}

export function metricRecord(group: GroupModel, t: number): Record<string, unknown> {
  const containers = group.spec.Containers.map((c) => ({
    Name: c.Name,
    ...containerSample(
      group,
      c.Name,
      c.Cpu || group.spec.Cpu / group.spec.Containers.length,
      c.Memory || group.spec.Memory / group.spec.Containers.length,
      t,
    ),
  }));
  const sum = (pick: (c: (typeof containers)[number]) => number): number =>
    containers.reduce((total, c) => total + pick(c), 0);
  const seed = hash(group.ContainerGroupId);
  return {
    Timestamp: iso(t),
    CPU: {
      UsageNanoCores: sum((c) => c.CPU['UsageNanoCores'] ?? 0),
      UsageCoreNanoSeconds: sum((c) => c.CPU['UsageCoreNanoSeconds'] ?? 0),
      Load: sum((c) => c.CPU['Load'] ?? 0),
      Limit: Math.round(group.spec.Cpu * 1000),
    },
    Memory: {
      AvailableBytes: sum((c) => c.Memory['AvailableBytes'] ?? 0),
      UsageBytes: sum((c) => c.Memory['UsageBytes'] ?? 0),
      Cache: sum((c) => c.Memory['Cache'] ?? 0),
      WorkingSet: sum((c) => c.Memory['WorkingSet'] ?? 0),
      Rss: sum((c) => c.Memory['Rss'] ?? 0),
    },
    Network: {
      Interfaces: [
        {
          Name: 'eth0',
          TxBytes: cumulative(seed, group.createdAt, t, 2000, 1500),
          RxBytes: cumulative(seed + 0.3, group.createdAt, t, 5000, 3000),
          TxErrors: 0,
          RxErrors: 0,
        },
      ],
    },
    Containers: containers,
  };
}

const PERIODS = [15, 30, 60, 600];
const THIRTY_DAYS = 30 * 86_400_000;

/**
 * DescribeContainerGroupMetric's Records, by the API reference's rules for StartTime, EndTime and Period
 * (docs/reference/eci-api-2020-notes.md §8.1).
 */
export function metricRecords(
  group: GroupModel,
  startTime: string | undefined,
  endTime: string | undefined,
  periodText: string | undefined,
  now: number,
  secondMs = 1000,
): Record<string, unknown>[] {
  let period = 60;
  let start: number;
  let end: number;
  if (startTime === undefined && endTime === undefined) {
    // No range: the last 5 minutes at 15 s, whatever Period says.
    period = 15;
    end = now;
    start = now - 300 * secondMs;
  } else {
    if (periodText !== undefined && periodText !== '') {
      period = Number(periodText);
      if (!PERIODS.includes(period)) throw invalid('Period', `must be one of ${PERIODS.join(', ')}`);
    }
    start = startTime === undefined ? now : Date.parse(startTime);
    end = endTime === undefined ? now : Date.parse(endTime);
    if (Number.isNaN(start)) throw invalid('StartTime', `"${startTime ?? ''}" is not an RFC 3339 time`);
    if (Number.isNaN(end)) throw invalid('EndTime', `"${endTime ?? ''}" is not an RFC 3339 time`);
    if (start < now - THIRTY_DAYS) throw invalid('StartTime', 'must be within the past 30 days');
    if (end < start) throw invalid('EndTime', 'must not be before StartTime');
  }
  const first = Math.max(start, group.createdAt);
  const last = Math.min(end, now);
  // Points are `period` emulated seconds apart, so a fast clock gives a series to look at sooner.
  const step = period * secondMs;
  const records: Record<string, unknown>[] = [];
  for (let t = Math.ceil(first / step) * step; t <= last && records.length < 2000; t += step)
    records.push(metricRecord(group, t));
  return records;
}
