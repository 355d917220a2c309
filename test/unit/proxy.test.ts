import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { connected } from '../../src/core/exec';
import { MessageError, say } from '../../src/core/messages/messages';
import { NetworkRoute, proxySettingsFromEnv } from '../../src/core/proxy';
import type { ProxySettings } from '../../src/core/proxy';
import { PROXY_FAILURE_HINT } from '../../src/core/error-hints';
import type { EciClient } from '../../src/eci/client';
import { ExecSession } from '../../src/eci/exec-session';
import * as ops from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import { runJdcloudCommand } from '../../src/jdcloud/exec-session';
import { createContainers, describeContainers, waitForContainerStatus } from '../../src/jdcloud/operations';
import { apiError, EmulatorFixture, eventually } from '../helpers/emulator';
import { tempDir } from '../helpers/temp';
import { basic, TestProxy } from '../helpers/test-proxy';

/**
 * API calls and exec sockets of both clients through a real HTTP proxy (test/helpers/test-proxy.ts), against the
 * emulator. The emulator listens on loopback, which goes direct unless the no-proxy list says `<-loopback>`.
 */
let fixture: EmulatorFixture;
let groupId: string;
let jdContainerId = '';
const JD_REGION = 'cn-north-1';

before(async () => {
  fixture = await EmulatorFixture.start();
  const client = fixture.client();
  ({ ContainerGroupId: groupId } = await ops.createContainerGroup(client, {
    ContainerGroupName: 'proxied',
    SecurityGroupId: 'sg',
    VSwitchId: 'vsw',
    Container: [{ Name: 'app', Image: 'busybox:1.36' }],
  }));
  const jd = fixture.jdcloudClient({ maxAttempts: 1 });
  [jdContainerId = ''] = (
    await createContainers(jd, JD_REGION, {
      instanceType: 'n.c1.medium',
      az: 'cn-north-1a',
      name: 'proxied',
      image: 'busybox',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-demo'] } },
    })
  ).containerIds;
  await waitForContainerStatus(jd, JD_REGION, jdContainerId, 'running', { intervalMs: 10 });
  await eventually(async () =>
    (await ops.describeContainerGroups(client, { ContainerGroupIds: [groupId] })).ContainerGroups[0]?.Status ===
    'Running'
      ? true
      : undefined,
  );
});
after(() => fixture.close());

const viaProxy = (url: string, more: Partial<ProxySettings> = {}): ProxySettings => ({
  httpProxy: url,
  httpsProxy: url,
  noProxy: ['<-loopback>'],
  source: 'test',
  ...more,
});

/** The emulator's `host:port`, as a tunnel to it is named. */
const emulatorHost = (): string => new URL(fixture.emulator.url).host;

// The built command line (dist/cli.js, made by `npm run build`), as a user runs it.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const home = tempDir('eci-proxy-home-');
after(() => home.remove());

function eci(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: home.path,
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_KEY.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_KEY.accessKeySecret,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('API calls and exec sockets through a proxy', () => {
  it("sends ECI's API calls and exec socket through the proxy, with its authorization, and logs the route without it", async () => {
    const proxy = await TestProxy.start({ authorization: basic('alice', 's3cret pass') });
    const lines: string[] = [];
    try {
      const proxyUrl = proxy.url.replace('//', '//alice:s3cret%20pass@');
      const client = fixture.client({ route: new NetworkRoute(viaProxy(proxyUrl), (line) => lines.push(line)) });
      const { Regions } = await ops.describeRegions(client);
      assert.ok(Regions.length > 0);
      assert.ok(proxy.tunnels(/^POST \/\?/).length >= 1, 'the API call went through a tunnel');
      assert.ok(proxy.connections.every((c) => c.target === emulatorHost()));

      let output = '';
      const session = await ExecSession.open(
        client,
        { containerGroupId: groupId, containerName: 'app', command: ['sh', '-c', 'echo through-the-proxy'] },
        { onOutput: (text) => (output += text) },
      );
      await session.done();
      assert.match(output, /through-the-proxy/);
      assert.equal(proxy.tunnels(/^GET \/exec\/\?s=/).length, 1, 'the exec socket went through a tunnel');
      assert.ok(proxy.connections.every((c) => c.authorization === basic('alice', 's3cret pass')));

      assert.deepEqual(lines, [
        `API calls to 127.0.0.1:${new URL(fixture.emulator.url).port} go via the proxy ${proxy.url} (test)`,
        `exec sockets to 127.0.0.1:${new URL(fixture.emulator.url).port} go via the proxy ${proxy.url} (test)`,
      ]);
      assert.ok(!lines.join('\n').includes('s3cret'));
    } finally {
      await proxy.close();
    }
  });

  it("sends JD Cloud's API calls and exec socket through the proxy", async () => {
    const proxy = await TestProxy.start();
    try {
      const client = fixture.jdcloudClient({ maxAttempts: 1, route: new NetworkRoute(viaProxy(proxy.url)) });
      const { containers } = await describeContainers(client, JD_REGION);
      assert.ok(containers.some((c) => c.containerId === jdContainerId));
      assert.ok(proxy.tunnels(/^GET \/v1\/regions\/cn-north-1\/containers/).length >= 1);
      const output = await runJdcloudCommand(client, JD_REGION, jdContainerId, ['sh', '-c', 'echo jd-proxied']);
      assert.match(output, /jd-proxied/);
      assert.equal(proxy.tunnels(/^GET \/v1\/regions\/cn-north-1\/containers\/[^ ]+(:|%3A)execStart/).length, 1);
    } finally {
      await proxy.close();
    }
  });

  it('goes direct to hosts of the no-proxy list, and to loopback unless the list says <-loopback>', async () => {
    const proxy = await TestProxy.start();
    try {
      for (const noProxy of [['127.0.0.1'], [`<-loopback>`, `127.0.0.0/8`], ['.example.com', '<-loopback>', '*'], []]) {
        const client = fixture.client({ route: new NetworkRoute({ httpProxy: proxy.url, noProxy }) });
        const output = await new Promise<string>((resolve, reject) => {
          let text = '';
          ExecSession.open(
            client,
            { containerGroupId: groupId, containerName: 'app', command: ['sh', '-c', 'echo direct'] },
            { onOutput: (chunk) => (text += chunk), onEnd: () => resolve(text) },
          ).catch(reject);
        });
        assert.match(output, /direct/);
      }
      assert.deepEqual(proxy.connections, [], 'nothing went through the proxy');
    } finally {
      await proxy.close();
    }
  });

  it('says the proxy asked for authorization (407), without retrying, and names where the settings are', async () => {
    const proxy = await TestProxy.start({ authorization: basic('alice', 'right') });
    try {
      for (const settings of [viaProxy(proxy.url), viaProxy(proxy.url, { authorization: basic('alice', 'wrong') })]) {
        const client = fixture.client({ route: new NetworkRoute(settings) });
        const error = await apiError(ops.describeRegions(client));
        assert.equal(error.code, 'NetworkError');
        assert.match(
          error.message,
          new RegExp(
            `^Could not complete DescribeRegions at ${emulatorHost()}: the proxy at ${proxy.url} answered 407: proxy authorization required`,
          ),
        );
        assert.equal(error.attempts, 1, 'another try would get the same answer');
        assert.equal(error.hint, PROXY_FAILURE_HINT);
        assert.ok(!error.describe().includes('wrong'));
      }
    } finally {
      await proxy.close();
    }
  });

  it('says the proxy refused the connection, for API calls and for exec sockets', async () => {
    const refusing = await TestProxy.refusingUrl();
    const client = fixture.client({ maxAttempts: 2, route: new NetworkRoute(viaProxy(refusing)) });
    const error = await apiError(ops.describeRegions(client));
    assert.equal(error.code, 'NetworkError');
    assert.match(error.message, new RegExp(`the proxy at ${refusing} refused the connection \\(ECONNREFUSED\\)\\.$`));
    assert.match(
      error.describe(),
      /Hint: The proxy, not the endpoint, failed\. Check the proxy settings: in VS Code http\.proxy/,
    );

    // The exec socket alone through the refusing proxy: its API call goes direct (only ws:// is proxied).
    const socketOnly = fixture.client({ route: new NetworkRoute({ httpProxy: refusing, noProxy: ['<-loopback>'] }) });
    const directApi = fixture.client();
    const { WebSocketUri } = await ops.execContainerCommand(directApi, {
      ContainerGroupId: groupId,
      ContainerName: 'app',
      Command: ['sh'],
      TTY: false,
      Stdin: true,
    });
    assert.ok(WebSocketUri !== undefined);
    const socket = new WebSocket(WebSocketUri, socketOnly.route.webSocketOptions(WebSocketUri));
    const failure = await connected(socket).then(
      () => assert.fail('the proxy refuses'),
      (error: unknown) => error as Error,
    );
    assert.match(
      failure.message,
      new RegExp(`^Could not connect to the exec session: the proxy at ${refusing} refused the connection`),
    );
    assert.ok(failure instanceof MessageError);
    assert.ok(say(failure.said, 'zh-cn').startsWith(`无法连接到执行命令的会话：`));
    assert.ok(!say(failure.said, 'zh-cn').includes('the proxy at'), 'the cause said in Chinese too');
  });

  it('says a proxy that forbids the target answered so, and does not retry it', async () => {
    const proxy = await TestProxy.start({ refuseWith: 403 });
    try {
      const client = fixture.client({ route: new NetworkRoute(viaProxy(proxy.url)) });
      const error = await apiError(ops.describeRegions(client));
      assert.match(
        error.message,
        new RegExp(`the proxy at ${proxy.url} answered 403 to the request for a tunnel to ${emulatorHost()}\\.$`),
      );
      assert.equal(error.attempts, 1);
    } finally {
      await proxy.close();
    }
  });
});

describe('a proxy that says yes and then goes quiet', () => {
  it('ends the TLS handshake inside the tunnel at its bound: the call fails, the pool is not left connecting', async () => {
    const proxy = await TestProxy.start({ silentAfterConnect: true });
    try {
      const route = new NetworkRoute({ httpsProxy: proxy.url, source: 'test', tunnelTimeoutMs: 300 });
      // An https endpoint the proxy is asked to tunnel to; it never is (the proxy carries nothing).
      const client = fixture.client({ maxAttempts: 1, route, endpoint: 'https://eci.cn-hangzhou.aliyuncs.com' });
      const error = await apiError(ops.describeRegions(client));
      assert.match(
        error.message,
        new RegExp(
          `no TLS answer from eci\\.cn-hangzhou\\.aliyuncs\\.com:443 through the proxy at ${proxy.url} within 0\\.3 s`,
        ),
      );
      assert.deepEqual(proxy.asked, ['eci.cn-hangzhou.aliyuncs.com:443']);
    } finally {
      await proxy.close();
    }
  });
});

describe('TLS through a proxy', () => {
  // A real HTTPS server whose certificate no CA Node knows has signed: what a TLS-inspecting proxy's looks like.
  const dir = tempDir('eci-proxy-tls-');
  let server: https.Server;
  let endpoint = '';
  let certificate = '';
  before(async () => {
    const made = spawnSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'],
        ...['-subj', '/CN=Test Corporate CA', '-addext', 'subjectAltName=IP:127.0.0.1'],
        ...['-keyout', join(dir.path, 'key.pem'), '-out', join(dir.path, 'cert.pem')],
      ],
      { encoding: 'utf8' },
    );
    assert.equal(made.status, 0, `openssl could not make a certificate: ${made.stderr}`);
    certificate = readFileSync(join(dir.path, 'cert.pem'), 'utf8');
    server = https.createServer({ key: readFileSync(join(dir.path, 'key.pem')), cert: certificate }, (_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ RequestId: 'tls-ok', Regions: { Region: [] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    dir.remove();
  });

  const call = (client: EciClient): Promise<Record<string, unknown>> => client.callRaw('DescribeRegions', {});

  it('refuses a certificate no trusted CA signed, naming the CA problem and NODE_EXTRA_CA_CERTS', async () => {
    const proxy = await TestProxy.start();
    try {
      const client = fixture.client({ endpoint, route: new NetworkRoute(viaProxy(proxy.url)) });
      const error = await apiError(call(client));
      assert.equal(error.code, 'NetworkError');
      assert.match(error.message, /certificate was not accepted/);
      assert.match(error.hint ?? '', /NODE_EXTRA_CA_CERTS/);
      assert.match(error.hint ?? '', /http\.proxyStrictSSL/);
      assert.equal(error.attempts, 1);
      assert.equal(proxy.tunnels().length, 1, 'the TLS handshake went through the tunnel');
    } finally {
      await proxy.close();
    }
  });

  it('trusts NODE_EXTRA_CA_CERTS through the proxy and directly, also beside extra certificates (which would replace it)', async () => {
    const proxy = await TestProxy.start();
    const before = process.env['NODE_EXTRA_CA_CERTS'];
    try {
      const args = ['call', 'DescribeRegions', '--endpoint', endpoint];
      const untrusted = await eci(args, { HTTPS_PROXY: proxy.url, NO_PROXY: '<-loopback>' });
      assert.equal(untrusted.code, 1);
      assert.match(untrusted.stderr, /certificate was not accepted/);
      assert.match(untrusted.stderr, /NODE_EXTRA_CA_CERTS/);
      const extra = { NODE_EXTRA_CA_CERTS: join(dir.path, 'cert.pem') };
      const proxied = await eci(args, { ...extra, HTTPS_PROXY: proxy.url, NO_PROXY: '<-loopback>' });
      assert.equal(proxied.code, 0, proxied.stderr);
      assert.match(proxied.stdout, /"RequestId": "tls-ok"/);
      assert.equal(proxy.tunnels().length, 2);
      assert.equal((await eci(args, extra)).code, 0, 'direct, as Node does for every connection');
      // Extra certificates (VS Code's system ones) are added to Node's set, NODE_EXTRA_CA_CERTS included.
      process.env['NODE_EXTRA_CA_CERTS'] = join(dir.path, 'cert.pem');
      const beside = fixture.client({
        endpoint,
        route: new NetworkRoute(viaProxy(proxy.url, { extraCa: [tls.rootCertificates[0] ?? ''] })),
      });
      assert.equal((await call(beside))['RequestId'], 'tls-ok');
    } finally {
      if (before === undefined) delete process.env['NODE_EXTRA_CA_CERTS'];
      else process.env['NODE_EXTRA_CA_CERTS'] = before;
      await proxy.close();
    }
  });

  it('trusts a CA given as an extra certificate, and accepts any certificate through the proxy when strictSSL is off', async () => {
    const proxy = await TestProxy.start();
    try {
      const trusted = fixture.client({
        endpoint,
        route: new NetworkRoute(viaProxy(proxy.url, { extraCa: [certificate] })),
      });
      assert.equal((await call(trusted))['RequestId'], 'tls-ok');
      const lax = fixture.client({ endpoint, route: new NetworkRoute(viaProxy(proxy.url, { strictSSL: false })) });
      assert.equal((await call(lax))['RequestId'], 'tls-ok');
      assert.equal(proxy.tunnels().length, 2);
      // Off for the proxy's connections only: a direct connection still checks.
      const direct = fixture.client({ endpoint, route: new NetworkRoute({ httpsProxy: proxy.url, strictSSL: false }) });
      assert.match((await apiError(call(direct))).message, /certificate was not accepted/);
    } finally {
      await proxy.close();
    }
  });
});

describe('proxy settings', () => {
  const route = new NetworkRoute({
    httpsProxy: 'http://proxy.corp:3128',
    noProxy: ['.internal.example', '*.svc.example', 'exact.example', 'ported.example:8443', '10.0.0.0/8', '<local>'],
  });
  const via = (url: string): boolean => route.describe(url) !== 'direct';

  it('matches the no-proxy list by domain suffix, port, CIDR and plain host names', () => {
    assert.equal(via('https://eci.cn-hangzhou.aliyuncs.com/'), true);
    assert.equal(via('https://a.internal.example/'), false);
    assert.equal(via('https://internal.example/'), false);
    assert.equal(via('https://deep.x.svc.example/'), false);
    assert.equal(via('https://exact.example/'), false);
    assert.equal(via('https://sub.exact.example/'), false);
    assert.equal(via('https://notexact.example/'), true);
    assert.equal(via('https://ported.example:8443/'), false);
    assert.equal(via('https://ported.example/'), true);
    assert.equal(via('https://10.2.3.4/'), false);
    assert.equal(via('https://11.2.3.4/'), true);
    assert.equal(via('https://intranet/'), false);
    assert.equal(via('https://localhost:8080/'), false, 'loopback goes direct');
    assert.equal(via('https://127.0.0.1/'), false);
    assert.equal(via('https://[::1]/'), false);
    assert.equal(via('http://eci.cn-hangzhou.aliyuncs.com/'), false, 'no proxy is set for http://');
    assert.equal(route.describe('wss://eci.cn-hangzhou.aliyuncs.com/'), 'via the proxy http://proxy.corp:3128');
  });

  it('reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY, lower case first, HTTP_PROXY standing in for HTTPS_PROXY', () => {
    assert.deepEqual(proxySettingsFromEnv({ HTTP_PROXY: 'http://p:1', NO_PROXY: 'a.example, b.example c.example' }), {
      httpsProxy: 'http://p:1',
      httpProxy: 'http://p:1',
      noProxy: ['a.example', 'b.example', 'c.example'],
      source: 'HTTP_PROXY',
    });
    assert.deepEqual(proxySettingsFromEnv({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' }), {
      httpsProxy: 'http://lower:1',
      httpProxy: undefined,
      noProxy: [],
      source: 'HTTPS_PROXY',
    });
    assert.equal(new NetworkRoute(proxySettingsFromEnv({})).proxied, false);
  });

  it('refuses a proxy that is not an HTTP(S) URL without repeating it (it may hold a password)', () => {
    assert.throws(
      () => new NetworkRoute({ httpsProxy: 'http://user:pw@bad host:80', source: 'http.proxy' }),
      (error: Error) => /^The proxy in http\.proxy is not a URL/.test(error.message) && !error.message.includes('pw'),
    );
    assert.throws(
      () => new NetworkRoute({ httpsProxy: 'socks5://127.0.0.1:1080', source: 'HTTPS_PROXY' }),
      /The proxy in HTTPS_PROXY is a socks5 proxy; only HTTP\(S\) proxies are supported\./,
    );
    assert.equal(
      new NetworkRoute({ httpsProxy: 'proxy.corp:8080' }).describe('https://x.example/'),
      'via the proxy http://proxy.corp:8080',
    );
  });
});

describe('the eci command through a proxy', () => {
  it('sends `eci call` through HTTP_PROXY (HTTPS_PROXY for https endpoints), with the credentials of its URL', async () => {
    const proxy = await TestProxy.start({ authorization: basic('bob', 'pw') });
    try {
      const proxyUrl = proxy.url.replace('//', '//bob:pw@');
      const run = await eci(['call', 'DescribeRegions', '--endpoint', fixture.emulator.url], {
        HTTP_PROXY: proxyUrl,
        NO_PROXY: '<-loopback>',
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /"Regions"/);
      assert.equal(proxy.tunnels(/^POST \/\?/).length, 1);
      // HTTPS_PROXY is for https:// endpoints only: this plain-HTTP one goes direct.
      const direct = await eci(['call', 'DescribeRegions', '--endpoint', fixture.emulator.url], {
        HTTPS_PROXY: proxyUrl,
        NO_PROXY: '<-loopback>',
      });
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal(proxy.connections.length, 1);
    } finally {
      await proxy.close();
    }
  });

  it('says the proxy refused the connection or asked for authorization, exit 1, and refuses a proxy that is not a URL', async () => {
    const refusing = await TestProxy.refusingUrl();
    const refused = await eci(['call', 'DescribeRegions', '--endpoint', fixture.emulator.url, '--timeout', '5000'], {
      http_proxy: refusing,
      no_proxy: '<-loopback>',
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`the proxy at ${refusing} refused the connection \\(ECONNREFUSED\\)`));
    assert.match(refused.stderr, /HTTPS_PROXY, HTTP_PROXY and NO_PROXY/);

    const proxy = await TestProxy.start({ authorization: basic('bob', 'pw') });
    try {
      const denied = await eci(['call', 'DescribeRegions', '--endpoint', fixture.emulator.url], {
        HTTP_PROXY: proxy.url.replace('//', '//bob:wrong@'),
        NO_PROXY: '<-loopback>',
      });
      assert.equal(denied.code, 1);
      assert.match(
        denied.stderr,
        /answered 407: proxy authorization required \(the credentials given were not accepted\)/,
      );
      assert.ok(!denied.stderr.includes('wrong'), 'the password is never shown');
    } finally {
      await proxy.close();
    }

    const bad = await eci(['call', 'DescribeRegions'], { HTTPS_PROXY: 'http://user:secret@bad host' });
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      'eci call: The proxy in HTTPS_PROXY is not a URL such as http://proxy.example.com:8080.\n',
    );
  });
});
