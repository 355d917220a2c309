import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCall } from '../../src/cli/call-command';
import { CloudError } from '../../src/core/errors';
import { EciClient } from '../../src/eci/client';
import { describeContainerGroups } from '../../src/eci/operations';
import { JdcloudClient } from '../../src/jdcloud/client';
import { describeContainers } from '../../src/jdcloud/operations';
import type { Handler } from '../helpers/scripted-server';
import {
  announcedAnswer,
  dropConnection,
  endlessAnswer,
  hugeHeaders,
  json,
  neverAnswer,
  peakGrowth,
  rawAnswer,
  RawTcpServer,
  resetMidBody,
  ScriptedServer,
  trickle,
} from '../helpers/scripted-server';

// Servers that misbehave in every way we could think of, each a real server on 127.0.0.1, against both API clients
// (through their typed operations) and `eci call` (runCall, in this process, as src/cli.ts runs it). Every case must
// end in a clear error within the call's deadline, with bounded memory, and show nothing of the secret or the whole
// AccessKey ID: the servers below echo both wherever a client might quote them (messages, pages, headers, fields).

/** The whole call, as `eci call --timeout` and the clients' `deadlineMs` give it. */
const DEADLINE_MS = 1_500;
/** The test's own bound on top of the deadline: timers' latency and a loaded machine (two cores, tests in parallel). */
const MARGIN_MS = 2_000;
/** Memory a case may add: the 32 MiB answer limit, with room for the buffers on the way (src/core/transport.ts). */
const MEMORY_BOUND = 128 * 1024 * 1024;
const LIMIT = 32 * 1024 * 1024;

const ID = 'LTAI5tHostileProbeKey7Q';
const SECRET = 'hs7Kq2ZpW9xYvN4rT6mB8cLdQ';
const MASKED_ID = 'LTAI****ey7Q';
/** What a hostile server says to bait a client into quoting: ECI's own SignatureDoesNotMatch quotes the ID so. */
const BAIT = `server string to sign is:POST&%2F&AccessKeyId%3D${ID}%26Action%3DDescribeContainerGroups and ${SECRET}`;

type Dialect = 'eci' | 'jdcloud';

interface Target {
  readonly name: string;
  readonly dialect: Dialect;
  /** Attempts the target makes at most (its retry policy's maxAttempts). */
  readonly maxAttempts: number;
  /** One call against the endpoint; what it ended with, and everything it showed. */
  run(endpoint: string, signal?: AbortSignal): Promise<Outcome>;
}

interface Outcome {
  /** The error's code, or `undefined` when the call succeeded. */
  readonly code: string | undefined;
  readonly message: string;
  readonly attempts: number | undefined;
  /** Everything a person could be shown: messages, hints, the error JSON, the command's stdout and stderr. */
  readonly shown: string;
}

function fromError(error: unknown): Outcome {
  assert.ok(error instanceof CloudError, `expected a CloudError, got ${String(error)}`);
  return {
    code: error.code,
    message: error.message,
    attempts: error.attempts,
    shown: [error.message, error.describe(), JSON.stringify(error.toJSON()), String(error)].join('\n'),
  };
}

const TARGETS: readonly Target[] = [
  {
    name: 'EciClient',
    dialect: 'eci',
    maxAttempts: 4,
    async run(endpoint, signal) {
      // The default per-attempt timeout (30 s) is left as it is: the deadline alone must end every case.
      const client = new EciClient({
        credentials: { accessKeyId: ID, accessKeySecret: SECRET, source: 'test' },
        regionId: 'cn-hangzhou',
        endpoint,
        deadlineMs: DEADLINE_MS,
      });
      try {
        await describeContainerGroups(client, {}, { signal });
        return { code: undefined, message: '', attempts: undefined, shown: '' };
      } catch (error) {
        return fromError(error);
      } finally {
        await client.close();
      }
    },
  },
  {
    name: 'JdcloudClient',
    dialect: 'jdcloud',
    maxAttempts: 3,
    async run(endpoint, signal) {
      const client = new JdcloudClient({
        credentials: { accessKeyId: ID, accessKeySecret: SECRET },
        endpoint,
        deadlineMs: DEADLINE_MS,
      });
      try {
        if (signal === undefined) await describeContainers(client, 'cn-north-1');
        else
          await client.call({
            operation: 'describeContainers',
            method: 'GET',
            regionId: 'cn-north-1',
            path: '/containers',
            signal,
          });
        return { code: undefined, message: '', attempts: undefined, shown: '' };
      } catch (error) {
        return fromError(error);
      } finally {
        await client.close();
      }
    },
  },
  {
    name: 'eci call',
    dialect: 'eci',
    maxAttempts: 4,
    async run(endpoint, signal) {
      let stdout = '';
      let stderr = '';
      const status = await runCall(
        ['DescribeContainerGroups', '--endpoint', endpoint, '--timeout', String(DEADLINE_MS)],
        {
          stdout: (text) => (stdout += text),
          stderr: (text) => (stderr += text),
          env: { ALIBABA_CLOUD_ACCESS_KEY_ID: ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET },
          signal,
        },
      );
      const shown = stdout + stderr;
      if (status === 0) return { code: undefined, message: '', attempts: undefined, shown };
      assert.equal(status, 1, `eci call exited ${status}: ${stderr}`);
      const printed = JSON.parse(stderr) as { Code: string; Message: string; Attempts: number };
      return { code: printed.Code, message: printed.Message, attempts: printed.Attempts, shown };
    },
  },
];

/** An error answer in each API's own form (ECI's body with Code; JD Cloud's envelope), baited with the secrets. */
function apiFailure(dialect: Dialect, status: number, headers: Record<string, string> = {}): Handler {
  return (_request, response) =>
    dialect === 'eci'
      ? json(
          response,
          status,
          {
            RequestId: `req-${ID}`,
            HostId: `eci.${SECRET}.test`,
            Code: status === 429 ? 'Throttling' : 'ServiceUnavailable',
            Message: `Try later. ${BAIT}`,
            Recommend: `https://api.test/troubleshoot?key=${ID}&secret=${SECRET}`,
          },
          headers,
        )
      : json(
          response,
          status,
          {
            requestId: `req-${ID}`,
            error: {
              code: status,
              status: status === 429 ? 'TOO_MANY_REQUESTS' : 'UNAVAILABLE',
              message: `Try later. ${BAIT}`,
            },
          },
          headers,
        );
}

/** The code each API's failure above carries. */
function failureCode(dialect: Dialect, status: number): string {
  if (dialect === 'eci') return status === 429 ? 'Throttling' : 'ServiceUnavailable';
  return status === 429 ? 'TOO_MANY_REQUESTS' : 'UNAVAILABLE';
}

/** Brackets nested 200,000 deep: JSON.parse reads them, JSON.stringify cannot (it recurses, about 10,000 deep). */
const DEEP = 200_000;
const deepList = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;

interface Started {
  readonly endpoint: string;
  /** Requests (or connections, for a raw TCP server) the server saw. */
  seen(): number;
  close(): Promise<void>;
  /** Bytes of body the server sent, for the huge answers. */
  readonly sent?: { bytes: number } | undefined;
}

interface HostileCase {
  readonly name: string;
  /** An answer of tens of megabytes: its case runs alone, so that the memory it adds is its own. */
  readonly huge?: boolean;
  start(dialect: Dialect): Promise<Started>;
  /** What the call must end with, given the target (for what differs between them) and what the server saw. */
  check(outcome: Outcome, target: Target, started: Started): void;
}

async function scripted(handler: Handler, sent?: { bytes: number }): Promise<Started> {
  const server = await ScriptedServer.start();
  server.otherwise(handler);
  return { endpoint: server.url, seen: () => server.requests.length, close: () => server.close(), sent };
}

async function rawTcp(onConnection?: Parameters<typeof RawTcpServer.start>[0]): Promise<Started> {
  const server = await RawTcpServer.start(onConnection);
  return { endpoint: server.url, seen: () => server.connections, close: () => server.close() };
}

function expectError(outcome: Outcome, code: string, message: RegExp): void {
  assert.equal(outcome.code, code, `expected ${code}: ${outcome.message}`);
  assert.match(outcome.message, message);
}

const timedOut = /within (its deadline of )?1500 ms/;
const tooLarge = /larger than 33554432 bytes; refusing to read it/;
const closedEarly = /the connection was closed before the answer was complete/;

const CASES: readonly HostileCase[] = [
  {
    name: 'a body trickling one byte a second',
    start: () => scripted(trickle(1000)),
    check: (o) => expectError(o, 'RequestTimeout', timedOut),
  },
  {
    name: 'a connection accepted and never answered',
    start: () => rawTcp(),
    check: (o) => expectError(o, 'RequestTimeout', timedOut),
  },
  {
    name: 'a request read and never answered',
    start: () => scripted(neverAnswer),
    check: (o) => expectError(o, 'RequestTimeout', timedOut),
  },
  {
    name: 'an endless body',
    huge: true,
    start: () => {
      const sent = { bytes: 0 };
      return scripted(endlessAnswer(sent), sent);
    },
    check: (o, _t, started) => {
      expectError(o, 'InvalidResponse', tooLarge);
      // Refused as it arrived: what the server got out before the client hung up is the limit and the buffers.
      assert.ok((started.sent?.bytes ?? 0) < 4 * LIMIT, `the server sent ${started.sent?.bytes} bytes`);
    },
  },
  {
    name: 'a Content-Length of 64 GiB',
    huge: true,
    start: () => {
      const sent = { bytes: 0 };
      return scripted(announcedAnswer(64 * 1024 ** 3, sent), sent);
    },
    check: (o, _t, started) => {
      expectError(o, 'InvalidResponse', tooLarge);
      // Refused from the header: the body was never read, so no more of it left than the socket buffers held.
      assert.ok((started.sent?.bytes ?? 0) < LIMIT, `the server sent ${started.sent?.bytes} bytes`);
    },
  },
  {
    name: 'headers of 1 MiB',
    start: () => scripted(hugeHeaders(1024 * 1024, { RequestId: ID, Message: SECRET })),
    check: (o) => expectError(o, 'NetworkError', /headers were larger than the client accepts/),
  },
  {
    name: 'a connection reset mid-body',
    start: () => scripted(resetMidBody()),
    check: (o) => expectError(o, 'NetworkError', closedEarly),
  },
  {
    name: 'a connection closed without an answer',
    start: () => scripted(dropConnection),
    check: (o) => expectError(o, 'NetworkError', closedEarly),
  },
  {
    name: 'nothing listening (connection refused)',
    start: async () => {
      // A port that was just listened on and is closed again: nothing else on this machine is likely to take it.
      const gone = await ScriptedServer.start();
      const endpoint = gone.url;
      await gone.close();
      return { endpoint, seen: () => 0, close: async () => undefined };
    },
    check: (o) => expectError(o, 'NetworkError', /connection refused/),
  },
  {
    name: 'another protocol on the port (an SSH banner)',
    start: () => rawTcp((socket) => socket.write(`SSH-2.0-OpenSSH_9.6 ${ID} ${SECRET}\r\n`)),
    check: (o) => expectError(o, 'NetworkError', /answer is not HTTP/),
  },
  {
    name: 'TLS to a plain-HTTP port',
    start: async () => {
      const started = await scripted((_request, response) => json(response, 200, {}));
      return { ...started, endpoint: started.endpoint.replace('http:', 'https:') };
    },
    check: (o) => {
      expectError(o, 'NetworkError', /does not speak HTTPS/);
      assert.equal(o.attempts, 1, 'a TLS failure is not retried');
    },
  },
  {
    name: 'an HTML page instead of JSON',
    start: () => scripted(rawAnswer(200, `<!DOCTYPE html><html><body>Log in: ${ID} ${SECRET}</body></html>`)),
    check: (o) => {
      expectError(o, 'InvalidResponse', /an HTML page/);
      assert.match(o.message, /HTTP 200/);
    },
  },
  {
    name: "a gateway's 502 HTML page",
    start: () => scripted(rawAnswer(502, `<html><body>Bad Gateway ${BAIT}</body></html>`)),
    check: (o, target, started) => {
      expectError(o, 'InvalidResponse', /an HTML page/);
      assert.match(o.message, /HTTP 502/);
      assert.ok(started.seen() <= target.maxAttempts);
    },
  },
  {
    name: 'a JSON list instead of an object',
    start: () => scripted(rawAnswer(200, JSON.stringify([ID, SECRET]), { 'content-type': 'application/json' })),
    check: (o, target) =>
      target.dialect === 'eci'
        ? expectError(o, 'InvalidResponse', /a JSON list \(HTTP 200\)/)
        : expectError(o, 'InvalidResponse', /is not a JSON object/),
  },
  {
    name: 'JSON of the wrong shape, a secret in the wrong field',
    start: (dialect) =>
      scripted((_request, response) =>
        json(
          response,
          200,
          dialect === 'eci'
            ? {
                RequestId: 'req-shape',
                TotalCount: 1,
                ContainerGroups: [{ ContainerGroupId: ID, Status: 'Running', Cpu: SECRET }],
              }
            : { requestId: 'req-shape', result: { containers: [], totalCount: `${SECRET} ${ID}` } },
        ),
      ),
    check: (o, target) => {
      if (target.name === 'eci call') {
        // `eci call` prints any JSON object as it came (it decodes nothing): the case is that it shows no secret.
        assert.equal(o.code, undefined);
        assert.match(o.shown, /"Cpu": "<redacted>"/);
        return;
      }
      expectError(o, 'InvalidResponse', target.dialect === 'eci' ? /Cpu should be a number/ : /totalCount/);
    },
  },
  {
    name: 'JSON nested 200,000 deep',
    huge: true,
    start: (dialect) =>
      scripted(
        rawAnswer(
          200,
          dialect === 'eci'
            ? `{"RequestId":"req-deep","ContainerGroups":${deepList}}`
            : `{"requestId":"req-deep","result":{"containers":${deepList}}}`,
          { 'content-type': 'application/json' },
        ),
      ),
    check: (o, target) =>
      target.name === 'eci call'
        ? expectError(o, 'InvalidResponse', /nested too deeply to print/)
        : expectError(o, 'InvalidResponse', /\[0\] should be an object, found a list/),
  },
  {
    name: 'a redirect (302) to another host, with a JSON body',
    start: (dialect) =>
      scripted((_request, response) =>
        json(response, 302, dialect === 'eci' ? { RequestId: 'req-302' } : { requestId: 'req-302', result: {} }, {
          location: `https://collector.example/take?id=${ID}&secret=${SECRET}`,
        }),
      ),
    check: (o, _target, started) => {
      expectError(o, 'InvalidResponse', /a redirect \(HTTP 302\) to https:\/\/collector\.example\. /);
      assert.equal(started.seen(), 1, 'a redirect is neither followed nor retried');
    },
  },
  ...(
    [
      ['x-acs-retry-after of 10^23 ms', { 'x-acs-retry-after': '99999999999999999999999' }],
      ['Retry-After of a billion seconds', { 'retry-after': '1000000000' }],
      ['Retry-After in the year 9999', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }],
      ['Retry-After that is no number or date', { 'retry-after': `soon ${SECRET}` }],
      ['Retry-After of -1', { 'retry-after': '-1' }],
    ] as const
  ).map(([name, headers]): HostileCase => ({
    name: `throttling with ${name}`,
    start: (dialect) => scripted(apiFailure(dialect, 429, headers)),
    check: (o, target, started) => {
      expectError(o, failureCode(target.dialect, 429), /Try later/);
      // However absurd the hint, the call ends with the server's error, its attempts as many as the server saw.
      assert.equal(o.attempts, started.seen());
      assert.ok(started.seen() <= target.maxAttempts);
    },
  })),
  ...[429, 503].map((status): HostileCase => ({
    name: `a storm of ${status}s`,
    start: (dialect) => scripted(apiFailure(dialect, status)),
    check: (o, target, started) => {
      expectError(o, failureCode(target.dialect, status), /Try later/);
      assert.equal(o.attempts, started.seen());
      assert.ok(started.seen() <= target.maxAttempts, `${started.seen()} requests`);
    },
  })),
];

/** No byte of the secret, nor the whole AccessKey ID: the secret is looked for in every stretch of 6 characters. */
function assertNothingSecret(shown: string): void {
  assert.ok(!shown.includes(ID), `the AccessKey ID was shown: ${shown}`);
  for (let i = 0; i + 6 <= SECRET.length; i++) {
    const part = SECRET.slice(i, i + 6);
    assert.ok(!shown.includes(part), `part of the secret (${part}) was shown: ${shown}`);
  }
}

let tried = 0;
let survived = 0;

after(() => {
  // The figure bench/RESULTS.md quotes.
  console.log(`hostile servers: ${tried} cases tried, ${survived} survived`);
});

/**
 * One case against one target. Every case has a server of its own, so the cases of a target that mostly wait (on a
 * deadline, a backoff) run side by side; those with huge answers run one at a time after them.
 */
function hostileCase(target: Target, hostile: HostileCase): void {
  it(`${hostile.name}: a clear error within the deadline, bounded memory, no secret`, async () => {
    tried++;
    const started = await hostile.start(target.dialect);
    try {
      let outcome: Outcome | undefined;
      const began = performance.now();
      const growth = await peakGrowth(async () => (outcome = await target.run(started.endpoint)));
      const took = performance.now() - began;
      assert.ok(outcome !== undefined);
      hostile.check(outcome, target, started);
      assert.ok(took < DEADLINE_MS + MARGIN_MS, `the call took ${took.toFixed(0)} ms`);
      assert.ok(growth < MEMORY_BOUND, `memory grew by ${(growth / 1024 / 1024).toFixed(0)} MiB`);
      if (outcome.code !== undefined) assert.ok(outcome.shown.includes(outcome.code));
      assertNothingSecret(outcome.shown);
      // Where the server's string-to-sign came through, the ID in it is masked as the README says, not removed.
      if (outcome.shown.includes('AccessKeyId%3D')) assert.ok(outcome.shown.includes(`AccessKeyId%3D${MASKED_ID}`));
    } finally {
      await started.close();
    }
    survived++;
  });
}

for (const target of TARGETS) {
  describe(`hostile servers against ${target.name}`, { concurrency: true }, () => {
    for (const hostile of CASES) if (hostile.huge !== true) hostileCase(target, hostile);

    it('canceled while the server trickles: Canceled, not timed out', async () => {
      tried++;
      const controller = new AbortController();
      // The server cancels the call itself, once the request has reached it: no timer decides when.
      const started = await scripted((request, response, socket) => {
        trickle(1000)(request, response, socket);
        setImmediate(() => controller.abort());
      });
      try {
        const began = performance.now();
        const outcome = await target.run(started.endpoint, controller.signal);
        // Canceled rather than RequestTimeout: the call ended at the abort, not at its deadline.
        expectError(outcome, 'Canceled', /was canceled/);
        assert.ok(performance.now() - began < DEADLINE_MS + MARGIN_MS);
        assertNothingSecret(outcome.shown);
      } finally {
        await started.close();
      }
      survived++;
    });

    it('canceled while waiting to retry (Retry-After: 1, within the deadline): Canceled, never retried', async () => {
      tried++;
      const controller = new AbortController();
      // The answer asks for a wait of a second; the call is canceled once the answer is out, so in that wait (or,
      // should the client not have read the answer yet, in flight: Canceled all the same).
      const started = await scripted((request, response, socket) => {
        response.on('finish', () => setImmediate(() => controller.abort()));
        void apiFailure(target.dialect, 503, { 'retry-after': '1' })(request, response, socket);
      });
      try {
        const began = performance.now();
        const outcome = await target.run(started.endpoint, controller.signal);
        // Canceled, with no second request: the wait was ended, not waited out (a second attempt would follow it).
        expectError(outcome, 'Canceled', /was canceled/);
        assert.equal(started.seen(), 1);
        assert.ok(performance.now() - began < DEADLINE_MS + MARGIN_MS);
        assertNothingSecret(outcome.shown);
      } finally {
        await started.close();
      }
      survived++;
    });
  });

  describe(`hostile servers with huge answers against ${target.name}`, () => {
    for (const hostile of CASES) if (hostile.huge === true) hostileCase(target, hostile);
  });
}

describe('hostile servers against the built eci command', () => {
  // The probe that found the hang: `eci call --timeout 3000` against a server sending a byte a second ran for as long
  // as it was let run. The built command (dist/cli.js, built by the unit-test runner) now ends at its --timeout.
  const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

  it('eci call --timeout 1500 against a server trickling a byte a second ends at 1500 ms, exit 1', async () => {
    tried++;
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
    const started = await scripted(trickle(1000));
    try {
      const began = performance.now();
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [CLI, 'call', 'DescribeRegions', '--endpoint', started.endpoint, '--timeout', String(DEADLINE_MS)],
          {
            env: {
              PATH: process.env['PATH'] ?? '',
              HOME: '/nonexistent',
              ALIBABA_CLOUD_ACCESS_KEY_ID: ID,
              ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      // The process's own start (about 0.2 s) is inside the margin.
      assert.ok(performance.now() - began < DEADLINE_MS + MARGIN_MS);
      assert.equal(run.code, 1, run.stderr);
      const printed = JSON.parse(run.stderr) as { Code: string; Message: string };
      expectError({ code: printed.Code, message: printed.Message, attempts: 1, shown: '' }, 'RequestTimeout', timedOut);
      assertNothingSecret(run.stdout + run.stderr);
    } finally {
      await started.close();
    }
    survived++;
  });

  it('says in its help that --timeout is the whole call, and refuses a timeout of 0', async () => {
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), env: {} };
    assert.equal(await runCall(['--help'], io), 0);
    assert.match(out, /--timeout <ms> +the whole call in milliseconds: every attempt, every wait/);
    out = '';
    assert.equal(await runCall(['DescribeRegions', '--timeout', '0'], io), 2);
    assert.match(out, /--timeout must be from 1 to 2147483647 milliseconds/);
  });
});
