// UI end-to-end tests: the packaged extension (.vsix) installed into a fresh code-server, the workbench driven in
// headless chromium the way a person uses it. A PNG screenshot is kept at each step in test/e2e/artifacts/ so a
// person can look at what the test saw. Run with `npm run test:e2e` (after `npm run setup` once).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installExtension, makeSandbox, packageVsix, repoRoot, startCodeServer, writeUserSettings } from '../../scripts/code-server.mjs';
import { paths } from '../../scripts/setup-vscode.mjs';

const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');
const { chromium } = await import(join(paths.tools, 'playwright-core', 'index.mjs'));

let sandbox;
let server;
let browser;
let page;
let workspace;
let vsix;

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function waitForText(locator, pattern, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = await locator.allInnerTexts();
    if (texts.some((text) => pattern.test(text))) return texts;
    if (Date.now() > deadline) assert.fail(`no element matched ${pattern} within ${timeoutMs} ms; saw: ${texts.join(' | ').slice(0, 500)}`);
    await page.waitForTimeout(200);
  }
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = makeSandbox('eci-e2e-');
  workspace = join(sandbox.root, 'workspace');
  cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
  writeFileSync(
    join(workspace, 'broken.eci.yaml'),
    'containerGroupName: shop\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      volumeMounts:\n        - {name: dta, mountPath: /data}\n  volumes:\n    - {name: data, emptyDir: {}}\n',
  );
  writeFileSync(
    join(workspace, 'deploy-me.eci.yaml'),
    'containerGroupName: deploy-me\nvSwitchId: vsw-cn-hangzhou-h-demo\nsecurityGroupId: sg-cn-hangzhou-demo\nresources: {cpu: 1, memory: 2}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      resources: {cpu: 1, memory: 2}\n',
  );
  vsix = packageVsix(sandbox.root);
  installExtension(sandbox, vsix);
  writeUserSettings(sandbox);
  server = await startCodeServer(sandbox);
  browser = await chromium.launch({
    executablePath: paths.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(2000);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sandbox?.remove();
});

describe('the extension in a real VS Code, used as a person would', () => {
  it('packages as a .vsix under 1.5 MB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 1.5 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('shows the ECI activity-bar view with its welcome', async () => {
    await page.locator('.activitybar [aria-label="ECI"]').first().click();
    const texts = await waitForText(page.locator('.welcome-view-content'), /No Alibaba Cloud ECI profile/);
    assert.ok(texts.length > 0);
    await shot('01-eci-view');
  });

  it('starts the local emulator from the welcome view and shows its demo groups with their status', async () => {
    await page.locator('.welcome-view-content a', { hasText: 'Use Local Emulator' }).first().click();
    const rows = await waitForText(page.locator('.monaco-list-row'), /shop-frontend/, 30_000);
    assert.ok(rows.some((row) => /Local emulator/.test(row)), rows.join(' | '));
    assert.ok(rows.some((row) => /orders-api\s*Running · 2 vCPU · 4 GiB · 172\.16\./.test(row)), rows.join(' | '));
    assert.ok(rows.some((row) => /migrate-db\s*Failed/.test(row)), rows.join(' | '));
    await shot('01b-demo-groups');
  });

  it('shows a group\'s containers and events, and the region\'s image caches', async () => {
    await page.locator('.monaco-list-row', { hasText: 'worker-crashloop' }).first().click();
    await waitForText(page.locator('.monaco-list-row'), /worker\s*(Running|Terminated) · (not )?ready · [1-9]\d* restarts/);
    await page.locator('.monaco-list-row', { hasText: /^Events/ }).first().click();
    await waitForText(page.locator('.monaco-list-row'), /BackOff\s*Back-off restarting failed container worker/);
    await page.locator('.monaco-list-row', { hasText: 'Image caches' }).first().click();
    await waitForText(page.locator('.monaco-list-row'), /base-images\s*Ready/);
    await shot('01c-containers-events-caches');
  });

  it('shows a template mistake in the Problems panel, at its place', async () => {
    await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
    await page.locator('.monaco-list-row', { hasText: 'broken.eci.yaml' }).first().click();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20_000 });
    await page.keyboard.press('Control+Shift+M');
    const rows = await waitForText(page.locator('.markers-panel .monaco-list-row'), /No volume is named "dta"/);
    assert.ok(rows.some((row) => /\[Ln 7, Col 18\]/.test(row)), rows.join(' | '));
    await shot('02-problems');
  });

  it('completes a key the container can still take, and the problem list updates as the fix is typed', async () => {
    await page.locator('.view-line', { hasText: 'image: nginx:1.27-alpine' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('imagePull');
    await page.keyboard.press('Control+Space');
    await waitForText(page.locator('.suggest-widget .monaco-list-row'), /imagePullPolicy/);
    await shot('03-completion');
    await page.keyboard.press('Enter');
    await page.keyboard.type('IfNotPresent');
    const line = await waitForText(page.locator('.view-line'), /imagePullPolicy:\s+IfNotPresent/);
    assert.ok(line.length > 0);
    // Typing a value may open suggestions, and the pointer resting on the editor a hover, over the text: close the
    // suggestions and move the pointer away before aiming at a word.
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 880);
    await page.waitForTimeout(500);
    await page.locator('.view-line span', { hasText: /^dta$/ }).first().dblclick();
    await page.keyboard.type('data');
    // The panel says so in words once the last problem is gone (an emptied list alone can be a re-render).
    await waitForText(page.locator('.markers-panel'), /No problems have been detected in the workspace/);
    await shot('04-fixed');
  });

  it('deploys a template from its Deploy lens, after one confirmation with the price, and shows the group running in the explorer', async () => {
    // Quick Open: the file explorer is already open from the step before, and its icon would close it.
    await page.keyboard.press('Control+P');
    await page.keyboard.type('deploy-me.eci.yaml');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    const lens = page.locator('.codelens-decoration a', { hasText: 'Deploy' }).first();
    await lens.waitFor({ timeout: 20_000 });
    await shot('05-deploy-lens');
    await lens.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    await waitForText(dialog, /Deploy deploy-me to cn-hangzhou with Local emulator\?[\s\S]*Estimated price: about/);
    await shot('06-deploy-confirm');
    await dialog.locator('a.monaco-button', { hasText: /^Deploy$/ }).click();
    await waitForText(page.locator('.notifications-toasts'), /deploy-me \(eci-[a-z0-9]+\) is Running\./, 30_000);
    // The deploy reveals the new group, which brings the ECI view up by itself (its icon would now close it).
    await waitForText(page.locator('.monaco-list-row'), /deploy-me\s*Running · 1 vCPU · 2 GiB/);
    const selected = await page.locator('.monaco-list-row.selected').allInnerTexts();
    assert.ok(selected.some((row) => /deploy-me/.test(row)), `selected: ${selected.join(' | ')}`);
    await shot('07-deployed');
  });
});
