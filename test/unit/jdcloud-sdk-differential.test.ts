import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { CloudError } from '../../src/core/errors';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import type { JdcloudClient } from '../../src/jdcloud/client';
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
  execCreate,
  execGetExitCode,
  getLogs,
  modifyContainerAttribute,
  rebuildContainer,
  resizeTTY,
  startContainer,
  stopContainer,
  waitForContainerStatus,
} from '../../src/jdcloud/operations';
import { EmulatorFixture } from '../helpers/emulator';
import type { OfficialNativeContainer, ReceivedRequest, SdkAnswer } from '../helpers/jdcloud-sdk';
import { officialAuthorization, officialNativeContainer } from '../helpers/jdcloud-sdk';
import type { SeenRequest } from '../helpers/scripted-server';
import { ScriptedServer } from '../helpers/scripted-server';

/**
 * Our client against JD Cloud's official SDK, call by call, for every operation of the seed's table: both send the
 * same call through a real local HTTP server that records what arrives. The SDK's request goes on to the emulator;
 * ours is answered with the very bytes the emulator gave the SDK. Then what went out is compared (method, path as
 * escaped, query, body text, the headers signed and their values; our signature recomputed by the SDK's own signer),
 * and what each read of the same answer: every field our client decodes is the SDK's result's.
 */
const REGION = 'cn-north-1';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The recording server: the SDK's call is passed to the emulator, ours is answered with the emulator's answer. */
class Recorder {
  private last: Answer | undefined;
  constructor(
    readonly server: ScriptedServer,
    private readonly emulatorUrl: string,
  ) {}

  /** One call of each: the SDK's first, then ours; both requests as received, and what each read. */
  async pair<T>(sdkCall: () => Promise<SdkAnswer>, ourCall: () => Promise<T>): Promise<Pair<T>> {
    const seen = this.server.requests.length;
    this.server.queue(
      (request, response) =>
        this.forward(request).then((answer) => {
          this.last = answer;
          response.writeHead(answer.status, answer.headers);
          response.end(answer.body);
        }),
      (_request, response) => {
        const answer = this.last;
        assert.ok(answer !== undefined, 'the SDK was answered first');
        response.writeHead(answer.status, answer.headers);
        response.end(answer.body);
      },
    );
    const sdk = await settle(sdkCall());
    const ours = await settle(ourCall());
    const [sdkRequest, ourRequest] = this.server.requests.slice(seen).map(received);
    assert.ok(sdkRequest !== undefined && ourRequest !== undefined, 'both calls reached the server');
    return { sdkRequest, ourRequest, sdk, ours };
  }

  private forward(request: SeenRequest): Promise<Answer> {
    const target = new URL(this.emulatorUrl);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          // As signed: the Host the SDK was given (the emulator checks the signature over it).
          headers: request.headers,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: { 'content-type': String(incoming.headers['content-type'] ?? 'application/json') },
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }
}

interface Settled<T> {
  readonly value?: T;
  readonly error?: unknown;
}

interface Pair<T> {
  readonly sdkRequest: ReceivedRequest;
  readonly ourRequest: ReceivedRequest;
  readonly sdk: Settled<SdkAnswer>;
  readonly ours: Settled<T>;
}

const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

function received(request: SeenRequest): ReceivedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { method: request.method, url: request.url, headers, body: request.body };
}

const signedNames = (request: ReceivedRequest): string[] =>
  (/SignedHeaders=([^,]+)/.exec(request.headers['authorization'] ?? '')?.[1] ?? '').split(';');

/** The query's pairs, decoded and sorted: the order of parameters carries no meaning. */
function queryPairs(url: string): string[] {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return [...new URLSearchParams(query).entries()].map(([name, value]) => `${name}=${value}`).sort();
}

/** The same call, by JD Cloud's rules: what went out of both clients. */
function assertSameRequest(pair: Pair<unknown>, operation: string): void {
  const { sdkRequest: sdk, ourRequest: ours } = pair;
  assert.equal(ours.method, sdk.method, `${operation}: method`);
  assert.equal(ours.url.split('?')[0], sdk.url.split('?')[0], `${operation}: path`);
  assert.deepEqual(queryPairs(ours.url), queryPairs(sdk.url), `${operation}: query`);
  assert.equal(ours.body, sdk.body, `${operation}: body`);
  assert.deepEqual(signedNames(ours), signedNames(sdk), `${operation}: signed headers`);
  for (const name of signedNames(sdk))
    if (name !== 'x-jdcloud-date' && name !== 'x-jdcloud-nonce')
      assert.equal(ours.headers[name], sdk.headers[name], `${operation}: the signed header ${name}`);
  const scope = (request: ReceivedRequest): string | undefined =>
    /Credential=[^/]+\/\d{8}\/([^,]+),/.exec(request.headers['authorization'] ?? '')?.[1];
  assert.equal(scope(ours), scope(sdk), `${operation}: the credential scope (region and service)`);
  // The harness itself: the SDK's signer, given the SDK's request as received, finds the SDK's signature.
  assert.equal(officialAuthorization(sdk, DEMO_KEY), sdk.headers['authorization'], `${operation}: the SDK's signature`);
  assert.equal(officialAuthorization(ours, DEMO_KEY), ours.headers['authorization'], `${operation}: our signature`);
}

/** Every field our client read is the SDK's, at any depth (ours reads a subset: the fields it uses). */
function assertReadsAsSdk(ours: unknown, sdk: unknown, where: string): void {
  if (ours === undefined) return;
  if (Array.isArray(ours)) {
    assert.ok(Array.isArray(sdk), `${where}: a list for the SDK too`);
    assert.equal(ours.length, sdk.length, `${where}: as many items`);
    ours.forEach((item, i) => assertReadsAsSdk(item, (sdk as unknown[])[i], `${where}[${i}]`));
    return;
  }
  if (ours !== null && typeof ours === 'object') {
    assert.ok(sdk !== null && typeof sdk === 'object', `${where}: an object for the SDK too`);
    for (const [key, value] of Object.entries(ours))
      assertReadsAsSdk(value, (sdk as Record<string, unknown>)[key], `${where}.${key}`);
    return;
  }
  assert.equal(ours, sdk, where);
}

/** Both read the answer alike: the same result, or the same error. */
function assertSameReading(pair: Pair<unknown>, operation: string, expectedKeys: readonly string[] = []): void {
  if (pair.sdk.error !== undefined) {
    const sdkError = pair.sdk.error as SdkAnswer;
    assert.ok(pair.ours.error instanceof CloudError, `${operation}: ours failed too (${String(pair.ours.error)})`);
    assert.equal(pair.ours.error.code, sdkError.error?.status, `${operation}: the error's status`);
    assert.equal(pair.ours.error.httpStatus, sdkError.error?.code, `${operation}: the error's code`);
    assert.ok(pair.ours.error.message.includes(sdkError.error?.message ?? '?'), `${operation}: the error's message`);
    return;
  }
  assert.equal(pair.ours.error, undefined, `${operation}: ours succeeded too`);
  const result = pair.sdk.value?.result ?? {};
  for (const key of expectedKeys) assert.ok(key in result, `${operation}: the answer has ${key}`);
  assertReadsAsSdk(pair.ours.value, result, operation);
}

const spec = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  instanceType: 'n.c1.medium',
  az: 'cn-north-1a',
  name,
  image: 'nginx:1.27-alpine',
  hostname: name,
  rootVolume: { category: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 20 } },
  dataVolumes: [
    { category: 'cloud', mountPath: '/data', cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 40, iops: 1200 } },
  ],
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-diff', securityGroups: ['sg-diff'] } },
  envs: [{ name: 'MODE', value: 'diff' }],
  ...extra,
});

describe('JD Cloud Native Container: our client sends and reads every operation as the official SDK does', () => {
  let fixture: EmulatorFixture;
  let recorder: Recorder;
  let sdk: OfficialNativeContainer;
  let ours: JdcloudClient;
  /** Straight to the emulator, to wait for a status between the compared calls. */
  let direct: JdcloudClient;
  let withEip = '';
  let plain = '';
  let elasticIpId = '';

  before(async () => {
    fixture = await EmulatorFixture.start();
    const server = await ScriptedServer.start();
    recorder = new Recorder(server, fixture.emulator.url);
    sdk = officialNativeContainer(server.url, DEMO_KEY);
    ours = fixture.jdcloudClient({ endpoint: server.url, maxAttempts: 1 });
    direct = fixture.jdcloudClient({ maxAttempts: 1 });
  });
  after(async () => {
    await fixture.close();
    await recorder.server.close();
  });

  const reaches = (id: string, status: string): Promise<unknown> =>
    waitForContainerStatus(direct, REGION, id, status, { intervalMs: 10 });

  it('createContainers: the spec, maxCount and clientToken, and the IDs read back', async () => {
    for (const [name, extra] of [
      ['diff-eip', { elasticIp: { bandwidthMbps: 5, provider: 'bgp' } }],
      ['diff-plain', {}],
    ] as const) {
      const containerSpec = spec(name, extra);
      const pair = await recorder.pair(
        () => sdk.createContainers({ containerSpec, maxCount: 1, clientToken: `token-${name}` }, REGION),
        () => createContainers(ours, REGION, containerSpec, { maxCount: 1, clientToken: `token-${name}` }),
      );
      assertSameRequest(pair, 'createContainers');
      assertSameReading(pair, 'createContainers', ['containerIds']);
      const [id = ''] = (pair.ours.value as { containerIds: string[] }).containerIds;
      if (name === 'diff-eip') withEip = id;
      else plain = id;
    }
    await reaches(withEip, 'running');
    await reaches(plain, 'running');
  });

  it('describeContainers: pages and the filters as the SDK writes them, and the containers read back', async () => {
    const pair = await recorder.pair(
      () =>
        sdk.describeContainers(
          {
            pageNumber: 1,
            pageSize: 10,
            filters: [
              { name: 'status', values: ['running', 'stopped'] },
              { name: 'name', values: ['diff'] },
              { name: 'vpcId', values: [] },
            ],
          },
          REGION,
        ),
      () =>
        describeContainers(ours, REGION, {
          pageNumber: 1,
          pageSize: 10,
          filters: [
            { name: 'status', values: ['running', 'stopped'] },
            { name: 'name', values: ['diff'] },
            { name: 'vpcId', values: [] },
          ],
        }),
    );
    assertSameRequest(pair, 'describeContainers');
    assertSameReading(pair, 'describeContainers', ['containers', 'totalCount']);
    assert.equal((pair.ours.value as { totalCount: number }).totalCount, 2);
  });

  it('describeContainer: one container with its network interface, and an unknown one refused alike', async () => {
    const pair = await recorder.pair(
      () => sdk.describeContainer({ containerId: withEip }, REGION),
      () => describeContainer(ours, REGION, withEip),
    );
    assertSameRequest(pair, 'describeContainer');
    assertSameReading(pair, 'describeContainer', ['container']);
    const { container } = pair.ours.value as Awaited<ReturnType<typeof describeContainer>>;
    elasticIpId = container.elasticIpId ?? '';
    assert.match(elasticIpId, /^fip-/);
    assert.equal(container.primaryNetworkInterface?.networkInterface?.primaryIp?.elasticIpId, elasticIpId);

    const missing = await recorder.pair(
      () => sdk.describeContainer({ containerId: 'c-missing' }, REGION),
      () => describeContainer(ours, REGION, 'c-missing'),
    );
    assertSameRequest(missing, 'describeContainer');
    assert.ok(missing.sdk.error !== undefined, 'the SDK was refused');
    assertSameReading(missing, 'describeContainer');
  });

  it('getLogs: tailLines, sinceSeconds and limitBytes in the query, and the logs read back', async () => {
    const pair = await recorder.pair(
      () => sdk.getLogs({ containerId: plain, tailLines: 5, sinceSeconds: 600, limitBytes: 4096 }, REGION),
      () => getLogs(ours, REGION, plain, { tailLines: 5, sinceSeconds: 600, limitBytes: 4096 }),
    );
    assertSameRequest(pair, 'getLogs');
    assertSameReading(pair, 'getLogs', ['logs']);
  });

  it('execCreate, resizeTTY and execGetExitCode: the command, the size and the exec ID', async () => {
    const create = await recorder.pair(
      () => sdk.execCreate({ containerId: plain, command: ['echo', 'hi'], tty: true }, REGION),
      () => execCreate(ours, REGION, plain, { command: ['echo', 'hi'], tty: true }),
    );
    assertSameRequest(create, 'execCreate');
    assertSameReading(create, 'execCreate', ['execId']);
    const { execId } = create.ours.value as { execId: string };
    const resize = await recorder.pair(
      () => sdk.resizeTTY({ containerId: plain, height: 24, width: 80, execId }, REGION),
      () => resizeTTY(ours, REGION, plain, { height: 24, width: 80, execId }),
    );
    assertSameRequest(resize, 'resizeTTY');
    assertSameReading(resize, 'resizeTTY');
    const exit = await recorder.pair(
      () => sdk.execGetExitCode({ containerId: plain, execId }, REGION),
      () => execGetExitCode(ours, REGION, plain, execId),
    );
    assertSameRequest(exit, 'execGetExitCode');
    assertSameReading(exit, 'execGetExitCode', ['exitCode']);
  });

  it('modifyContainerAttribute: the name and the description alone in the body', async () => {
    const pair = await recorder.pair(
      () => sdk.modifyContainerAttribute({ containerId: plain, name: 'diff-renamed', description: 'compared' }, REGION),
      () => modifyContainerAttribute(ours, REGION, plain, { name: 'diff-renamed', description: 'compared' }),
    );
    assertSameRequest(pair, 'modifyContainerAttribute');
    assertSameReading(pair, 'modifyContainerAttribute');
    const described = await describeContainer(direct, REGION, plain);
    assert.equal(described.container.name, 'diff-renamed');
    assert.equal(described.container.description, 'compared');
  });

  it('stopContainer, rebuildContainer (POST …:rebuild) and startContainer: empty bodies but the rebuild', async () => {
    const stop = await recorder.pair(
      () => sdk.stopContainer({ containerId: plain }, REGION),
      () => stopContainer(ours, REGION, plain),
    );
    assertSameRequest(stop, 'stopContainer');
    assertSameReading(stop, 'stopContainer');
    assert.equal(stop.sdkRequest.body, '{}');
    await reaches(plain, 'stopped');

    const rebuild = await recorder.pair(
      () =>
        sdk.rebuildContainer(
          {
            containerId: plain,
            image: 'nginx:1.28-alpine',
            command: ['nginx'],
            args: ['-g', 'daemon off;'],
            tty: false,
            workingDir: '/srv',
            envs: [{ name: 'MODE', value: 'rebuilt' }],
          },
          REGION,
        ),
      () =>
        rebuildContainer(ours, REGION, plain, 'nginx:1.28-alpine', {
          command: ['nginx'],
          args: ['-g', 'daemon off;'],
          tty: false,
          workingDir: '/srv',
          envs: [{ name: 'MODE', value: 'rebuilt' }],
        }),
    );
    assertSameRequest(rebuild, 'rebuildContainer');
    assert.match(rebuild.ourRequest.url, /\/containers\/c-[0-9a-f]+%3Arebuild$/);
    assertSameReading(rebuild, 'rebuildContainer');
    await reaches(plain, 'stopped');
    assert.equal((await describeContainer(direct, REGION, plain)).container.image, 'nginx:1.28-alpine');

    const start = await recorder.pair(
      () => sdk.startContainer({ containerId: plain }, REGION),
      () => startContainer(ours, REGION, plain),
    );
    assertSameRequest(start, 'startContainer');
    assertSameReading(start, 'startContainer');
    await reaches(plain, 'running');
  });

  it('disassociateElasticIp and associateElasticIp: the elastic IP moves from one container to the other', async () => {
    const off = await recorder.pair(
      () => sdk.disassociateElasticIp({ containerId: withEip, elasticIpId }, REGION),
      () => disassociateElasticIp(ours, REGION, withEip, elasticIpId),
    );
    assertSameRequest(off, 'disassociateElasticIp');
    assertSameReading(off, 'disassociateElasticIp');
    const on = await recorder.pair(
      () => sdk.associateElasticIp({ containerId: plain, elasticIpId }, REGION),
      () => associateElasticIp(ours, REGION, plain, elasticIpId),
    );
    assertSameRequest(on, 'associateElasticIp');
    assertSameReading(on, 'associateElasticIp');
    assert.equal((await describeContainer(direct, REGION, plain)).container.elasticIpId, elasticIpId);
  });

  it('createSecret, describeSecrets (filtered by name), describeSecret and deleteSecret', async () => {
    const data = {
      server: 'registry.example.com',
      username: 'diff',
      password: 'diff-password',
      email: 'd@example.com',
    };
    const create = await recorder.pair(
      () => sdk.createSecret({ name: 'diff-registry', secretType: 'docker-registry', data }, REGION),
      () => createSecret(ours, REGION, 'diff-registry', data),
    );
    assertSameRequest(create, 'createSecret');
    assertSameReading(create, 'createSecret', ['secretName']);
    const list = await recorder.pair(
      () => sdk.describeSecrets({ pageNumber: 1, pageSize: 10, filters: [{ name: 'name', values: ['diff'] }] }, REGION),
      () =>
        describeSecrets(ours, REGION, { pageNumber: 1, pageSize: 10, filters: [{ name: 'name', values: ['diff'] }] }),
    );
    assertSameRequest(list, 'describeSecrets');
    assertSameReading(list, 'describeSecrets', ['secrets', 'totalCount']);
    const one = await recorder.pair(
      () => sdk.describeSecret({ name: 'diff-registry' }, REGION),
      () => describeSecret(ours, REGION, 'diff-registry'),
    );
    assertSameRequest(one, 'describeSecret');
    assertSameReading(one, 'describeSecret', ['secret']);
    const { secret } = one.ours.value as Awaited<ReturnType<typeof describeSecret>>;
    assert.match(secret.createdAt ?? '', /^\d{4}-\d\d-\d\dT/);
    const gone = await recorder.pair(
      () => sdk.deleteSecret({ name: 'diff-registry' }, REGION),
      () => deleteSecret(ours, REGION, 'diff-registry'),
    );
    assertSameRequest(gone, 'deleteSecret');
    assertSameReading(gone, 'deleteSecret');
  });

  it('describeQuota: one resourceType a call, and `quota` read back', async () => {
    for (const resourceType of ['container', 'secret', 'pod'] as const) {
      const pair = await recorder.pair(
        () => sdk.describeQuota({ resourceType }, REGION),
        () => describeQuota(ours, REGION, resourceType),
      );
      assertSameRequest(pair, 'describeQuota');
      assertSameReading(pair, 'describeQuota', ['quota']);
      assert.equal((pair.ours.value as { quota: { resourceType: string } }).quota.resourceType, resourceType);
    }
  });

  it('deleteContainer: no body, and the container gone for both', async () => {
    for (const id of [withEip, plain]) {
      const pair = await recorder.pair(
        () => sdk.deleteContainer({ containerId: id }, REGION),
        () => deleteContainer(ours, REGION, id),
      );
      assertSameRequest(pair, 'deleteContainer');
      assertSameReading(pair, 'deleteContainer');
      assert.equal(pair.ourRequest.body, '');
    }
    assert.equal((await describeContainers(direct, REGION)).totalCount, 0);
  });
});
