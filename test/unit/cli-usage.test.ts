import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

// The built CLI (dist/cli.js) as a user runs it: its version, its help, and what it says on bad usage.
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent' },
    encoding: 'utf8',
  });

before(() => assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`));

describe('eci --version', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

  it("prints package.json's version, exit 0", () => {
    for (const flag of ['--version', '-V']) {
      const run = cli(flag);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `eci ${version}\n`);
      assert.equal(run.stderr, '');
    }
  });

  it('is in the help', () => {
    assert.match(cli('--help').stdout, /--version/);
  });
});

describe('eci usage errors', () => {
  it('say what is wrong in one line and where the options are in another, exit 2, for every command', () => {
    for (const [args, problem, command] of [
      [['validate'], 'Name at least one file or glob.', 'validate'],
      [['validate', 'x.yaml', '--format', 'xml'], '--format must be text or json.', 'validate'],
      [['validate', 'x.yaml', '--fromat', 'json'], 'Unknown option --fromat. Did you mean --format?', 'validate'],
      [['emulator', '--seed', 'everything'], '--seed takes only "demo".', 'emulator'],
      [['emulator', 'extra'], 'Unexpected argument "extra".', 'emulator'],
      [['emulator', '--speed'], '--speed needs a value.', 'emulator'],
      [['faults'], 'Missing the emulator URL.', 'faults'],
      [
        ['faults', 'not a url', '--admin-token', 't'],
        '"not a url" is not a URL (the emulator prints its own, e.g. http://127.0.0.1:8080).',
        'faults',
      ],
      [['faults', 'http://127.0.0.1:1'], 'Missing --admin-token.', 'faults'],
      [['logs'], 'Missing the group.', 'logs'],
      [['logs', 'web', '--tail', 'all'], '--tail must be a number of lines from 0 to 10000.', 'logs'],
      [['exec', 'web'], 'Missing the command: put it after --, as in eci exec web -- ls /.', 'exec'],
      [['exec', '-ix', 'web', '--', 'ls'], 'Unknown option -x.', 'exec'],
      [['exec', 'web', '--provider', 'aws', '--', 'ls'], '--provider must be eci or jdcloud, not "aws".', 'exec'],
      [['port-forward', 'web'], 'Missing the ports: LOCAL:REMOTE, as in 8080:80.', 'port-forward'],
      [
        ['port-forward', 'web', '8080:99999'],
        '"8080:99999": ports are from 1 to 65535 (0 locally for a free one).',
        'port-forward',
      ],
    ] as const) {
      const run = cli(...args);
      assert.equal(run.status, 2, `eci ${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `eci ${command}: ${problem}\nRun "eci ${command} --help" for the options.\n`);
    }
  });

  it('name an unknown command, suggest the nearest, and point at the list of commands', () => {
    const typo = cli('vaildate', 'x.yaml');
    assert.equal(typo.status, 2);
    assert.equal(
      typo.stderr,
      'eci: unknown command "vaildate". Did you mean validate?\nRun "eci --help" for the commands.\n',
    );
    const unknown = cli('frobnicate');
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, 'eci: unknown command "frobnicate".\nRun "eci --help" for the commands.\n');
    assert.equal(cli('--verbose').stderr, 'eci: unknown option "--verbose".\nRun "eci --help" for the commands.\n');
  });

  it('leave the whole help to --help (and -h), which exits 0', () => {
    for (const command of ['call', 'emulator', 'faults', 'validate', 'logs', 'exec', 'port-forward', 'cp']) {
      for (const flag of ['--help', '-h']) {
        const run = cli(command, flag);
        assert.equal(run.status, 0, `eci ${command} ${flag}: ${run.stderr}`);
        assert.match(run.stdout, new RegExp(`^Usage: eci ${command}`));
      }
    }
    const top = cli('--help');
    assert.equal(top.status, 0);
    assert.match(top.stdout, /^Usage: eci <command>/);
  });
});

describe('eci in 简体中文', () => {
  const COMMANDS = ['call', 'emulator', 'faults', 'validate', 'logs', 'exec', 'port-forward', 'cp'];
  const chinese = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent', LANG: 'zh_CN.UTF-8' },
      encoding: 'utf8',
    });

  it('gives every help in Chinese under a Chinese LANG or --lang zh-cn, and names --lang in each', () => {
    for (const command of COMMANDS) {
      for (const run of [chinese(command, '--help'), cli(command, '--help', '--lang', 'zh-cn')]) {
        assert.equal(run.status, 0, `eci ${command}: ${run.stderr}`);
        assert.match(run.stdout, new RegExp(`^用法：eci ${command}`));
        assert.match(run.stdout, /--lang en\|zh-cn/);
      }
      assert.match(cli(command, '--help').stdout, /--lang en\|zh-cn/);
      assert.match(chinese(command, '--help', '--lang', 'en').stdout, new RegExp(`^Usage: eci ${command}`));
    }
    assert.match(chinese('--help').stdout, /^用法：eci <command>/);
    assert.match(cli('--lang', 'zh-cn', '--help').stdout, /^用法：eci <command>/);
    assert.match(cli('--lang=zh-cn', 'logs', '--help').stdout, /^用法：eci logs/);
  });

  it('says usage errors in Chinese, with the same exit status', () => {
    const missing = chinese('exec', 'web');
    assert.equal(missing.status, 2);
    assert.equal(
      missing.stderr,
      'eci exec: 缺少命令：请放在 -- 之后，例如 eci exec web -- ls /。\n运行 "eci exec --help" 查看选项。\n',
    );
    assert.equal(
      cli('logs', 'web', '--tial', '3', '--lang', 'zh-cn').stderr,
      'eci logs: 未知选项 --tial。是否要写 --tail？\n运行 "eci logs --help" 查看选项。\n',
    );
    assert.equal(
      chinese('vaildate').stderr,
      'eci: 未知命令 "vaildate"。是否要写 validate？\n运行 "eci --help" 查看命令。\n',
    );
    assert.equal(
      chinese('port-forward', 'web', '8080:99999').stderr,
      'eci port-forward: "8080:99999"：端口范围为 1 到 65535（本地端口为 0 表示任选一个空闲端口）。\n' +
        '运行 "eci port-forward --help" 查看选项。\n',
    );
  });

  it('refuses a --lang it does not speak in every command, and keeps a --lang after -- for the command run', () => {
    for (const command of COMMANDS) {
      const run = cli(command, '--lang', 'fr');
      assert.equal(run.status, 2, command);
      assert.equal(
        run.stderr,
        `eci ${command}: --lang takes en or zh-cn.\nRun "eci ${command} --help" for the options.\n`,
      );
    }
    assert.equal(
      chinese('exec', '--', 'ls', '--lang', 'fr').stderr,
      'eci exec: 缺少容器组。\n运行 "eci exec --help" 查看选项。\n',
    );
  });
});
