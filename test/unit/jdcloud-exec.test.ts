import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { DEMO_KEY } from '../../src/emulator/demo-key';
import { JdcloudClient } from '../../src/jdcloud/client';
import { JdcloudExecSession } from '../../src/jdcloud/exec-session';
import { createContainers, stopContainer, waitForContainerStatus } from '../../src/jdcloud/operations';
import { EmulatorFixture, eventually } from '../helpers/emulator';
import { say } from '../../src/core/messages/messages';

const REGION = 'cn-north-1';

describe("JD Cloud Native Container exec against the emulator's real shell", () => {
  let fixture: EmulatorFixture;
  let client: JdcloudClient;
  let id = '';
  before(async () => {
    fixture = await EmulatorFixture.start();
    client = fixture.jdcloudClient({ maxAttempts: 1 });
    [id = ''] = (
      await createContainers(client, REGION, {
        instanceType: 'n.c1.medium',
        az: 'cn-north-1a',
        name: 'shell',
        image: 'busybox',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-demo', securityGroups: ['sg-1'] } },
      })
    ).containerIds;
    await waitForContainerStatus(client, REGION, id, 'running', { intervalMs: 10 });
  });
  after(() => fixture.close());

  it('runs a terminal: echo comes back, a resize reaches stty, and the exit code arrives after the close', async () => {
    let output = '';
    const session = await JdcloudExecSession.open(
      client,
      REGION,
      id,
      { command: ['sh'], tty: true, size: { columns: 100, rows: 40 } },
      { onOutput: (text) => (output += text) },
    );
    // As a person, type once the shell is ready: an interactive shell discards what was typed before its prompt.
    await eventually(async () => (/[#$] $/m.test(output) ? true : undefined), 10_000, 'the prompt');
    session.write('echo hel""lo\n');
    await eventually(async () => (/^hello\r?$/m.test(output) ? true : undefined), 10_000, 'hello');
    // A resize reaches the terminal a moment after the call returns (stty runs on the emulator's side): ask again
    // until it shows.
    const sizeShows = (size: RegExp, what: string): Promise<boolean> =>
      eventually(
        async () => {
          if (size.test(output)) return true;
          session.write('stty size\n');
          await new Promise((r) => setTimeout(r, 200));
          return undefined;
        },
        10_000,
        what,
      );
    await sizeShows(/^40 100\r?$/m, 'the size');
    await session.resize(120, 30);
    await sizeShows(/^30 120\r?$/m, 'the new size');
    session.write('exit 3\n');
    const end = await session.done();
    assert.deepEqual(
      { ...end, said: end.said && say(end.said, 'zh-cn') },
      { exitCode: 3, by: 'server', reason: 'The command exited with code 3.', said: '命令已退出，退出码为 3。' },
    );
  });

  it('closes from the client side, and refuses a handshake that is not signed by a known key', async () => {
    const session = await JdcloudExecSession.open(client, REGION, id, { command: ['sleep', '30'], tty: false });
    const end = await session.close();
    assert.equal(end.by, 'client');

    // An exec created by the owner, its socket asked for with a wrong secret: the handshake itself is refused.
    const { execId } = await client.call<{ execId: string }>({
      operation: 'execCreate',
      method: 'POST',
      regionId: REGION,
      path: `/containers/${id}:execCreate`,
      body: { command: ['sh'], tty: false },
    });
    const stranger = new JdcloudClient({
      credentials: { ...DEMO_KEY, accessKeySecret: 'wrong' },
      endpoint: fixture.emulator.url,
      maxAttempts: 1,
    });
    const { url, headers } = stranger.webSocketRequest(REGION, `/containers/${id}:execStart`, { execId });
    const status = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(url, { headers });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('error', () => resolve(undefined));
    });
    assert.equal(status, 401);
    await stranger.close();
  });

  it('will not exec into a stopped container', async () => {
    await stopContainer(client, REGION, id);
    await waitForContainerStatus(client, REGION, id, 'stopped', { intervalMs: 10 });
    await assert.rejects(JdcloudExecSession.open(client, REGION, id, { command: ['sh'] }), /stopped/);
  });
});
