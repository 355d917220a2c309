// Starting a real VS Code (code-server) hermetically, as docs/reference/real-vscode.md measured it:
// a config file (bind 127.0.0.1, no auth), temporary user-data, extensions and TMPDIR folders, Node 24 on PATH,
// no marketplace. Shared by `npm start`, the extension-host test runner and the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { paths } from './setup-vscode.mjs';

export const repoRoot = resolve(import.meta.dirname, '..');

export function node24Env(extra = {}) {
  return { ...process.env, PATH: `${paths.node24Bin}:${process.env.PATH ?? ''}`, EXTENSIONS_GALLERY: '{}', ...extra };
}

/**
 * The code-server to run: the newest (4.139, VS Code 1.139, on Node 24) or, with `oldest`, the oldest VS Code that
 * engines.vscode allows (4.96, VS Code 1.96, on Node 20), whose command line takes the smoke-test driver as an
 * option of its own (setup-vscode.mjs adds it; it has no --vscode-option).
 */
function codeServerOf(oldest) {
  if (!oldest) {
    const smokeTestDriver = ['--vscode-option', 'enable-smoke-test-driver'];
    return { nodeBin: paths.node24Bin, entry: paths.codeServer, smokeTestDriver };
  }
  const { nodeBin, codeServer } = paths.oldest;
  return { nodeBin, entry: codeServer, smokeTestDriver: ['--enable-smoke-test-driver'] };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Packages the extension as a .vsix with vsce (which needs Node >= 22, hence Node 24). Returns its path. */
export function packageVsix(outDir) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const out = join(outDir, `${pkg.name}-${pkg.version}.vsix`);
  const vsce = join(paths.tools, '@vscode', 'vsce', 'vsce');
  // The project has no public repository yet, and package.json names none rather than a placeholder. Until it does,
  // vsce is told so (it would ask), and the README's relative links and pictures (docs/images/, kept out of the
  // package) stay as written, for readers of the repository. Once `repository` names a GitHub or GitLab one, vsce
  // makes them absolute, so that the marketplace page shows the pictures.
  const noRepository =
    pkg.repository === undefined ? ['--allow-missing-repository', '--no-rewrite-relative-links'] : [];
  const result = spawnSync(
    join(paths.node24Bin, 'node'),
    [vsce, 'package', '--no-dependencies', ...noRepository, '--out', out],
    {
      cwd: repoRoot,
      env: node24Env(),
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`vsce package failed:\n${result.stdout}\n${result.stderr}`);
  // A warning of vsce (a missing field, a file it would rather not ship) fails the packaging, as lint warnings do.
  if (/ WARNING |::warning::/.test(`${result.stdout}\n${result.stderr}`))
    throw new Error(`vsce package warned:\n${result.stdout}\n${result.stderr}`);
  return out;
}

/** A fresh set of folders for one code-server run; `remove()` deletes them all. */
export function makeSandbox(prefix = 'eci-vscode-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const dirs = {
    root,
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    tmp: join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return { ...dirs, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Settings of the machine code-server runs on (`Machine/settings.json`): where machine-scoped settings such as
 * `eci.emulator.url` must go, since a remote window takes them from there and drops them from user settings.
 */
export function writeMachineSettings(sandbox, settings) {
  const dir = join(sandbox.userData, 'Machine');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export function writeUserSettings(sandbox, settings = {}) {
  const dir = join(sandbox.userData, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'telemetry.telemetryLevel': 'off',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        'update.mode': 'none',
        'git.openRepositoryInParentFolders': 'never',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...settings,
      },
      null,
      2,
    ),
  );
}

export function installExtension(sandbox, vsix) {
  const result = spawnSync(
    join(paths.node24Bin, 'node'),
    [
      paths.codeServer,
      '--extensions-dir',
      sandbox.extensions,
      '--user-data-dir',
      sandbox.userData,
      '--install-extension',
      vsix,
    ],
    {
      env: node24Env({ TMPDIR: sandbox.tmp }),
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(`installing ${vsix} into code-server failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * Starts code-server on a free loopback port and resolves when /healthz answers.
 * `smokeTestDriver` enables the workbench `payload` (extensionDevelopmentPath / extensionTestsPath).
 * `workspaceTrust` keeps VS Code's workspace trust on (Restricted Mode), which the other tests turn off.
 * `oldest` runs the oldest VS Code that engines.vscode allows instead of the newest.
 */
export async function startCodeServer(
  sandbox,
  { smokeTestDriver = false, workspaceTrust = false, oldest = false, env = {}, log = () => {} } = {},
) {
  const codeServer = codeServerOf(oldest);
  const port = await freePort();
  const config = join(sandbox.root, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    codeServer.entry,
    '--config',
    config,
    '--user-data-dir',
    sandbox.userData,
    '--extensions-dir',
    sandbox.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(smokeTestDriver ? codeServer.smokeTestDriver : []),
  ];
  const child = spawn(join(codeServer.nodeBin, 'node'), args, {
    env: node24Env({ TMPDIR: sandbox.tmp, PATH: `${codeServer.nodeBin}:${process.env.PATH ?? ''}`, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that stop() ends every process it started
  });
  child.stdout.on('data', (chunk) => log(chunk.toString()));
  child.stderr.on('data', (chunk) => log(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopProcessGroup(child);
      throw new Error('code-server did not answer /healthz within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, child, stop: () => stopProcessGroup(child) };
}

export function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolveStop();
    }
  });
}
