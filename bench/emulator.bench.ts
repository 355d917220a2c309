import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { EciClient } from '../src/eci/client';
import { createContainerGroup, describeContainerGroups } from '../src/eci/operations';
import type { Figure } from './harness';
import { median, spread } from './harness';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const KEY = { accessKeyId: 'LTAI5tEmulatorDemo01', accessKeySecret: 'eci-emulator-demo-secret', source: 'bench' };

interface Running {
  url: string;
  pid: number;
  startupMs: number;
  stop: () => void;
}

/** Starts `node dist/cli.js <args>` and resolves when it prints its `listening on` line. */
function startProcess(args: string[], marker = /listening on (http:\/\/\S+)/): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = marker.exec(text);
      if (match !== null)
        resolve({
          url: match[1] ?? '',
          pid: child.pid ?? 0,
          startupMs: performance.now() - started,
          stop: () => child.kill(),
        });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function throughput(call: () => Promise<unknown>, seconds: number, concurrency: number): Promise<number> {
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await call();
        count++;
      }
    }),
  );
  return count / seconds;
}

export async function run(): Promise<Figure[]> {
  // Start-up: the emulator against a bare `node` that prints a line (the floor of any Node program here).
  const startups: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < 7; i++) {
    const floor = await startProcess([
      '-e',
      'require("http").createServer().listen(0,"127.0.0.1",function(){console.log("listening on http://127.0.0.1:"+this.address().port)})',
    ]);
    floors.push(floor.startupMs);
    floor.stop();
    const emulator = await startProcess([CLI, 'emulator', '--port', '0']);
    startups.push(emulator.startupMs);
    emulator.stop();
  }

  // Throughput of DescribeContainerGroups (a page of 20 out of 100 groups), against a bare Node HTTP server.
  const emulator = await startProcess([CLI, 'emulator', '--port', '0', '--quota', '20000']);
  const agent = new Agent({ connections: 32, keepAliveTimeout: 30_000 });
  const client = new EciClient({
    credentials: KEY,
    regionId: 'cn-hangzhou',
    endpoint: emulator.url,
    dispatcher: agent,
    maxAttempts: 1,
  });
  const create = (i: number) =>
    createContainerGroup(client, {
      ContainerGroupName: `bench-${i}`,
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      Container: [{ Name: 'app', Image: 'nginx:alpine', Port: [{ Port: 80 }] }],
    });
  for (let i = 0; i < 100; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => create(i + j)));
  const echo = await startProcess([join(__dirname, 'echo-server.mjs')], /^(\d+)/);
  const echoUrl = `http://127.0.0.1:${echo.url}`;
  const echoClient = new EciClient({
    credentials: KEY,
    regionId: 'cn-hangzhou',
    endpoint: echoUrl,
    dispatcher: agent,
    maxAttempts: 1,
  });
  const emulatorRates: number[] = [];
  const echoRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    // callRaw: parse the JSON but skip validating it into records, so that the load generator, which shares
    // this 2-core machine with the emulator, costs as little as a signed client can.
    emulatorRates.push(await throughput(() => client.callRaw('DescribeContainerGroups', { Limit: 20 }), 3, 32));
    echoRates.push(await throughput(() => echoClient.callRaw('DescribeContainerGroups', { Limit: 20 }), 3, 32));
  }
  echo.stop();

  await client.close();
  await echoClient.close();
  emulator.stop();

  // Memory with 10,000 groups, in an emulator of its own: the throughput run above leaves its process with the
  // high-water mark of 20,000 pages of garbage, which says nothing about what 10,000 groups take.
  const fresh = await startProcess([CLI, 'emulator', '--port', '0', '--quota', '20000']);
  const freshClient = new EciClient({
    credentials: KEY,
    regionId: 'cn-hangzhou',
    endpoint: fresh.url,
    dispatcher: agent,
    maxAttempts: 1,
  });
  const createIn = (i: number) =>
    createContainerGroup(freshClient, {
      ContainerGroupName: `bench-${i}`,
      SecurityGroupId: 'sg',
      VSwitchId: 'vsw',
      Container: [{ Name: 'app', Image: 'nginx:alpine', Port: [{ Port: 80 }] }],
    });
  for (let i = 0; i < 10_000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => createIn(i + j)));
  await describeContainerGroups(freshClient, { Limit: 20 });
  const rss = rssMb(fresh.pid);
  await freshClient.close();
  await agent.close();
  fresh.stop();

  const rate = median(emulatorRates);
  const echoRate = median(echoRates);
  const startup = median(startups);
  return [
    {
      name: 'Emulator DescribeContainerGroups throughput (page of 20 of 100 groups, 32 concurrent, signed V3)',
      unit: 'requests/s',
      median: rate,
      spread: spread(emulatorRates),
      anchor: { name: 'the same client against a bare Node HTTP server (requests/s)', median: echoRate },
      ratio: rate / echoRate,
      target: '≥ 2,000/s',
      met: rate >= 2000,
    },
    {
      name: 'Emulator resident memory with 10,000 container groups',
      unit: 'MB',
      median: rss,
      spread: [rss, rss],
      target: '≤ 150 MB',
      met: rss <= 150,
    },
    {
      name: 'Emulator start-up (spawn to listening)',
      unit: 'ms',
      median: startup,
      spread: spread(startups),
      anchor: { name: 'bare node http server start-up (ms)', median: median(floors) },
      ratio: startup / median(floors),
      target: '< 300 ms',
      met: startup < 300,
    },
  ];
}
