import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { EciClient } from '../src/eci/client';
import { createContainerGroup } from '../src/eci/operations';
import { DEMO_KEY } from '../src/emulator/server';
import { waitUntilSettled } from '../src/deploy/template-deploy';

/** The shape of one benchmark figure, and small statistics helpers shared by every bench file. */
export interface Figure {
  /** What is measured, e.g. "V3 signatures per second". */
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  /** Lowest and highest of the rounds. */
  readonly spread: readonly [number, number];
  /** The anchor or physical limit measured in the same run, if any. */
  readonly anchor?: { readonly name: string; readonly median: number } | undefined;
  /** median / anchor (or as the figure defines it), when there is an anchor. */
  readonly ratio?: number | undefined;
  readonly target: string;
  readonly met: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function spread(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** Runs `work` repeatedly for about `ms` milliseconds and returns operations per second. */
export function opsPerSecond(work: () => void, ms = 500): number {
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) work();
    count += 200;
    elapsed = performance.now() - started;
  }
  return (count / elapsed) * 1000;
}

/** A `dist/cli.js emulator` in its own process, as users run it, so that its work and the measured code's do not share one event loop. */
export interface EmulatorProcess {
  readonly url: string;
  readonly adminToken: string;
  stop(): void;
}

export async function startEmulatorProcess(args: readonly string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'cli.js'), 'emulator', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, adminToken } = await new Promise<{ url: string; adminToken: string }>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /listening on (\S+)/.exec(text)?.[1];
      const token = /admin token: (\S+)/.exec(text)?.[1];
      if (found !== undefined && token !== undefined) resolve({ url: found, adminToken: token });
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
  return { url, adminToken, stop: () => child.kill() };
}

/** Waits for a group to run (through the deploy code's own waiting), and says so when it does not. */
/** An ECI client of the benchmark's emulator: one attempt a call, through `agent`'s connections. */
export function benchClient(url: string, agent: Dispatcher): EciClient {
  return new EciClient({
    credentials: { ...DEMO_KEY, source: 'bench' },
    regionId: 'cn-hangzhou',
    endpoint: url,
    dispatcher: agent,
    maxAttempts: 1,
  });
}

/** A running group named `name` whose one container `app` has a shell (the emulator's demo image); its ID. */
export async function runningShellGroup(client: EciClient, name: string): Promise<string> {
  const { ContainerGroupId: id } = await createContainerGroup(client, {
    ContainerGroupName: name,
    SecurityGroupId: 'sg-bench',
    VSwitchId: 'vsw-cn-hangzhou-h-bench',
    Container: [{ Name: 'app', Image: 'demo/shell:1' }],
  });
  await runningGroup(client, id, 50);
  return id;
}

export async function runningGroup(client: EciClient, containerGroupId: string, intervalMs: number): Promise<void> {
  const { group } = await waitUntilSettled(client, containerGroupId, client.regionId, {
    intervalMs,
    timeoutMs: 20_000,
  });
  if (group.Status !== 'Running')
    throw new Error(`bench: the group ${containerGroupId} is ${group.Status}, not Running`);
}
