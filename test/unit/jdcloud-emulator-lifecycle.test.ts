import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { JD_PHASE_SECONDS } from '../../src/emulator/jdcloud/lifecycle';
import type { JdcloudAnswer, JdcloudState } from '../../src/emulator/jdcloud/service';
import { emptyJdcloudState, JdcloudService } from '../../src/emulator/jdcloud/service';
import { Clock } from '../../src/emulator/lifecycle';
import { signJdcloudRequest } from '../../src/jdcloud/signing';

/**
 * JD Cloud Native Container's transitional statuses in the emulator, on a clock the test holds: created containers
 * are `pending`, then `running`; stopped ones `stopping`, then `stopped`; started ones `starting`, then `running`;
 * rebuilt ones `rebuilding`, then `stopped`, each for a few emulated seconds at the emulator's speed. What JD Cloud
 * refuses meanwhile is refused with its status, and logs, elastic IPs and renames go on working.
 */
const REGION = 'cn-north-1';
const START = Date.parse('2026-11-24T10:00:00Z');

/** An emulated JD API on a clock of the test's, called with signed requests as the client makes them. */
function emulated(speed: number, state: JdcloudState = emptyJdcloudState(), at = START) {
  const time = { now: at };
  const api = new JdcloudService([DEMO_KEY], new Clock(speed, () => time.now), undefined, state);
  const call = (method: string, path: string, body?: unknown): JdcloudAnswer => {
    const url = new URL(`http://emulator.test/v1/regions/${REGION}${path}`);
    const text = body === undefined ? '' : JSON.stringify(body);
    const { headers } = signJdcloudRequest(
      {
        method,
        url,
        headers: { 'content-type': 'application/json' },
        body: text,
        regionId: REGION,
        service: 'nativecontainer',
        date: new Date(time.now),
        nonce: randomUUID(),
      },
      DEMO_KEY,
    );
    return api.handle({
      method,
      url: `${url.pathname}${url.search}`,
      headers: { host: url.host, ...headers },
      body: text,
    });
  };
  const ok = (method: string, path: string, body?: unknown): Record<string, unknown> => {
    const answer = call(method, path, body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.result as Record<string, unknown>;
  };
  const create = (name: string, extra: Record<string, unknown> = {}): string => {
    const { containerIds } = ok('POST', '/containers', {
      containerSpec: {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name,
        image: 'nginx:1.27-alpine',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-1', securityGroups: ['sg-1'] } },
        ...extra,
      },
    }) as { containerIds: string[] };
    return containerIds[0] ?? '';
  };
  const container = (id: string): Record<string, unknown> =>
    ok('GET', `/containers/${id}`)['container'] as Record<string, unknown>;
  const status = (id: string): unknown => container(id)['status'];
  const logs = (id: string): string[] =>
    String(ok('GET', `/containers/${id}:getLogs?tailLines=1000`)['logs'])
      .split('\n')
      .filter((line) => line !== '');
  /** The real milliseconds of a phase at this speed. */
  const span = (phase: keyof typeof JD_PHASE_SECONDS): number => (JD_PHASE_SECONDS[phase] * 1000) / speed;
  return { api, time, call, ok, create, container, status, logs, span };
}

/** A refusal: its HTTP code and JD Cloud's status, and what the message says. */
function assertRefused(answer: JdcloudAnswer, code: number, status: string, message?: RegExp): void {
  assert.equal(answer.status, code, JSON.stringify(answer.body));
  assert.equal(answer.body.error?.code, code);
  assert.equal(answer.body.error?.status, status);
  if (message !== undefined) assert.match(answer.body.error?.message ?? '', message);
}

describe("JD Cloud Native Container's statuses on the emulator's clock", () => {
  for (const speed of [1, 10]) {
    it(`at speed ${speed}: pending, stopping, starting and rebuilding, each ending in its final status`, () => {
      const jd = emulated(speed);
      const id = jd.create('web');
      assert.equal(jd.status(id), 'pending');
      assert.deepEqual(jd.logs(id), [], 'nothing printed while it is created');
      jd.time.now = START + jd.span('pending') - 1;
      assert.equal(jd.status(id), 'pending');
      jd.time.now = START + jd.span('pending');
      assert.equal(jd.status(id), 'running');
      // Its process runs from the end of `pending`: a line a second from then.
      const ran = jd.time.now;
      jd.time.now += 1_000;
      assert.deepEqual(jd.logs(id), [
        `${new Date(ran).toISOString()} [nginx:1.27-alpine] instance 1: request 1 served`,
        `${new Date(ran + 1_000).toISOString()} [nginx:1.27-alpine] instance 1: request 2 served`,
      ]);
      assert.equal(jd.container(id)['launchTime'], new Date(START).toISOString(), 'launched when created');

      const stopAt = jd.time.now;
      jd.ok('POST', `/containers/${id}:stopContainer`, { regionId: REGION, containerId: id });
      assert.equal(jd.status(id), 'stopping');
      jd.time.now = stopAt + jd.span('stopping') - 1;
      assert.equal(jd.status(id), 'stopping');
      jd.time.now = stopAt + jd.span('stopping');
      assert.equal(jd.status(id), 'stopped');
      assert.equal(jd.logs(id).length, 2, 'its log ends where it was told to stop');

      const startAt = jd.time.now;
      jd.ok('POST', `/containers/${id}:startContainer`, { regionId: REGION, containerId: id });
      assert.equal(jd.status(id), 'starting');
      assert.equal(jd.logs(id).length, 2, "the stopped instance's log while it starts");
      jd.time.now = startAt + jd.span('starting') - 1;
      assert.equal(jd.status(id), 'starting');
      jd.time.now = startAt + jd.span('starting');
      assert.equal(jd.status(id), 'running');
      assert.deepEqual(jd.logs(id), [
        `${new Date(jd.time.now).toISOString()} [nginx:1.27-alpine] instance 2: request 1 served`,
      ]);

      jd.ok('POST', `/containers/${id}:stopContainer`, { regionId: REGION, containerId: id });
      jd.time.now += jd.span('stopping');
      const rebuildAt = jd.time.now;
      jd.ok('POST', `/containers/${id}:rebuild`, { regionId: REGION, containerId: id, image: 'nginx:1.28' });
      assert.deepEqual([jd.status(id), jd.container(id)['image']], ['rebuilding', 'nginx:1.28']);
      jd.time.now = rebuildAt + jd.span('rebuilding') - 1;
      assert.equal(jd.status(id), 'rebuilding');
      jd.time.now = rebuildAt + jd.span('rebuilding');
      assert.equal(jd.status(id), 'stopped', 'still stopped after a rebuild, as JD Cloud says');
    });
  }

  it('takes a few real seconds at speed 1: 3 s to create, 2 s to stop', () => {
    const jd = emulated(1);
    const id = jd.create('web');
    jd.time.now = START + 2_999;
    assert.equal(jd.status(id), 'pending');
    jd.time.now = START + 3_000;
    assert.equal(jd.status(id), 'running');
    jd.ok('POST', `/containers/${id}:stopContainer`, { regionId: REGION, containerId: id });
    jd.time.now = START + 4_999;
    assert.equal(jd.status(id), 'stopping');
    jd.time.now = START + 5_000;
    assert.equal(jd.status(id), 'stopped');
  });

  it("refuses what JD Cloud refuses while a container is on its way, with JD Cloud's status", () => {
    const jd = emulated(10);
    const id = jd.create('busy', { elasticIp: { bandwidthMbps: 5 } });
    const body = { regionId: REGION, containerId: id };
    const refusedWhile = (state: string): void => {
      assert.equal(jd.status(id), state);
      const precondition = (answer: JdcloudAnswer, message: RegExp): void =>
        assertRefused(answer, 400, 'FAILED_PRECONDITION', message);
      if (state !== 'stopped')
        precondition(
          jd.call('POST', `/containers/${id}:startContainer`, body),
          new RegExp(`only a stopped.*${state}`, 'i'),
        );
      if (state !== 'running')
        precondition(
          jd.call('POST', `/containers/${id}:stopContainer`, body),
          new RegExp(`only a running.*${state}`, 'i'),
        );
      precondition(
        jd.call('POST', `/containers/${id}:rebuild`, { ...body, image: 'nginx:1.28' }),
        new RegExp(`only a stopped.*${state}`, 'i'),
      );
      precondition(jd.call('DELETE', `/containers/${id}`), new RegExp(`is ${state} and cannot be deleted now`));
      precondition(jd.call('POST', `/containers/${id}:execCreate`, { command: ['sh'] }), new RegExp(`is ${state}\\.`));
    };
    refusedWhile('pending');
    jd.time.now += jd.span('pending');
    jd.ok('POST', `/containers/${id}:stopContainer`, body);
    refusedWhile('stopping');
    // Meanwhile it is listed by its status, renamed, its elastic IP moved, and its log read up to the stop.
    const stopping = jd.ok('GET', '/containers?filters.1.name=status&filters.1.values.1=stopping');
    assert.deepEqual(
      (stopping['containers'] as { containerId: string }[]).map((c) => c.containerId),
      [id],
    );
    jd.ok('PATCH', `/containers/${id}:modifyContainerAttribute`, { ...body, name: 'renamed' });
    const { elasticIpId } = jd.container(id) as { elasticIpId: string };
    jd.ok('POST', `/containers/${id}:disassociateElasticIp`, { ...body, elasticIpId });
    jd.ok('POST', `/containers/${id}:associateElasticIp`, { ...body, elasticIpId });
    assert.deepEqual([jd.container(id)['name'], jd.container(id)['elasticIpId']], ['renamed', elasticIpId]);
    assert.equal(jd.logs(id).length, 1);

    jd.time.now += jd.span('stopping');
    jd.ok('POST', `/containers/${id}:startContainer`, body);
    refusedWhile('starting');
    jd.time.now += jd.span('starting');
    jd.ok('POST', `/containers/${id}:stopContainer`, body);
    jd.time.now += jd.span('stopping');
    jd.ok('POST', `/containers/${id}:rebuild`, { ...body, image: 'nginx:1.28' });
    refusedWhile('rebuilding');
    jd.time.now += jd.span('rebuilding');
    // Settled: a stopped container is deleted.
    jd.ok('DELETE', `/containers/${id}`);
    assertRefused(jd.call('GET', `/containers/${id}`), 404, 'NOT_FOUND');
  });

  it('ends a transition that a state file kept, as of when it was due, after a restart', () => {
    const kept = emptyJdcloudState();
    const first = emulated(10, kept);
    const id = first.create('kept');
    first.time.now += first.span('pending');
    first.ok('POST', `/containers/${id}:stopContainer`, { regionId: REGION, containerId: id });
    const stopping = first.time.now;
    // What the state file holds, read back.
    const state = JSON.parse(JSON.stringify(kept)) as JdcloudState;
    assert.equal(state.containers[id]?.status, 'stopping');
    const second = emulated(10, state, stopping + 1);
    assert.equal(second.status(id), 'stopping');
    second.time.now = stopping + second.span('stopping') + 60_000;
    assert.equal(second.status(id), 'stopped');
    // An older state file's container (no phase) is as it was.
    const older = emptyJdcloudState();
    older.containers['c-old'] = {
      containerId: 'c-old',
      name: 'old',
      status: 'running',
      image: 'busybox',
      instanceType: 'n.c1.medium',
      az: 'cn-north-1a',
      hostname: '',
      privateIpAddress: '10.0.0.9',
      description: '',
      launchTime: new Date(START).toISOString(),
      regionId: REGION,
      elasticIpId: '',
      elasticIpAddress: '',
      instance: 1,
      startedAt: START,
      stoppedAt: undefined,
    };
    const reloaded = emulated(10, older, START + 5_000);
    assert.equal(reloaded.status('c-old'), 'running');
    assert.equal(reloaded.logs('c-old').length, 6);
  });

  it('seeds its demo containers settled: running for ten minutes already, the worker stopped', () => {
    const jd = emulated(1);
    jd.api.seedDemo();
    const { containers } = jd.ok('GET', '/containers') as { containers: { name: string; status: string }[] };
    assert.deepEqual(
      containers.map((c) => `${c.name} ${c.status}`),
      ['web running', 'api running', 'worker stopped'],
    );
  });

  it('answers what it does not serve with NOT_FOUND, about the container or secret it names', () => {
    const jd = emulated(10);
    const id = jd.create('web');
    assertRefused(
      jd.call('POST', `/containers/${id}:restartContainer`),
      404,
      'NOT_FOUND',
      /restartContainer is not served/,
    );
    assertRefused(jd.call('GET', `/containers/${id}:stopContainer`), 404, 'NOT_FOUND', /stopContainer is not served/);
    assertRefused(jd.call('POST', '/containers/c-none:restartContainer'), 404, 'NOT_FOUND', /c-none does not exist/);
    assertRefused(jd.call('GET', '/volumes'), 404, 'NOT_FOUND', /Nothing is served at/);
    jd.ok('POST', '/secrets', {
      name: 's',
      secretType: 'docker-registry',
      data: { server: 'r', username: 'u', password: 'p' },
    });
    assertRefused(jd.call('PATCH', '/secrets/s'), 404, 'NOT_FOUND', /PATCH is not served on a secret/);
  });
});
