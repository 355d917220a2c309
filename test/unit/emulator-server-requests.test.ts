import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { canonicalQueryString, isoSeconds, percentEncode } from '../../src/eci/encoding';
import * as ops from '../../src/eci/operations';
import { signV1, v1Parameters } from '../../src/eci/signing';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { createContainers, waitForContainerStatus } from '../../src/jdcloud/operations';
import { signJdcloudRequest } from '../../src/jdcloud/signing';
import { apiError, EmulatorFixture, eventually } from '../helpers/emulator';

// The emulator's HTTP front door (src/emulator/server.ts) with requests a fuzzer sent: targets in absolute form
// (`GET http://host/v1/…`, legal HTTP/1.1), in no form it serves, and bodies over its 4 MB limit. Each is answered in
// the shape of the API its path is for (ECI's `{RequestId, Code, …}`, JD Cloud's `{requestId, error}`), never a 500
// and never a connection closed before the answer.

let fixture: EmulatorFixture;
let port = 0;
let host = '';
let groupId = '';
let containerId = '';

before(async () => {
  fixture = await EmulatorFixture.start();
  port = fixture.emulator.port;
  host = `127.0.0.1:${port}`;
  const client = fixture.client();
  ({ ContainerGroupId: groupId } = await ops.createContainerGroup(client, {
    ContainerGroupName: 'targets',
    SecurityGroupId: 'sg',
    VSwitchId: 'vsw',
    Container: [{ Name: 'app', Image: 'busybox:1.36' }],
  }));
  await eventually(async () =>
    (await ops.describeContainerGroups(client, { ContainerGroupIds: [groupId] })).ContainerGroups[0]?.Status ===
    'Running'
      ? true
      : undefined,
  );
  const jd = fixture.jdcloudClient();
  [containerId = ''] = (
    await createContainers(jd, 'cn-north-1', {
      instanceType: 'n.c1.medium',
      az: 'cn-north-1a',
      name: 'targets',
      image: 'nginx',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
    })
  ).containerIds;
  await waitForContainerStatus(jd, 'cn-north-1', containerId, 'running', { intervalMs: 10 });
});
after(() => fixture.close());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `head` (and `body`) on a connection of its own and reads everything until the server closes it, or until a
 * 101 has been read (then the WebSocket is left). A reset is a failure: the server must answer, then close.
 */
function exchange(head: string, body = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(head + body));
    let received = Buffer.alloc(0);
    const done = (): void => {
      const text = received.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = text.slice(end + 4);
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: headers['transfer-encoding'] === 'chunked' ? unchunked(raw) : raw,
      });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (/^HTTP\/1\.1 101 /.test(received.toString('latin1')) && received.includes('\r\n\r\n')) {
        socket.destroy();
        done();
      }
    });
    socket.on('end', done);
    socket.on('error', reject);
  });
}

/** A body sent in chunks (`<hex size>\r\n<data>\r\n`…), put together (ASCII only: sizes are taken as characters). */
function unchunked(raw: string): string {
  let body = '';
  for (let at = 0; ;) {
    const lineEnd = raw.indexOf('\r\n', at);
    const size = parseInt(raw.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += raw.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

const get = (target: string, headers: Record<string, string> = {}): string =>
  `GET ${target} HTTP/1.1\r\n` +
  Object.entries({ host, connection: 'close', ...headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('') +
  '\r\n';

const upgrade = (target: string, headers: Record<string, string> = {}): string =>
  get(target, {
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-key': Buffer.from(randomUUID().slice(0, 16)).toString('base64'),
    'sec-websocket-version': '13',
    ...headers,
  });

/** DescribeContainerGroups signed with V1 in the query, as pop-core's GET mode sends it. */
function signedEciQuery(): string {
  const params = v1Parameters(
    { RegionId: 'cn-hangzhou', ContainerGroupIds: JSON.stringify([groupId]) },
    {
      action: 'DescribeContainerGroups',
      version: '2018-08-08',
      accessKeyId: DEMO_KEY.accessKeyId,
      nonce: randomUUID(),
      timestamp: isoSeconds(new Date()),
    },
  );
  const { signature } = signV1('GET', params, DEMO_KEY.accessKeySecret);
  return `?${canonicalQueryString(params)}&Signature=${percentEncode(signature)}`;
}

/** The signed headers of a GET of JD Cloud's API (the Host header is the emulator's). */
function signedJdcloudHeaders(path: string): Record<string, string> {
  return signJdcloudRequest(
    {
      method: 'GET',
      url: new URL(`http://${host}${path}`),
      regionId: 'cn-north-1',
      service: 'nativecontainer',
      date: new Date(),
      nonce: randomUUID(),
    },
    DEMO_KEY,
  ).headers;
}

function assertEciError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.body);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  assert.equal(body['Code'], code, answer.body);
  assert.equal(typeof body['RequestId'], 'string');
  assert.equal(typeof body['Message'], 'string');
}

function assertJdcloudError(answer: Answer, status: number, word: string): void {
  assert.equal(answer.status, status, answer.body);
  const body = JSON.parse(answer.body) as { requestId: unknown; error: { code: unknown; status: unknown } };
  assert.match(String(body.requestId), /^[0-9a-f]{32}$/);
  assert.deepEqual([body.error.code, body.error.status], [status, word], answer.body);
}

describe('emulator: request targets in absolute form (http://host/path)', () => {
  it('routes signed ECI and JD Cloud calls by their path, whatever the host part says', async () => {
    for (const origin of [`http://${host}`, 'http://emulator.invalid:99999', 'HTTP://[::1']) {
      const eci = await exchange(get(`${origin}/${signedEciQuery()}`));
      assert.equal(eci.status, 200, `${origin}: ${eci.body}`);
      const groups = (JSON.parse(eci.body) as { ContainerGroups: { ContainerGroupId: string }[] }).ContainerGroups;
      assert.deepEqual(
        groups.map((g) => g.ContainerGroupId),
        [groupId],
      );
      const path = `/v1/regions/cn-north-1/containers/${containerId}`;
      const jd = await exchange(get(`${origin}${path}`, signedJdcloudHeaders(path)));
      assert.equal(jd.status, 200, `${origin}: ${jd.body}`);
      assert.equal(
        (JSON.parse(jd.body) as { result: { container: { name: string } } }).result.container.name,
        'targets',
      );
    }
  });

  it('answers a target that is no path nor http URL with a 400 in the shape of its API, and odd paths never with a 500', async () => {
    assertEciError(await exchange(get('*')), 400, 'InvalidParameter');
    assertJdcloudError(await exchange(get('ftp://emulator/v1/regions/cn-north-1/containers')), 400, 'INVALID_ARGUMENT');
    // Taken as a path (origin-form begins with /): these made URL parsing throw, and the emulator answer 500.
    assertEciError(await exchange(get('//emulator:99999/')), 404, 'InvalidAction');
    assertEciError(await exchange(get('//emulator:99999/v1/regions/cn-north-1/containers')), 404, 'InvalidAction');
    for (const target of ['http://emulator:99999/', 'http://%zz/', 'http://[::1/']) {
      const answer = await exchange(get(target));
      assert.ok(answer.status >= 400 && answer.status < 500, `${target}: ${answer.status} ${answer.body}`);
      assert.equal(typeof (JSON.parse(answer.body) as { Code?: unknown }).Code, 'string');
    }
  });

  it('answers exec WebSocket handshakes in absolute form: ECI and JD Cloud sockets open, refusals are said', async () => {
    const { WebSocketUri } = await ops.execContainerCommand(fixture.client(), {
      ContainerGroupId: groupId,
      ContainerName: 'app',
      Command: ['/bin/sh'],
      TTY: false,
    });
    const eciSocket = new URL(WebSocketUri ?? '');
    const opened = await exchange(upgrade(`http://${host}${eciSocket.pathname}${eciSocket.search}`));
    assert.equal(opened.status, 101);
    // Before, a handshake whose target did not begin with /exec/ or /v1/ was closed without a word.
    const unknown = await exchange(upgrade(`http://${host}/exec/?s=no-such-token`));
    assert.equal(unknown.status, 403);
    assert.match(unknown.body, /token is unknown, used or expired/);

    const jd = fixture.jdcloudClient();
    const { execId } = await jd.call<{ execId: string }>({
      operation: 'execCreate',
      method: 'POST',
      regionId: 'cn-north-1',
      path: `/containers/${containerId}:execCreate`,
      body: { command: ['/bin/sh'], tty: false },
    });
    const start = `/v1/regions/cn-north-1/containers/${containerId}:execStart?execId=${execId}`;
    const jdOpened = await exchange(upgrade(`http://${host}${start}`, signedJdcloudHeaders(start)));
    assert.equal(jdOpened.status, 101, jdOpened.body);
    assertJdcloudError(await exchange(upgrade(`http://${host}${start}`)), 401, 'UNAUTHENTICATED');

    assertEciError(await exchange(upgrade(`http://${host}/nothing-here`)), 404, 'InvalidAction');
    assertEciError(await exchange(upgrade('*')), 400, 'InvalidParameter');
    assertJdcloudError(
      await exchange(upgrade('ftp://emulator/v1/regions/cn-north-1/containers')),
      400,
      'INVALID_ARGUMENT',
    );
  });
});

/** A POST through node:http: the answer read whole, and whether the connection closed after it without an error. */
function post(
  path: string,
  body: Buffer | Buffer[],
  headers: Record<string, string | number> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; continued: boolean; socketError?: Error }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const request = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers, agent: false });
    request.on('continue', () => {
      continued = true;
      for (const part of Array.isArray(body) ? body : [body]) request.write(part);
      request.end();
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answer = {
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          continued,
        };
        // The server closes the connection after the answer: the socket ends cleanly, with no reset.
        const socket = response.socket;
        if (socket.destroyed) resolve(answer);
        else {
          socket.once('close', () => resolve(answer));
          socket.once('error', (socketError) => resolve({ ...answer, socketError }));
        }
      });
    });
    request.on('error', reject);
    if (headers['expect'] === '100-continue') {
      request.flushHeaders();
      return;
    }
    for (const part of Array.isArray(body) ? body : [body]) request.write(part);
    request.end();
  });
}

const MB = 1024 * 1024;

describe('emulator: a request body over 4 MB', () => {
  it('is answered 413 in ECI shape on an ECI path, and the connection closes after the answer', async () => {
    const answer = await post('/', Buffer.alloc(5 * MB, 'a'), {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': 5 * MB,
    });
    assert.equal(answer.socketError, undefined);
    assert.equal(answer.headers.connection, 'close');
    assertEciError({ status: answer.status, headers: {}, body: answer.body }, 413, 'InvalidParameter.LengthExceeded');
  });

  it("is answered 413 in JD Cloud's shape on a /v1/ path, also when it comes in chunks of unknown length", async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(MB / 4, ' '));
    const answer = await post('/v1/regions/cn-north-1/containers', chunks, { 'content-type': 'application/json' });
    assert.equal(answer.socketError, undefined);
    assert.equal(answer.headers.connection, 'close');
    assertJdcloudError({ status: answer.status, headers: {}, body: answer.body }, 413, 'INVALID_ARGUMENT');
    assert.match(answer.body, /larger than 4194304 bytes/);
  });

  it('is refused before it is sent when the client waits for 100 Continue', async () => {
    const answer = await post('/v1/regions/cn-north-1/containers', Buffer.alloc(5 * MB, ' '), {
      'content-type': 'application/json',
      'content-length': 5 * MB,
      expect: '100-continue',
    });
    assert.equal(answer.continued, false, 'the body was never asked for');
    assertJdcloudError({ status: answer.status, headers: {}, body: answer.body }, 413, 'INVALID_ARGUMENT');
  });

  it("reaches the clients as the API's error, not as a reset connection; a body under the limit is read", async () => {
    const eci = fixture.client({ maxAttempts: 1 });
    const error = await apiError(ops.createContainerGroupFromTemplate(eci, { padding: 'x'.repeat(5 * MB) }));
    assert.deepEqual([error.code, error.httpStatus], ['InvalidParameter.LengthExceeded', 413]);
    const jd = fixture.jdcloudClient({ maxAttempts: 1 });
    const jdError = await apiError(
      createContainers(jd, 'cn-north-1', {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name: 'big',
        image: 'nginx',
        description: 'x'.repeat(5 * MB),
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
      }),
    );
    assert.deepEqual([jdError.code, jdError.httpStatus], ['INVALID_ARGUMENT', 413]);
    assert.match(jdError.message, /larger than 4194304 bytes/);
    // Just under the limit the body is read and judged by the API (here: not a template).
    const under = await apiError(ops.createContainerGroupFromTemplate(eci, { padding: 'x'.repeat(3 * MB) }));
    assert.notEqual(under.httpStatus, 413);
  });
});
