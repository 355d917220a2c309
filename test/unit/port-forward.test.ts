import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExecBackend } from '../../src/core/exec';
import { runToEnd } from '../../src/core/exec';
import { NoRelayProgram, PortForward, RELAY_PROGRAMS, detectRelay } from '../../src/core/port-forward';
import { EmulatorFixture, eventually } from '../helpers/emulator';

/**
 * Port forwarding over exec against the emulator, whose containers run real processes on this machine: a relay
 * "inside the container" reaches this machine's loopback, where each test runs a real TCP server. Which relay
 * programs a container has is set by its PATH (a container's own variables reach its execs): a folder holding only
 * the programs a test allows, each a wrapper that notes its process ID (so that a test can kill one relay).
 */

const scratch = mkdtempSync(join(tmpdir(), 'eci-port-forward-'));
const python3 = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const programs: Record<string, string> = {
  python3,
  node: process.execPath,
  bash: execFileSync('/bin/sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim(),
  cat: execFileSync('/bin/sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).trim(),
};

/** A PATH folder offering `names` only; each relay started through it appends its PID to `pids`. */
function pathWith(name: string, names: readonly string[]): { dir: string; pids: () => number[] } {
  const dir = join(scratch, name);
  const pidFile = join(scratch, `${name}.pids`);
  execFileSync('mkdir', ['-p', dir]);
  for (const program of names) {
    const target = programs[program] ?? assert.fail(`no ${program} on this machine`);
    if (program === 'cat') {
      symlinkSync(target, join(dir, program));
      continue;
    }
    writeFileSync(join(dir, program), `#!/bin/sh\necho $$ >> '${pidFile}'\nexec '${target}' "$@"\n`);
    chmodSync(join(dir, program), 0o755);
  }
  return {
    dir,
    pids: () => {
      try {
        return readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    },
  };
}

/** A TCP echo server on this machine's loopback: what it reads it sends back, and it ends when its client does. */
async function echoServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

/** An open connection to the forwarded port, and what came back on it so far. */
async function open(port: number): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (data: Buffer) => chunks.push(data));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => Buffer.concat(chunks), closed };
}

/** Sends `payload` and waits until as many bytes came back; the connection stays open. */
async function echo(connection: Awaited<ReturnType<typeof open>>, payload: Buffer): Promise<Buffer> {
  const before = connection.received().length;
  connection.socket.write(payload);
  await eventually(
    async () => (connection.received().length >= before + payload.length ? true : undefined),
    30_000,
    `${payload.length} bytes back`,
  );
  return connection.received().subarray(before);
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

let fixture: EmulatorFixture;
let server: Awaited<ReturnType<typeof echoServer>>;
before(async () => {
  fixture = await EmulatorFixture.start();
  server = await echoServer();
});
after(async () => {
  await fixture.close();
  server.server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const eciContainer = (name: string, dir: string): Promise<ExecBackend> => fixture.eciExecContainer(name, dir);
const jdcloudContainer = (name: string, dir: string): Promise<ExecBackend> => fixture.jdcloudExecContainer(name, dir);

for (const [provider, container] of [
  ['ECI', eciContainer],
  ['JD Cloud', jdcloudContainer],
] as const) {
  describe(`port forwarding over ${provider}'s exec`, () => {
    it('runs a command on bytes: all 256 byte values through cat and back, and the end of input ends it', async () => {
      const { dir } = pathWith(`${provider}-cat`, ['cat']);
      const backend = await container(`${provider === 'ECI' ? 'eci' : 'jd'}-cat`, dir);
      const payload = Buffer.concat([ALL_BYTES, Buffer.of(4), ALL_BYTES]);
      const { stdout, end } = await runToEnd(backend, ['cat'], { input: payload });
      assert.equal(stdout.toString('hex'), payload.toString('hex'));
      assert.equal(end.exitCode, 0);
    });

    it("holds a command back while its output is not read: the emulator's memory stays bounded", async () => {
      const { dir } = pathWith(`${provider}-held`, ['cat']);
      const backend = await container(`${provider === 'ECI' ? 'eci' : 'jd'}-held`, dir);
      const total = 64 * 1024 * 1024;
      let received = 0;
      const head = execFileSync('/bin/sh', ['-c', 'command -v head'], { encoding: 'utf8' }).trim();
      const pidFile = join(scratch, `${provider}-held.pid`);
      // The command notes its PID (it becomes `head`), then writes 64 MiB; the reader stops at the first bytes.
      const command = `echo $$ > '${pidFile}'; exec '${head}' -c ${total} /dev/zero`;
      const stream = await backend.openStream(['/bin/sh', '-c', command], {
        onData: (data) => {
          if ((received += data.length) === data.length) stream.pause();
        },
      });
      const pid = await eventually(async () =>
        existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined,
      );
      // Held back: waiting (to write to its stdout: a socket, as Node makes a child's stdio), the same number of bytes written on two looks in a row.
      const written = (): number => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
      let before = -1;
      const held = await eventually(
        async () => {
          if (readFileSync(`/proc/${pid}/wchan`, 'utf8') === '0') return; // running, not waiting
          const now = written();
          if (now === before) return now;
          before = now;
          return undefined;
        },
        10_000,
        'the command to be held back',
      );
      // At most what the emulator holds unsent (1 MiB), the kernel's socket and pipe buffers, and one read.
      assert.ok(held < 16 * 1024 * 1024, `the command wrote ${held} bytes while its output was not read`);
      stream.resume();
      assert.equal((await stream.done()).exitCode, 0);
      assert.equal(received, total);
    });

    it('relays with python3 where that is all there is: every byte value, 5 MB, 20 connections at once', async () => {
      const { dir } = pathWith(`${provider}-python`, ['python3']);
      const backend = await container(`${provider === 'ECI' ? 'eci' : 'jd'}-py`, dir);
      const forward = await PortForward.start({ backend, remotePort: server.port });
      try {
        assert.equal(forward.relay.name, 'python3');
        assert.equal(forward.localHost, '127.0.0.1');

        const one = await open(forward.localPort);
        assert.equal((await echo(one, ALL_BYTES)).toString('hex'), ALL_BYTES.toString('hex'));
        const big = randomBytes(5 * 1024 * 1024);
        assert.equal(sha(await echo(one, big)), sha(big));
        // The local side's end of input reaches the server (python's relay half-closes), whose end comes back.
        one.socket.end();
        await one.closed;

        const many = await Promise.all(Array.from({ length: 20 }, () => open(forward.localPort)));
        const payloads = many.map((_, i) => Buffer.concat([Buffer.from(`connection ${i}:`), randomBytes(64 * 1024)]));
        const answers = await Promise.all(many.map((connection, i) => echo(connection, payloads[i] ?? Buffer.of())));
        answers.forEach((answer, i) => assert.equal(sha(answer), sha(payloads[i] ?? Buffer.of()), `connection ${i}`));
        assert.equal(forward.connections, 20);
        for (const connection of many) connection.socket.destroy();
        await eventually(async () => (forward.connections === 0 ? true : undefined), 10_000, 'no connection left');
      } finally {
        await forward.stop();
      }
    });

    it('ends only the connection whose relay is killed; the others and new ones still work', async () => {
      const { dir, pids } = pathWith(`${provider}-kill`, ['python3']);
      const backend = await container(`${provider === 'ECI' ? 'eci' : 'jd'}-kill`, dir);
      const errors: string[] = [];
      const forward = await PortForward.start({
        backend,
        remotePort: server.port,
        onConnectionError: (message) => errors.push(message),
      });
      try {
        const first = await open(forward.localPort);
        await echo(first, Buffer.from('first'));
        const second = await open(forward.localPort);
        await echo(second, Buffer.from('second'));
        const [firstRelay] = pids();
        assert.equal(pids().length, 2);
        process.kill(firstRelay ?? assert.fail('no relay PID'), 'SIGKILL');
        await first.closed;
        assert.equal((await echo(second, ALL_BYTES)).toString('hex'), ALL_BYTES.toString('hex'));
        const third = await open(forward.localPort);
        assert.equal((await echo(third, Buffer.from('third'))).toString(), 'third');
        assert.match(errors.join('\n'), /The relay of a connection ended: The command exited with code 137\./);
        second.socket.destroy();
        third.socket.destroy();
      } finally {
        await forward.stop();
      }
    });

    it('says clearly when the container has no relay program', async () => {
      const { dir } = pathWith(`${provider}-none`, ['cat']);
      const backend = await container(`${provider === 'ECI' ? 'eci' : 'jd'}-none`, dir);
      await assert.rejects(
        PortForward.start({ backend, remotePort: server.port }),
        (error: Error) =>
          error instanceof NoRelayProgram &&
          error.message.includes('has no program to relay a port with: a port forward needs one of socat, nc, ') &&
          error.message.endsWith("node, busybox nc in the container's PATH."),
      );
    });
  });
}

describe('relay programs', () => {
  it('takes the first the container has, in order: bash before python3 and node', async () => {
    const { dir } = pathWith('order', ['node', 'python3', 'bash', 'cat']);
    const backend = await eciContainer('order', dir);
    assert.equal((await detectRelay(backend)).name, 'bash (/dev/tcp)');
    // bash without cat cannot relay; python3 is next.
    const { dir: noCat } = pathWith('order-no-cat', ['node', 'python3', 'bash']);
    assert.equal((await detectRelay(await eciContainer('order-no-cat', noCat))).name, 'python3');
    assert.equal((await detectRelay(backend, RELAY_PROGRAMS.slice(5))).name, 'node');
  });

  for (const [name, allowed] of [
    ['bash (/dev/tcp)', ['bash', 'cat']],
    ['node', ['node']],
  ] as const) {
    it(`relays every byte value and 5 MB with ${name}`, async () => {
      const { dir } = pathWith(`relay-${allowed[0]}`, allowed);
      const forward = await PortForward.start({
        backend: await eciContainer(`relay-${allowed[0]}`, dir),
        remotePort: server.port,
      });
      try {
        assert.equal(forward.relay.name, name);
        const connection = await open(forward.localPort);
        assert.equal((await echo(connection, ALL_BYTES)).toString('hex'), ALL_BYTES.toString('hex'));
        const big = randomBytes(5 * 1024 * 1024);
        assert.equal(sha(await echo(connection, big)), sha(big));
        connection.socket.destroy();
      } finally {
        await forward.stop();
      }
    });
  }

  for (const allowed of [['bash', 'cat'], ['python3'], ['node']] as const) {
    it(`ends a connection when the server ends it, after what it sent (${allowed[0]})`, async () => {
      const farewell = createServer((socket) => socket.end(Buffer.concat([Buffer.from('bye'), ALL_BYTES])));
      await new Promise<void>((resolve) => farewell.listen(0, '127.0.0.1', resolve));
      const { dir } = pathWith(`server-ends-${allowed[0]}`, allowed);
      const forward = await PortForward.start({
        backend: await eciContainer(`server-ends-${allowed[0]}`, dir),
        remotePort: (farewell.address() as AddressInfo).port,
      });
      try {
        const connection = await open(forward.localPort);
        await connection.closed;
        assert.equal(
          connection.received().toString('hex'),
          Buffer.concat([Buffer.from('bye'), ALL_BYTES]).toString('hex'),
        );
      } finally {
        await forward.stop();
        farewell.close();
      }
    });
  }

  it('closes a connection whose relay cannot reach the remote port, and says why', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve())); // nothing listens there now
    const { dir } = pathWith('refused', ['bash', 'cat']);
    const errors: string[] = [];
    const forward = await PortForward.start({
      backend: await eciContainer('refused', dir),
      remotePort: port,
      onConnectionError: (message) => errors.push(message),
    });
    try {
      const connection = await open(forward.localPort);
      await connection.closed;
      await eventually(async () => (errors.length >= 2 ? true : undefined), 10_000, 'the relay messages');
      assert.match(errors.join('\n'), /^bash \(\/dev\/tcp\): .*Connection refused/m);
      assert.match(errors.join('\n'), /^The relay of a connection ended: The command exited with code 1\.$/m);
    } finally {
      await forward.stop();
    }
  });

  it('stop() ends the connections and frees the local port', async () => {
    const { dir } = pathWith('stop', ['python3']);
    const backend = await eciContainer('stop', dir);
    const forward = await PortForward.start({ backend, remotePort: server.port });
    const connection = await open(forward.localPort);
    await echo(connection, Buffer.from('hello'));
    const port = forward.localPort;
    await forward.stop();
    await connection.closed;
    // The same port can be listened on again at once.
    const again = await PortForward.start({ backend, remotePort: server.port, localPort: port });
    assert.equal(again.localPort, port);
    await assert.rejects(
      PortForward.start({ backend, remotePort: server.port, localPort: port }),
      new RegExp(`^Error: The local port ${port} on 127\\.0\\.0\\.1 is in use\\.$`),
    );
    await again.stop();
  });
});
