import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import type { CallEvent, RetryPolicy, TransportCall } from '../../src/core/transport';
import {
  backoffMs,
  DEFAULT_MAX_RESPONSE_BYTES,
  defaultDeadlineMs,
  retryAfterMs,
  Transport,
} from '../../src/core/transport';
import { CloudError } from '../../src/core/errors';
import type { Handler } from '../helpers/scripted-server';
import { hugeAnswer, json, peakGrowth, ScriptedServer, trickle } from '../helpers/scripted-server';

// The transport against a real loopback server whose answers each test scripts: slow, endless, huge, refused.

let server: ScriptedServer;
let transports: Transport[] = [];

const SECRET_HEADER_VALUE = 'signature-that-must-never-be-logged';

function transport(options: ConstructorParameters<typeof Transport>[0] = {}): Transport {
  const created = new Transport(options);
  transports.push(created);
  return created;
}

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxAttempts: 3,
    baseDelayMs: 5,
    maxDelayMs: 20,
    jitter: 'full',
    retryable: (error) =>
      ['RequestTimeout', 'NetworkError', 'Throttled'].includes(error.code) || (error.httpStatus ?? 0) >= 500,
    ...overrides,
  };
}

/** A call of a made-up API: its errors are `HTTP<status>` (429: `Throttled`), its result the body's text. */
function probe(overrides: Partial<TransportCall<string>> = {}): TransportCall<string> {
  return {
    action: 'Probe',
    host: new URL(server.url).host,
    policy: policy(),
    timeoutMs: 5_000,
    deadlineMs: 10_000,
    prepare: () => ({
      method: 'POST',
      origin: server.url,
      path: '/probe',
      headers: { authorization: SECRET_HEADER_VALUE },
      body: undefined,
    }),
    read: (response) => {
      if (response.status >= 400) {
        throw new CloudError({
          code: response.status === 429 ? 'Throttled' : `HTTP${response.status}`,
          message: `HTTP ${response.status}`,
          httpStatus: response.status,
        });
      }
      const id = response.headers['x-request-id'];
      return { value: response.text, requestId: typeof id === 'string' ? id : undefined };
    },
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CloudError, `expected a CloudError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_request, response) =>
    json(response, code, { code }, headers);

before(async () => {
  server = await ScriptedServer.start();
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  transports = [];
  server.requests.length = 0;
  server.otherwise((_request, response) => json(response, 200, { ok: true }, { 'x-request-id': 'req-1' }));
});

describe('Transport: the deadline of a call', () => {
  it('ends a call whose server trickles one byte a second at its deadline, with a clear error', async () => {
    server.otherwise(trickle(1000));
    const started = performance.now();
    const error = await rejection(transport().send(probe({ timeoutMs: 60_000, deadlineMs: 1_200 })));
    const took = performance.now() - started;
    assert.equal(error.code, 'RequestTimeout');
    assert.match(error.message, /^Probe did not finish within its deadline of 1200 ms \(attempt 1 to 127\.0\.0\.1:\d+/);
    assert.ok(took >= 1_190 && took < 1_200 + 600, `the call took ${took.toFixed(0)} ms`);
    assert.equal(server.requests.length, 1, 'no attempt is begun at the deadline');
  });

  it('bounds one attempt as a whole: a body that keeps coming does not keep the attempt alive', async () => {
    // A byte every 50 ms: a timer of pauses would never fire.
    server.otherwise(trickle(50));
    const started = performance.now();
    const error = await rejection(
      transport().send(probe({ timeoutMs: 400, deadlineMs: 60_000, policy: policy({ maxAttempts: 2 }) })),
    );
    const took = performance.now() - started;
    assert.equal(error.code, 'RequestTimeout');
    assert.match(error.message, /^Probe got no complete answer from 127\.0\.0\.1:\d+ within 400 ms\.$/);
    assert.equal(error.attempts, 2);
    assert.equal(server.requests.length, 2);
    assert.ok(took >= 800 && took < 800 + 20 + 600, `the call took ${took.toFixed(0)} ms`);
  });

  it('does not begin a wait for a retry hint larger than what is left: the call ends at once', async () => {
    server.otherwise(status(429, { 'retry-after': '180' }));
    const events: CallEvent[] = [];
    const started = performance.now();
    const error = await rejection(transport({ onCall: (e) => events.push(e) }).send(probe({ deadlineMs: 3_000 })));
    assert.ok(performance.now() - started < 1_000);
    assert.equal(error.code, 'Throttled');
    assert.equal(error.attempts, 1);
    assert.equal(server.requests.length, 1);
    assert.equal(events[0]?.retryInMs, undefined);
  });

  it('waits at least a hint that fits, and counts the wait against the deadline', async () => {
    server.queue(status(429, { 'x-hint-ms': '150' }));
    const events: CallEvent[] = [];
    const started = performance.now();
    const text = await transport({ onCall: (e) => events.push(e) }).send(
      probe({
        policy: policy({
          random: () => 0,
          retryHintMs: (response) => Number(response.headers['x-hint-ms']),
        }),
      }),
    );
    assert.equal(JSON.parse(text).ok, true);
    assert.ok(performance.now() - started >= 150);
    assert.deepEqual(
      events.map((e) => [e.attempt, e.errorCode, e.retryInMs]),
      [
        [1, 'Throttled', 150],
        [2, undefined, undefined],
      ],
    );
  });

  it('ends the call at once when it is canceled during a backoff wait', async () => {
    server.otherwise(status(503));
    const controller = new AbortController();
    const started = performance.now();
    const error = await rejection(
      transport({ onCall: () => setImmediate(() => controller.abort()) }).send(
        probe({
          signal: controller.signal,
          policy: policy({ baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 1 }),
          deadlineMs: 60_000,
        }),
      ),
    );
    assert.equal(error.code, 'Canceled');
    assert.equal(error.message, 'Probe was canceled.');
    assert.ok(performance.now() - started < 1_000, 'the 10 s wait was not waited out');
    assert.equal(server.requests.length, 1);
  });

  it('bounds the preparation of a request too (credentials from a store that never answers)', async () => {
    const never = new Promise<never>(() => undefined);
    const started = performance.now();
    const error = await rejection(transport().send(probe({ deadlineMs: 300, prepare: () => never })));
    assert.equal(error.code, 'RequestTimeout');
    assert.match(
      error.message,
      /^Probe did not finish within its deadline of 300 ms \(attempt 1 was still being prepared\)/,
    );
    assert.ok(performance.now() - started < 300 + 600);
    const controller = new AbortController();
    const canceled = rejection(transport().send(probe({ signal: controller.signal, prepare: () => never })));
    controller.abort();
    assert.equal((await canceled).code, 'Canceled');
    assert.equal(server.requests.length, 0);
  });

  it('ends the call at once when it is canceled in flight', async () => {
    const controller = new AbortController();
    server.otherwise(() => controller.abort()); // never answers; cancels once the request arrived
    const started = performance.now();
    const error = await rejection(transport().send(probe({ signal: controller.signal })));
    assert.equal(error.code, 'Canceled');
    assert.ok(performance.now() - started < 1_000);
    assert.equal(server.requests.length, 1);
  });
});

describe('Transport: bounds, failures and the log', () => {
  it("applies the call's redact to every text of the error it ends with, after its retries", async () => {
    server.otherwise((_request, response) => json(response, 503, {}));
    const error = await rejection(
      transport().send(
        probe({
          read: () => {
            throw new CloudError({
              code: 'Busy',
              message: 'string to sign: AccessKeyId=KEY-ID-1234567 secret=very-secret',
              requestId: 'req-KEY-ID-1234567',
              recommend: 'https://x.test/?secret=very-secret',
              hostId: 'very-secret.test',
              httpStatus: 503,
            });
          },
          redact: (text) => text.split('very-secret').join('<redacted>').split('KEY-ID-1234567').join('KEY-****'),
        }),
      ),
    );
    assert.equal(error.attempts, 3);
    const shown = JSON.stringify(error.toJSON()) + error.describe();
    assert.ok(!shown.includes('very-secret') && !shown.includes('KEY-ID-1234567'), shown);
    assert.equal(error.message, 'string to sign: AccessKeyId=KEY-**** secret=<redacted>');
  });

  it('refuses an answer larger than the limit as it arrives: memory stays far below the answer', async () => {
    const total = 1024 * 1024 * 1024;
    const sent = { bytes: 0 };
    server.otherwise(hugeAnswer(total, sent));
    let error: CloudError | undefined;
    const growth = await peakGrowth(async () => {
      error = await rejection(transport().send(probe()));
    });
    assert.equal(error?.code, 'InvalidResponse');
    assert.equal(
      error?.message,
      `The response to Probe is larger than ${DEFAULT_MAX_RESPONSE_BYTES} bytes; refusing to read it.`,
    );
    assert.ok(sent.bytes < total / 8, `the server sent ${sent.bytes} bytes of ${total}`);
    assert.ok(growth < total / 8, `memory grew by ${(growth / 1024 / 1024).toFixed(0)} MiB`);
  });

  it('refuses an announced Content-Length over the limit before reading the body', async () => {
    server.otherwise((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 ** 30) });
      response.write('{');
    });
    const error = await rejection(transport({ maxResponseBytes: 1_000 }).send(probe()));
    assert.equal(error.code, 'InvalidResponse');
    assert.match(error.message, /larger than 1000 bytes/);
  });

  it('reports a refused connection in the shared words, retried by the policy', async () => {
    const closed = await ScriptedServer.start();
    const origin = closed.url;
    await closed.close();
    const error = await rejection(
      transport().send(probe({ prepare: () => ({ method: 'GET', origin, path: '/', headers: {}, body: undefined }) })),
    );
    assert.equal(error.code, 'NetworkError');
    assert.match(error.message, /^Could not complete Probe at 127\.0\.0\.1:\d+: connection refused/);
    assert.equal(error.attempts, 3);
  });

  it('tells onCall of every attempt: what identifies it, never a header or the body', async () => {
    server.queue(status(503));
    const events: CallEvent[] = [];
    await transport({ onCall: (e) => events.push(e) }).send(probe({ policy: policy({ random: () => 1 }) }));
    assert.ok(events.every((e) => e.durationMs >= 0));
    assert.deepEqual(
      events.map(({ durationMs: _durationMs, ...rest }) => rest),
      [
        {
          action: 'Probe',
          attempt: 1,
          httpStatus: 503,
          requestId: undefined,
          errorCode: 'HTTP503',
          retryInMs: 5,
        },
        { action: 'Probe', attempt: 2, httpStatus: 200, requestId: 'req-1' },
      ],
    );
    assert.ok(!JSON.stringify(events).includes(SECRET_HEADER_VALUE));
  });

  it('signs every attempt afresh and keeps a given dispatcher open on close', async () => {
    server.queue(status(503));
    const agent = new Agent();
    const attempts: number[] = [];
    const shared = transport({ dispatcher: agent });
    await shared.send(
      probe({
        prepare: (attempt) => {
          attempts.push(attempt);
          return { method: 'POST', origin: server.url, path: '/probe', headers: {}, body: 'x' };
        },
      }),
    );
    assert.deepEqual(attempts, [1, 2]);
    await shared.close();
    const response = await request(server.url, { dispatcher: agent });
    assert.equal(response.statusCode, 200);
    await response.body.text();
    await agent.close();
  });
});

describe('Transport: the retry policy', () => {
  it('defaults the deadline to what the policy allows at worst, plus a second', () => {
    const eci = policy({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 });
    assert.equal(defaultDeadlineMs(eci, 30_000), 4 * 30_000 + 200 + 400 + 800 + 1_000);
    assert.equal(defaultDeadlineMs(policy({ maxAttempts: 1 }), 3_000), 4_000);
  });

  it('backs off with full or equal jitter under a doubling ceiling; a hint is a capped floor', () => {
    const full = policy({ baseDelayMs: 100, maxDelayMs: 300, random: () => 1 });
    assert.deepEqual(
      [1, 2, 3].map((a) => backoffMs(full, a, undefined)),
      [100, 200, 300],
    );
    const equal = policy({ baseDelayMs: 100, maxDelayMs: 300, jitter: 'equal', random: () => 0 });
    assert.deepEqual(
      [1, 2, 3].map((a) => backoffMs(equal, a, undefined)),
      [50, 100, 150],
    );
    assert.equal(backoffMs(equal, 1, 5_000), 5_000);
    assert.equal(backoffMs(equal, 1, 10 * 60_000), 60_000);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const at = (value: string) => ({ status: 429, text: '', headers: { 'retry-after': value } });
    assert.equal(retryAfterMs(at('3')), 3_000);
    assert.equal(
      retryAfterMs(at('Wed, 21 Oct 2026 07:28:10 GMT'), Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')),
      10_000,
    );
    assert.equal(retryAfterMs(at('soon')), undefined);
  });
});
