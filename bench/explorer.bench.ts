import { Agent, request } from 'undici';
import { EciClient } from '../src/eci/client';
import { createContainerGroup, describeContainerGroups } from '../src/eci/operations';
import { REGIONS } from '../src/emulator/regions';
import { DEMO_KEY } from '../src/emulator/server';
import { ExplorerModel } from '../src/explorer/explorer-model';
import { ECI_PROVIDER } from '../src/eci/provider';
import { TransitionalPoller } from '../src/explorer/transitional-poller';
import type { Figure } from './harness';
import { median, spread, startEmulatorProcess } from './harness';

/**
 * The explorer's loading and polling against an emulator with 1,000 groups in each of 10 regions and 50 ms added to
 * every request (a far region's round trip). The emulator is its own process (`dist/cli.js emulator`), as it is for
 * users, so that its work and the explorer's do not share one event loop; API calls are counted at our client.
 */
const GROUPS_PER_REGION = 1000;
const LATENCY_MS = 50;
const OBSERVE_MS = 6_000;

export async function run(): Promise<Figure[]> {
  const emulator = await startEmulatorProcess(['--speed', '1000', '--quota', String(GROUPS_PER_REGION + 10)]);
  const { url, adminToken } = emulator;
  let calls = 0;
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const client = new EciClient({
    credentials: { ...DEMO_KEY, source: 'bench' },
    regionId: 'cn-hangzhou',
    endpoint: url,
    dispatcher: agent,
    maxAttempts: 1,
    onCall: () => calls++,
  });
  const regions = REGIONS.slice(0, 10).map((r) => r.regionId);
  for (const regionId of regions) {
    const zone = REGIONS.find((r) => r.regionId === regionId)?.zones[0] ?? '';
    for (let i = 0; i < GROUPS_PER_REGION; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          createContainerGroup(
            client,
            {
              ContainerGroupName: `g-${i + j}`,
              SecurityGroupId: 'sg-bench',
              VSwitchId: `vsw-${zone}-bench`,
              Container: [{ Name: 'app', Image: 'nginx:alpine' }],
            },
            { regionId },
          ),
        ),
      );
    }
  }
  // Let every group settle (the clock runs 1,000× faster), then add the latency.
  await new Promise((r) => setTimeout(r, 200));
  await request(`${url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'x-emulator-admin-token': adminToken, 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs: LATENCY_MS }),
  }).then((r) => r.body.text());

  // The round trip: one page of 20, alone, as many times as there are pages to load in a region.
  const roundTrips: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await describeContainerGroups(client, { Limit: 20 }, { regionId: regions[0] });
    roundTrips.push(performance.now() - started);
  }
  const roundTrip = median(roundTrips);
  const pages = GROUPS_PER_REGION / 20;

  const firstShown: number[] = [];
  const allLoaded: number[] = [];
  for (let round = 0; round < 3; round++) {
    const model = new ExplorerModel();
    const states = regions.map((regionId) =>
      model.region('bench', regionId, ECI_PROVIDER, () => Promise.resolve(client)),
    );
    const started = performance.now();
    let first = NaN;
    await Promise.all(
      states.map(async (state) => {
        await state.ensureLoaded();
        if (Number.isNaN(first)) first = performance.now() - started;
        await state.loadAll();
      }),
    );
    allLoaded.push(performance.now() - started);
    firstShown.push(first);
    if (states.some((s) => s.groups.length !== GROUPS_PER_REGION)) throw new Error('not every group was loaded');
  }

  // API calls with nothing moving: hidden, then visible.
  const model = new ExplorerModel();
  const states = regions.map((regionId) =>
    model.region('bench', regionId, ECI_PROVIDER, () => Promise.resolve(client)),
  );
  await Promise.all(states.map((s) => s.ensureLoaded()));
  const perMinute = async (visible: boolean): Promise<number> => {
    const poller = new TransitionalPoller(
      () => model.all(),
      () => undefined,
      3_000,
    );
    poller.setVisible(visible);
    const from = calls;
    await new Promise((r) => setTimeout(r, OBSERVE_MS));
    poller.dispose();
    return ((calls - from) * 60_000) / OBSERVE_MS;
  };
  const hidden = await perMinute(false);
  const visibleIdle = await perMinute(true);
  await client.close();
  await agent.close();
  emulator.stop();

  const limit = pages * roundTrip;
  return [
    {
      name: `Explorer: time until the first groups show (10 regions in parallel, ${LATENCY_MS} ms added latency)`,
      unit: 'ms',
      median: median(firstShown),
      spread: spread(firstShown),
      anchor: { name: 'one round trip, a page of 20 alone (ms)', median: roundTrip },
      ratio: median(firstShown) / roundTrip,
      target: '≤ one round trip + 50 ms',
      met: median(firstShown) <= roundTrip + 50,
    },
    {
      name: `Explorer: time until all 10 × ${GROUPS_PER_REGION.toLocaleString('en-US')} groups are loaded (Load all)`,
      unit: 'ms',
      median: median(allLoaded),
      spread: spread(allLoaded),
      anchor: { name: `physical limit: ${pages} pages × one round trip, regions in parallel (ms)`, median: limit },
      ratio: median(allLoaded) / limit,
      target: '≤ 1.1× the limit',
      met: median(allLoaded) <= 1.1 * limit,
    },
    {
      name: `Explorer: API calls per minute with the view hidden (10,000 groups, observed ${OBSERVE_MS / 1000} s)`,
      unit: 'calls/min',
      median: hidden,
      spread: [hidden, hidden],
      target: '0',
      met: hidden === 0,
    },
    {
      name: `Explorer: API calls per minute with the view visible and nothing transitional (observed ${OBSERVE_MS / 1000} s)`,
      unit: 'calls/min',
      median: visibleIdle,
      spread: [visibleIdle, visibleIdle],
      target: '0 (only transitional groups are polled)',
      met: visibleIdle === 0,
    },
  ];
}
