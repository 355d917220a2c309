// `npm start` as a newcomer meets it: one command, one URL, the extension already on the emulator's demo data; and
// Ctrl-C stops every process it started. A screenshot of what the URL shows is kept in test/e2e/artifacts/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../../scripts/code-server.mjs';
import { paths } from '../../scripts/setup-vscode.mjs';

const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');
const { chromium } = await import(join(paths.tools, 'playwright-core', 'index.mjs'));

let start;
let browser;

/** Whether any process of the group `npm start` leads is still alive. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process descending from `pid` now (code-server runs in a process group of its own), from /proc. */
function descendants(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // The parent is the second field after the command name (which may contain spaces, hence the last ')').
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of parents) {
      if (found.has(parent) && !found.has(child)) {
        found.add(child);
        grew = true;
      }
    }
  }
  found.delete(pid);
  return [...found];
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

after(async () => {
  await browser?.close();
  if (start !== undefined && groupAlive(start.pid)) process.kill(-start.pid, 'SIGKILL');
});

describe('npm start', () => {
  it("prints one URL that opens VS Code with the extension on the emulator's demo groups, and Ctrl-C stops everything", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Its own process group, so that the test can tell whether anything it started outlives it.
    start = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    start.stdout.on('data', (chunk) => (output += chunk.toString()));
    start.stderr.on('data', (chunk) => (output += chunk.toString()));
    const exited = new Promise((resolve) => start.once('exit', (code, signal) => resolve({ code, signal })));
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 3 minutes; it printed:\n${output}`)), 180_000);
      const look = () => {
        const found = /^(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m.exec(output)?.[1];
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      start.stdout.on('data', look);
      void exited.then(() => reject(new Error(`npm start exited early; it printed:\n${output}`)));
    });
    assert.equal(output.match(/^https?:\/\//gm)?.length, 1, `more than one URL printed:\n${output}`);
    // The emulator's admin token (it can change the emulator's faults and clock) is not printed.
    assert.doesNotMatch(output, /admin token/);

    browser = await chromium.launch({
      executablePath: paths.chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // No profile to add, no button to press: the demo groups are there once the ECI view is in front. Its icon
    // toggles the side bar, so it is clicked again only when, a while after a click, no profile row shows.
    const eciIcon = page.locator('.activitybar [aria-label="ECI"]').first();
    const deadline = Date.now() + 60_000;
    let rows = [];
    let clickedAt = 0;
    while (!rows.some((row) => /orders-api\s*Running/.test(row))) {
      if (Date.now() > deadline) {
        await page.screenshot({ path: join(ARTIFACTS, '00-npm-start-failed.png') });
        assert.fail(`the demo groups did not show; rows: ${rows.join(' | ')}`);
      }
      if (!rows.some((row) => /Local emulator/.test(row)) && Date.now() - clickedAt > 8_000) {
        await eciIcon.click();
        clickedAt = Date.now();
      }
      await page.waitForTimeout(300);
      rows = await page.locator('.monaco-list-row').allInnerTexts();
    }
    assert.ok(
      rows.some((row) => /Local emulator/.test(row)),
      rows.join(' | '),
    );
    await page.screenshot({ path: join(ARTIFACTS, '00-npm-start.png') });
    await browser.close();
    browser = undefined;

    const started = descendants(start.pid);
    assert.ok(started.length >= 2, `npm start runs the emulator and code-server: ${started.length} processes`);
    process.kill(start.pid, 'SIGINT');
    const { code } = await exited;
    assert.equal(code, 0, output);
    // Everything it started (emulator, code-server and its extension host) is gone within a few seconds.
    const gone = Date.now() + 10_000;
    while (groupAlive(start.pid) || started.some(alive)) {
      if (Date.now() > gone)
        assert.fail(`processes started by npm start outlived it: ${started.filter(alive).join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
