import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { jdcloudHints } from '../../src/jdcloud/error-hints';
import { createContainers, createSecret, waitForContainerStatus } from '../../src/jdcloud/operations';
import { signJdcloudRequest } from '../../src/jdcloud/signing';
import { EmulatorFixture } from '../helpers/emulator';

/**
 * A sweep of generated requests against the emulator's JD Cloud API over real HTTP, from a fixed seed: odd methods,
 * paths (regions, IDs, actions, malformed `%` escapes), query strings, headers (missing, duplicated, huge, signed but
 * absent), bodies of the wrong type for every route of src/emulator/jdcloud/api.ts, replays and exec handshakes.
 * Most are signed with the demo key, so that they get past the signature check to the routes. None may be answered
 * with a 5xx, and every answer the emulator gives is JD Cloud's `{requestId, error: {code, status, message}}` with a
 * status the extension has a hint for.
 */
const REGION = 'cn-north-1';
const CASES = 3000;
const PARALLEL = 6;

interface RawRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

interface RawAnswer {
  /** 0 when the connection closed without an answer. */
  readonly status: number;
  readonly text: string;
}

/** One request written byte for byte on its own connection, and the answer read to the connection's end. */
function send(port: number, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 20 s to ${request.method} ${request.target.slice(0, 200)}`));
    }, 20_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A handshake the emulator accepted: the socket stays open, so end it here.
      if (/^HTTP\/1\.1 101 /.test(Buffer.concat(chunks).toString('latin1'))) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(guard);
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = (split === -1 ? raw : raw.subarray(0, split)).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      let body: Buffer = split === -1 ? Buffer.alloc(0) : raw.subarray(split + 4);
      if (/^transfer-encoding: *chunked/im.test(head)) body = dechunk(body);
      resolve({ status: status === undefined ? 0 : Number(status), text: body.toString('utf8') });
    });
    const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([n, v]) => `${n}: ${v}`)];
    lines.push(`content-length: ${request.body.length}`, 'connection: close', '', '');
    socket.write(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), request.body]));
  });
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length;) {
    const end = data.indexOf('\r\n', at);
    const size = parseInt(data.subarray(at, end).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** mulberry32: a small generator with a seed, so that the sweep is the same on every run. */
function generator(seed: number): {
  next: () => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
} {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick, chance: (p) => next() < p };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every route of the emulator's table (src/emulator/jdcloud/api.ts), with a body it accepts. */
const ROUTES: readonly { method: string; path: string; body: (ids: Ids) => Json }[] = [
  {
    method: 'POST',
    path: '/containers',
    body: (ids) => ({
      regionId: REGION,
      maxCount: 1,
      clientToken: `token-${ids.counter++ % 40}`,
      containerSpec: {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name: 'fuzz',
        image: 'nginx:1.27-alpine',
        hostname: 'fuzz-1',
        description: 'made by the sweep',
        primaryNetworkInterface: {
          networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'], primaryIpAddress: '10.0.8.8' },
        },
        rootVolume: { cloudDiskSpec: { diskType: 'ssd', diskSizeGB: 20 } },
        dataVolumes: [{ cloudDiskSpec: { diskType: 'premium-hdd', diskSizeGB: 40 } }],
        elasticIp: { bandwidthMbps: 5 },
      },
    }),
  },
  { method: 'GET', path: '/containers', body: () => ({}) },
  { method: 'GET', path: '/containers/{c}', body: () => ({}) },
  { method: 'DELETE', path: '/containers/{c}', body: () => ({}) },
  { method: 'POST', path: '/containers/{c}:startContainer', body: () => ({ regionId: REGION }) },
  { method: 'POST', path: '/containers/{c}:stopContainer', body: () => ({ regionId: REGION }) },
  {
    method: 'PATCH',
    path: '/containers/{c}:modifyContainerAttribute',
    body: () => ({ name: 'renamed', description: 'changed' }),
  },
  { method: 'POST', path: '/containers/{c}:rebuildContainer', body: () => ({ image: 'nginx:1.28' }) },
  { method: 'POST', path: '/containers/{c}:associateElasticIp', body: () => ({ elasticIpId: 'fip-fuzz' }) },
  { method: 'POST', path: '/containers/{c}:disassociateElasticIp', body: () => ({ elasticIpId: 'fip-fuzz' }) },
  { method: 'GET', path: '/containers/{c}:getLogs', body: () => ({}) },
  { method: 'POST', path: '/containers/{c}:execCreate', body: () => ({ command: ['true'], tty: false }) },
  { method: 'GET', path: '/containers/{c}:execGetExitCode', body: () => ({}) },
  {
    method: 'POST',
    path: '/containers/{c}:resizeTTY',
    body: (ids) => ({ execId: ids.execs[0] ?? '', width: 80, height: 24 }),
  },
  {
    method: 'POST',
    path: '/secrets',
    body: (ids) => ({
      name: `fuzz-${ids.counter++ % 30}`,
      secretType: 'docker-registry',
      data: { server: 'r.example.com', username: 'u', password: 'p', email: 'u@example.com' },
    }),
  },
  { method: 'GET', path: '/secrets', body: () => ({}) },
  { method: 'GET', path: '/secrets/{s}', body: () => ({}) },
  { method: 'DELETE', path: '/secrets/{s}', body: () => ({}) },
  { method: 'GET', path: '/quotas?resourceType=container', body: () => ({}) },
];

interface Ids {
  readonly containers: string[];
  readonly secrets: string[];
  readonly execs: string[];
  counter: number;
}

const METHODS = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH'];
const REGIONS = [REGION, REGION, REGION, 'cn-east-2', 'cn-south-1', 'xx-none-9', 'CN-NORTH-1', '', '%63n-north-1'];
const ODD_IDS = [
  'c-00000000',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  '',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%80',
  '%ED%A0%80',
  '%FF',
  '%00',
  'a%2Fb',
  '%3A',
  '..',
  '.',
  'x'.repeat(3000),
  '%F0%9F%98%80',
  'c-1:a:b',
];
const ACTIONS = ['startContainer', 'UNKNOWN', 'execStart', 'getLogs', 'resizeTTY', 'x', ''];
const QUERY_NAMES = [
  'pageNumber',
  'pageSize',
  'filters.1.name',
  'filters.1.values.1',
  'filters.1.values.2',
  'filters.2.name',
  'tailLines',
  'sinceSeconds',
  'limitBytes',
  'execId',
  'resourceTypes',
  '__proto__',
  'constructor',
  '',
];
const QUERY_VALUES = [
  '',
  '0',
  '1',
  '-1',
  '10',
  '20',
  '100',
  '101',
  '4096',
  '4097',
  '1.5',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '0x10',
  '%2010',
  '99999999999999999999999',
  '1000000000',
  'status',
  'name',
  'containerId',
  'constructor',
  '__proto__',
  'running',
  '%zz',
  '%',
  '%C0%80',
  'x'.repeat(2000),
  '%E2%9C%93',
];
const VALUES: readonly Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  200,
  201,
  '',
  'x',
  'x'.repeat(5000),
  [],
  [null],
  [1, 'a'],
  ['true'],
  {},
  { a: null },
  { cloudDiskSpec: null },
  { cloudDiskSpec: { diskType: 'constructor', diskSizeGB: 20 } },
  { cloudDiskSpec: { diskType: '__proto__', diskSizeGB: 20 } },
  { networkInterface: null },
  { networkInterface: { subnetId: 's', securityGroups: [null] } },
];
const WHOLE_BODIES: readonly (string | Buffer)[] = [
  'null',
  'true',
  '0',
  '-1',
  '"x"',
  '[]',
  '[{}]',
  '[null]',
  '{',
  '{"a":}',
  'nul',
  '{"containerSpec":',
  '{} {}',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '   ',
  `${'['.repeat(20000)}${']'.repeat(20000)}`,
  `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
  Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
  Buffer.from('{"name":"\xff"}', 'latin1'),
  '{"__proto__":{"containerSpec":{}},"constructor":null}',
  '{"containerSpec":{"__proto__":null,"name":"x"}}',
  '{"data":{"__proto__":{"server":"s"}},"name":"p"}',
];

/** Paths in a JSON value, `[]` for the value itself. */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pathsOf(item, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) out.push(...pathsOf(item, [...at, key]));
  return out;
}

/** The value with what is at `path` replaced (or removed when `value` is undefined). */
function replaced(root: Json, path: readonly (string | number)[], value: Json | undefined): Json | undefined {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(root)) {
    const copy = [...root];
    const inner = replaced(copy[head as number] ?? null, rest, value);
    if (inner === undefined) copy.splice(head as number, 1);
    else copy[head as number] = inner;
    return copy;
  }
  if (root === null || typeof root !== 'object') return root;
  const copy = { ...root };
  const inner = replaced(copy[head] ?? null, rest, value);
  if (inner === undefined) delete copy[head];
  else copy[head] = inner;
  return copy;
}

interface Case {
  readonly request: RawRequest;
  /** Broken on purpose at the HTTP level (Node's parser may answer it, not the emulator). */
  readonly http: boolean;
  readonly what: string;
}

describe("the emulator's JD Cloud API under a sweep of generated requests", () => {
  let fixture: EmulatorFixture;
  const ids: Ids = { containers: [], secrets: [], execs: [], counter: 0 };
  before(async () => {
    fixture = await EmulatorFixture.start();
    const client = fixture.jdcloudClient({ maxAttempts: 1 });
    const spec = (name: string) => ({
      instanceType: 'n.c1.medium',
      az: 'cn-north-1a',
      name,
      image: 'busybox',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
    });
    ids.containers.push(...(await createContainers(client, REGION, spec('kept'), { maxCount: 4 })).containerIds);
    for (const id of ids.containers) await waitForContainerStatus(client, REGION, id, 'running', { intervalMs: 10 });
    await createSecret(client, REGION, 'kept-secret', { server: 'r.example.com', username: 'u', password: 'p' });
    ids.secrets.push('kept-secret');
    for (const id of ids.containers.slice(0, 2)) {
      const { execId } = await client.call<{ execId: string }>({
        operation: 'execCreate',
        method: 'POST',
        regionId: REGION,
        path: `/containers/${id}:execCreate`,
        body: { command: ['sh'], tty: true },
      });
      ids.execs.push(execId);
    }
  });
  after(() => fixture.close());

  it(`answers ${CASES} generated requests without a 5xx, each refusal in JD Cloud's shape`, async () => {
    const port = fixture.emulator.port;
    const host = `127.0.0.1:${port}`;
    const random = generator(0x5eed_1d);
    const { pick, chance } = random;
    const sent: Case[] = [];
    const start = Date.parse('2026-01-01T00:00:00Z');

    const sign = (
      method: string,
      target: string,
      body: Buffer,
      extra: Record<string, string> = {},
      date = new Date(),
    ): Record<string, string> => {
      const base = `http://${host}`;
      const nonce = `fuzz-${Math.floor(random.next() * 2 ** 52).toString(36)}-${sent.length}`;
      const request = (url: URL) =>
        signJdcloudRequest(
          {
            method,
            url,
            headers: { 'content-type': 'application/json', ...extra },
            body: body.toString('utf8'),
            regionId: REGION,
            service: 'nativecontainer',
            date,
            nonce,
          },
          DEMO_KEY,
        ).headers;
      try {
        return request(new URL(target, base));
      } catch {
        // A path the signer cannot read (a malformed escape): signed as another path, so it cannot match.
        return request(new URL('/v1/', base));
      }
    };

    const target = (): { method: string; path: string; route: (typeof ROUTES)[number] } => {
      const route = pick(ROUTES);
      const method = chance(0.15) ? pick(METHODS) : route.method;
      let path = route.path;
      path = path.replace('{c}', chance(0.75) ? pick(ids.containers) : pick(ODD_IDS));
      path = path.replace('{s}', chance(0.6) ? pick(ids.secrets) : pick(ODD_IDS));
      if (chance(0.08)) path = path.replace(/:[A-Za-z]+$/, '') + `:${pick(ACTIONS)}`;
      if (chance(0.04)) path += pick(['/', '/extra', '//', ':', '?', '#frag', '/..']);
      const region = chance(0.85) ? REGION : pick(REGIONS);
      let query = '';
      if (chance(route.method === 'GET' ? 0.6 : 0.15)) {
        const pairs: string[] = [];
        const count = 1 + Math.floor(random.next() * 4);
        for (let i = 0; i < count; i++) pairs.push(`${pick(QUERY_NAMES)}=${pick(QUERY_VALUES)}`);
        if (chance(0.2)) pairs.push(pairs[0] ?? 'a=b');
        query = `?${pairs.join('&')}`;
      }
      const prefix = chance(0.03) ? pick(['/v1/regions', '/v1', '/v1/regions/', '/v1/regions//']) : '/v1/regions/';
      const full = prefix === '/v1/regions/' ? `/v1/regions/${region}${path}${query}` : `${prefix}${path}${query}`;
      return { method, path: chance(0.02) ? `http://elsewhere.example${full}` : full, route };
    };

    const bodyFor = (route: (typeof ROUTES)[number]): Buffer => {
      if (chance(0.1)) {
        const whole = pick(WHOLE_BODIES);
        return typeof whole === 'string' ? Buffer.from(whole, 'utf8') : whole;
      }
      let body: Json | undefined = route.body(ids);
      const mutations = chance(0.7) ? 1 + Math.floor(random.next() * 3) : 0;
      for (let i = 0; i < mutations && body !== undefined; i++) {
        const path = pick(pathsOf(body));
        body = replaced(body, path, chance(0.15) && path.length > 0 ? undefined : pick(VALUES));
      }
      if (route.method === 'GET' && chance(0.7)) return Buffer.alloc(0);
      return Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8');
    };

    const next = (): Case => {
      // A request sent before, byte for byte.
      if (sent.length > 0 && chance(0.06)) return { ...pick(sent), what: 'replay' };
      const { method, path, route } = target();
      const body = bodyFor(route);
      const roll = random.next();
      if (roll < 0.05) {
        // The exec handshake, with whatever path and query, in origin form (absolute-form handshakes are
        // test/unit/emulator-server-requests.test.ts's).
        const execPath = pick([
          `/v1/regions/${REGION}/containers/${pick(ids.containers)}:execStart?execId=${pick(['', 'nope', '%zz', 'a'.repeat(500)])}`,
          `/v1/regions/${REGION}/containers/${pick(ODD_IDS)}:execStart?execId=nope`,
          path.replace(/^http:\/\/[^/]*/, ''),
        ]);
        const headers = Object.entries(sign('GET', execPath, Buffer.alloc(0)));
        return {
          request: {
            method: 'GET',
            target: execPath,
            headers: [
              ['host', host],
              ['connection', 'Upgrade'],
              ['upgrade', 'websocket'],
              ['sec-websocket-version', '13'],
              ['sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ=='],
              ...headers,
            ],
            body: Buffer.alloc(0),
          },
          http: false,
          what: `handshake ${execPath.slice(0, 120)}`,
        };
      }
      if (roll < 0.2) {
        // Headers: missing, duplicated, huge, malformed, or signed and then left out.
        const kind = pick([
          'no-host',
          'bad-host',
          'two-hosts',
          'two-nonces',
          'no-nonce',
          'long-nonce',
          'two-authorizations',
          'huge-header',
          'many-headers',
          'signed-constructor',
          'bad-date',
          'old-date',
          'unsigned',
          'garbage-authorization',
          'other-content-type',
        ] as const);
        const signedAt = kind === 'old-date' ? new Date(start) : new Date();
        const extra: Record<string, string> = kind === 'signed-constructor' ? { constructor: 'x' } : {};
        const headers = sign(method, path, body, extra, signedAt);
        const list: [string, string][] = [['host', host], ...Object.entries(headers)];
        const without = (name: string): [string, string][] => list.filter(([n]) => n !== name);
        const nonce = headers['x-jdcloud-nonce'] ?? '';
        const request = (h: [string, string][], http = false): Case => ({
          request: { method, target: path, headers: h, body },
          http,
          what: kind,
        });
        switch (kind) {
          case 'no-host':
            return request(without('host'), true);
          case 'bad-host':
            return request(
              [...without('host'), ['host', pick(['a b', '[::1', '', 'h:99999', '%zz', 'ü.example'])]],
              true,
            );
          case 'two-hosts':
            return request([...list, ['host', 'other.example']], true);
          case 'two-nonces':
            return request([...list, ['x-jdcloud-nonce', nonce]]);
          case 'no-nonce':
            return request(without('x-jdcloud-nonce'));
          case 'long-nonce':
            return request([...without('x-jdcloud-nonce'), ['x-jdcloud-nonce', 'n'.repeat(4000)]]);
          case 'two-authorizations':
            return request([...list, ['authorization', headers['authorization'] ?? '']]);
          case 'huge-header':
            return request([...list, ['x-padding', 'p'.repeat(70_000)]], true);
          case 'many-headers':
            return request([...list, ...Array.from({ length: 300 }, (_, i): [string, string] => [`x-h${i}`, 'v'])]);
          case 'signed-constructor':
            return request(without('constructor'));
          case 'bad-date':
            return request([
              ...without('x-jdcloud-date'),
              ['x-jdcloud-date', pick(['20261399T999999Z', '2026', '', '00000000T000000Z'])],
            ]);
          case 'unsigned':
            return request(without('authorization'));
          case 'garbage-authorization':
            return request([
              ...without('authorization'),
              ['authorization', pick(['JDCLOUD2-HMAC-SHA256', 'Bearer x', '%zz', 'JDCLOUD2-HMAC-SHA256 Credential='])],
            ]);
          default:
            return request([...without('content-type'), ['content-type', 'text/plain; charset=latin1']]);
        }
      }
      const headers = sign(method, path, body);
      return {
        request: { method, target: path, headers: [['host', host], ...Object.entries(headers)], body },
        http: false,
        what: `${method} ${path.slice(0, 120)}`,
      };
    };

    /** Each kind of failure once, with how often it happened and an example. */
    const failures = new Map<string, { count: number; example: string }>();
    const counts = { answers: 0, ok: 0, refused: 0, fiveHundreds: 0, closed: 0, plain: 0 };
    /** Answers by HTTP code and JD Cloud status, to see how deep the sweep reached. */
    const statuses = new Map<string, number>();
    const check = (c: Case, answer: RawAnswer): void => {
      counts.answers++;
      const word = /"status":"([A-Z_]+)"/.exec(answer.text)?.[1] ?? '';
      const key = `${answer.status} ${word}`.trim();
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      const say = (problem: string): void => {
        const text = answer.text.replace(/\s+/g, ' ');
        const message = /"message":"([^"]{0,60})/.exec(text)?.[1] ?? text.slice(0, 60);
        const key = `${problem}: ${answer.status} ${message.replace(/[0-9a-f]{8,}/g, '…')}`;
        const seen = failures.get(key) ?? { count: 0, example: `${c.what} → ${text.slice(0, 200)}` };
        seen.count++;
        failures.set(key, seen);
      };
      if (answer.status >= 500) {
        counts.fiveHundreds++;
        say('a 5xx');
        return;
      }
      if (answer.status === 0) {
        counts.closed++;
        if (!c.http) say('closed without an answer');
        return;
      }
      if (answer.status === 200) {
        counts.ok++;
        // New containers join the ones the sweep acts on (deletes take some away).
        const made = /"containerIds":\[([^\]]*)\]/.exec(answer.text)?.[1];
        for (const id of made?.match(/c-[0-9a-f]+/g) ?? []) if (!ids.containers.includes(id)) ids.containers.push(id);
        return;
      }
      if (answer.status === 101) return;
      counts.refused++;
      if (answer.text === '' && c.request.method === 'HEAD') return;
      let body: { requestId?: unknown; error?: { code?: unknown; status?: unknown; message?: unknown } };
      try {
        body = JSON.parse(answer.text) as typeof body;
      } catch {
        counts.plain++;
        // Node's own parser answers a request broken at the HTTP level, before the emulator sees it.
        if (!c.http) say('not JSON');
        return;
      }
      const error = body.error;
      if (
        typeof body.requestId !== 'string' ||
        error?.code !== answer.status ||
        typeof error.status !== 'string' ||
        jdcloudHints(error.status) === undefined ||
        typeof error.message !== 'string' ||
        error.message === ''
      )
        say("not JD Cloud's error shape");
    };

    let made = 0;
    const worker = async (): Promise<void> => {
      while (made < CASES) {
        made++;
        const c = next();
        sent.push(c);
        if (sent.length > 200) sent.shift();
        check(c, await send(port, c.request));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    console.log(`jdcloud sweep: ${JSON.stringify(counts)} ${JSON.stringify(Object.fromEntries(statuses))}`);
    assert.deepEqual(
      [...failures].map(([key, { count, example }]) => `${count} × ${key} (e.g. ${example})`),
      [],
    );
    assert.equal(counts.answers, CASES);
    assert.ok(counts.ok > CASES / 20 && counts.refused > CASES / 4, JSON.stringify(counts));
  });
});
