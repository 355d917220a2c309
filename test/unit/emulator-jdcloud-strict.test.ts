import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import type { JdcloudClient } from '../../src/jdcloud/client';
import type { ContainerSpec } from '../../src/jdcloud/operations';
import { createContainers, waitForContainerStatus } from '../../src/jdcloud/operations';
import { signJdcloudRequest } from '../../src/jdcloud/signing';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * The emulator's JD Cloud API as strict as its ECI API, over real HTTP: what is not a call's JSON, path or header is
 * an INVALID_ARGUMENT (or UNAUTHENTICATED) in JD Cloud's `{requestId, error: {code, status, message}}` naming what is
 * wrong, never a 500.
 */
const REGION = 'cn-north-1';
const spec = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  instanceType: 'n.c1.medium',
  az: 'cn-north-1a',
  name,
  image: 'nginx:1.27-alpine',
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1' } },
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

  it('headers: a Host that is not one, and a signed header left out, named rather than failing', async () => {
    const port = fixture.emulator.port;
    const { headers } = signed(fixture.emulator.url, 'GET', '/quotas');
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
});
