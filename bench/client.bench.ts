import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { EciClient } from '../src/eci/client';
import { describeRegions } from '../src/eci/operations';
import type { Figure } from './harness';
import { median, spread } from './harness';

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = fork(join(__dirname, 'echo-server.mjs'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function timeCalls(n: number, call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await call();
  return ((performance.now() - started) * 1000) / n; // microseconds per call
}

export async function run(): Promise<Figure[]> {
  const server = await startServer();
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 });
  const client = new EciClient({
    credentials: { accessKeyId: 'LTAI5tBenchKey000000', accessKeySecret: 'bench-secret', source: 'bench' },
    regionId: 'cn-hangzhou',
    endpoint: server.url,
    dispatcher: agent,
  });
  // The anchor sends exactly the bytes our client sends (a pre-signed request, replayed), so that the ratio
  // measures what the client's own work adds: signing, retry bookkeeping, reading, parsing and validation.
  const signed = await client.prepare('DescribeRegions', {});
  const bare = async (): Promise<unknown> => {
    const response = await request(signed.url, { method: 'POST', dispatcher: agent, headers: signed.headers });
    return JSON.parse(await response.body.text()) as unknown;
  };
  const ours = (): Promise<unknown> => describeRegions(client);

  // Warm up both paths (JIT, connections), then alternate rounds so that drift hits both equally.
  await timeCalls(2000, bare);
  await timeCalls(2000, ours);
  const bareRounds: number[] = [];
  const ourRounds: number[] = [];
  const ratios: number[] = [];
  // Many short alternating rounds: on a noisy 2-core machine the ratio within a round is far steadier than
  // either absolute figure, and the median ratio is what the target is about.
  for (let round = 0; round < 40; round++) {
    const b = await timeCalls(250, bare);
    const o = await timeCalls(250, ours);
    bareRounds.push(b);
    ourRounds.push(o);
    ratios.push(o / b);
  }

  // Heap: 100,000 calls; heap after a full GC at 10,000 and at 100,000 calls.
  const gc = (globalThis as { gc?: () => void }).gc;
  let heapGrowthMb = NaN;
  if (gc !== undefined) {
    await timeCalls(10_000, ours);
    gc();
    const before = process.memoryUsage().heapUsed;
    await timeCalls(90_000, ours);
    gc();
    heapGrowthMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  }

  await client.close();
  await agent.close();
  server.stop();
  const ratio = median(ratios);
  return [
    {
      name: 'Client per-call time (sign, send, parse, validate) vs bare undici to the same loopback server',
      unit: 'µs/call',
      median: median(ourRounds),
      spread: spread(ourRounds),
      anchor: { name: 'bare undici request with the same bytes + JSON.parse (µs/call)', median: median(bareRounds) },
      ratio,
      target: '≤ 1.15× bare undici',
      met: ratio <= 1.15,
    },
    {
      name: 'Heap growth over 90,000 client calls (after 10,000 warm-up calls, full GC before and after)',
      unit: 'MB',
      median: heapGrowthMb,
      spread: [heapGrowthMb, heapGrowthMb],
      target: 'no growth (< 1 MB)',
      met: heapGrowthMb < 1,
    },
  ];
}
