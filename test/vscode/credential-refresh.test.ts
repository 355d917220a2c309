import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EciClient } from '../../src/eci/client';
import { createContainerGroup, deleteContainerGroup } from '../../src/eci/operations';
import { RamRoleCredentials } from '../../src/eci/ram-role';
import { DEMO_KEY, Emulator } from '../../src/emulator/server';
import { DEMO_SSO_ACCESS_TOKEN, EMULATED_ECS_ROLE } from '../../src/emulator/credential-services';
import { ECS_METADATA_ENDPOINT_VAR } from '../../src/eci/credentials';
import type { EciExtensionApi } from '../../src/extension';
import { ECI_PROVIDER } from '../../src/eci/provider';
import { profileTooltip } from '../../src/vscode/tree/profile-node';
import { logsAndTerminal, untilRunning } from './running-group';
import { ScriptedPrompter } from './scripted-prompter';
import { until } from './until';
import { run } from './workbench';

/**
 * Temporary credentials in a real VS Code, against an emulator of the test's own at 100 times real speed, where a
 * 900 s STS session lasts 9 s: a RAM role added in Add Profile is assumed again before its keys expire, under a
 * followed log and an open terminal, which lose nothing; an imported STS token that expires says so and is imported
 * again once the file holds a new one.
 */
async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

const ROLE_ARN = 'acs:ram::1234567890123456:role/eci-developer';
/** The emulator's demo key as the aliyun CLI writes an AccessKey. */
const DEMO_ALIYUN_KEY = { access_key_id: DEMO_KEY.accessKeyId, access_key_secret: DEMO_KEY.accessKeySecret };

describe('temporary credentials that are renewed or expire', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let client: EciClient;
  const added: string[] = [];

  before(async () => {
    emulator = await Emulator.start({ speed: 100, runtime: 'process' });
    client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'test' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
    });
  });

  after(async () => {
    for (const id of added)
      await new ScriptedPrompter()
        .expectConfirm(/^Remove the profile /, true)
        .answering(() => run('eci.removeProfile', id));
    await run('eci.selectProfile', 'local-emulator');
    await client.close();
    await emulator.close();
  });

  it('adds a RAM role profile, whose keys are assumed again under a followed log and an open terminal that lose nothing', async () => {
    const prompts = new ScriptedPrompter()
      .expectPick('RAM role', /^Add ECI profile: credentials$/)
      .expectInput('Developer role', /\(1\/9\): name$/)
      .expectInput(DEMO_KEY.accessKeyId, /\(2\/9\): AccessKey ID that assumes the role$/)
      .expectInput(DEMO_KEY.accessKeySecret, /\(3\/9\): AccessKey secret$/)
      .expectInput(ROLE_ARN, /\(4\/9\): RAM role ARN$/)
      .expectInput('refresh-test', /\(5\/9\): role session name$/)
      .expectInput('900', /\(6\/9\): session duration in seconds$/)
      .expectPick('cn-hangzhou', /\(7\/9\): home region$/)
      .expectPick('Public', /\(8\/9\): endpoint$/)
      .expectInput(emulator.url, /\(9\/9\): endpoint override/)
      .expectInput(emulator.url, /\(10\/10\): STS endpoint override/);
    const assumedBefore = emulator.sts.assumedRoles;
    const id = await prompts.answering(() => run<string | undefined>('eci.addProfile'));
    assert.match(id ?? '', /^role-/);
    added.push(id ?? '');
    assert.equal(emulator.sts.assumedRoles, assumedBefore + 1, 'the check assumed the role once');
    const eci = await api();
    const profile = eci.profiles().find((p) => p.id === id);
    assert.deepEqual(profile?.role, {
      roleArn: ROLE_ARN,
      sessionName: 'refresh-test',
      durationSeconds: 900,
      stsRegionId: 'cn-hangzhou',
      stsEndpoint: emulator.url,
    });
    assert.equal(eci.activeProfile()?.id, id, 'the profile that works is the active one');
    assert.ok(profile);
    assert.match(
      profileTooltip(profile, ECI_PROVIDER),
      /\nCredentials: RAM role acs:ram::1234567890123456:role\/eci-developer, assumed for 900 s at a time by an AccessKey \(VS Code secret storage\)\n/,
    );
    assert.ok(!JSON.stringify(eci.profiles()).includes(DEMO_KEY.accessKeySecret), 'no secret kept with the profile');

    const { ContainerGroupId: group } = await createContainerGroup(client, {
      ContainerGroupName: 'role-refresh',
      SecurityGroupId: 'sg-cn-hangzhou-demo',
      VSwitchId: 'vsw-cn-hangzhou-h-demo',
      Container: [
        {
          Name: 'web',
          Image: 'busybox:1.36',
          Command: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'],
        },
      ],
    });
    try {
      await untilRunning(client, group, 'role-refresh');
      const { view, opened } = await logsAndTerminal(group);
      try {
        // Each session lives 9 s and is assumed again when a fifth of that is left: two renewals in about 15 s.
        const following = emulator.sts.assumedRoles;
        await until(
          () => (emulator.sts.assumedRoles >= following + 2 ? true : undefined),
          'the role to be assumed twice more while the log is followed',
          40_000,
        );
        const received = view.received;
        await until(() => (view.received > received ? true : undefined), 'new lines after the renewals');
        opened.terminal.sendText('echo after-renewal');
        await until(() => (/[\r\n]after-renewal\r?\n/.test(opened.transcript()) ? true : undefined), 'the echo');
        const ticks = [...view.transcript.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
        assert.ok(ticks.length > 100, `a long run of lines was followed (${ticks.length})`);
        const gaps = ticks.filter((tick, i) => i > 0 && tick !== (ticks[i - 1] ?? 0) + 1);
        assert.deepEqual(gaps, [], 'no line lost or repeated across the renewals');
        assert.doesNotMatch(view.transcript, /Expired|InvalidSecurityToken|reconnecting/);
      } finally {
        view.stop();
        opened.terminal.dispose();
      }
    } finally {
      await deleteContainerGroup(client, group);
    }
  });

  it('says when an imported STS token has expired, and imports it again once the aliyun CLI file holds a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-expiring-'));
    const path = join(dir, 'config.json');
    // What `aliyun configure --mode StsToken` writes: a session of 900 s (9 s here), assumed by the test.
    const writeToken = async (): Promise<void> => {
      const role = new RamRoleCredentials({
        source: { ...DEMO_KEY, source: 'test' },
        role: { roleArn: ROLE_ARN, durationSeconds: 900, stsEndpoint: emulator.url },
        origin: 'the test',
      });
      const key = await role.credentials();
      await role.close();
      writeFileSync(
        path,
        JSON.stringify({
          current: 'temp',
          profiles: [
            {
              name: 'temp',
              mode: 'StsToken',
              access_key_id: key.accessKeyId,
              access_key_secret: key.accessKeySecret,
              sts_token: key.securityToken,
              region_id: 'cn-hangzhou',
            },
          ],
        }),
      );
    };
    await writeToken();
    const expired =
      /^The STS token of "temp \(aliyun CLI\)" has expired\. Get a new one into the aliyun CLI profile "temp" \(.*config\.json\), then import it again\.$/;
    const stillExpired = /^The aliyun CLI profile "temp" in .*config\.json still holds the expired token\./;
    const prompts = new ScriptedPrompter()
      .clickOnNotification(expired, 'Re-import')
      .clickOnNotification(expired, 'Re-import');
    const eci = await api();
    await prompts.answering(async () => {
      assert.deepEqual(await run<string[]>('eci.importAliyunProfiles', { path, all: true, endpoint: emulator.url }), [
        'temp',
      ]);
      const id = 'aliyun-temp';
      added.push(id);
      await run('eci.selectProfile', id);
      assert.deepEqual(eci.profiles().find((p) => p.id === id)?.imported, { path, profile: 'temp' });
      const load = async (): Promise<string[]> => {
        await run('eci.refresh');
        return eci.explorerRows(id);
      };
      const rows = await load();
      assert.ok(
        rows.some((row) => /^ {2}\S/.test(row)) && !rows.some((row) => /expired/i.test(row)),
        `the profile works while its token does: ${rows.join(' | ')}`,
      );

      // 9 s later the token has expired: the next call says so, once, with Re-import, which finds the same token.
      await until(
        async () => {
          await load();
          return prompts.notifications.some((n) => stillExpired.test(n.message)) ? true : undefined;
        },
        'the expired token to be said, and its re-import to find the same token',
        40_000,
      );
      assert.equal(prompts.notifications.filter((n) => expired.test(n.message)).length, 1, 'said once');
      assert.ok(
        (await load()).some((row) => /expired/i.test(row)),
        'the explorer says why it has nothing',
      );

      // A new token in the file: the next refusal offers Re-import again, which now imports it.
      await writeToken();
      await until(async () => {
        await load();
        return prompts.notifications.filter((n) => expired.test(n.message)).length === 2 ? true : undefined;
      }, 'the expired token to be said again');
      const works = (rows: readonly string[]): boolean =>
        rows.some((row) => /^ {2}\S/.test(row)) && !rows.some((row) => /expired/i.test(row));
      await until(async () => (works(await load()) ? true : undefined), 'the profile to work again with the new token');
      assert.equal(
        prompts.notifications.length,
        3,
        `nothing else was said: ${prompts.notifications.map((n) => n.message).join(' | ')}`,
      );
    });
  });

  it('imports a profile of every aliyun CLI mode, each working against the emulator: linked ones read at each use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eci-modes-'));
    const tokenFile = join(dir, 'oidc-token');
    const claims = {
      iss: 'https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1234',
      aud: 'sts.aliyuncs.com',
      sub: 'system:serviceaccount:default:app',
      exp: Math.floor(Date.now() / 1000) + 3600,
    };
    const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    writeFileSync(tokenFile, `${part({ alg: 'RS256' })}.${part(claims)}.${part('signature')}`);
    const printer = join(dir, 'print-key.js');
    writeFileSync(
      printer,
      `console.log(JSON.stringify({ mode: 'AK', access_key_id: ${JSON.stringify(DEMO_KEY.accessKeyId)}, access_key_secret: process.argv[2] }));`,
    );
    const path = join(dir, 'config.json');
    const sts = { ram_session_name: 'vscode-modes', sts_endpoint: emulator.url };
    writeFileSync(
      path,
      JSON.stringify({
        current: 'ecs',
        profiles: [
          { name: 'ecs', mode: 'EcsRamRole', ram_role_name: EMULATED_ECS_ROLE },
          {
            name: 'rrsa',
            mode: 'OIDC',
            ram_role_arn: ROLE_ARN,
            oidc_provider_arn: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1234',
            oidc_token_file: tokenFile,
            ...sts,
          },
          { name: 'uri', mode: 'CredentialsURI', credentials_uri: `${emulator.url}/credentials-uri?role=vscode` },
          {
            name: 'external',
            mode: 'External',
            process_command: `'${process.execPath}' '${printer}' ${DEMO_KEY.accessKeySecret}`,
          },
          {
            name: 'sso',
            mode: 'CloudSSO',
            cloud_sso_sign_in_url: `${emulator.url}/login`,
            cloud_sso_account_id: '1234567890123456',
            cloud_sso_access_config: 'ac-eci-admins',
            access_token: DEMO_SSO_ACCESS_TOKEN,
            cloud_sso_access_token_expire: Math.floor(Date.now() / 1000) + 3600,
          },
          { name: 'chain', mode: 'ChainableRamRoleArn', source_profile: 'ecs', ram_role_arn: ROLE_ARN, ...sts },
          { name: 'role', mode: 'RamRoleArn', ...DEMO_ALIYUN_KEY, ram_role_arn: ROLE_ARN, ...sts },
          { name: 'key', mode: 'AK', ...DEMO_ALIYUN_KEY },
        ],
      }),
    );
    // The ECS metadata service is the emulator's (an address of our own: ECI_ECS_METADATA_ENDPOINT), read by the
    // extension in this same process.
    process.env[ECS_METADATA_ENDPOINT_VAR] = `${emulator.url}/ecs-metadata`;
    try {
      const names = ['ecs', 'rrsa', 'uri', 'external', 'sso', 'chain', 'role', 'key'];
      assert.deepEqual(
        await run<string[]>('eci.importAliyunProfiles', { path, all: true, endpoint: emulator.url }),
        names,
      );
      const eci = await api();
      for (const name of names) {
        const id = `aliyun-${name}`;
        added.push(id);
        const profile = eci.profiles().find((p) => p.id === id);
        assert.ok(profile, name);
        // Those with a key of their own have it in secret storage; the others are read from the file at each use.
        assert.equal(profile.kind, ['role', 'key'].includes(name) ? 'accessKey' : 'aliyunCli', name);
        await run('eci.refresh');
        const rows = await eci.explorerRows(id, 2);
        assert.ok(
          rows.some((row) => /^ {2}\S/.test(row)) && !rows.some((row) => /error|could not|denied|expired/i.test(row)),
          `${name} lists the emulator's regions: ${rows.join(' | ')}`,
        );
      }
      const sso = eci.profiles().find((p) => p.id === 'aliyun-sso');
      assert.ok(sso);
      assert.match(
        profileTooltip(sso, ECI_PROVIDER),
        /\nCredentials: CloudSSO account 1234567890123456, access configuration ac-eci-admins, from the aliyun CLI profile "sso" \(read at each use\)\n/,
      );
      assert.ok(!JSON.stringify(eci.profiles()).includes(DEMO_SSO_ACCESS_TOKEN), 'no token kept with a profile');
    } finally {
      delete process.env[ECS_METADATA_ENDPOINT_VAR];
    }
  });
});
