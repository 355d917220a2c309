import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EciClient } from '../../src/eci/client';
import { createContainerGroup, describeContainerGroupMetric, describeContainerGroups } from '../../src/eci/operations';
import { metricCharts } from '../../src/eci/metric-series';
import { EmulatorFixture, eventually } from '../helpers/emulator';

describe('metric series from DescribeContainerGroupMetric, against the emulator', () => {
  let fixture: EmulatorFixture;
  let client: EciClient;
  let id: string;
  before(async () => {
    // 10× real time: a 15 s period is 1.5 s, and the API's timestamps (whole seconds) stay apart.
    fixture = await EmulatorFixture.start({ speed: 10 });
    client = fixture.client();
    ({ ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: 'charted',
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      Cpu: 2,
      Memory: 4,
      Container: [
        { Name: 'web', Image: 'nginx', Cpu: 1, Memory: 2 },
        { Name: 'side', Image: 'busybox', Cpu: 1, Memory: 2 },
      ],
    }));
    await eventually(async () =>
      (await describeContainerGroups(client, { ContainerGroupIds: [id] })).ContainerGroups[0]?.Status === 'Running'
        ? true
        : undefined,
    );
    // Five samples of the 15 s period (1.5 s each at this speed): waited for, not slept through.
    await eventually(
      async () =>
        (await describeContainerGroupMetric(client, { ContainerGroupId: id })).Records.length >= 5 ? true : undefined,
      30_000,
      'five metric samples',
    );
  });
  after(() => fixture.close());

  it('gives CPU in cores and memory in MiB for the group and each container, network as a rate, and the latest numbers', async () => {
    const { Records } = await describeContainerGroupMetric(client, { ContainerGroupId: id });
    assert.ok(Records.length >= 5, `${Records.length} records`);
    const charts = metricCharts(Records);
    assert.deepEqual(
      charts.cpu.map((s) => s.name),
      ['group', 'web', 'side'],
    );
    assert.deepEqual(
      charts.memory.map((s) => s.name),
      ['group', 'web', 'side'],
    );
    assert.equal(charts.cpu[0]?.points.length, Records.length);
    for (const series of [...charts.cpu, ...charts.memory])
      for (const [, value] of series.points) assert.ok(value >= 0 && Number.isFinite(value));
    // The group's CPU is its containers' together, and within its 2 vCPU.
    const [group, web, side] = charts.cpu;
    group?.points.forEach(([t, v], i) => {
      assert.ok(Math.abs(v - ((web?.points[i]?.[1] ?? 0) + (side?.points[i]?.[1] ?? 0))) < 1e-6, `at ${t}`);
      assert.ok(v <= 2);
    });
    assert.equal(charts.network[0]?.points.length, Records.length - 1);
    assert.ok(charts.network.every((s) => s.points.every(([, v]) => v >= 0)));
    const last = Records.at(-1);
    assert.equal(charts.latest.cpuCores, (last?.CPU?.UsageNanoCores ?? NaN) / 1e9);
    assert.equal(charts.latest.time, Date.parse(last?.Timestamp ?? ''));
  });

  it('starts a rate over when a counter goes down (a restart), and ignores records without a time', () => {
    const record = (t: string, rx: number) => ({
      Timestamp: t,
      CPU: undefined,
      Memory: undefined,
      Network: { Interfaces: [{ Name: 'eth0', RxBytes: rx, TxBytes: 0, TxErrors: 0, RxErrors: 0 }] },
      Containers: [],
    });
    const charts = metricCharts([
      record('2026-11-22T10:00:00Z', 1000),
      record('2026-11-22T10:00:10Z', 3000),
      record('2026-11-22T10:00:20Z', 500),
      { ...record('', 9), Timestamp: undefined },
    ]);
    assert.deepEqual(
      charts.network[0]?.points.map(([, v]) => v),
      [200],
    );
  });
});
