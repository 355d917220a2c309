/**
 * How long a newcomer waits: `npm ci && npm start` on a clone of this repository (its HEAD) with an empty toolchain
 * cache, until `npm start` prints its URL; then `npm start` again with the cache warm. The clone, its node_modules
 * and the cache are temporary folders. Not measured, and said so: Debian's packages (chromium, libkrb5-dev) are taken
 * as installed (apt's share is machine state, about 12 s when missing), and npm's own download cache (~/.npm) is
 * whatever this machine has.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, spread, type Figure } from './harness';

const repoRoot = join(__dirname, '..');
const WARM_ROUNDS = 3;

/** Runs `npm start` in `dir` until it prints its URL; returns the seconds it took, then stops it with Ctrl-C. */
function startUntilUrl(dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let seconds: number | undefined;
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (seconds === undefined && /^http:\/\/127\.0\.0\.1:\d+\/\?folder=/m.test(out)) {
        seconds = (performance.now() - started) / 1000;
        process.kill(-(child.pid ?? 0), 'SIGINT');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // It ends either way: after the URL, because it was told to; before it, on its own (a failure).
    child.once('exit', (code) =>
      seconds !== undefined
        ? resolve(seconds)
        : reject(new Error(`npm start exited (${code}) before printing its URL:\n${out.slice(-2000)}`)),
    );
  });
}

export async function run(): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'eci-bench-setup-'));
  const clone = join(root, 'repo');
  const env = { ...process.env, ECI_VSCODE_CACHE: join(root, 'toolchain') };
  try {
    const cloned = spawnSync('git', ['clone', '--quiet', repoRoot, clone], { stdio: 'inherit' });
    if (cloned.status !== 0) throw new Error('bench: git clone of this repository failed');
    const coldStarted = performance.now();
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: clone, env, stdio: 'ignore' });
    if (ci.status !== 0) throw new Error('bench: npm ci failed in the clone');
    const npmCi = (performance.now() - coldStarted) / 1000;
    const coldStart = await startUntilUrl(clone, env);
    const cold = npmCi + coldStart;
    const warm: number[] = [];
    for (let round = 0; round < WARM_ROUNDS; round++) warm.push(await startUntilUrl(clone, env));
    return [
      {
        name: `Setup, cold: npm ci && npm start on a fresh clone with an empty toolchain cache, until the URL prints (npm ci ${npmCi.toFixed(1)} s; Debian packages already installed)`,
        unit: 's',
        median: cold,
        spread: [cold, cold],
        target: '≤ 180 s',
        met: cold <= 180,
      },
      {
        name: `Setup, warm: npm start until the URL prints (toolchain installed; ${WARM_ROUNDS} rounds)`,
        unit: 's',
        median: median(warm),
        spread: spread(warm),
        target: '≤ 20 s',
        met: median(warm) <= 20,
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
