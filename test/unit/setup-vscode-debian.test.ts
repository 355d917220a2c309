import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const SCRIPTS = join(__dirname, '..', '..', 'scripts');

describe("the real-VS Code toolchain setup's Debian packages (scripts/setup-vscode.mjs)", () => {
  it('installs a package added to the list into a cache made before it (whose marker named the shorter list)', async () => {
    const { DEBIAN_PACKAGES, VERSIONS } = (await import(join(SCRIPTS, 'versions.mjs'))) as {
      DEBIAN_PACKAGES: string[];
      VERSIONS: Record<string, string>;
    };
    assert.ok(DEBIAN_PACKAGES.includes('python3-debugpy'));
    const cache = mkdtempSync(join(tmpdir(), 'eci-setup-debian-test-'));
    try {
      // A warm cache of before python3-debugpy: every npm step done, the Debian step done with the shorter list.
      const toolchain = join(cache, 'toolchain');
      mkdirSync(toolchain);
      const before = DEBIAN_PACKAGES.filter((name) => name !== 'python3-debugpy');
      for (const marker of [
        `.debian-${before.join('+')}.done`,
        `.node24-${VERSIONS['node24']}.done`,
        `.code-server-${VERSIONS['codeServer']}-node${VERSIONS['node24']}.done`,
        `.tools-playwright${VERSIONS['playwrightCore']}-vsce${VERSIONS['vsce']}.done`,
      ])
        writeFileSync(join(toolchain, marker), 'then');
      // dpkg knows every package but the new one; apt-get writes down what it is asked (nothing is installed).
      const bin = join(cache, 'bin');
      const asked = join(cache, 'apt-get.log');
      mkdirSync(bin);
      writeFileSync(join(bin, 'dpkg'), '#!/bin/sh\n[ "$2" = python3-debugpy ] && exit 1\nexit 0\n');
      writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$*" >> '${asked}'\n`);
      chmodSync(join(bin, 'dpkg'), 0o755);
      chmodSync(join(bin, 'apt-get'), 0o755);
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, ECI_VSCODE_CACHE: toolchain };
      const setup = join(SCRIPTS, 'setup-vscode.mjs');

      const check = spawnSync(process.execPath, [setup, '--check'], { encoding: 'utf8', env });
      assert.equal(check.status, 1, 'the cache is not taken as complete');
      const result = spawnSync(process.execPath, [setup], { encoding: 'utf8', timeout: 60_000, env });
      if (process.getuid?.() === 0) {
        assert.deepEqual(readFileSync(asked, 'utf8').trim().split('\n'), [
          'update -qq',
          'install -y -qq --no-install-recommends python3-debugpy',
        ]);
        // Then the step is done (chromium, which dpkg said was there, must really be: it is checked after installing).
        const done = existsSync(join(toolchain, `.debian-${DEBIAN_PACKAGES.join('+')}.done`));
        if (existsSync('/usr/bin/chromium')) {
          assert.equal(result.status, 0, result.stdout + result.stderr);
          assert.ok(done, 'the marker of the new list is written');
        } else {
          assert.match(result.stderr, /chromium is not at \/usr\/bin\/chromium/);
          assert.ok(!done);
        }
      } else {
        assert.equal(result.status, 1);
        assert.match(
          result.stderr,
          /Debian packages missing: python3-debugpy\. .*sudo apt-get install -y python3-debugpy/,
        );
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
