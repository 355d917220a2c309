import { Agent } from 'undici';
import WebSocket from 'ws';
import type { EciClient } from '../src/eci/client';
import { execContainerCommand } from '../src/eci/operations';
import { ExecSession } from '../src/eci/exec-session';
import type { Figure } from './harness';
import { benchClient, median, runningShellGroup, spread, startEmulatorProcess } from './harness';

/**
 * The exec session (src/eci/exec-session.ts) against the emulator's real processes, each measure taken through our
 * ExecSession and through a bare `ws` client on a session of the same kind, in alternating rounds of one run: output
 * throughput of a command printing text as fast as it can, and the round trip of one keystroke echoed by `cat` (what
 * our session adds to a keystroke's echo is the difference).
 */
const BYTES = 256 * 1024 * 1024;
const ROUNDS = 9;
const KEYSTROKES = 300;

const flood = ['sh', '-c', `yes 'GET /api/orders HTTP/1.1 200 512 curl/8.5.0 0123456789' | head -c ${BYTES}`];

interface Target {
  readonly client: EciClient;
  readonly id: string;
}

async function bareSocket(target: Target, command: readonly string[]): Promise<WebSocket> {
  const { WebSocketUri } = await execContainerCommand(target.client, {
    ContainerGroupId: target.id,
    ContainerName: 'app',
    Command: command,
    TTY: false,
    Stdin: true,
  });
  const socket = new WebSocket(WebSocketUri ?? '', { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Bytes per second of the flood's output, and the bytes counted (to check both sides read everything). */
async function throughputOurs(target: Target): Promise<number> {
  let chars = 0;
  const started = performance.now();
  const session = await ExecSession.open(
    target.client,
    { containerGroupId: target.id, containerName: 'app', command: flood, tty: false },
    { onOutput: (text) => (chars += text.length) },
  );
  await session.done();
  const elapsed = performance.now() - started;
  if (chars !== BYTES) throw new Error(`our session read ${chars} of ${BYTES} bytes`);
  return (BYTES / elapsed) * 1000;
}

async function throughputBare(target: Target): Promise<number> {
  let bytes = 0;
  const started = performance.now();
  const socket = await bareSocket(target, flood);
  socket.on('message', (data: Buffer) => (bytes += data.length - 1));
  await new Promise((resolve) => socket.once('close', resolve));
  const elapsed = performance.now() - started;
  if (bytes !== BYTES) throw new Error(`the bare client read ${bytes} of ${BYTES} bytes`);
  return (BYTES / elapsed) * 1000;
}

/** Median milliseconds from writing one character to `cat` to seeing it come back. */
async function echoOurs(target: Target): Promise<number> {
  let waiting: (() => void) | undefined;
  const session = await ExecSession.open(
    target.client,
    { containerGroupId: target.id, containerName: 'app', command: ['cat'], tty: false },
    { onOutput: () => waiting?.() },
  );
  const times: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const echoed = new Promise<void>((resolve) => (waiting = resolve));
    const started = performance.now();
    session.write('x');
    await echoed;
    times.push(performance.now() - started);
  }
  await session.close();
  return median(times.slice(20));
}

async function echoBare(target: Target): Promise<number> {
  let waiting: (() => void) | undefined;
  const socket = await bareSocket(target, ['cat']);
  socket.on('message', () => waiting?.());
  const times: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const echoed = new Promise<void>((resolve) => (waiting = resolve));
    const started = performance.now();
    socket.send(Buffer.of(0, 0x78), { binary: true });
    await echoed;
    times.push(performance.now() - started);
  }
  socket.close();
  return median(times.slice(20));
}

export async function run(): Promise<Figure[]> {
  const emulator = await startEmulatorProcess(['--speed', '100']);
  const agent = new Agent({ connections: 8 });
  try {
    const client = benchClient(emulator.url, agent);
    const id = await runningShellGroup(client, 'bench-exec');
    const target = { client, id };
    await throughputOurs(target); // warm-up of both paths
    await throughputBare(target);
    const ours: number[] = [];
    const bare: number[] = [];
    const echoWithSession: number[] = [];
    const echoWithWs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating which goes first, so that neither always follows the other's leftovers.
      if (round % 2 === 0) {
        ours.push(await throughputOurs(target));
        bare.push(await throughputBare(target));
      } else {
        bare.push(await throughputBare(target));
        ours.push(await throughputOurs(target));
      }
      echoWithSession.push(await echoOurs(target));
      echoWithWs.push(await echoBare(target));
    }
    const added = echoWithSession.map((value, i) => value - (echoWithWs[i] ?? NaN));
    const mb = (v: number): number => v / 1024 / 1024;
    // Each round's two runs are back to back, so the ratio is taken per round (the machine's drift cancels) and its median reported.
    const ratios = ours.map((value, i) => value / (bare[i] ?? NaN));
    return [
      {
        name: `Exec: output throughput of our session (${BYTES / 1024 / 1024} MiB of text from the emulator's real process)`,
        unit: 'MiB/s',
        median: mb(median(ours)),
        spread: [mb(Math.min(...ours)), mb(Math.max(...ours))],
        anchor: { name: 'a bare ws client on the same kind of session', median: mb(median(bare)) },
        ratio: median(ratios),
        target: '≥ 0.9× bare ws',
        met: median(ratios) >= 0.9,
      },
      {
        name: `Exec: latency our session adds to a keystroke's echo (median of ${KEYSTROKES - 20} echoes by cat, per round)`,
        unit: 'ms',
        median: median(added),
        spread: spread(added),
        anchor: { name: 'echo round trip with a bare ws client', median: median(echoWithWs) },
        ratio: median(echoWithSession) / median(echoWithWs),
        target: '< 1 ms added',
        met: median(added) < 1,
      },
    ];
  } finally {
    await agent.close();
    emulator.stop();
  }
}
