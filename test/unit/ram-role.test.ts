import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FollowedLine, FollowStatus } from '../../src/core/log-follower';
import { followLogs } from '../../src/eci/log-source';
import { createContainerGroup, describeRegions } from '../../src/eci/operations';
import { RamRoleCredentials, refreshWindowMs } from '../../src/eci/ram-role';
import { DEMO_KEY } from '../../src/emulator/server';
import { apiError, EmulatorFixture } from '../helpers/emulator';
import { message } from '../../src/core/messages/messages';

const ROLE_ARN = 'acs:ram::1234567890123456:role/eci-deployer';
const MINUTE = 60_000;

describe('RAM role credentials (STS AssumeRole against the emulator)', () => {
  /** The one clock of the emulator, the ECI client and the role: moved by hand. */
  let now = Date.parse('2026-05-01T08:00:00Z');
  let fixture: EmulatorFixture;
  const roles: RamRoleCredentials[] = [];
  before(async () => {
    fixture = await EmulatorFixture.start({ speed: 1, now: () => now });
  });
  after(async () => {
    await Promise.all(roles.map((role) => role.close()));
    await fixture.close();
  });

  function role(durationSeconds = 900, source = { ...DEMO_KEY, source: 'test' }): RamRoleCredentials {
    const made = new RamRoleCredentials({
      source,
      // The STS endpoint is the emulator's one address: it serves AssumeRole there, as it does every action.
      role: {
        roleArn: ROLE_ARN,
        sessionName: 'unit-test',
        durationSeconds,
        externalId: 'abc-123',
        stsEndpoint: fixture.emulator.url,
      },
      origin: 'profile "ops" (test)',
      now: () => now,
      maxAttempts: 2,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
    });
    roles.push(made);
    return made;
  }

  it('AssumeRole gives temporary keys (STS.…, with a token) that the emulator accepts', async () => {
    const assumed = role();
    const credentials = await assumed.credentials();
    assert.match(credentials.accessKeyId, /^STS\./);
    assert.ok(credentials.securityToken !== undefined && credentials.securityToken.length > 20);
    assert.notEqual(credentials.accessKeySecret, DEMO_KEY.accessKeySecret);
    const client = fixture.client({ credentials, now: () => new Date(now) });
    const regions = await describeRegions(client);
    assert.ok(regions.Regions.some((r) => r.RegionId === 'cn-hangzhou'));
  });

  it('refuses temporary keys once they expire, with InvalidSecurityToken.Expired', async () => {
    const credentials = await role().credentials();
    const client = fixture.client({ credentials, now: () => new Date(now) });
    await describeRegions(client);
    now += 15 * MINUTE; // the whole 900 s
    const error = await apiError(describeRegions(client));
    assert.equal(error.code, 'InvalidSecurityToken.Expired');
    assert.equal(error.httpStatus, 400);
  });

  it('keeps a client working across expiry: the role is assumed again before its keys expire, once', async () => {
    const assumed = role(900);
    const client = fixture.client({ credentials: () => assumed.credentials(), now: () => new Date(now) });
    const start = fixture.emulator.sts.assumedRoles;
    const seen = new Set<string>();
    // Every 30 s for 50 minutes: three 900 s sessions and more, each refreshed a fifth before its end (180 s).
    for (let t = 0; t <= 50 * MINUTE; t += 30_000) {
      seen.add((await assumed.credentials()).accessKeyId);
      await describeRegions(client);
      now += 30_000;
    }
    // 50 minutes of 12-minute sessions (refreshed 3 minutes before their 15 are up): the first and four refreshes.
    assert.equal(assumed.assumed, 5);
    assert.equal(fixture.emulator.sts.assumedRoles - start, 5);
    assert.equal(seen.size, 5);
  });

  it('assumes the role once for calls that ask at the same time', async () => {
    const assumed = role();
    const start = fixture.emulator.sts.assumedRoles;
    const all = await Promise.all(Array.from({ length: 8 }, () => assumed.credentials()));
    assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
    assert.equal(fixture.emulator.sts.assumedRoles - start, 1);
  });

  it('says clearly when assuming fails, naming the role and never the secret', async () => {
    const assumed = role(900, { accessKeyId: DEMO_KEY.accessKeyId, accessKeySecret: 'not-the-secret', source: 't' });
    const error = await apiError(assumed.credentials());
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.match(
      error.message,
      /^Could not assume the RAM role acs:ram::1234567890123456:role\/eci-deployer for profile "ops"/,
    );
    assert.ok(!error.message.includes('not-the-secret'));
    assert.ok(!error.message.includes(DEMO_KEY.accessKeyId), 'the AccessKey ID is masked');
    const zh = error.messageIn('zh-cn');
    assert.match(zh, /^无法为 profile "ops" .*扮演 RAM 角色 acs:ram::1234567890123456:role\/eci-deployer：/);
    assert.ok(!zh.includes('not-the-secret'));
    assert.ok(!zh.includes(DEMO_KEY.accessKeyId), 'the AccessKey ID is masked');
  });

  it('keeps valid keys when a refresh fails, and fails clearly once they have expired', async () => {
    const assumed = role(900);
    const first = await assumed.credentials();
    now += 13 * MINUTE; // within the last fifth: due for a refresh
    fixture.emulator.faults.faultRate = 1;
    try {
      assert.equal((await assumed.credentials()).accessKeyId, first.accessKeyId);
      now += 3 * MINUTE; // past the expiry
      const error = await apiError(assumed.credentials());
      assert.match(error.code, /^(Throttling|ServiceUnavailable)$/);
      assert.match(error.message, /Could not assume the RAM role .*eci-deployer/);
    } finally {
      fixture.emulator.faults.faultRate = 0;
    }
    // Once STS answers again, so does the role.
    assert.notEqual((await assumed.credentials()).accessKeyId, first.accessKeyId);
  });

  it("assumes a chain of roles: the first with the source key, the next with the first role's keys", async () => {
    const chained = new RamRoleCredentials({
      source: { ...DEMO_KEY, source: 'test' },
      role: {
        roleArn: 'acs:ram::2222222222222222:role/cross-account',
        stsEndpoint: fixture.emulator.url,
        via: { roleArn: ROLE_ARN, stsEndpoint: fixture.emulator.url },
      },
      origin: 'profile "cross" (test)',
      now: () => now,
    });
    roles.push(chained);
    const start = fixture.emulator.sts.assumedRoles;
    const credentials = await chained.credentials();
    assert.equal(fixture.emulator.sts.assumedRoles - start, 2);
    await describeRegions(fixture.client({ credentials, now: () => new Date(now) }));
  });

  it('refuses a role ARN that is not one, before any call', () => {
    assert.throws(
      () =>
        new RamRoleCredentials({
          source: { ...DEMO_KEY, source: 't' },
          role: { roleArn: 'arn:aws:iam::1:role/x' },
          origin: 'profile "ops"',
        }),
      /Profile "ops": its role ARN is not of the form acs:ram::<account ID>:role\/<role name>/,
    );
  });
});

describe('refreshWindowMs', () => {
  it('is a fifth of a short session and the last 15 minutes of a long one', () => {
    assert.equal(refreshWindowMs(900_000), 180_000);
    assert.equal(refreshWindowMs(3_600_000), 720_000);
    assert.equal(refreshWindowMs(43_200_000), 900_000);
  });
});

describe('a followed log across renewals of a RAM role', () => {
  let fixture: EmulatorFixture;
  let assumed: RamRoleCredentials;
  // 50× real time on a clock that moves 100 ms (5 emulated seconds) with each request and never otherwise (as in
  // log-follower.test.ts): a 900 s session lasts 180 requests, and the follower's own calls bring each renewal.
  before(async () => {
    const started = Date.now();
    let requests = (): number => 0;
    const now = (): number => started + requests() * 100;
    fixture = await EmulatorFixture.start({ speed: 50, now });
    requests = () => fixture.emulator.signatures.v1 + fixture.emulator.signatures.v3;
    assumed = new RamRoleCredentials({
      source: { ...DEMO_KEY, source: 'test' },
      role: { roleArn: ROLE_ARN, durationSeconds: 900, stsEndpoint: fixture.emulator.url },
      origin: 'profile "ops" (test)',
      now,
    });
  });
  after(async () => {
    await assumed.close();
    await fixture.close();
  });

  it('loses no line and never reconnects while the role is assumed again', async () => {
    const client = fixture.client({ credentials: () => assumed.credentials() });
    const { ContainerGroupId: id } = await createContainerGroup(client, {
      ContainerGroupName: 'role-logs',
      SecurityGroupId: 'sg-logs',
      VSwitchId: 'vsw-cn-hangzhou-h-logs',
      RestartPolicy: 'Never',
      Container: [
        {
          Name: 'app',
          Image: 'demo/batch:1',
          Command: ['sh', '-c', 'work; exit 0'],
          EnvironmentVar: [
            { Key: 'EMULATOR_LOG_BURST', Value: '50' },
            { Key: 'EMULATOR_LOG_EVERY_SECOND', Value: '20' },
            { Key: 'EMULATOR_RUN_SECONDS', Value: '2000' },
          ],
        },
      ],
    });
    const statuses: FollowStatus[] = [];
    const received: FollowedLine[] = [];
    for await (const line of followLogs(client, {
      containerGroupId: id,
      tail: 2000,
      minIntervalMs: 1,
      maxIntervalMs: 5,
      onStatus: (s) => statuses.push(s),
    }))
      received.push(line);
    assert.ok(assumed.assumed >= 3, `the role was assumed ${assumed.assumed} times`);
    assert.deepEqual(
      statuses.filter((s) => s.state !== 'following' && s.state !== 'ended'),
      [],
      'no gap, no reconnection',
    );
    const produced = fixture.emulator.producedLines(id, 'app');
    assert.ok(produced.length > 10_000, `only ${produced.length} lines were produced`);
    assert.deepEqual(
      received.map((l) => `${l.timestamp} ${l.text}`),
      produced.map((l) => `${l.timestamp} ${l.text}`),
    );
    assert.deepEqual(statuses.at(-1), {
      state: 'ended',
      reason: 'The container group is Succeeded.',
      said: message('log.ended.status', { noun: message('cli.noun.containerGroup'), status: 'Succeeded' }),
    });
  });
});
