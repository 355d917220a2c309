import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

// `eci emulator` and `eci faults` as a user runs them, from the built CLI.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const DEMO = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEmulatorDemo01',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'eci-emulator-demo-secret',
};

let child: ChildProcessWithoutNullStreams;
let url = '';
let adminToken = '';

function cli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  assert.ok(existsSync(CLI), 'run npm run build first');
  child = spawn(process.execPath, [CLI, 'emulator', '--seed', 'demo', '--port', '0']);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      const admin = /^admin token: (\w+)$/m.exec(out);
      if (listening?.[1] !== undefined && admin?.[1] !== undefined) {
        url = listening[1];
        adminToken = admin[1];
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${out}`)));
  });
});
after(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
});

describe('eci emulator', () => {
  it('prints one listening line on 127.0.0.1 and serves demo data in several regions and statuses', () => {
    const statuses = new Set<string>();
    for (const region of ['cn-hangzhou', 'cn-shanghai', 'cn-beijing']) {
      const run = cli(['call', 'DescribeContainerGroups', '--endpoint', url, '--region', region], DEMO);
      assert.equal(run.status, 0, run.stderr);
      const body = JSON.parse(run.stdout) as { ContainerGroups: { Status: string }[] };
      assert.ok(body.ContainerGroups.length > 0, `no demo groups in ${region}`);
      for (const group of body.ContainerGroups) statuses.add(group.Status);
    }
    for (const status of ['Running', 'Succeeded', 'Failed', 'Scheduling', 'ScheduleFailed'])
      assert.ok(statuses.has(status), `no demo group is ${status}: ${[...statuses].join(', ')}`);
    const caches = JSON.parse(cli(['call', 'DescribeImageCaches', '--endpoint', url], DEMO).stdout) as {
      ImageCaches: { Status: string }[];
    };
    assert.ok(caches.ImageCaches.some((c) => c.Status === 'Ready'));
  });

  it('changes faults at run time through the admin endpoint, and refuses a wrong admin token', () => {
    const set = cli(['faults', url, '--admin-token', adminToken, '--fault-rate', '1']);
    assert.equal(set.status, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout), { latencyMs: 0, faultRate: 1, dropAfterCommitRate: 0 });
    const refused = cli(['call', 'DescribeRegions', '--endpoint', url, '--timeout', '2000'], DEMO);
    assert.equal(refused.status, 1);
    assert.match((JSON.parse(refused.stderr) as { Code: string }).Code, /^(Throttling|ServiceUnavailable)$/);
    assert.equal(cli(['faults', url, '--admin-token', adminToken, '--fault-rate', '0']).status, 0);
    assert.equal(cli(['call', 'DescribeRegions', '--endpoint', url], DEMO).status, 0);
    const wrong = cli(['faults', url, '--admin-token', 'not-the-token', '--fault-rate', '1']);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /admin token/);
  });

  it('rejects bad usage with exit status 2', () => {
    assert.equal(cli(['emulator', '--seed', 'everything']).status, 2);
    assert.equal(cli(['emulator', '--speed', '-1']).status, 2);
    assert.equal(cli(['emulator', '--access-key-id', 'only-an-id']).status, 2);
    assert.equal(cli(['faults', url]).status, 2);
  });
});
