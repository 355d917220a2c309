import type { MetricRecord } from './records';

/**
 * DescribeContainerGroupMetric records as chartable series: CPU in cores, memory (working set) in MiB, network in
 * bytes per second (the API gives cumulative counters; a counter that goes down, as after a restart, starts over).
 * For the group and for each container. Pure, so that the numbers are tested without a webview.
 */
export interface Series {
  readonly name: string;
  readonly unit: 'cores' | 'MiB' | 'B/s';
  /** [time in ms since the epoch, value], oldest first. */
  readonly points: readonly (readonly [number, number])[];
}

export interface MetricCharts {
  readonly cpu: Series[];
  readonly memory: Series[];
  readonly network: Series[];
  /** The newest numbers, for a tooltip: cores, MiB and the container names they are of. */
  readonly latest: {
    readonly cpuCores: number | undefined;
    readonly memoryMiB: number | undefined;
    readonly time: number | undefined;
  };
}

const MIB = 1024 * 1024;

export function metricCharts(records: readonly MetricRecord[]): MetricCharts {
  const timed = records
    .map((record) => ({ record, time: record.Timestamp === undefined ? NaN : Date.parse(record.Timestamp) }))
    .filter((r) => !Number.isNaN(r.time))
    .sort((a, b) => a.time - b.time);
  const containerNames = [...new Set(timed.flatMap(({ record }) => record.Containers.map((c) => c.Name ?? '')))].filter(
    (n) => n !== '',
  );
  const cpu: Series[] = [
    {
      name: 'group',
      unit: 'cores',
      points: timed.flatMap(({ record, time }) =>
        record.CPU?.UsageNanoCores === undefined ? [] : [[time, record.CPU.UsageNanoCores / 1e9] as const],
      ),
    },
    ...containerNames.map((name): Series => ({
      name,
      unit: 'cores',
      points: timed.flatMap(({ record, time }) => {
        const value = record.Containers.find((c) => c.Name === name)?.CPU?.UsageNanoCores;
        return value === undefined ? [] : [[time, value / 1e9] as const];
      }),
    })),
  ];
  const memoryOf = (
    m: { WorkingSet?: number | undefined; UsageBytes?: number | undefined } | undefined,
  ): number | undefined => {
    const bytes = m?.WorkingSet ?? m?.UsageBytes;
    return bytes === undefined ? undefined : bytes / MIB;
  };
  const memory: Series[] = [
    {
      name: 'group',
      unit: 'MiB',
      points: timed.flatMap(({ record, time }) => {
        const v = memoryOf(record.Memory);
        return v === undefined ? [] : [[time, v] as const];
      }),
    },
    ...containerNames.map((name): Series => ({
      name,
      unit: 'MiB',
      points: timed.flatMap(({ record, time }) => {
        const v = memoryOf(record.Containers.find((c) => c.Name === name)?.Memory);
        return v === undefined ? [] : [[time, v] as const];
      }),
    })),
  ];
  const rate = (
    pick: (i: { RxBytes?: number | undefined; TxBytes?: number | undefined }) => number | undefined,
  ): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 1; i < timed.length; i++) {
      const a = timed[i - 1];
      const b = timed[i];
      if (a === undefined || b === undefined) continue;
      const total = (r: MetricRecord): number | undefined => {
        const values = (r.Network?.Interfaces ?? []).map(pick).filter((v): v is number => v !== undefined);
        return values.length === 0 ? undefined : values.reduce((s, v) => s + v, 0);
      };
      const before = total(a.record);
      const after = total(b.record);
      const seconds = (b.time - a.time) / 1000;
      if (before === undefined || after === undefined || seconds <= 0 || after < before) continue;
      out.push([b.time, (after - before) / seconds]);
    }
    return out;
  };
  const network: Series[] = [
    { name: 'received', unit: 'B/s', points: rate((i) => i.RxBytes) },
    { name: 'sent', unit: 'B/s', points: rate((i) => i.TxBytes) },
  ];
  const newest = timed.at(-1);
  return {
    cpu,
    memory,
    network,
    latest: {
      cpuCores: newest?.record.CPU?.UsageNanoCores === undefined ? undefined : newest.record.CPU.UsageNanoCores / 1e9,
      memoryMiB: memoryOf(newest?.record.Memory),
      time: newest?.time,
    },
  };
}
