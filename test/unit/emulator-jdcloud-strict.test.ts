import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { NonceMemory } from '../../src/emulator/jdcloud/auth';
import { JdcloudError } from '../../src/emulator/jdcloud/errors';
import type { JdcloudClient } from '../../src/jdcloud/client';
import type { ContainerSpec } from '../../src/jdcloud/operations';
import {
  associateElasticIp,
  createContainers,
  describeContainer,
  describeContainers,
  disassociateElasticIp,
  getLogs,
  waitForContainerStatus,
} from '../../src/jdcloud/operations';
import { signJdcloudRequest } from '../../src/jdcloud/signing';
import { apiError, EmulatorFixture } from '../helpers/emulator';

/**
 * The emulator's JD Cloud API as strict as its ECI API, over real HTTP: a signed request is accepted once (its nonce
 * is remembered, within a bound), a client token stands for one request, and what is not a call's JSON, path or
 * header is an INVALID_ARGUMENT (or UNAUTHENTICATED) in JD Cloud's `{requestId, error: {code, status, message}}`
 * naming what is wrong, never a 500.
 */
const REGION = 'cn-north-1';
const spec = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  instanceType: 'n.c1.medium',
  az: 'cn-north-1a',
  name,
  image: 'nginx:1.27-alpine',
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
  ...extra,
});

interface Answer {
  readonly status: number;
  readonly body: {
    readonly requestId?: string;
    readonly result?: Record<string, unknown>;
    readonly error?: { readonly code: number; readonly status: string; readonly message: string };
  };
}

/** A request signed with the demo key as JD Cloud's SDKs sign it, and a way to send it (again). */
function signed(
  base: string,
  method: string,
  path: string,
  body = '',
  options: { date?: Date; nonce?: string; signedPath?: string; regionId?: string } = {},
) {
  const url = new URL(`/v1/regions/${options.regionId ?? REGION}${path}`, base);
  const headers = signJdcloudRequest(
    {
      method,
      // A path the signer cannot read (a malformed escape) is signed as another one.
      url: options.signedPath === undefined ? url : new URL(options.signedPath, base),
      headers: { 'content-type': 'application/json' },
      body,
      regionId: REGION,
      service: 'nativecontainer',
      date: options.date ?? new Date(),
      nonce: options.nonce ?? randomUUID(),
    },
    DEMO_KEY,
  ).headers;
  const send = async (): Promise<Answer> => {
    const response = await fetch(url, { method, headers, body: body === '' ? undefined : body });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  return { url, headers, send };
}

/** A refusal in JD Cloud's shape: HTTP code, the same code and a status in the body, a message saying `message`. */
function assertRefused(answer: Answer, code: number, status: string, message: RegExp): void {
  assert.equal(answer.status, code, JSON.stringify(answer.body));
  assert.equal(typeof answer.body.requestId, 'string');
  assert.equal(answer.body.error?.code, code);
  assert.equal(answer.body.error?.status, status);
  assert.match(answer.body.error?.message ?? '', message);
  assert.equal(answer.body.result, undefined);
}

/** A request written byte for byte (headers a fetch would not send as given), and its answer. */
function sendRaw(port: number, head: string, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      let text = raw.slice(split + 4);
      // A chunked answer: its one chunk (the emulator's answers are small).
      if (/^transfer-encoding: *chunked/im.test(raw.slice(0, split))) text = text.slice(text.indexOf('\r\n') + 2);
      text = text.slice(0, text.lastIndexOf('}') + 1);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0), body: JSON.parse(text) as Answer['body'] });
    });
    socket.write(`${head}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
}

/** The refusal of a WebSocket handshake: its status and JSON body. */
function handshake(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the handshake was accepted'));
    });
    socket.once('unexpected-response', (_request, response: IncomingMessage) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }));
    });
    socket.once('error', reject);
  });
}

describe("the emulator's JD Cloud API refuses malformed input with a 4xx naming it", () => {
  let fixture: EmulatorFixture;
  let client: JdcloudClient;
  let id = '';
  before(async () => {
    fixture = await EmulatorFixture.start();
    client = fixture.jdcloudClient({ maxAttempts: 1 });
    [id = ''] = (await createContainers(client, REGION, spec('target'))).containerIds;
    await waitForContainerStatus(client, REGION, id, 'running', { intervalMs: 10 });
  });
  after(() => fixture.close());

  const post = (path: string, body: string, method = 'POST'): Promise<Answer> =>
    signed(fixture.emulator.url, method, path, body).send();

  it('a body that is null, not an object, not JSON or nested too deep', async () => {
    const cases: [string, RegExp][] = [
      ['null', /The body must be a JSON object, not null/],
      ['[]', /The body must be a JSON object, not a list/],
      ['"text"', /The body must be a JSON object, not a string/],
      ['5', /The body must be a JSON object, not a number/],
      ['true', /The body must be a JSON object, not a boolean/],
      ['{', /The body is not JSON \(at character 1\)/],
      ['{"containerSpec":', /The body is not JSON/],
      ['{} {}', /The body is not JSON \(at character 3\): send one JSON object/],
      [`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`, /The body nests deeper than 32 levels/],
      [`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /The body nests deeper than 32 levels/],
    ];
    for (const [body, message] of cases)
      assertRefused(await post('/containers', body), 400, 'INVALID_ARGUMENT', message);
    // Where the JSON breaks, never what it says: a body may hold a password.
    const cut = await post(
      '/secrets',
      '{"name":"s","secretType":"docker-registry","data":{"server":"r","username":"u","password":"hunter2" x}}',
    );
    assertRefused(cut, 400, 'INVALID_ARGUMENT', /The body is not JSON \(at character \d+\)/);
    assert.ok(!JSON.stringify(cut.body).includes('hunter2'));
    // Every operation that reads a body says the same of a null one.
    const routes: [string, string][] = [
      ['POST', `/containers/${id}:stopContainer`],
      ['PATCH', `/containers/${id}:modifyContainerAttribute`],
      ['POST', `/containers/${id}:rebuild`],
      ['POST', `/containers/${id}:associateElasticIp`],
      ['POST', `/containers/${id}:disassociateElasticIp`],
      ['POST', `/containers/${id}:execCreate`],
      ['POST', `/containers/${id}:resizeTTY`],
      ['POST', '/secrets'],
    ];
    for (const [method, path] of routes)
      assertRefused(await post(path, 'null', method), 400, 'INVALID_ARGUMENT', /not null/);
  });

  it('a malformed % escape in a signed path, for calls and for the exec handshake', async () => {
    for (const path of [`/containers/%zz`, `/containers/${id}%E0%A4%A:getLogs`, '/secrets/%', '/containers/%C0%80']) {
      const answer = await signed(fixture.emulator.url, 'GET', path, '', { signedPath: '/v1/' }).send();
      assertRefused(answer, 400, 'INVALID_ARGUMENT', /The path \/v1\/regions\/cn-north-1\/.* has a malformed % escape/);
    }
    const { url, headers } = client.webSocketRequest(REGION, `/containers/${id}:execStart`, { execId: 'x' });
    const broken = url.replace(`${id}%3AexecStart`, `%zz${id}%3AexecStart`);
    assert.notEqual(broken, url);
    assertRefused(await handshake(broken, headers), 400, 'INVALID_ARGUMENT', /malformed % escape/);
  });

  it('takes a field given as null as left out, as typed JSON decoders do', async () => {
    const body = JSON.stringify({
      containerSpec: { ...spec('nulls'), rootVolume: null, elasticIp: null, description: null, hostname: null },
      maxCount: null,
      clientToken: null,
    });
    const answer = await post('/containers', body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const [made = ''] = answer.body.result?.['containerIds'] as string[];
    const { container } = await describeContainer(client, REGION, made);
    // JD Cloud's hostname when none is given is the container's ID.
    assert.deepEqual([container.name, container.elasticIpId, container.hostname], ['nulls', '', made]);
  });

  it('fields of the wrong type, and a null entry of a list, each named', async () => {
    const create = (containerSpec: Record<string, unknown>): Promise<Answer> =>
      post('/containers', JSON.stringify({ containerSpec: { ...spec('typed'), ...containerSpec } }));
    const network = (networkInterface: unknown) => ({ primaryNetworkInterface: { networkInterface } });
    const cases: [Promise<Answer>, RegExp][] = [
      [
        post('/containers', JSON.stringify({ containerSpec: spec('typed'), clientToken: 42 })),
        /clientToken must be a string, not a number/,
      ],
      [post('/containers', '{"containerSpec":null}'), /containerSpec is required/],
      [post('/containers', '{"containerSpec":[]}'), /containerSpec must be an object, not a list/],
      [create({ name: null }), /containerSpec\.name is required/],
      [create({ image: 7 }), /containerSpec\.image must be a string, not a number/],
      [create({ hostname: false }), /containerSpec\.hostname must be a string, not a boolean/],
      [create({ description: 5 }), /containerSpec\.description must be a string, not a number/],
      [create({ primaryNetworkInterface: 'eth0' }), /primaryNetworkInterface must be an object, not a string/],
      [create(network(null)), /networkInterface\.subnetId is required/],
      [create(network({ subnetId: 's', securityGroups: [1] })), /securityGroups must be security group IDs/],
      [
        create(network({ subnetId: 's', securityGroups: ['sg-1'], primaryIpAddress: 10 })),
        /primaryIpAddress must be a string/,
      ],
      [create({ rootVolume: 'ssd' }), /rootVolume must be an object, not a string/],
      [create({ rootVolume: { cloudDiskSpec: [] } }), /rootVolume\.cloudDiskSpec must be an object, not a list/],
      [create({ dataVolumes: [null] }), /dataVolumes\[0\] must be an object, not null/],
      [
        create({ rootVolume: { cloudDiskSpec: { diskType: 'constructor', diskSizeGB: 20 } } }),
        /rootVolume\.cloudDiskSpec\.diskType must be one of ssd, premium-hdd/,
      ],
      [create({ elasticIp: 5 }), /containerSpec\.elasticIp must be an object, not a number/],
      [
        post('/secrets', '{"name":"s","secretType":"docker-registry","data":null}'),
        /data \{server, username, password\} is required/,
      ],
      [
        post('/secrets', '{"name":"s","secretType":"docker-registry","data":"r:u:p"}'),
        /data \{server, username, password\} must be an object/,
      ],
      [
        post(
          '/secrets',
          '{"name":"s","secretType":"docker-registry","data":{"server":"r","username":"u","password":1}}',
        ),
        /data\.password must be a string/,
      ],
      [post('/secrets', '{"name":"s","secretType":[],"data":{}}'), /secretType must be a string, not a list/],
      [
        post(`/containers/${id}:modifyContainerAttribute`, '{"name":5}', 'PATCH'),
        /name must be a string, not a number/,
      ],
      [
        post(`/containers/${id}:modifyContainerAttribute`, '{"name":"ok","description":{}}', 'PATCH'),
        /description must be a string, not an object/,
      ],
      [post(`/containers/${id}:rebuild`, '{"image":null}'), /image is required/],
      [post(`/containers/${id}:associateElasticIp`, '{"elasticIpId":[]}'), /elasticIpId must be a string, not a list/],
      [
        post(`/containers/${id}:execCreate`, '{"command":["sh"],"tty":"yes"}'),
        /tty must be true or false, not a string/,
      ],
      [post(`/containers/${id}:resizeTTY`, '{"width":80,"height":24}'), /execId is required/],
      [signed(fixture.emulator.url, 'GET', `/containers/${id}:execGetExitCode`).send(), /execId is required/],
      [signed(fixture.emulator.url, 'GET', '/containers?pageSize=1e3').send(), /pageSize must be a whole number/],
      [
        signed(fixture.emulator.url, 'GET', `/containers/${id}:getLogs?tailLines=x`).send(),
        /tailLines must be a whole number/,
      ],
    ];
    for (const [answer, message] of cases) assertRefused(await answer, 400, 'INVALID_ARGUMENT', message);
    // Nothing was half-done: the container kept its name.
    assert.equal((await describeContainer(client, REGION, id)).container.name, 'target');

    const { execId } = (await post(`/containers/${id}:execCreate`, '{"command":["sh"]}')).body.result as {
      execId: string;
    };
    for (const [width, height, said] of [
      [1.5, 24, /width must be a whole number from 1 to 9999, not 1\.5/],
      [80, 0, /height must be a whole number from 1 to 9999, not 0/],
      [80, null, /height is required/],
      [80, '24', /height must be a whole number from 1 to 9999, not a string/],
    ] as const) {
      const answer = await post(`/containers/${id}:resizeTTY`, JSON.stringify({ execId, width, height }));
      assertRefused(answer, 400, 'INVALID_ARGUMENT', said);
    }
  });

  it('headers: a Host that is not one, and a signed header left out, named rather than failing', async () => {
    const port = fixture.emulator.port;
    const { headers } = signed(fixture.emulator.url, 'GET', '/quotas?resourceType=container');
    const lines = (host: string, extra: Record<string, string>): string =>
      `GET /v1/regions/${REGION}/quotas HTTP/1.1\r\nhost: ${host}\r\n` +
      Object.entries(extra)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
    assertRefused(await sendRaw(port, lines('a b', headers)), 400, 'INVALID_ARGUMENT', /The Host header "a b"/);
    // `constructor` signed but not sent: the emulator reads it as absent, whatever JavaScript's objects lend.
    const withConstructor = signJdcloudRequest(
      {
        method: 'GET',
        url: new URL(`/v1/regions/${REGION}/quotas`, fixture.emulator.url),
        headers: { 'content-type': 'application/json', constructor: 'x' },
        regionId: REGION,
        service: 'nativecontainer',
        date: new Date(),
        nonce: randomUUID(),
      },
      DEMO_KEY,
    ).headers;
    const { constructor: _left, ...sent } = withConstructor;
    const answer = await sendRaw(port, lines(`127.0.0.1:${port}`, sent));
    assertRefused(answer, 401, 'UNAUTHENTICATED', /The signature does not match/);
  });

  it('refuses an elastic IP the account does not have, __proto__ too; a disassociated one stays allocated', async () => {
    const [other = ''] = (await createContainers(client, REGION, spec('other', { elasticIp: { bandwidthMbps: 2 } })))
      .containerIds;
    await waitForContainerStatus(client, REGION, other, 'running', { intervalMs: 10 });
    for (const unknown of ['__proto__', 'constructor', 'fip-never-allocated']) {
      const refused = await apiError(associateElasticIp(client, REGION, id, unknown));
      assert.equal(refused.code, 'NOT_FOUND');
      assert.match(refused.message, /does not exist in cn-north-1/);
    }
    const { container } = await describeContainer(client, REGION, other);
    const elasticIpId = container.elasticIpId ?? '';
    await disassociateElasticIp(client, REGION, other, elasticIpId);
    assert.equal((await describeContainer(client, REGION, other)).container.elasticIpId, '');
    await associateElasticIp(client, REGION, id, elasticIpId);
    assert.equal((await describeContainer(client, REGION, id)).container.elasticIpAddress, container.elasticIpAddress);
    // Another region has its own elastic IPs.
    const [east = ''] = (await createContainers(client, 'cn-east-2', spec('east'))).containerIds;
    await waitForContainerStatus(client, 'cn-east-2', east, 'running', { intervalMs: 10 });
    await disassociateElasticIp(client, REGION, id, elasticIpId);
    assert.equal((await apiError(associateElasticIp(client, 'cn-east-2', east, elasticIpId))).code, 'NOT_FOUND');
  });
});

describe("the emulator's JD Cloud getLogs of a container that has run for long", () => {
  it('gives the newest lines that fit in limitBytes, whatever tailLines asks', async () => {
    const time = { now: Date.parse('2026-11-24T10:00:00Z') };
    const fixture = await EmulatorFixture.start({ now: () => time.now });
    try {
      const client = fixture.jdcloudClient({ maxAttempts: 1, now: () => new Date(time.now) });
      const [id = ''] = (await createContainers(client, REGION, spec('long'))).containerIds;
      // Created in 3 emulated seconds: 3 ms at the fixture's speed of 1000.
      time.now += 10;
      await waitForContainerStatus(client, REGION, id, 'running', { intervalMs: 1 });
      const started = time.now;
      // A day of a line a second: 86,400 lines, far more than 4 KB.
      time.now += 86_400_000;
      const { logs } = await getLogs(client, REGION, id, { tailLines: 1_000_000_000, limitBytes: 4096 });
      const lines = logs.split('\n');
      assert.ok(Buffer.byteLength(logs) <= 4096);
      const numbers = lines.map((line) => Number(/request (\d+) served$/.exec(line)?.[1]));
      const newest = numbers.at(-1) ?? 0;
      assert.ok(newest >= 86_400, `the newest line is ${newest}`);
      assert.deepEqual(
        numbers,
        numbers.map((_, i) => newest - numbers.length + 1 + i),
        'consecutive, up to the newest',
      );
      // One line more would not fit.
      const before = `${new Date(started).toISOString()} [nginx:1.27-alpine] instance 1: request ${newest - lines.length} served`;
      assert.ok(Buffer.byteLength(logs) + Buffer.byteLength(before) + 1 > 4096);
    } finally {
      await fixture.close();
    }
  });
});

describe("the emulator's JD Cloud API refuses replays", () => {
  let fixture: EmulatorFixture;
  let client: JdcloudClient;
  before(async () => {
    fixture = await EmulatorFixture.start();
    client = fixture.jdcloudClient({ maxAttempts: 1 });
  });
  after(() => fixture.close());

  it('serves a signed request once: the same request again, same nonce, is UNAUTHENTICATED and changes nothing', async () => {
    const body = JSON.stringify({ regionId: REGION, containerSpec: spec('replayed'), maxCount: 1 });
    const create = signed(fixture.emulator.url, 'POST', '/containers', body);
    const first = await create.send();
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const again = await create.send();
    assertRefused(again, 401, 'UNAUTHENTICATED', /nonce "[^"]+" \(x-jdcloud-nonce\) was used already/);
    const named = (await describeContainers(client, REGION, { pageSize: 100 })).containers.filter(
      (c) => c.name === 'replayed',
    );
    assert.equal(named.length, 1, 'one container, not two');

    // A read is no different, and the same call signed afresh (a new nonce) is served.
    const read = signed(fixture.emulator.url, 'GET', '/quotas?resourceType=container');
    assert.equal((await read.send()).status, 200);
    assertRefused(await read.send(), 401, 'UNAUTHENTICATED', /was used already/);
    assert.equal((await signed(fixture.emulator.url, 'GET', '/quotas?resourceType=container').send()).status, 200);
  });

  it('refuses a replayed exec handshake the same way, in JD Cloud shape', async () => {
    const [id = ''] = (await createContainers(client, REGION, spec('shell'))).containerIds;
    await waitForContainerStatus(client, REGION, id, 'running', { intervalMs: 10 });
    const { url, headers } = client.webSocketRequest(REGION, `/containers/${id}:execStart`, { execId: 'none' });
    assertRefused(await handshake(url, headers), 404, 'NOT_FOUND', /No such exec/);
    assertRefused(await handshake(url, headers), 401, 'UNAUTHENTICATED', /was used already/);
  });

  it('wants a nonce, of a sensible length', async () => {
    for (const nonce of ['', 'n'.repeat(129)]) {
      const answer = await signed(fixture.emulator.url, 'GET', '/quotas?resourceType=container', '', { nonce }).send();
      assertRefused(answer, 401, 'UNAUTHENTICATED', /x-jdcloud-nonce is missing or longer than 128 characters/);
    }
  });
});

describe("the emulator's JD Cloud nonces: kept for the 15 minutes a date is valid, and bounded", () => {
  it('remembers a nonce while its date is accepted; then the date itself refuses the replay', async () => {
    const time = { now: Date.parse('2026-11-24T10:00:00Z') };
    const fixture = await EmulatorFixture.start({ now: () => time.now });
    try {
      const read = signed(fixture.emulator.url, 'GET', '/quotas?resourceType=container', '', {
        date: new Date(time.now),
      });
      assert.equal((await read.send()).status, 200);
      time.now += 14 * 60_000;
      assertRefused(await read.send(), 401, 'UNAUTHENTICATED', /was used already/);
      time.now += 2 * 60_000;
      assertRefused(await read.send(), 401, 'UNAUTHENTICATED', /more than 15 minutes/);
    } finally {
      await fixture.close();
    }
  });

  it('forgets nonces whose dates have expired, and past its bound refuses new ones rather than forget live ones', () => {
    const memory = new NonceMemory(3);
    const t0 = Date.parse('2026-11-24T10:00:00Z');
    for (const nonce of ['a', 'b', 'c']) memory.use('key', nonce, t0, t0);
    assert.equal(memory.size, 3);
    const refusal = (use: () => void): JdcloudError => {
      try {
        use();
      } catch (error) {
        if (error instanceof JdcloudError) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const full = refusal(() => memory.use('key', 'd', t0, t0 + 1));
    assert.deepEqual([full.code, full.status], [429, 'TOO_MANY_REQUESTS']);
    assert.match(full.message, /at most 3 nonces/);
    // A replay is a replay, full or not; another key's nonce of the same text is another nonce.
    assert.equal(refusal(() => memory.use('key', 'a', t0, t0 + 1)).status, 'UNAUTHENTICATED');
    assert.equal(refusal(() => memory.use('other', 'a', t0, t0 + 1)).status, 'TOO_MANY_REQUESTS');
    // Fifteen minutes after their date the three are forgotten, and the memory never grew past its bound.
    const later = t0 + 15 * 60_000 + 1;
    memory.use('key', 'd', later, later);
    assert.equal(memory.size, 1);
    // A sweep a minute later drops the expired ones, full or not.
    const big = new NonceMemory();
    for (let i = 0; i < 1000; i++) big.use('key', `n${i}`, t0, t0);
    big.use('key', 'fresh', t0 + 16 * 60_000, t0 + 16 * 60_000);
    assert.equal(big.size, 1);
  });
});

describe("the emulator's JD Cloud client tokens", () => {
  let fixture: EmulatorFixture;
  let client: JdcloudClient;
  before(async () => {
    fixture = await EmulatorFixture.start();
    client = fixture.jdcloudClient({ maxAttempts: 1 });
  });
  after(() => fixture.close());

  it('answers the same request again with the first answer, keys in any order', async () => {
    const first = await createContainers(client, REGION, spec('tokened', { hostname: 'tok-1' }), {
      maxCount: 2,
      clientToken: 'token-same',
    });
    assert.equal(first.containerIds.length, 2);
    const again = await createContainers(client, REGION, spec('tokened', { hostname: 'tok-1' }), {
      maxCount: 2,
      clientToken: 'token-same',
    });
    assert.deepEqual(again.containerIds, first.containerIds);
    // The same body written with its keys in another order is the same request.
    const reordered = JSON.stringify({
      clientToken: 'token-same',
      maxCount: 2,
      containerSpec: { ...spec('tokened'), hostname: 'tok-1' },
      regionId: REGION,
    });
    const answer = await signed(fixture.emulator.url, 'POST', '/containers', reordered).send();
    assert.deepEqual(answer.body.result?.['containerIds'], first.containerIds);
  });

  it('refuses the token with another body, or in another region, as INVALID_ARGUMENT naming the token', async () => {
    const { containerIds } = await createContainers(client, REGION, spec('first'), { clientToken: 'token-other' });
    const before = (await describeContainers(client, REGION, { pageSize: 100 })).totalCount;
    const other = await apiError(createContainers(client, REGION, spec('second'), { clientToken: 'token-other' }));
    assert.equal(other.code, 'INVALID_ARGUMENT');
    assert.equal(other.httpStatus, 400);
    assert.match(other.message, /clientToken "token-other" was used by an earlier createContainers with another body/);
    const elsewhere = await apiError(
      createContainers(client, 'cn-east-2', spec('first'), { clientToken: 'token-other' }),
    );
    assert.match(elsewhere.message, /clientToken "token-other".*in another region/);
    assert.equal((await describeContainers(client, REGION, { pageSize: 100 })).totalCount, before, 'nothing made');
    // The first request, unchanged, still gets its answer.
    assert.deepEqual(
      (await createContainers(client, REGION, spec('first'), { clientToken: 'token-other' })).containerIds,
      containerIds,
    );
  });
});
