import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extensionLog, failedCallLine, logged } from './extension-log';
import { until } from './until';
import { DEMO_KEY } from '../../src/emulator/server';
import { JdcloudClient } from '../../src/jdcloud/client';
import { waitForContainerStatus } from '../../src/jdcloud/operations';
import type { EciExtensionApi } from '../../src/extension';
import { exactly, ScriptedPrompter } from './scripted-prompter';
import { open, run } from './workbench';

/**
 * JD Cloud Native Container, the second provider, in a real VS Code against the emulator: its profile beside ECI's,
 * the tree, spec files, and every operation of the seed's table through the extension's commands.
 */
const PROFILE = 'local-emulator-jdcloud';

async function api(): Promise<EciExtensionApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vscode-eci');
  assert.ok(extension, 'the extension is installed');
  return (await extension.activate()) as EciExtensionApi;
}

describe('JD Cloud Native Container beside ECI', function () {
  this.timeout(90_000);
  let eci: EciExtensionApi;
  let created = '';
  /** A client of the emulator's JD Cloud API of the test's own, to wait on a container's status. */
  let native: JdcloudClient;
  const rows = (): Promise<string[]> => eci.explorerRows(PROFILE, 4);
  /**
   * Until the container is in `status` (creating, starting, stopping and rebuilding take a few seconds on JD Cloud
   * and in its emulator) and, with `row`, until the tree shows it so (its poller redraws a container on its way).
   */
  const reaches = async (containerId: string, status: string, row?: RegExp): Promise<void> => {
    await waitForContainerStatus(native, 'cn-north-1', containerId, status, { intervalMs: 100, timeoutMs: 20_000 });
    if (row !== undefined)
      await until(async () => ((await rows()).some((r) => row.test(r)) ? true : undefined), `the row ${row.source}`);
  };
  const GOOD_SPEC = (): string =>
    readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'jdcloud', 'web.nc.yaml'), 'utf8').replace(
      /^\$schema:.*\n/m,
      '',
    );
  /** The question Create Containers asks of the good spec (web.nc.yaml). */
  const CREATE = exactly(
    'Create 1 container "from-spec" (nginx:1.27-alpine, n.c1.medium) in cn-north-1 with JD Cloud emulator?',
  );
  /** The container the tests below act on: the create test's, or created now when a test runs without it. */
  const createdContainer = async (): Promise<string> => {
    if (created !== '') return created;
    const { uri } = await open('from-spec.nc.yaml', GOOD_SPEC());
    const ids = await new ScriptedPrompter()
      .expectConfirm(CREATE, true)
      .answering(() => run<string[]>('eci.jdcloud.createContainers', uri));
    assert.equal(ids.length, 1);
    created = ids[0] ?? '';
    await reaches(created, 'running');
    return created;
  };

  before(async () => {
    eci = await api();
    const url = await run<string>('eci.useLocalEmulator');
    native = new JdcloudClient({ credentials: DEMO_KEY, endpoint: url });
    // The explorer in view, as it polls containers on their way somewhere only then.
    await run('workbench.view.extension.eci');
  });
  after(async () => {
    if (created !== '')
      await new ScriptedPrompter()
        .expectConfirm(/^Delete /, true)
        .answering(() => run('eci.jdcloud.deleteContainer', { provider: 'jdcloud', containerId: created }))
        .then(undefined, () => undefined);
    await native.close();
  });

  it("shows the emulator's JD Cloud profile beside ECI's: regions, containers with status and IPs, secrets; ECI's tree unchanged", async () => {
    const profiles = eci.profiles();
    assert.ok(
      profiles.some((p) => p.id === 'local-emulator' && p.provider === undefined),
      "ECI's emulator profile stays as it was",
    );
    assert.ok(profiles.some((p) => p.id === PROFILE && p.provider === 'jdcloud'));
    assert.equal(eci.activeProfile()?.id, 'local-emulator', "ECI's active profile is still ECI's");
    const shown = await rows();
    assert.match(shown[0] ?? '', /^JD Cloud emulator — JD Cloud Native Container · local emulator$/);
    assert.ok(shown.includes('  cn-north-1 — 3 containers · 1 secret'), shown.join('\n'));
    assert.ok(
      shown.some((r) => /^ {4}web — running · 10\.0\.0\.\d+ · EIP 114\.67\.0\.\d+$/.test(r)),
      shown.join('\n'),
    );
    assert.ok(
      shown.some((r) => /^ {4}worker — stopped · 10\.0\.0\.\d+$/.test(r)),
      shown.join('\n'),
    );
    assert.ok(shown.includes('      demo-registry — registry.example.com · demo'), shown.join('\n'));
    assert.ok(shown.includes('  cn-east-2 — 1 container'), 'a region with containers shows; the empty ones are hidden');
    assert.ok(!shown.some((r) => /cn-south-1/.test(r)));
    const ecis = await eci.explorerRows('local-emulator', 2);
    assert.ok(
      ecis.some((r) => /^ {2}cn-hangzhou — \d+ groups/.test(r)),
      ecis.join('\n'),
    );
  });

  it('checks a spec file as it is typed, completes and explains it, and creates its containers', async () => {
    const broken = await open(
      'broken.nc.yaml',
      'containerSpec:\n  instanceType: n.c1.medium\n  az: cn-north-1a\n  name: web\n  image: nginx\n  elasticIp:\n    bandwidthMbps: 300\n  primaryNetworkInterface:\n    networkInterface:\n      subnetId: subnet-1\n      securityGroups: [sg-1]\n',
    );
    const problems = await until(() => {
      const found = vscode.languages.getDiagnostics(broken.uri);
      return found.length > 0 ? found : undefined;
    }, 'diagnostics of the broken spec');
    assert.deepEqual(
      problems.map((d) => [d.range.start.line, d.message]),
      [[6, '300 is out of range: 1–200.']],
    );
    const list = await run<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      broken.uri,
      new vscode.Position(1, 16),
    );
    assert.ok(
      list.items.some((i) => i.label === 'n.c1.large'),
      'instance types are offered',
    );
    const hovers = await run<vscode.Hover[]>('vscode.executeHoverProvider', broken.uri, new vscode.Position(6, 8));
    assert.match(
      hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('')).join(''),
      /1–200 Mbps/,
    );
    // A spec with problems is refused before anything is asked, and nothing is created.
    const refused = await new ScriptedPrompter().answering(() =>
      run<string[] | undefined>('eci.jdcloud.createContainers', broken.uri),
    );
    assert.equal(refused, undefined);

    const good = await open('from-spec.nc.yaml', GOOD_SPEC());
    await until(
      () => (vscode.languages.getDiagnostics(good.uri).length === 0 ? true : undefined),
      'no problems in the good spec',
    );
    const lenses = await run<vscode.CodeLens[]>('vscode.executeCodeLensProvider', good.uri);
    assert.ok(
      lenses.some((l) => l.command?.command === 'eci.jdcloud.createContainers'),
      'the spec offers Create containers',
    );
    // Declined, nothing is created; confirmed, the spec's one container is.
    const declined = await new ScriptedPrompter()
      .expectConfirm(CREATE, false)
      .answering(() => run<string[]>('eci.jdcloud.createContainers', good.uri));
    assert.deepEqual(declined, []);
    const ids = await new ScriptedPrompter()
      .expectConfirm(CREATE, true)
      .answering(() => run<string[]>('eci.jdcloud.createContainers', good.uri));
    assert.equal(ids.length, 1);
    created = ids[0] ?? '';
    await reaches(created, 'running', /^ {4}from-spec — running/);
    assert.ok((await rows()).some((r) => /^ {4}from-spec — running · 10\.0\.0\.\d+ · EIP /.test(r)));
  });

  it('renames, describes, stops, rebuilds with a new image, starts, moves its elastic IP and shows the quota', async () => {
    const target = { provider: 'jdcloud', containerId: await createdContainer() };
    assert.equal(await run('eci.jdcloud.renameContainer', { ...target, name: 'renamed' }), 'renamed');
    const described = await run<{ name: string; image: string; elasticIpId?: string; status: string }>(
      'eci.jdcloud.describeContainer',
      target,
    );
    assert.equal(described.name, 'renamed');
    assert.equal(await run('eci.jdcloud.stopContainer', target), created);
    await reaches(created, 'stopped', /^ {4}renamed — stopped/);
    assert.ok((await rows()).some((r) => /^ {4}renamed — stopped/.test(r)));
    // A stopped container is rebuilt without a question.
    assert.equal(
      await new ScriptedPrompter().answering(() =>
        run('eci.jdcloud.rebuildContainer', { ...target, image: 'nginx:1.28-alpine' }),
      ),
      created,
    );
    await logged('renamed was rebuilt with nginx:1.28-alpine. It is stopped: start it to run the new image.');
    await reaches(created, 'stopped');
    assert.equal(await run('eci.jdcloud.startContainer', target), created);
    await reaches(created, 'running');
    const rebuilt = await run<{ image: string; status: string }>('eci.jdcloud.describeContainer', target);
    assert.deepEqual([rebuilt.image, rebuilt.status], ['nginx:1.28-alpine', 'running']);
    // A running container rebuilt: stopped first (as the user confirmed), then rebuilt.
    const stopFirst = exactly(
      `renamed (${created}) is running; it is rebuilt only when stopped. Stop it now and rebuild it with nginx:1.29-alpine?`,
    );
    assert.equal(
      await new ScriptedPrompter()
        .expectConfirm(stopFirst, true)
        .answering(() => run('eci.jdcloud.rebuildContainer', { ...target, image: 'nginx:1.29-alpine' })),
      created,
    );
    await reaches(created, 'stopped');
    assert.equal((await run<{ status: string }>('eci.jdcloud.describeContainer', target)).status, 'stopped');
    await run('eci.jdcloud.startContainer', target);
    await reaches(created, 'running', /^ {4}renamed — running/);

    const { elasticIpAddress } = await run<{ elasticIpAddress: string }>('eci.jdcloud.describeContainer', target);
    const disassociate = (): ScriptedPrompter =>
      new ScriptedPrompter().expectConfirm(
        exactly(
          `Disassociate ${elasticIpAddress} (${described.elasticIpId ?? ''}) from renamed (${created})? The container is no longer reachable at that address.`,
        ),
        true,
      );
    assert.equal(
      await disassociate().answering(() => run('eci.jdcloud.disassociateElasticIp', target)),
      described.elasticIpId,
    );
    await logged(`EIP ${elasticIpAddress} is no longer on renamed; it stays in the account.`);
    assert.ok(
      (await rows()).some((r) => /^ {4}renamed — running · 10\.0\.0\.\d+$/.test(r)),
      'no elastic IP shown',
    );
    // Offered first now that it is on no container: the same elastic IP, at the same address, back on it.
    const associate = new ScriptedPrompter().expectPick(
      elasticIpAddress,
      exactly(`Associate an elastic IP with renamed (${created})`),
    );
    assert.equal(await associate.answering(() => run('eci.jdcloud.associateElasticIp', target)), described.elasticIpId);
    const [offered] = associate.asked;
    assert.equal(offered?.kind === 'pick' ? offered.labels[0] : undefined, elasticIpAddress);
    assert.equal(
      (await run<{ elasticIpAddress: string }>('eci.jdcloud.describeContainer', target)).elasticIpAddress,
      elasticIpAddress,
    );
    await logged(`EIP ${elasticIpAddress} is now on renamed.`);
    // Automation names one by its ID, as before: one of the account's (the demo's spare); another is refused.
    await disassociate().answering(() => run('eci.jdcloud.disassociateElasticIp', target));
    assert.equal(
      await run('eci.jdcloud.associateElasticIp', { ...target, elasticIpId: 'fip-not-allocated' }),
      undefined,
    );
    await logged('The elastic IP fip-not-allocated does not exist in cn-north-1.');
    // The refused call itself is in the log, with JD Cloud's code and request ID, as ECI's are (deploy.test.ts).
    await logged(failedCallLine('JD Cloud emulator', /associateElasticIp/, 'NOT_FOUND'));
    const spare = 'fip-demo-spare';
    assert.equal(await run('eci.jdcloud.associateElasticIp', { ...target, elasticIpId: spare }), spare);
    assert.equal((await run<{ elasticIpId: string }>('eci.jdcloud.describeContainer', target)).elasticIpId, spare);
    // describeQuota answers one resource type a call: Show Quota asks for containers and for secrets.
    const quotas = await run<{ resourceType: string; limit: number; used: number }[]>('eci.jdcloud.showQuota', {
      regionId: 'cn-north-1',
    });
    assert.deepEqual(quotas, [
      { resourceType: 'container', limit: 100, used: 4 },
      { resourceType: 'secret', limit: 20, used: 1 },
    ]);
    // The command's former ID (before the provider was named jdcloud) still runs it: a keybinding may name it.
    assert.deepEqual(await run('eci.nc.showQuota', { regionId: 'cn-north-1' }), quotas);
  });

  it('creates and deletes a registry secret; the password goes nowhere but the API', async () => {
    assert.equal(
      await run('eci.jdcloud.createSecret', {
        name: 'private-registry',
        server: 'registry.example.org',
        username: 'me',
        password: 'not-in-the-tree',
        email: '',
      }),
      'private-registry',
    );
    const shown = await rows();
    assert.ok(shown.includes('      private-registry — registry.example.org · me'), shown.join('\n'));
    assert.ok(!shown.join('\n').includes('not-in-the-tree'));
    await logged('Registry secret private-registry was created in cn-north-1.');
    const deleteSecret = new ScriptedPrompter().expectConfirm(
      exactly(
        'Delete the registry secret private-registry in cn-north-1? Containers that name it cannot pull their image again.',
      ),
      true,
    );
    assert.equal(
      await deleteSecret.answering(() => run('eci.jdcloud.deleteSecret', { name: 'private-registry' })),
      'private-registry',
    );
    assert.ok(!(await rows()).some((r) => /private-registry/.test(r)));
    await logged('Registry secret private-registry was deleted from cn-north-1.');
    assert.ok(!extensionLog().includes('not-in-the-tree'), 'nor in the log');
  });

  it("streams its logs and opens a terminal in it, through the same view and terminal as ECI's", async () => {
    const target = { provider: 'jdcloud', containerId: await createdContainer() };
    const view = await run<{ received: number; transcript: string; stop(): void; following: boolean }>(
      'eci.streamLogs',
      target,
    );
    await until(() => (view.received > 0 ? true : undefined), 'the first lines');
    assert.match(view.transcript, /Following renamed · Space pause/);
    assert.match(view.transcript, /\[nginx:1\.29-alpine\] instance \d+: request \d+ served/);
    const before = view.received;
    await until(() => (view.received > before ? true : undefined), 'a new line a second later');
    // Each line shows one time, the container's own: the time it printed is not repeated in the text.
    assert.doesNotMatch(view.transcript, /\d{4}-\d\d-\d\dT[\d:.]+Z \[nginx/);
    // Stopped and started under the view: it says so, once each.
    const { name } = await run<{ name: string }>('eci.jdcloud.describeContainer', target);
    await run('eci.jdcloud.stopContainer', target);
    const stopped = `— ${name} stopped; following resumes when it starts again.`;
    await until(() => (view.transcript.includes(stopped) ? true : undefined), 'the view to say it stopped');
    await run('eci.jdcloud.startContainer', target);
    await until(
      () => (view.transcript.includes(`— ${name} is running again.`) ? true : undefined),
      'the view to say it runs again',
    );
    assert.equal(view.transcript.split(stopped).length, 2, 'said once');
    assert.ok(view.following);
    view.stop();
    await until(() => (view.following ? undefined : true), 'the follow to stop');

    const opened = await run<{ terminal: vscode.Terminal; transcript: () => string }>('eci.openTerminal', target);
    await until(() => (/[#$] $/m.test(opened.transcript()) ? true : undefined), 'the prompt');
    opened.terminal.sendText('echo native-$((40+2))');
    await until(() => (/^native-42\r?$/m.test(opened.transcript()) ? true : undefined), "the command's output");
    opened.terminal.dispose();
  });

  it('adds a JD Cloud profile whose key works, refuses one whose key the API rejects, and never shows the secret', async () => {
    const url = await run<string>('eci.useLocalEmulator');
    const count = eci.profiles().length;
    // The person is asked whether to save it anyway, and says no.
    const refused = await new ScriptedPrompter()
      .expectConfirm(/^The AccessKey of "wrong key" did not work: /, false)
      .answering(() =>
        run<string | undefined>('eci.jdcloud.addProfile', {
          name: 'wrong key',
          accessKeyId: 'JDWRONGKEY01',
          accessKeySecret: 'nope',
          regionId: 'cn-north-1',
          endpoint: url,
        }),
      );
    assert.equal(refused, undefined);
    assert.equal(eci.profiles().length, count, 'nothing added');
    const id = await run<string>('eci.jdcloud.addProfile', {
      name: 'JD account',
      accessKeyId: DEMO_KEY.accessKeyId,
      accessKeySecret: DEMO_KEY.accessKeySecret,
      regionId: 'cn-north-1',
      endpoint: url,
    });
    const added = eci.profiles().find((p) => p.id === id);
    assert.equal(added?.provider, 'jdcloud');
    assert.ok(!JSON.stringify(eci.profiles()).includes(DEMO_KEY.accessKeySecret));
    const shown = await eci.explorerRows(id, 3);
    assert.match(shown[0] ?? '', /^JD account — JD Cloud Native Container · http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(
      shown.some((r) => /^ {4}web — running/.test(r)),
      shown.join('\n'),
    );
    assert.equal(eci.activeProfile()?.id, 'local-emulator', "adding a JD Cloud profile leaves ECI's active one");
    const remove = new ScriptedPrompter().expectConfirm(
      exactly('Remove the profile "JD account" and its stored AccessKey? Its containers are not touched.'),
      true,
    );
    assert.equal(await remove.answering(() => run('eci.removeProfile', id)), true);
    assert.ok(!eci.profiles().some((p) => p.id === id));
  });

  it('imports jdc CLI profiles (~/.jdc/config): the picked ones, with their key, region and endpoint', async () => {
    const url = new URL(await run<string>('eci.useLocalEmulator'));
    const dir = mkdtempSync(join(tmpdir(), 'eci-jdc-'));
    const path = join(dir, 'config');
    // As `jdc configure add` writes it: one profile on the emulator, one with JD Cloud's gateway, one without a key.
    writeFileSync(
      path,
      `[local]\naccess_key = ${DEMO_KEY.accessKeyId}\nsecret_key = ${DEMO_KEY.accessKeySecret}\nregion_id = cn-north-1\n` +
        `endpoint = ${url.host}\nscheme = http\ntimeout = 20\n\n` +
        '[prod]\naccess_key = JDPROD000001\nsecret_key = prod-secret\nregion_id = cn-east-2\n' +
        'endpoint = www.jdcloud-api.com\nscheme = https\n\n[empty]\nregion_id = cn-south-1\n',
    );
    writeFileSync(join(dir, 'current'), 'local');
    const prompts = new ScriptedPrompter().expectPickMany('local', /^Import jdc CLI profiles from /);
    assert.deepEqual(await prompts.answering(() => run('eci.jdcloud.importJdcProfiles', { path })), ['local']);
    const [question] = prompts.asked;
    assert.deepEqual(question?.kind === 'pickMany' ? question.labels : [], ['local', 'prod', 'empty']);
    const local = eci.profiles().find((p) => p.id === 'jdc-local');
    assert.deepEqual(
      [local?.name, local?.provider, local?.regionId, local?.endpoint],
      ['local (jdc CLI)', 'jdcloud', 'cn-north-1', `http://${url.host}`],
    );
    assert.ok(!JSON.stringify(eci.profiles()).includes(DEMO_KEY.accessKeySecret));
    // Its key works through the corrected client: the tree shows the emulator's containers.
    const shown = await eci.explorerRows('jdc-local', 3);
    assert.ok(
      shown.some((r) => /^ {4}web — running/.test(r)),
      shown.join('\n'),
    );
    // Every usable one at once; the gateway's profile keeps JD Cloud's own endpoint.
    assert.deepEqual(await run('eci.jdcloud.importJdcProfiles', { path, all: true }), ['local', 'prod']);
    const prod = eci.profiles().find((p) => p.id === 'jdc-prod');
    assert.deepEqual([prod?.regionId, prod?.endpoint], ['cn-east-2', undefined]);
    for (const id of ['jdc-local', 'jdc-prod'])
      assert.equal(
        await new ScriptedPrompter()
          .expectConfirm(/^Remove the profile /, true)
          .answering(() => run('eci.removeProfile', id)),
        true,
      );
  });

  it('deletes the container, after which the tree no longer lists it', async () => {
    await createdContainer();
    const { name } = await run<{ name: string }>('eci.jdcloud.describeContainer', {
      provider: 'jdcloud',
      containerId: created,
    });
    assert.ok((await rows()).some((r) => r.includes(name)));
    const prompts = new ScriptedPrompter().expectConfirm(
      exactly(`Delete ${name} (${created})? This cannot be undone.`),
      true,
    );
    assert.deepEqual(
      await prompts.answering(() => run('eci.jdcloud.deleteContainer', { provider: 'jdcloud', containerId: created })),
      [created],
    );
    assert.equal(prompts.confirmations[0]?.detail, 'In cn-north-1 with JD Cloud emulator.');
    created = '';
    assert.ok(!(await rows()).some((r) => r.includes(name)));
  });
});
