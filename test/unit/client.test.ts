import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EciClient } from '../../src/eci/client';
import type { ClientLogEvent, EciClientOptions } from '../../src/eci/client';
import { CloudError } from '../../src/core/errors';
import { describeContainerGroupPages, describeContainerGroups, describeRegions } from '../../src/eci/operations';
import { createContainerGroup } from '../../src/eci/operations';
import {
  apiError,
  dropConnection,
  hugeAnswer,
  json,
  ok,
  peakGrowth,
  ScriptedServer,
  trickle,
} from '../helpers/scripted-server';

const credentials = { accessKeyId: 'LTAItestkeyid1234', accessKeySecret: 'test-secret-value', source: 'test' };

let server: ScriptedServer;
let clients: EciClient[] = [];

function client(overrides: Partial<EciClientOptions> = {}): EciClient {
  const created = new EciClient({
    credentials,
    regionId: 'cn-hangzhou',
    endpoint: server.url,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...overrides,
  });
  clients.push(created);
  return created;
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

const minimalCreate = {
  ContainerGroupName: 'web',
  SecurityGroupId: 'sg-1',
  VSwitchId: 'vsw-1',
  Container: [{ Name: 'nginx', Image: 'nginx:alpine' }],
};

before(async () => {
  server = await ScriptedServer.start();
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  server.requests.length = 0;
  server.otherwise(ok());
});

describe('EciClient requests', () => {
  it('POSTs a V3-signed request with the business parameters in the query', async () => {
    server.queue(ok({ Regions: [{ RegionId: 'cn-hangzhou', Zones: ['cn-hangzhou-h'] }] }));
    const result = await describeRegions(client());
    assert.equal(result.Regions[0]?.RegionId, 'cn-hangzhou');
    const seen = server.requests[0];
    assert.ok(seen);
    assert.equal(seen.method, 'POST');
    assert.match(seen.url, /^\/\?RegionId=cn-hangzhou$/);
    assert.equal(seen.headers['x-acs-action'], 'DescribeRegions');
    assert.equal(seen.headers['x-acs-version'], '2018-08-08');
    assert.match(
      String(seen.headers['authorization']),
      /^ACS3-HMAC-SHA256 Credential=LTAItestkeyid1234,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/,
    );
  });

  it('POSTs a V1-signed form body when asked', async () => {
    server.queue(ok({ Regions: [] }));
    await describeRegions(client({ signatureVersion: 'v1' }));
    const seen = server.requests[0];
    assert.ok(seen);
    assert.equal(seen.url, '/');
    assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(seen.params['Action'], 'DescribeRegions');
    assert.equal(seen.params['SignatureMethod'], 'HMAC-SHA1');
    assert.match(seen.params['Signature'] ?? '', /^[A-Za-z0-9+/]{27}=$/);
  });

  it('sends the STS token in the header (V3) or as SecurityToken (V1)', async () => {
    const sts = { ...credentials, securityToken: 'sts-token-value' };
    await describeRegions(client({ credentials: sts })).catch(() => undefined);
    await describeRegions(client({ credentials: sts, signatureVersion: 'v1' })).catch(() => undefined);
    assert.equal(server.requests[0]?.headers['x-acs-security-token'], 'sts-token-value');
    assert.equal(server.requests[1]?.params['SecurityToken'], 'sts-token-value');
  });

  it('reuses keep-alive connections instead of opening one per call', async () => {
    const c = client();
    for (let i = 0; i < 20; i++) await c.callRaw('DescribeRegions', {});
    // undici may hand the next request to a second idle socket while the first is being released, so sequential
    // calls alternate between at most two connections; what must never happen is a new connection per call.
    const ports = new Set(server.requests.map((r) => r.remotePort));
    assert.ok(ports.size <= 2, `20 sequential calls used ${ports.size} connections`);
  });

  it('follows NextToken across pages and stops on an empty token', async () => {
    const group = (id: string) => ({ ContainerGroupId: id, Status: 'Running' });
    server.queue(
      ok({ ContainerGroups: [group('a'), group('b')], NextToken: 't1' }),
      ok({ ContainerGroups: [group('c')], NextToken: '' }),
    );
    const ids: string[] = [];
    for await (const page of describeContainerGroupPages(client(), { Status: 'Running' }))
      ids.push(...page.ContainerGroups.map((g) => g.ContainerGroupId));
    assert.deepEqual(ids, ['a', 'b', 'c']);
    assert.equal(server.requests[0]?.params['Limit'], '20');
    assert.equal(server.requests[1]?.params['NextToken'], 't1');
  });

  it('sends ID lists as the JSON string the API takes', async () => {
    server.queue(ok({ ContainerGroups: [] }));
    await describeContainerGroups(client(), { ContainerGroupIds: ['eci-1', 'eci-2'] });
    assert.equal(server.requests[0]?.params['ContainerGroupIds'], '["eci-1","eci-2"]');
  });
});

describe('EciClient retries', () => {
  it('retries throttling, 5xx and ServiceUnavailable, then succeeds', async () => {
    server.queue(
      apiError(400, 'Throttling.User'),
      apiError(503, 'ServiceUnavailable'),
      apiError(500, 'InternalError'),
      ok({ Regions: [] }),
    );
    const events: ClientLogEvent[] = [];
    await describeRegions(client({ onCall: (e) => events.push(e) }));
    assert.equal(server.requests.length, 4);
    assert.deepEqual(
      events.map((e) => e.errorCode ?? 'ok'),
      ['Throttling.User', 'ServiceUnavailable', 'InternalError', 'ok'],
    );
    // Every attempt is signed afresh: a reused nonce would be refused as SignatureNonceUsed.
    const nonces = new Set(server.requests.map((r) => r.headers['x-acs-signature-nonce']));
    assert.equal(nonces.size, 4);
  });

  it('keeps the same ClientToken on every retry of a mutating call', async () => {
    server.queue(dropConnection, apiError(503, 'ServiceUnavailable'), ok({ ContainerGroupId: 'eci-123' }));
    const result = await createContainerGroup(client(), minimalCreate);
    assert.equal(result.ContainerGroupId, 'eci-123');
    const tokens = server.requests.map((r) => r.params['ClientToken']);
    assert.equal(tokens.length, 3);
    assert.match(tokens[0] ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(new Set(tokens).size, 1);
    // and a different one for the next create
    server.queue(ok({ ContainerGroupId: 'eci-456' }));
    await createContainerGroup(client(), minimalCreate);
    assert.notEqual(server.requests[3]?.params['ClientToken'], tokens[0]);
  });

  it('gives up after the bounded number of attempts with the last error', async () => {
    server.otherwise(apiError(503, 'ServiceUnavailable', 'busy'));
    const error = await rejection(describeRegions(client({ maxAttempts: 3 })));
    assert.equal(server.requests.length, 3);
    assert.equal(error.code, 'ServiceUnavailable');
    assert.equal(error.attempts, 3);
    assert.equal(error.httpStatus, 503);
    assert.equal(error.requestId, 'req-ServiceUnavailable');
  });

  it('does not retry client errors', async () => {
    server.queue(apiError(400, 'InvalidParameter.CPU.Memory', 'The specified cpu and memory are not allowed'));
    const error = await rejection(createContainerGroup(client(), minimalCreate));
    assert.equal(server.requests.length, 1);
    assert.equal(error.code, 'InvalidParameter.CPU.Memory');
    assert.equal(error.message, 'The specified cpu and memory are not allowed');
    assert.match(error.hint ?? '', /vCPU\/memory combination/);
    assert.equal(error.recommend, 'https://api.test/troubleshoot?q=InvalidParameter.CPU.Memory');
    assert.equal(error.action, 'CreateContainerGroup');
  });

  it('does not retry the daily vCPU limit even though it says Throttling', async () => {
    server.queue(apiError(403, 'Throttling.Vcpu.PerDay'));
    await rejection(describeRegions(client()));
    assert.equal(server.requests.length, 1);
  });

  it('waits at least x-acs-retry-after milliseconds', async () => {
    server.queue(apiError(400, 'Throttling', 'slow down', { 'x-acs-retry-after': '150' }), ok({ Regions: [] }));
    const started = performance.now();
    await describeRegions(client({ random: () => 0 }));
    const waited = performance.now() - started;
    assert.ok(waited >= 150, `retried after ${waited.toFixed(0)} ms, before the 150 ms the server asked for`);
  });

  it('backs off exponentially with jitter under the ceiling', async () => {
    server.otherwise(apiError(503, 'ServiceUnavailable'));
    const delays: number[] = [];
    await rejection(
      describeRegions(
        client({
          maxAttempts: 5,
          retryBaseDelayMs: 10,
          retryMaxDelayMs: 40,
          random: () => 1,
          onCall: (e) => e.retryInMs !== undefined && delays.push(e.retryInMs),
        }),
      ),
    );
    assert.deepEqual(delays, [10, 20, 40, 40]);
  });
});

describe('EciClient timeouts and cancellation', () => {
  it('times out a silent server per attempt and retries', async () => {
    server.queue(() => undefined /* never answers */, ok({ Regions: [] }));
    const started = performance.now();
    await describeRegions(client({ timeoutMs: 200 }));
    assert.equal(server.requests.length, 2);
    assert.ok(performance.now() - started >= 200);
  });

  it('reports RequestTimeout when every attempt times out', async () => {
    server.otherwise(() => undefined);
    const error = await rejection(describeRegions(client({ timeoutMs: 100, maxAttempts: 2 })));
    assert.equal(error.code, 'RequestTimeout');
    assert.match(error.message, /within 100 ms/);
  });

  it('cancels a call in flight at once, without retrying', async () => {
    server.otherwise(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await rejection(describeRegions(client({ timeoutMs: 10_000 }), { signal: controller.signal }));
    assert.equal(error.code, 'Canceled');
    assert.ok(error.isCancellation);
    assert.ok(performance.now() - started < 1000);
    assert.equal(server.requests.length, 1);
  });

  it('cancels during the backoff wait', async () => {
    server.otherwise(apiError(503, 'ServiceUnavailable'));
    const controller = new AbortController();
    const error = await rejection(
      describeRegions(
        client({
          retryBaseDelayMs: 5000,
          retryMaxDelayMs: 5000,
          random: () => 1,
          onCall: () => setTimeout(() => controller.abort(), 20),
        }),
        {
          signal: controller.signal,
        },
      ),
    );
    assert.equal(error.code, 'Canceled');
    assert.equal(server.requests.length, 1);
  });

  it('does not start a call whose signal is already aborted', async () => {
    const error = await rejection(describeRegions(client(), { signal: AbortSignal.abort() }));
    assert.equal(error.code, 'Canceled');
    assert.equal(server.requests.length, 0);
  });

  it('reports a refused connection as NetworkError', async () => {
    const closed = await ScriptedServer.start();
    const url = closed.url;
    await closed.close();
    const error = await rejection(describeRegions(client({ endpoint: url, maxAttempts: 2 })));
    assert.equal(error.code, 'NetworkError');
    assert.match(error.message, /connection refused/);
    assert.equal(error.attempts, 2);
  });
});

describe('EciClient on responses that are not what the API promises', () => {
  const raw =
    (status: number, body: string, contentType = 'text/html') =>
    (_r: unknown, response: ServerResponse) => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    };

  it('names an HTML proxy page', async () => {
    server.otherwise(raw(200, '<!DOCTYPE html><html><body>Please log in to the Wi-Fi</body></html>'));
    const error = await rejection(describeRegions(client()));
    assert.equal(error.code, 'InvalidResponse');
    assert.match(error.message, /an HTML page \(HTTP 200\)/);
    assert.equal(server.requests.length, 1, 'a 200 HTML page is not retried');
  });

  it('retries a 502 HTML page from a gateway, then reports it', async () => {
    server.otherwise(raw(502, '<html>Bad Gateway</html>'));
    const error = await rejection(describeRegions(client({ maxAttempts: 2 })));
    assert.equal(server.requests.length, 2);
    assert.equal(error.code, 'InvalidResponse');
    assert.equal(error.httpStatus, 502);
  });

  it('names truncated JSON', async () => {
    server.otherwise(raw(200, '{"RequestId":"x","Regions":[{"RegionId":"cn-', 'application/json'));
    const error = await rejection(describeRegions(client()));
    assert.match(error.message, /truncated or malformed JSON/);
  });

  it('names an empty body', async () => {
    server.otherwise(raw(200, '', 'application/json'));
    assert.match((await rejection(describeRegions(client()))).message, /an empty body/);
  });

  it('reports a wrong shape with the path of the offending field', async () => {
    server.otherwise(
      ok({
        ContainerGroups: [
          { ContainerGroupId: 'eci-1', Status: 'Running' },
          { ContainerGroupId: 'eci-2', Status: 'Running', Cpu: 'lots' },
        ],
      }),
    );
    const error = await rejection(describeContainerGroups(client()));
    assert.equal(error.code, 'InvalidResponse');
    assert.match(error.message, /ContainerGroups\[1\]\.Cpu should be a number, found "lots"/);
    assert.equal(error.requestId, 'req-ok');
  });

  it('reports a list where an object was promised', async () => {
    server.otherwise((_r, response) => json(response, 200, [1, 2, 3]));
    assert.match((await rejection(describeRegions(client()))).message, /a JSON list/);
  });

  it('treats an HTTP 200 body with an error Code as an error', async () => {
    server.otherwise((_r, response) =>
      json(response, 200, { RequestId: 'r1', Code: 'IncorrectStatus', Message: 'group is Succeeded' }),
    );
    const error = await rejection(describeRegions(client()));
    assert.equal(error.code, 'IncorrectStatus');
    assert.equal(error.requestId, 'r1');
  });

  it('refuses a body larger than the cap', async () => {
    server.otherwise(raw(200, `{"RequestId":"${'x'.repeat(5000)}"}`, 'application/json'));
    const error = await rejection(describeRegions(client({ maxResponseBytes: 1000 })));
    assert.match(error.message, /larger than 1000 bytes/);
  });

  it('never puts the secret or the signature in an error message', async () => {
    server.otherwise(
      apiError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.'),
    );
    const error = await rejection(describeRegions(client()));
    const printed = JSON.stringify(error.toJSON()) + error.message + error.describe();
    assert.ok(!printed.includes(credentials.accessKeySecret));
    const signature = String(server.requests[0]?.headers['authorization']).split('Signature=')[1] ?? 'missing';
    assert.ok(!printed.includes(signature));
    assert.match(error.describe(), /Re-enter the secret/);
  });
});

describe('EciClient endpoints', () => {
  it('refuses plain HTTP to a non-loopback host', () => {
    assert.throws(
      () => new EciClient({ credentials, regionId: 'cn-hangzhou', endpoint: 'http://example.com' }),
      (e: unknown) => e instanceof CloudError && e.code === 'InsecureEndpoint',
    );
  });

  it('uses the regional endpoint for every region, cn-hangzhou included', () => {
    const c = new EciClient({ credentials, regionId: 'cn-hangzhou' });
    clients.push(c);
    assert.equal(c.endpointFor('cn-hangzhou').toString(), 'https://eci.cn-hangzhou.aliyuncs.com/');
    assert.equal(c.endpointFor('ap-southeast-1').toString(), 'https://eci.ap-southeast-1.aliyuncs.com/');
    const vpc = new EciClient({ credentials, regionId: 'cn-beijing', endpointType: 'vpc' });
    clients.push(vpc);
    assert.equal(vpc.endpointFor('cn-beijing').host, 'eci-vpc.cn-beijing.aliyuncs.com');
  });

  it('refuses a region ID that would change the host name', () => {
    assert.throws(() => new EciClient({ credentials, regionId: 'evil.com/x' }), /not a region ID/);
  });
});

describe('EciClient deadlines and bounds (through the shared transport)', () => {
  it('ends a call whose server trickles one byte a second at its deadline', async () => {
    server.otherwise(trickle(1000));
    const started = performance.now();
    const error = await rejection(describeRegions(client({ timeoutMs: 60_000, deadlineMs: 1_200 })));
    const took = performance.now() - started;
    assert.equal(error.code, 'RequestTimeout');
    assert.match(error.message, /DescribeRegions did not finish within its deadline of 1200 ms/);
    assert.ok(took >= 1_190 && took < 1_200 + 600, `the call took ${took.toFixed(0)} ms`);
  });

  it('does not let x-acs-retry-after stretch a call past its deadline (timeout 3 s: 180 s asked)', async () => {
    server.otherwise(apiError(400, 'Throttling', 'slow down', { 'x-acs-retry-after': '180000' }));
    const events: ClientLogEvent[] = [];
    const started = performance.now();
    const error = await rejection(describeRegions(client({ timeoutMs: 3_000, onCall: (e) => events.push(e) })));
    assert.ok(performance.now() - started < 1_000);
    assert.equal(error.code, 'Throttling');
    assert.equal(error.attempts, 1);
    assert.equal(server.requests.length, 1);
    assert.equal(events[0]?.retryInMs, undefined);
  });

  it('refuses an oversized answer without reading it whole: memory stays far below its size', async () => {
    const total = 1024 * 1024 * 1024;
    const sent = { bytes: 0 };
    server.otherwise(hugeAnswer(total, sent));
    let error: CloudError | undefined;
    const growth = await peakGrowth(async () => (error = await rejection(describeRegions(client()))));
    assert.equal(error?.code, 'InvalidResponse');
    assert.match(error?.message ?? '', /larger than 33554432 bytes/);
    assert.ok(sent.bytes < total / 8, `the server sent ${sent.bytes} bytes of ${total}`);
    assert.ok(growth < total / 8, `memory grew by ${(growth / 1024 / 1024).toFixed(0)} MiB`);
  });
});
