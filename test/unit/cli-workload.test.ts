import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as ops from '../../src/eci/operations';
import { DEMO_KEY } from '../../src/emulator/server';
import { EmulatorFixture, eventually } from '../helpers/emulator';
import { tempDir } from '../helpers/temp';

// `eci logs`, `eci exec` and `eci port-forward` as a user runs them (the built dist/cli.js), against the emulator,
// whose containers run real processes on this machine, for both providers.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const home = tempDir('eci-cli-workload-');
const ENV = {
  PATH: process.env['PATH'] ?? '',
  HOME: home.path,
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_KEY.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_KEY.accessKeySecret,
  JDCLOUD_ACCESS_KEY: DEMO_KEY.accessKeyId,
  JDCLOUD_SECRET_KEY: DEMO_KEY.accessKeySecret,
};

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: () => Buffer;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function start(args: readonly string[], input?: Buffer): Running {
  const child = spawn(process.execPath, [CLI, args[0] ?? '', '--endpoint', fixture.emulator.url, ...args.slice(1)], {
    env: ENV,
  });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (data: Buffer) => out.push(data));
  child.stderr.on('data', (data: Buffer) => (err += data.toString()));
  if (input !== undefined) child.stdin.end(input);
  return {
    child,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    exited: new Promise((resolve) => child.once('close', (code) => resolve(code))),
  };
}

async function run(
  args: readonly string[],
  input?: Buffer,
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const running = start(args, input);
  const code = await running.exited;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}

let fixture: EmulatorFixture;
let echo: { server: Server; port: number };
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** The workload of each provider the tests act on, by the name a user would type. */
const targets: Record<'eci' | 'jdcloud', readonly string[]> = {
  eci: ['cli-web'],
  jdcloud: ['cli-web', '--provider', 'jdcloud'],
};

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  fixture = await EmulatorFixture.start();
  await fixture.eciExecContainer('cli-web');
  const eci = fixture.client();
  const noRelay = join(home.path, 'empty-path');
  mkdirSync(noRelay);
  await ops.createContainerGroup(eci, {
    ContainerGroupName: 'cli-bare',
    SecurityGroupId: 'sg',
    VSwitchId: 'vsw',
    Container: [{ Name: 'app', Image: 'scratch', EnvironmentVar: [{ Key: 'PATH', Value: noRelay }] }],
  });
  await fixture.jdcloudExecContainer('cli-web');
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  echo = { server, port: (server.address() as AddressInfo).port };
});
after(async () => {
  echo.server.close();
  await fixture.close();
  home.remove();
});

for (const provider of ['eci', 'jdcloud'] as const) {
  const target = targets[provider];
  describe(`eci logs, exec and port-forward (${provider})`, () => {
    it('exec passes piped stdin and every byte value through, keeps stdout and stderr apart, ends with the code', async () => {
      const cat = await run(['exec', '-i', ...target, '--', 'cat'], Buffer.concat([ALL_BYTES, ALL_BYTES]));
      assert.equal(cat.code, 0, cat.stderr);
      assert.equal(cat.stdout.toString('hex'), Buffer.concat([ALL_BYTES, ALL_BYTES]).toString('hex'));
      const failing = await run(['exec', ...target, '--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
      assert.equal(failing.code, 7);
      assert.equal(failing.stdout.toString(), 'out\n');
      assert.equal(failing.stderr, 'err\n');
    });

    it('logs prints the history and ends; with -f it follows until Ctrl-C', async () => {
      // Once the container has logged three lines (a JD container just started may have fewer), --tail 3 prints
      // exactly three.
      const history = await eventually(
        async () => {
          const ran = await run(['logs', '--tail', '3', ...target]);
          return ran.code !== 0 || ran.stdout.toString().split('\n').filter(Boolean).length >= 3 ? ran : undefined;
        },
        20_000,
        'three lines logged',
      );
      assert.equal(history.code, 0, history.stderr);
      assert.equal(history.stdout.toString().split('\n').filter(Boolean).length, 3);
      const follow = start(['logs', '-f', '--tail', '1', ...target]);
      // The emulator's clock runs 1000 times faster: new lines come while it follows.
      await eventually(
        async () => (follow.stdout().toString().split('\n').filter(Boolean).length >= 5 ? true : undefined),
        20_000,
        'five lines followed',
      );
      follow.child.kill('SIGINT');
      assert.equal(await follow.exited, 0, follow.stderr());
    });

    it('port-forward relays a local port to the container until Ctrl-C, then frees it', async () => {
      const forward = start(['port-forward', ...target, `:${echo.port}`]);
      const line = await eventually(
        async () =>
          /^Forwarding 127\.0\.0\.1:(\d+) → cli-web.*:\d+ \(via .+\)$/m.exec(forward.stdout().toString()) ?? undefined,
        20_000,
        `the forwarding line (stderr: ${forward.stderr()})`,
      );
      const port = Number(line[1]);
      const socket = connect(port, '127.0.0.1');
      const back: Buffer[] = [];
      socket.on('data', (data: Buffer) => back.push(data));
      socket.write(ALL_BYTES);
      await eventually(async () => (Buffer.concat(back).length >= 256 ? true : undefined), 20_000, 'the echo');
      assert.equal(Buffer.concat(back).toString('hex'), ALL_BYTES.toString('hex'));
      forward.child.kill('SIGINT');
      assert.equal(await forward.exited, 0, forward.stderr());
      socket.destroy();
      // The port is free again.
      const again = createServer();
      await new Promise<void>((resolve, reject) => {
        again.once('error', reject);
        again.listen(port, '127.0.0.1', resolve);
      });
      again.close();
    });
  });
}

describe('eci exec -it', () => {
  it('puts a real terminal in raw mode for the command and gives it back as it was, with the exit code', async () => {
    // util-linux `script` gives eci a pseudo-terminal for stdin and stdout, as a person's terminal would.
    const eci = [process.execPath, CLI, 'exec', '-it', '--endpoint', fixture.emulator.url, 'cli-web', '--', 'sh']
      .map((word) => `'${word}'`)
      .join(' ');
    const check = `${eci}; echo "code:$?"; stty -a | grep -o -- '-\\?icanon' | sed 's/^/mode:/'`;
    const child = spawn('script', ['-qfec', check, '/dev/null'], { env: ENV });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const exited = new Promise((resolve) => child.once('close', resolve));
    // Typed once the container's shell prompts; in raw mode the line goes to it as typed.
    await eventually(async () => (/[#$] $/m.test(output) ? true : undefined), 20_000, `the prompt (${output})`);
    child.stdin.write('echo "in-$((40+2))"; exit 3\r');
    await exited;
    assert.match(output, /in-42/);
    // Raw mode: the line is echoed once, by the container's terminal; a cooked local terminal would echo it too.
    assert.equal(output.split('echo "in-$((40+2))"').length - 1, 1, output);
    assert.match(output, /code:3\r?\n/);
    // The terminal is canonical (not raw) again once eci has ended.
    assert.match(output, /mode:icanon\r?\n/);
  });

  it("gives the command the terminal's size, and its new size when it is resized (SIGWINCH)", async () => {
    const eci = [process.execPath, CLI, 'exec', '-it', '--endpoint', fixture.emulator.url, 'cli-web', '--', 'sh']
      .map((word) => `'${word}'`)
      .join(' ');
    const flag = join(home.path, 'resize-now');
    // The terminal starts at 100x30; once the test asks (the flag file), it becomes 120x40, which makes the kernel
    // send SIGWINCH to eci, as a window resized by a person does.
    const resizeLater = `(while [ ! -e '${flag}' ]; do sleep 0.05; done; stty cols 120 rows 40 < /dev/tty) &`;
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${resizeLater} ${eci}`, '/dev/null'], {
      env: ENV,
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    const exited = new Promise((resolve) => child.once('close', resolve));
    const sizeShows = (size: RegExp, what: string): Promise<true> =>
      eventually(
        async () => {
          if (size.test(output)) return true;
          child.stdin.write('stty size\r');
          await new Promise((resolve) => setTimeout(resolve, 200));
          return undefined;
        },
        20_000,
        `${what} (${output})`,
      );
    await eventually(async () => (/[#$] $/m.test(output) ? true : undefined), 20_000, `the prompt (${output})`);
    await sizeShows(/^30 100\r?$/m, 'the first size');
    writeFileSync(flag, '');
    await sizeShows(/^40 120\r?$/m, 'the new size');
    child.stdin.write('exit\r');
    await exited;
  });
});

describe('eci port-forward and exec failures', () => {
  it('says that a container has no relay program, exit 1', async () => {
    const bare = await run(['port-forward', 'cli-bare', '8080']);
    assert.equal(bare.code, 1);
    assert.match(
      bare.stderr,
      /^eci port-forward: cli-bare\/app has no program to relay a port with: a port forward needs one of socat, nc, /,
    );
    const chinese = await run(['port-forward', 'cli-bare', '8080', '--lang', 'zh-cn']);
    assert.equal(chinese.code, 1);
    assert.match(
      chinese.stderr,
      /^eci port-forward: cli-bare\/app 没有可用于中继端口的程序：端口转发需要容器的 PATH 中有 socat、/,
    );
  });

  it('says which group it could not find, and which containers a group has', async () => {
    const missing = await run(['exec', 'no-such-group', '--', 'true']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'eci exec: No container group "no-such-group" in cn-hangzhou (by ID or name).\n');
    const wrong = await run(['logs', 'cli-web', 'nginx']);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr, 'eci logs: cli-web has no container "nginx"; its containers: app.\n');
  });

  it('says so in 简体中文 with --lang zh-cn, for either provider', async () => {
    const missing = await run(['exec', 'no-such-group', '--lang', 'zh-cn', '--', 'true']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'eci exec: cn-hangzhou 中没有容器组 "no-such-group"（按 ID 或名称查找）。\n');
    const wrong = await run(['logs', 'cli-web', 'nginx', '--lang=zh-cn']);
    assert.equal(wrong.stderr, 'eci logs: cli-web 中没有容器 "nginx"；它的容器有：app。\n');
    const jdcloud = await run(['exec', 'no-such-container', '--provider', 'jdcloud', '--lang', 'zh-cn', '--', 'true']);
    assert.match(jdcloud.stderr, /^eci exec: \S+ 中没有容器 "no-such-container"（按 ID 或名称查找）。\n$/);
  });
});
