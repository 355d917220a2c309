import { Agent } from 'undici';
import { ContainerFiles } from '../src/core/container-files';
import type { ExecBackend } from '../src/core/exec';
import { runToEnd } from '../src/core/exec';
import { eciExecBackend } from '../src/eci/exec-session';
import { DEMO_KEY } from '../src/emulator/server';
import { JdcloudClient } from '../src/jdcloud/client';
import { jdcloudExecBackend } from '../src/jdcloud/exec-session';
import { createContainers, waitForContainerStatus } from '../src/jdcloud/operations';
import type { Figure } from './harness';
import { benchClient, median, runningShellGroup, spread, startEmulatorProcess } from './harness';

/**
 * Container files over exec (src/core/container-files.ts) against the emulator's real processes, for both
 * providers: reading a 10 MB file into one buffer, and listing a folder of 1,000 entries (one exec each, the
 * container's tools already known). Each anchored by the bare exec of the same work through the same byte stream
 * (`cat` of the file, `ls -la` of the folder), in alternating rounds of one run.
 */
const SIZE = 10 * 1024 * 1024;
const ROUNDS = 9;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

interface Measured {
  readonly read: number[];
  readonly bareRead: number[];
  readonly list: number[];
  readonly bareList: number[];
}

async function measure(backend: ExecBackend): Promise<Measured> {
  const files = new ContainerFiles(backend);
  const cwd = await files.workingDirectory();
  await files.listingDialect();
  const file = `${cwd}/bench-10mb.bin`;
  const folder = `${cwd}/bench-1000`;
  await runToEnd(
    backend,
    [
      'sh',
      '-c',
      'head -c "$1" /dev/urandom > "$2" && mkdir -p "$3" && cd "$3" && i=0 && ' +
        'while [ $i -lt 1000 ]; do : > "entry number $i"; i=$((i+1)); done',
      'sh',
      String(SIZE),
      file,
      folder,
    ],
    { timeoutMs: 60_000 },
  );
  const measured: Measured = { read: [], bareRead: [], list: [], bareList: [] };
  const ours = async (): Promise<void> => {
    measured.read.push(
      await time(async () => {
        if ((await files.read(file)).length !== SIZE) throw new Error('bench: read a short file');
      }),
    );
    measured.list.push(
      await time(async () => {
        if ((await files.list(folder)).length !== 1000) throw new Error('bench: listed a short folder');
      }),
    );
  };
  const bare = async (): Promise<void> => {
    measured.bareRead.push(await time(() => runToEnd(backend, ['cat', file], { timeoutMs: 60_000 })));
    measured.bareList.push(await time(() => runToEnd(backend, ['ls', '-la', folder])));
  };
  await ours(); // warm-up of both paths
  await bare();
  measured.read.length = measured.list.length = measured.bareRead.length = measured.bareList.length = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first, so that neither always follows the other's leftovers.
    if (round % 2 === 0) {
      await ours();
      await bare();
    } else {
      await bare();
      await ours();
    }
  }
  return measured;
}

function figures(provider: string, m: Measured): Figure[] {
  const mbps = (ms: number): number => SIZE / 1024 / 1024 / (ms / 1000);
  const reads = m.read.map(mbps);
  const bareReads = m.bareRead.map(mbps);
  return [
    {
      name: `Container files (${provider}): reading a 10 MiB file over exec into one buffer`,
      unit: 'MiB/s',
      median: median(reads),
      spread: spread(reads),
      anchor: { name: 'cat of the file through the same exec byte stream (MiB/s)', median: median(bareReads) },
      ratio: median(reads) / median(bareReads),
      target: '≥ 20 MB/s',
      met: median(reads) * 1.048576 >= 20,
    },
    {
      name: `Container files (${provider}): listing a folder of 1,000 entries (names, kinds, sizes, times, modes)`,
      unit: 'ms',
      median: median(m.list),
      spread: spread(m.list),
      anchor: { name: 'ls -la of the folder through the same exec byte stream (ms)', median: median(m.bareList) },
      ratio: median(m.list) / median(m.bareList),
      target: '< 300 ms',
      met: median(m.list) < 300,
    },
  ];
}

export async function run(): Promise<Figure[]> {
  const emulator = await startEmulatorProcess(['--speed', '100']);
  const agent = new Agent({ connections: 8 });
  try {
    const client = benchClient(emulator.url, agent);
    const id = await runningShellGroup(client, 'bench-files');
    const eci = await measure(
      eciExecBackend(() => Promise.resolve(client), {
        regionId: 'cn-hangzhou',
        containerGroupId: id,
        groupName: 'bench-files',
        containerName: 'app',
      }),
    );
    const native = new JdcloudClient({ credentials: DEMO_KEY, endpoint: emulator.url, maxAttempts: 1 });
    const [containerId = ''] = (
      await createContainers(native, 'cn-north-1', {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name: 'bench-files',
        image: 'busybox',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
      })
    ).containerIds;
    await waitForContainerStatus(native, 'cn-north-1', containerId, 'running', { intervalMs: 50 });
    const jd = await measure(
      jdcloudExecBackend(() => Promise.resolve(native), 'cn-north-1', { containerId, name: 'bench-files' }),
    );
    await native.close();
    await client.close();
    return [...figures('ECI', eci), ...figures('JD Cloud', jd)];
  } finally {
    await agent.close();
    emulator.stop();
  }
}
