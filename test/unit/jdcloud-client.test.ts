import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import type { CallEvent } from '../../src/core/transport';
import type { CloudError } from '../../src/core/errors';
import { MessageError, say } from '../../src/core/messages/messages';
import { JdcloudClient } from '../../src/jdcloud/client';
import { JDCLOUD_PROVIDER } from '../../src/jdcloud/provider';
import type { JdcloudClientOptions } from '../../src/jdcloud/client';
import type { ContainerSpec } from '../../src/jdcloud/operations';
import {
  associateElasticIp,
  createContainers,
  createSecret,
  deleteContainer,
  deleteSecret,
  describeContainer,
  describeContainers,
  describeQuota,
  describeSecret,
  describeSecrets,
  disassociateElasticIp,
  getLogs,
  modifyContainerAttribute,
  rebuildContainer,
  startContainer,
  stopContainer,
  waitForContainerStatus,
} from '../../src/jdcloud/operations';
import { apiError, EmulatorFixture } from '../helpers/emulator';
import type { Handler } from '../helpers/scripted-server';
import { hugeAnswer, json, peakGrowth, ScriptedServer, trickle } from '../helpers/scripted-server';

const REGION = 'cn-north-1';
/** Until the container is in `status`: creating, starting, stopping and rebuilding take a few emulated seconds. */
const reaches = (client: JdcloudClient, id: string, status: string, regionId = REGION): Promise<unknown> =>
  waitForContainerStatus(client, regionId, id, status, { intervalMs: 10 });
const spec = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  instanceType: 'n.c1.medium',
  az: 'cn-north-1a',
  name,
  image: 'nginx:1.27-alpine',
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-demo'] } },
  ...extra,
});

describe('JD Cloud Native Container: the client against the emulator', () => {
  let fixture: EmulatorFixture;
  let client: JdcloudClient;
  before(async () => {
    fixture = await EmulatorFixture.start();
    client = fixture.jdcloudClient({ maxAttempts: 1 });
  });
  after(() => fixture.close());

  it('creates containers, lists them with filters and pages, describes, stops, starts and deletes one', async () => {
    const { containerIds } = await createContainers(client, REGION, spec('web', { hostname: 'web-1' }), {
      maxCount: 12,
      clientToken: 'token-1',
    });
    assert.equal(containerIds.length, 12);
    // The same client token with the same request gives the same containers, not new ones (with another request it
    // is refused: test/unit/emulator-jdcloud-strict.test.ts).
    assert.deepEqual(
      (
        await createContainers(client, REGION, spec('web', { hostname: 'web-1' }), {
          maxCount: 12,
          clientToken: 'token-1',
        })
      ).containerIds,
      containerIds,
    );
    const firstPage = await describeContainers(client, REGION, { pageSize: 10 });
    assert.equal(firstPage.totalCount, 12);
    assert.equal(firstPage.containers.length, 10);
    assert.equal((await describeContainers(client, REGION, { pageSize: 10, pageNumber: 2 })).containers.length, 2);
    const [id = ''] = containerIds;
    assert.deepEqual(
      (await describeContainers(client, REGION, { filters: [{ name: 'containerId', values: [id] }] })).containers.map(
        (c) => c.containerId,
      ),
      [id],
    );
    await reaches(client, id, 'running');
    const { container } = await describeContainer(client, REGION, id);
    assert.equal(container.status, 'running');
    assert.equal(container.hostname, 'web-1');
    assert.match(container.privateIpAddress ?? '', /^10\.0\.0\.\d+$/);
    // The fields JD Cloud returns beside the seed's: the primary interface, its VPC and subnet, shown in the tooltip.
    assert.equal(container.subnetId, 'subnet-demo');
    assert.match(container.vpcId ?? '', /^vpc-[0-9a-f]{10}$/);
    const nic = container.primaryNetworkInterface?.networkInterface;
    assert.deepEqual(
      [nic?.vpcId, nic?.subnetId, nic?.securityGroups?.map((g) => g.groupId), nic?.primaryIp?.privateIpAddress],
      [container.vpcId, 'subnet-demo', ['sg-demo'], container.privateIpAddress],
    );
    assert.ok(
      JDCLOUD_PROVIDER.row(container)
        .tooltip()
        .includes(`Network: VPC \`${container.vpcId ?? ''}\` · subnet \`subnet-demo\` · security groups sg-demo`),
    );
    assert.ok(
      JDCLOUD_PROVIDER.row(container)
        .tooltip('zh-cn')
        .includes(`网络：VPC \`${container.vpcId ?? ''}\` · 子网 \`subnet-demo\` · 安全组 sg-demo`),
    );

    // Start only when stopped, as the seed says.
    const notStopped = await apiError(startContainer(client, REGION, id));
    assert.equal(notStopped.code, 'FAILED_PRECONDITION');
    await stopContainer(client, REGION, id);
    assert.equal((await waitForContainerStatus(client, REGION, id, 'stopped', { intervalMs: 10 })).status, 'stopped');
    const notRunning = await waitForContainerStatus(client, REGION, id, 'running', {
      intervalMs: 10,
      timeoutMs: 50,
    }).then(
      () => assert.fail('it stays stopped'),
      (error: unknown) => error,
    );
    assert.ok(notRunning instanceof MessageError);
    assert.match(notRunning.message, /^web \(c-[0-9a-f]+\) is stopped, not running\.$/);
    assert.match(say(notRunning.said, 'zh-cn'), /^web（c-[0-9a-f]+）的状态为 stopped，不是 running。$/);
    await startContainer(client, REGION, id);
    await reaches(client, id, 'running');
    assert.equal((await describeContainer(client, REGION, id)).container.status, 'running');
    await deleteContainer(client, REGION, id);
    const gone = await apiError(describeContainer(client, REGION, id));
    assert.equal(gone.code, 'NOT_FOUND');
    assert.equal(gone.httpStatus, 404);
  });

  it("refuses the seed's mistakes with JD Cloud's error statuses", async () => {
    const badHost = await apiError(createContainers(client, REGION, spec('bad', { hostname: '-web' })));
    assert.equal(badHost.code, 'INVALID_ARGUMENT');
    assert.match(badHost.message, /hostname "-web"/);
    const tooMany = await apiError(
      createContainers(
        client,
        REGION,
        spec('sg', {
          primaryNetworkInterface: {
            networkInterface: { subnetId: 's', securityGroups: ['1', '2', '3', '4', '5', '6'] },
          },
        }),
      ),
    );
    assert.match(tooMany.message, /1 to 5 security groups/);
    const fixedIp = await apiError(
      createContainers(
        client,
        REGION,
        spec('ip', {
          primaryNetworkInterface: {
            networkInterface: { subnetId: 's', securityGroups: ['sg-1'], primaryIpAddress: '10.0.9.9' },
          },
        }),
        { maxCount: 2 },
      ),
    );
    assert.match(fixedIp.message, /primaryIpAddress can be given only with maxCount 1/);
    const pageSize = await apiError(describeContainers(client, REGION, { pageSize: 5 }));
    assert.match(pageSize.message, /pageSize must be from 10 to 100/);
  });

  it('renames, rebuilds only when stopped, moves an elastic IP (one per interface) and reads logs', async () => {
    const [id = ''] = (await createContainers(client, REGION, spec('api', { elasticIp: { bandwidthMbps: 10 } })))
      .containerIds;
    const [other = ''] = (await createContainers(client, REGION, spec('other', { elasticIp: { bandwidthMbps: 1 } })))
      .containerIds;
    const withEip = (await describeContainer(client, REGION, id)).container;
    const otherEip = (await describeContainer(client, REGION, other)).container.elasticIpId ?? '';
    assert.match(withEip.elasticIpAddress ?? '', /^114\.67\.0\.\d+$/);
    assert.equal((await apiError(associateElasticIp(client, REGION, id, otherEip))).code, 'FAILED_PRECONDITION');
    // Only the account's elastic IPs can be associated: an ID the region does not have is refused.
    assert.equal((await apiError(associateElasticIp(client, REGION, other, 'fip-unknown'))).code, 'NOT_FOUND');
    await disassociateElasticIp(client, REGION, id, withEip.elasticIpId ?? '');
    assert.equal((await describeContainer(client, REGION, id)).container.elasticIpAddress, '');
    // Disassociated, the other container's elastic IP stays allocated and can go onto this one, with its address.
    await reaches(client, other, 'running');
    await disassociateElasticIp(client, REGION, other, otherEip);
    await associateElasticIp(client, REGION, id, otherEip);
    assert.equal((await describeContainer(client, REGION, id)).container.elasticIpId, otherEip);
    await associateElasticIp(client, REGION, other, withEip.elasticIpId ?? '');
    assert.equal((await describeContainer(client, REGION, other)).container.elasticIpAddress, withEip.elasticIpAddress);
    await deleteContainer(client, REGION, other);

    await modifyContainerAttribute(client, REGION, id, { name: 'api-renamed', description: 'the API' });
    assert.equal((await describeContainer(client, REGION, id)).container.name, 'api-renamed');

    assert.equal((await apiError(rebuildContainer(client, REGION, id, 'nginx:1.28'))).code, 'FAILED_PRECONDITION');
    await reaches(client, id, 'running');
    await stopContainer(client, REGION, id);
    await reaches(client, id, 'stopped');
    await rebuildContainer(client, REGION, id, 'nginx:1.28');
    assert.equal((await describeContainer(client, REGION, id)).container.image, 'nginx:1.28');

    // A rebuilt container runs its new image from its next start: a new instance, whose log starts afresh.
    await reaches(client, id, 'stopped');
    await startContainer(client, REGION, id);
    await reaches(client, id, 'running');
    const { logs } = await getLogs(client, REGION, id, { tailLines: 5 });
    const [firstLine = ''] = logs.split('\n');
    assert.match(firstLine, /^\d{4}-\d\d-\d\dT[\d:.]+Z \[nginx:1\.28\] instance 2: request 1 served$/);
    assert.equal((await apiError(getLogs(client, REGION, id, { sinceSeconds: 0 }))).code, 'INVALID_ARGUMENT');
    assert.ok(Buffer.byteLength((await getLogs(client, REGION, id, { tailLines: 200, limitBytes: 100 })).logs) <= 100);
    assert.match(
      (await apiError(createContainers(client, REGION, spec('eip', { elasticIp: { bandwidthMbps: 201 } })))).message,
      /1 to 200/,
    );
    assert.match(
      (
        await apiError(
          createContainers(
            client,
            REGION,
            spec('disk', { rootVolume: { category: 'cloud', cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 105 } } }),
          ),
        )
      ).message,
      /10–100 GB in steps of 10/,
    );
  });

  it('keeps an elastic IP its address from one container to the next, and on one container at a time', async () => {
    const [first = '', second = ''] = (
      await Promise.all([
        createContainers(client, REGION, spec('eip-first', { elasticIp: { bandwidthMbps: 5 } })),
        createContainers(client, REGION, spec('eip-second')),
      ])
    ).map((r) => r.containerIds[0]);
    const { elasticIpId = '', elasticIpAddress = '' } = (await describeContainer(client, REGION, first)).container;
    const taken = await apiError(associateElasticIp(client, REGION, second, elasticIpId));
    assert.equal(taken.code, 'FAILED_PRECONDITION');
    assert.match(taken.message, new RegExp(`${elasticIpId} is associated with ${first}`));
    await disassociateElasticIp(client, REGION, first, elasticIpId);
    await associateElasticIp(client, REGION, second, elasticIpId);
    const moved = (await describeContainer(client, REGION, second)).container;
    assert.deepEqual([moved.elasticIpId, moved.elasticIpAddress], [elasticIpId, elasticIpAddress]);
    // An elastic IP is of its region.
    await disassociateElasticIp(client, REGION, second, elasticIpId);
    const [east = ''] = (await createContainers(client, 'cn-east-2', spec('eip-east', { az: 'cn-east-2a' })))
      .containerIds;
    assert.equal((await apiError(associateElasticIp(client, 'cn-east-2', east, elasticIpId))).code, 'NOT_FOUND');
    await Promise.all([reaches(client, first, 'running'), reaches(client, second, 'running')]);
    await reaches(client, east, 'running', 'cn-east-2');
    await Promise.all([
      deleteContainer(client, REGION, first),
      deleteContainer(client, REGION, second),
      deleteContainer(client, 'cn-east-2', east),
    ]);
  });

  it('keeps registry secrets without ever returning their password, and counts quotas', async () => {
    const { secretName } = await createSecret(client, REGION, 'registry', {
      server: 'registry.example.com',
      username: 'me',
      password: 'hunter2',
    });
    assert.equal(secretName, 'registry');
    assert.equal(
      (await apiError(createSecret(client, REGION, 'registry', { server: 's', username: 'u', password: 'p' }))).code,
      'ALREADY_EXISTS',
    );
    const { secret } = await describeSecret(client, REGION, 'registry');
    assert.equal(secret.data?.server, 'registry.example.com');
    assert.ok(!JSON.stringify(await describeSecrets(client, REGION)).includes('hunter2'));
    assert.deepEqual((await describeQuota(client, REGION, 'secret')).quota, {
      resourceType: 'secret',
      limit: 20,
      used: 1,
    });
    const containers = (await describeQuota(client, REGION, 'container')).quota;
    assert.equal(containers.resourceType, 'container');
    assert.equal(containers.used, (await describeContainers(client, REGION)).totalCount);
    await deleteSecret(client, REGION, 'registry');
    assert.equal((await describeSecrets(client, REGION)).totalCount, 0);
  });

  it('verifies JDCLOUD2 signatures: a wrong secret or a request from another time is refused, never served', async () => {
    const wrong = new JdcloudClient({
      credentials: { ...DEMO_KEY, accessKeySecret: 'not-the-secret' },
      endpoint: fixture.emulator.url,
      maxAttempts: 1,
    });
    const refused = await apiError(describeContainers(wrong, REGION));
    assert.equal(refused.code, 'UNAUTHENTICATED');
    assert.match(refused.message, /signature does not match/);
    assert.ok(!refused.message.includes('not-the-secret'));
    await wrong.close();
    const late = new JdcloudClient({
      credentials: DEMO_KEY,
      endpoint: fixture.emulator.url,
      maxAttempts: 1,
      now: () => new Date(Date.now() - 3_600_000),
    });
    assert.match((await apiError(describeContainers(late, REGION))).message, /more than 15 minutes/);
    await late.close();
  });
});

describe("JD Cloud Native Container: retries through the emulator's faults", () => {
  it('retries throttling and unavailability until the call goes through, and gives up with the status when told to', async () => {
    const fixture = await EmulatorFixture.start();
    const patient = new JdcloudClient({ credentials: DEMO_KEY, endpoint: fixture.emulator.url, maxAttempts: 10 });
    const hasty = new JdcloudClient({ credentials: DEMO_KEY, endpoint: fixture.emulator.url, maxAttempts: 1 });
    // 30%: ten attempts all failing is one in 170,000; forty calls without a fault, one in 1.6 million.
    fixture.emulator.faults.faultRate = 0.3;
    try {
      for (let i = 0; i < 10; i++) assert.equal((await describeContainers(patient, REGION)).totalCount, 0);
      const statuses = new Set<string>();
      for (let i = 0; i < 40; i++)
        await describeContainers(hasty, REGION).catch((error: { code: string }) => statuses.add(error.code));
      assert.ok(
        [...statuses].every((s) => s === 'TOO_MANY_REQUESTS' || s === 'UNAVAILABLE') && statuses.size > 0,
        [...statuses].join(),
      );
    } finally {
      fixture.emulator.faults.faultRate = 0;
      await patient.close();
      await hasty.close();
      await fixture.close();
    }
  });

  it('says clearly when an endpoint answers something other than the API (HTML, a wrong shape, nothing), and never crashes on it', async () => {
    // Not our emulator: a server that answers what proxies, captive portals and wrong endpoints answer.
    const answers: { status: number; body: string }[] = [];
    const server = createServer((_request, response) => {
      const next = answers.shift() ?? { status: 200, body: '{}' };
      response.writeHead(next.status, { 'content-type': 'text/plain' });
      response.end(next.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new JdcloudClient({ credentials: DEMO_KEY, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    try {
      answers.push({ status: 200, body: '<html>Sign in to the Wi-Fi</html>' });
      const html = await apiError(describeContainers(client, REGION));
      assert.equal(html.code, 'InvalidResponse');
      assert.match(html.message, /describeContainers: the answer \(HTTP 200\) is not JSON/);
      answers.push({
        status: 200,
        body: JSON.stringify({ requestId: 'r', result: { containers: 'many', totalCount: 1 } }),
      });
      const shape = await apiError(describeContainers(client, REGION));
      assert.equal(shape.code, 'InvalidResponse');
      assert.match(
        shape.message,
        /does not have the shape JD Cloud documents: containers should be a list, found "many"/,
      );
      answers.push({
        status: 200,
        body: JSON.stringify({ requestId: 'r', result: { container: { containerId: 'c-1' } } }),
      });
      assert.match(
        (await apiError(describeContainer(client, REGION, 'c-1'))).message,
        /container\.name should be a string, found undefined/,
      );
      // An empty result is an empty list, as the API's own SDKs read it.
      answers.push({ status: 200, body: JSON.stringify({ requestId: 'r', result: null }) });
      assert.deepEqual(await describeContainers(client, REGION), { containers: [], totalCount: 0 });
      answers.push({ status: 502, body: 'Bad Gateway' });
      const gateway = await apiError(describeQuota(client, REGION, 'container'));
      assert.equal(gateway.httpStatus, 502);
    } finally {
      await client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('JD Cloud Native Container: the log, deadlines and bounds (through the shared transport)', () => {
  let server: ScriptedServer;
  const clients: JdcloudClient[] = [];
  const jd = (overrides: Partial<JdcloudClientOptions> = {}): JdcloudClient => {
    const created = new JdcloudClient({ credentials: DEMO_KEY, endpoint: server.url, ...overrides });
    clients.push(created);
    return created;
  };
  const unavailable: Handler = (_request, response) =>
    json(response, 503, { requestId: 'req-503', error: { code: 503, status: 'UNAVAILABLE', message: 'busy' } });
  before(async () => {
    server = await ScriptedServer.start();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('tells onCall of every attempt of every call, for the log, and never of the secret', async () => {
    const fixture = await EmulatorFixture.start();
    const events: CallEvent[] = [];
    const client = new JdcloudClient({
      credentials: DEMO_KEY,
      endpoint: fixture.emulator.url,
      maxAttempts: 1,
      onCall: (e) => events.push(e),
    });
    try {
      await describeContainers(client, REGION);
      await apiError(describeContainer(client, REGION, 'c-missing'));
    } finally {
      await client.close();
      await fixture.close();
    }
    assert.deepEqual(
      events.map((e) => [e.action, e.attempt, e.httpStatus, e.errorCode, typeof e.requestId]),
      [
        ['describeContainers', 1, 200, undefined, 'string'],
        ['describeContainer', 1, 404, 'NOT_FOUND', 'string'],
      ],
    );
    assert.ok(events.every((e) => e.durationMs >= 0));
    assert.ok(!JSON.stringify(events).includes(DEMO_KEY.accessKeySecret));
  });

  it('ends a call whose server trickles one byte a second at its deadline', async () => {
    server.otherwise(trickle(1000));
    const started = performance.now();
    const error = await apiError(describeContainers(jd({ timeoutMs: 60_000, deadlineMs: 1_200 }), REGION));
    const took = performance.now() - started;
    assert.equal(error.code, 'RequestTimeout');
    assert.match(error.message, /describeContainers did not finish within its deadline of 1200 ms/);
    assert.ok(took >= 1_190 && took < 1_200 + 600, `the call took ${took.toFixed(0)} ms`);
  });

  it('ends a call at once when it is canceled during a backoff wait', async () => {
    server.otherwise(unavailable);
    server.requests.length = 0;
    const controller = new AbortController();
    const client = jd({
      retryBaseDelayMs: 10_000,
      retryMaxDelayMs: 10_000,
      random: () => 1,
      onCall: () => setImmediate(() => controller.abort()),
    });
    const started = performance.now();
    const error = await apiError(
      client.call({
        operation: 'describeContainers',
        method: 'GET',
        regionId: REGION,
        path: '/containers',
        signal: controller.signal,
      }),
    );
    assert.equal(error.code, 'Canceled');
    assert.ok(performance.now() - started < 1_000, 'the 10 s wait was not waited out');
    assert.equal(server.requests.length, 1);
  });

  it('does not let Retry-After stretch a call past its deadline', async () => {
    server.otherwise((_request, response) =>
      json(
        response,
        429,
        { requestId: 'req-429', error: { code: 429, status: 'TOO_MANY_REQUESTS', message: 'slow down' } },
        { 'retry-after': '180' },
      ),
    );
    server.requests.length = 0;
    const started = performance.now();
    const error = await apiError(describeContainers(jd({ timeoutMs: 3_000 }), REGION));
    assert.ok(performance.now() - started < 1_000);
    assert.equal(error.code, 'TOO_MANY_REQUESTS');
    assert.equal(error.attempts, 1);
    assert.equal(server.requests.length, 1);
  });

  it('refuses an oversized answer without reading it whole: memory stays far below its size', async () => {
    const total = 1024 * 1024 * 1024;
    const sent = { bytes: 0 };
    server.otherwise(hugeAnswer(total, sent));
    let error: CloudError | undefined;
    const growth = await peakGrowth(
      async () => (error = await apiError(describeContainers(jd({ maxAttempts: 1 }), REGION))),
    );
    assert.equal(error?.code, 'InvalidResponse');
    assert.match(error?.message ?? '', /The response to describeContainers is larger than 33554432 bytes/);
    assert.ok(sent.bytes < total / 8, `the server sent ${sent.bytes} bytes of ${total}`);
    assert.ok(growth < total / 8, `memory grew by ${(growth / 1024 / 1024).toFixed(0)} MiB`);
  });
});
