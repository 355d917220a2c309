// UI end-to-end tests: the packaged extension (.vsix) installed into a fresh code-server, the workbench driven in
// headless chromium the way a person uses it. A PNG screenshot is kept at each step in test/e2e/artifacts/ so a
// person can look at what the test saw; a few steps also write the README's pictures (docs/images/), so that they
// show the product as it is. Run with `npm run test:e2e`; one test with
// `npm run test:e2e -- --grep "deletes it"`. Each test stands alone: what it needs (the emulator's profile, a deployed
// group, a created container) it sets up through the UI if it is not there yet, so any one of them runs by name.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  installExtension,
  makeSandbox,
  packageVsix,
  repoRoot,
  startCodeServer,
  writeUserSettings,
} from '../../scripts/code-server.mjs';
import { openWorkbench, waitForText } from './workbench-page.mjs';

const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');
const README_IMAGES = join(repoRoot, 'docs', 'images');

let sandbox;
let server;
let browser;
let page;
let workspace;
let vsix;

/** The steps whose screenshot is also a picture of the README, by the picture's file in docs/images/. */
const README_PICTURES = {
  '02-problems': 'template-problem.png',
  '09-logs': 'followed-log.png',
  '10-terminal': 'terminal.png',
};

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const picture = README_PICTURES[name];
  if (picture === undefined) return;
  // Without the tooltip of what the pointer last rested on (the pointer goes to an empty part of the editor), and
  // with every notification shown in full, not half faded in. Either that stays is in the picture: no failure.
  await page.mouse.move(900, 520);
  const settled = (selector) => page.locator(selector).first().waitFor({ state: 'hidden', timeout: 3_000 });
  await settled('.workbench-hover').catch(() => {});
  await settled('.notification-toast:not(.notification-fade-in-done)').catch(() => {});
  await page.screenshot({ path: join(README_IMAGES, picture) });
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(README_IMAGES, { recursive: true });
  sandbox = makeSandbox('eci-e2e-');
  workspace = join(sandbox.root, 'workspace');
  cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
  writeFileSync(
    join(workspace, 'broken.eci.yaml'),
    'containerGroupName: shop\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      volumeMounts:\n        - {name: dta, mountPath: /data}\n  volumes:\n    - {name: data, emptyDir: {}}\n',
  );
  writeFileSync(
    join(workspace, 'shop-api.jdcloud.yaml'),
    'regionId: cn-north-1\ncontainerSpec:\n  instanceType: n.c1.medium\n  az: cn-north-1a\n  name: shop-api\n  image: node:20-alpine\n  primaryNetworkInterface:\n    networkInterface:\n      subnetId: subnet-cn-north-1a\n      securityGroups: [sg-demo]\n',
  );
  writeFileSync(
    join(workspace, 'deploy-me.eci.yaml'),
    'containerGroupName: deploy-me\nvSwitchId: vsw-cn-hangzhou-h-demo\nsecurityGroupId: sg-cn-hangzhou-demo\nresources: {cpu: 1, memory: 2}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      resources: {cpu: 1, memory: 2}\n',
  );
  writeFileSync(
    join(workspace, 'pick-network.eci.yaml'),
    'containerGroupName: pick-network\nresources: {cpu: 1, memory: 2}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      resources: {cpu: 1, memory: 2}\n',
  );
  vsix = packageVsix(sandbox.root);
  installExtension(sandbox, vsix);
  // The DOM renderer, so that the test can read what terminals show (the GPU renderer draws on a canvas). No sticky
  // scroll: its header lines lie over the editor's first visible lines, and a double-click on a word there (with the
  // Problems panel open the editor is short) lands on the header instead (seen in a CI run).
  writeUserSettings(sandbox, {
    'terminal.integrated.gpuAcceleration': 'off',
    'editor.stickyScroll.enabled': false,
    // The failure notification's test waits for one check of the group running and one of it failed.
    'eci.notifications.intervalSeconds': 5,
  });
  // A type the zone does not sell (src/emulator/resources.ts): a warning until another is chosen.
  writeFileSync(
    join(workspace, 'sized.eci.yaml'),
    'regionId: cn-shanghai\nzoneId: cn-shanghai-l\ncontainerGroupName: sized\ninstanceType: ecs.r6.large\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n',
  );
  // A job that runs 12 seconds and fails, scripted or run as a process (src/emulator/lifecycle.ts).
  writeFileSync(
    join(workspace, 'fails-soon.eci.yaml'),
    "containerGroupName: fails-soon\nvSwitchId: vsw-cn-hangzhou-h-demo\nsecurityGroupId: sg-cn-hangzhou-demo\nspec:\n  restartPolicy: Never\n  containers:\n    - name: job\n      image: busybox:1.36\n      command: [sh, -c, 'sleep 12; exit 3']\n      env:\n        - {name: EMULATOR_RUN_SECONDS, value: '12'}\n",
  );
  server = await startCodeServer(sandbox);
  ({ browser, page } = await openWorkbench({
    server,
    workspace,
    extraArgs: ['--disable-background-networking', '--disable-component-update', '--disable-sync'],
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sandbox?.remove();
});

// The deployed group's row in the ECI explorer (not the template file's row that Quick Open keeps in the page).
const GROUP_ROW = /^deploy-me\s*(Running|Restarting|Pending|Scheduling|Updating)/;

/**
 * A CodeLens of the editor that shows `file` (its editor knows its document's URI): several templates may be open
 * side by side, each with a Deploy lens, and only this one's is meant.
 */
const lensOf = (file, text) =>
  page.locator(`.monaco-editor[data-uri$="/${file}"] .codelens-decoration a`, { hasText: text }).first();

/** A row of the explorer in the side bar (quick picks keep rows of their own in the page, hidden). */
const treeRow = (rowText) => page.locator('.part.sidebar .monaco-list-row', { hasText: rowText }).first();

/** Shows the ECI view. Its activity icon toggles the side bar, so it is clicked only when the view is not shown. */
async function showEciView() {
  if (await page.locator('.context-view .monaco-menu').isVisible()) await page.keyboard.press('Escape');
  const shown = await page.locator('.part.sidebar .title-label', { hasText: /ECI/ }).isVisible();
  if (!shown) await page.locator('.activitybar [aria-label="ECI"]').first().click();
}

/** Brings the ECI explorer in front and waits for a row. */
async function showGroupRow(rowText = GROUP_ROW) {
  await showEciView();
  if (
    !(await treeRow(rowText)
      .waitFor({ timeout: 20_000 })
      .then(
        () => true,
        () => false,
      ))
  ) {
    await shot('row-missing');
    assert.fail(`no row ${rowText} in the ECI explorer`);
  }
}

/** Runs a command from the palette by its title. */
async function fromPalette(title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), new RegExp(title));
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open. */
async function openFile(name) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), new RegExp(name.replace(/\./g, '\\.')));
  await page.keyboard.press('Enter');
}

/** The local emulator's profiles in the explorer: added from the palette when a test runs without the one before. */
async function ensureEmulator() {
  await showEciView();
  if ((await page.locator('.part.sidebar .monaco-list-row', { hasText: /^Local emulator/ }).count()) > 0) return;
  await fromPalette('ECI: Use Local Emulator');
  await showGroupRow(/^Local emulator/);
}

/** Deploys deploy-me.eci.yaml from its lens, after the confirmation (what the deploy test checks step by step). */
async function deployFromLens() {
  await ensureEmulator();
  await openFile('deploy-me.eci.yaml');
  const lens = lensOf('deploy-me.eci.yaml', 'Deploy');
  await lens.waitFor({ timeout: 20_000 });
  await shot('05-deploy-lens');
  await lens.click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  await waitForText(dialog, /Deploy deploy-me to cn-hangzhou with Local emulator\?[\s\S]*Estimated price: about/);
  await shot('06-deploy-confirm');
  await dialog.locator('a.monaco-button', { hasText: /^Deploy$/ }).click();
  await waitForText(page.locator('.notifications-toasts'), /deploy-me \(eci-[a-z0-9]+\) is Running\./, 30_000);
}

/** A deployed deploy-me group, deployed now when a test runs without the deploy test before it. */
async function ensureDeployed() {
  await ensureEmulator();
  if ((await page.locator('.part.sidebar .monaco-list-row', { hasText: GROUP_ROW }).count()) === 0)
    await deployFromLens();
  await showGroupRow();
}

/**
 * Right-clicks a row of the ECI explorer and picks an item of its context menu. A menu ignores a click that comes
 * the instant it opens, so the item is clicked once the pointer has made it the menu's focused item, as a person's
 * pointer does on its way to it.
 */
async function fromContextMenu(rowText, item) {
  // The item's title as written: its parentheses and dots are not a pattern's.
  const title = new RegExp(`^${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await treeRow(rowText).click({ button: 'right' });
  const entry = page
    .locator('.context-view .action-item, .monaco-menu .action-item', {
      has: page.locator('.action-label', { hasText: title }),
    })
    .first();
  await entry.waitFor({ timeout: 10_000 });
  await entry.hover();
  await page.locator('.context-view .action-item.focused', { hasText: title }).first().waitFor({ timeout: 5_000 });
  await entry.click();
  await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 5_000 });
}

/** The Problems panel, opened unless it is open (its key toggles it). */
async function showProblems() {
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ timeout: 10_000 });
}

/** The JD Cloud emulator's containers in view: ECI's demo tree is long, and folding it brings them up. */
async function showJdcloudContainers() {
  await ensureEmulator();
  const eci = treeRow(/^Local emulator/);
  if ((await eci.getAttribute('aria-expanded')) === 'true') await eci.click();
  await showGroupRow(/^JD Cloud emulator/);
  await showGroupRow(/^web\s*running/);
}

/** Creates shop-api from its spec file's lens, after the confirmation (what the create test checks). */
async function createFromSpecLens() {
  await ensureEmulator();
  await openFile('shop-api.jdcloud.yaml');
  const lens = lensOf('shop-api.jdcloud.yaml', 'Create containers');
  await lens.waitFor({ timeout: 20_000 });
  await lens.click();
  const dialog = page.locator('.monaco-dialog-box');
  await waitForText(
    dialog,
    /Create 1 container "shop-api" \(node:20-alpine, n\.c1\.medium\) in cn-north-1 with JD Cloud emulator\?/,
  );
  await shot('15-native-create-confirm');
  await dialog.locator('a.monaco-button', { hasText: /^Create$/ }).click();
  await showJdcloudContainers();
}

/** The emulator processes the extension in this test's code-server started (their --state is in its sandbox). */
function emulatorProcesses() {
  const found = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (command.includes('emulator') && command.some((arg) => arg.startsWith(sandbox.root)))
        found.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * Brings the newest terminal whose name has `name` (and not `unlike`) in front, from the panel's tab list (whose
 * rows also hold icons and may be cut short on screen), and puts the keyboard in it.
 */
async function showTerminal(name, unlike) {
  await page
    .locator('.tabs-list .monaco-list-row', { hasText: name, ...(unlike === undefined ? {} : { hasNotText: unlike }) })
    .last()
    .click();
  await page.locator('.terminal-wrapper.active .xterm').click();
}

/** Waits for a log line stamped later than `than` in the terminal in front; returns the newest stamp. */
async function untilNewerLogLine(than, failureShot, timeoutMs = 20_000) {
  const newest = (shown) =>
    [...shown.matchAll(/(\d{4}-\d\d-\d\dT[\d:.]+Z)/g)]
      .map((m) => m[1])
      .sort()
      .at(-1) ?? '';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stamp = newest(await terminalText());
    if (stamp > than) return stamp;
    if (Date.now() > deadline) {
      await shot(failureShot);
      assert.fail(`no log line after ${than || 'the start'}; the view shows: ${(await terminalText()).slice(-300)}`);
    }
    await page.waitForTimeout(300);
  }
}

async function terminalText() {
  // The terminal in front: the active one's rows (several terminals are open at once).
  const active = page.locator('.terminal-wrapper.active .xterm-rows');
  return (await ((await active.count()) > 0 ? active : page.locator('.xterm-rows').last()).allInnerTexts()).join('\n');
}

/**
 * Waits for the shell's prompt in the terminal just opened on `label` (not a prompt still shown by the one before),
 * types a command and waits for its output.
 */
async function runInTerminal(label, command, output, failureShot) {
  const prompt = Date.now() + 20_000;
  const session = async () => {
    const text = await terminalText();
    const at = text.lastIndexOf(`Connecting to ${label}`);
    return at === -1 ? '' : text.slice(at);
  };
  while (!/[#$]\s*$/m.test(await session())) {
    if (Date.now() > prompt) {
      await shot(failureShot);
      assert.fail(`no prompt; the terminal shows: ${(await terminalText()).slice(-300)}`);
    }
    await page.waitForTimeout(300);
  }
  // The terminal takes the keyboard's focus a moment after it shows its prompt (VS Code moves focus to it when the
  // panel opens): keys typed before then go elsewhere, and the command arrives cut. It is clicked, and typing waits
  // until its input has the focus.
  // The one on screen: while a second terminal opens, the first can keep the `active` class, hidden (seen in CI).
  const active = page.locator('.terminal-wrapper.active:visible');
  const terminal = (await active.count()) > 0 ? active.first() : page.locator('.terminal-wrapper:visible').last();
  await terminal.locator('.xterm-screen').click();
  await terminal.locator('textarea.xterm-helper-textarea:focus').waitFor({ state: 'attached', timeout: 5_000 });
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  const deadline = Date.now() + 10_000;
  while (!output.test(await terminalText())) {
    if (Date.now() > deadline) {
      await shot(failureShot);
      assert.fail(`no ${output}; the terminal shows: ${(await terminalText()).slice(-300)}`);
    }
    await page.waitForTimeout(200);
  }
}

describe('the extension in a real VS Code, used as a person would', () => {
  it('packages as a .vsix under 1.5 MB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 1.5 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('shows the ECI activity-bar view with its welcome', async () => {
    await showEciView();
    const texts = await waitForText(page.locator('.welcome-view-content'), /No Alibaba Cloud ECI profile/);
    assert.ok(texts.length > 0);
    await shot('01-eci-view');
  });

  it('starts the local emulator from the welcome view and shows its demo groups with their status', async () => {
    await showEciView();
    await page.locator('.welcome-view-content a', { hasText: 'Use Local Emulator' }).first().click();
    const rows = await waitForText(page.locator('.monaco-list-row'), /shop-frontend/, 30_000);
    assert.ok(
      rows.some((row) => /Local emulator/.test(row)),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((row) => /orders-api\s*Running · 2 vCPU · 4 GiB · 172\.16\./.test(row)),
      rows.join(' | '),
    );
    assert.ok(
      rows.some((row) => /migrate-db\s*Failed/.test(row)),
      rows.join(' | '),
    );
    await shot('01b-demo-groups');
  });

  it("shows a group's containers and events, and the region's image caches", async () => {
    await ensureEmulator();
    await showGroupRow(/^worker-crashloop/);
    await treeRow(/^worker-crashloop/).click();
    const rows = page.locator('.part.sidebar .monaco-list-row');
    await waitForText(rows, /worker\s*(Running|Terminated) · (not )?ready · [1-9]\d* restarts/);
    await treeRow(/^Events/).click();
    await waitForText(rows, /BackOff\s*Back-off restarting failed container worker/);
    await treeRow(/^Image caches/).click();
    await waitForText(rows, /base-images\s*Ready/);
    await shot('01c-containers-events-caches');
  });

  it('shows a template mistake in the Problems panel, at its place', async () => {
    await openFile('broken.eci.yaml');
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20_000 });
    await showProblems();
    const rows = await waitForText(page.locator('.markers-panel .monaco-list-row'), /No volume is named "dta"/);
    assert.ok(
      rows.some((row) => /\[Ln 7, Col 18\]/.test(row)),
      rows.join(' | '),
    );
    await shot('02-problems');
  });

  it('completes a key the container can still take, and the problem list updates as the fix is typed', async () => {
    await openFile('broken.eci.yaml');
    await showProblems();
    await waitForText(page.locator('.markers-panel .monaco-list-row'), /No volume is named "dta"/);
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
    await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden', timeout: 5_000 });
    await page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 5_000 });
    await page.locator('.view-line span', { hasText: /^dta$/ }).first().dblclick();
    await page.keyboard.type('data');
    // The panel says so in words once the last problem is gone (an emptied list alone can be a re-render).
    await waitForText(page.locator('.markers-panel'), /No problems have been detected in the workspace/);
    await shot('04-fixed');
  });

  it('deploys a template from its Deploy lens, after one confirmation with the price, and shows the group running in the explorer', async () => {
    await deployFromLens();
    // The deploy reveals the new group, which brings the ECI view up by itself (its icon would now close it).
    await waitForText(page.locator('.monaco-list-row'), /deploy-me\s*Running · 1 vCPU · 2 GiB/);
    const selected = await page.locator('.monaco-list-row.selected').allInnerTexts();
    assert.ok(
      selected.some((row) => /deploy-me/.test(row)),
      `selected: ${selected.join(' | ')}`,
    );
    await shot('07-deployed');
  });

  it('filters the explorer by status, groups it by a tag, and shows the tags of a group on hover', async () => {
    await ensureEmulator();
    await showGroupRow(/^orders-api/);
    const rows = page.locator('.part.sidebar .monaco-list-row');
    await fromPalette('ECI: Filter Explorer');
    await waitForText(page.locator('.quick-input-widget'), /Words of a name or ID/);
    await page.keyboard.type('status:running');
    await page.keyboard.press('Enter');
    await waitForText(
      page.locator('.part.sidebar .composite.title, .part.sidebar .pane-header'),
      /Filter: status:running/,
    );
    const filtered = await waitForText(rows, /\d+ match/);
    assert.ok(!filtered.some((row) => /migrate-db\s*Failed/.test(row)), filtered.join(' | '));
    await shot('03a-filtered-running');
    await fromPalette('ECI: Clear Explorer Filter');
    await waitForText(rows, /migrate-db\s*Failed/);

    await fromPalette('ECI: Group Explorer by Tag');
    await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /app\s*\d+ workloads?/);
    await page.keyboard.type('app');
    await page.keyboard.press('Enter');
    const grouped = await waitForText(rows, /^app=shop\s*1$/m);
    assert.ok(
      grouped.some((row) => /^app=orders\s*1$/m.test(row)) && grouped.some((row) => /^No app tag\s*\d+$/m.test(row)),
      grouped.join(' | '),
    );
    await treeRow(/^orders-api/).hover();
    await waitForText(page.locator('.monaco-hover, .workbench-hover'), /Tags: app=orders/);
    await shot('03b-grouped-by-tag-with-tooltip');
    await page.mouse.move(0, 0);
    await fromPalette('ECI: Group Explorer by Tag');
    await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /Don't group/);
    await page.keyboard.type("Don't group");
    await page.keyboard.press('Enter');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /^app=shop/ }).waitFor({ state: 'detached' });
  });

  it('says before deploying a second group of the same name, and deploys nothing when told not to', async () => {
    await ensureDeployed();
    await openFile('deploy-me.eci.yaml');
    const lens = lensOf('deploy-me.eci.yaml', 'Deploy');
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(
      dialog,
      /Deploy another deploy-me to cn-hangzhou[\s\S]*named deploy-me already exists in cn-hangzhou \(eci-/,
    );
    await shot('07b-deploy-again');
    await dialog.locator('a.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('offers the vSwitches and security groups the account uses when the template gives none', async () => {
    await ensureEmulator();
    await openFile('pick-network.eci.yaml');
    const lens = lensOf('pick-network.eci.yaml', 'Deploy');
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();
    const picks = page.locator('.quick-input-widget .monaco-list-row');
    const offered = await waitForText(picks, /vsw-cn-hangzhou-h-demo.*cn-hangzhou-h · used by /);
    assert.ok(
      offered.some((row) => /Enter an ID/.test(row)),
      offered.join(' | '),
    );
    await shot('07c-pick-vswitch');
    await page.keyboard.type('vsw-cn-hangzhou-h-demo');
    await page.keyboard.press('Enter');
    await waitForText(picks, /sg-cn-hangzhou-demo.*used by /);
    await page.keyboard.type('sg-cn-hangzhou-demo');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(dialog, /Deploy pick-network to cn-hangzhou with Local emulator\?/);
    await dialog.locator('a.monaco-button', { hasText: /^Cancel$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('exports the deployed group as a template', async () => {
    await ensureDeployed();
    await fromContextMenu(GROUP_ROW, 'Export Template');
    await waitForText(page.locator('.view-line'), new RegExp('containerGroupId:\\s+eci-'));
    await waitForText(page.locator('.view-line'), /containerGroupName:\s+deploy-me/);
    // A template from the first moment: its tab is named after the group (the workspace's deploy-me.eci.yaml keeps
    // its name: the export is deploy-me-2.eci.yaml), and it can update the group.
    await waitForText(page.locator('.tabs-container .tab.active'), /deploy-me-2\.eci\s*\.yaml/);
    await page
      .locator('.codelens-decoration a', { hasText: /Update/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await shot('08-exported');
  });

  it('streams its logs into a view that shows new lines as they come', async () => {
    await ensureDeployed();
    await fromContextMenu(GROUP_ROW, 'Stream Logs');
    const deadline = Date.now() + 20_000;
    let text = '';
    while (!/HTTP\/1\.1" \d{3} \d+/.test(text)) {
      if (Date.now() > deadline)
        assert.fail(`the log view did not show access-log lines; it shows: ${text.slice(-400)}`);
      await page.waitForTimeout(300);
      text = await terminalText();
    }
    // It follows: a line stamped later than the newest one seen comes in by itself.
    const newest = (shown) =>
      [...shown.matchAll(/(\d{4}-\d\d-\d\dT[\d:.]+Z)/g)]
        .map((m) => m[1])
        .sort()
        .at(-1) ?? '';
    const first = newest(text);
    const later = Date.now() + 15_000;
    while (newest(await terminalText()) <= first) {
      if (Date.now() > later) assert.fail(`no line after ${first} came in`);
      await page.waitForTimeout(300);
    }
    await shot('09-logs');
  });

  it('opens a terminal in its container: echo hello shows hello', async () => {
    await ensureDeployed();
    await fromContextMenu(GROUP_ROW, 'Open Terminal');
    await runInTerminal('deploy-me/web', 'echo hello', /^hello\s*$/m, '10-terminal-failed');
    await shot('10-terminal');
  });

  it('edits a file inside its container: expands Files, opens the file, saves it, and the container has the change', async () => {
    await ensureDeployed();
    // A file in the container's working directory (where the Files row starts), written by its shell.
    await fromContextMenu(GROUP_ROW, 'Open Terminal');
    await runInTerminal(
      'deploy-me/web',
      "printf 'first line\\n' > notes.txt && echo written",
      /^written\s*$/m,
      '12a-files-failed',
    );
    // Down the tree with the keyboard, as its rows scroll into view: the group, its container, its Files row.
    await showGroupRow();
    const focused = page.locator('.part.sidebar .monaco-list-row.focused');
    /** Opens the row in focus (`rowText`), waits for its child `childText`, and moves the focus down to it. */
    const expand = async (rowText, childText) => {
      const reached = await focused
        .filter({ hasText: rowText })
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (!reached) {
        await shot('12a-files-failed');
        assert.fail(`the row in focus is not ${rowText}: ${(await focused.allInnerTexts()).join(' | ')}`);
      }
      if ((await focused.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
      // Its children come a moment later (a container's files over exec): the focus moves once they are there.
      await treeRow(childText).waitFor({ timeout: 20_000 });
      await page.keyboard.press('ArrowDown');
    };
    await treeRow(GROUP_ROW).click();
    await expand(GROUP_ROW, /^web\s*Running/);
    await expand(/^web\s*Running/, /^Files/);
    await expand(/^Files/, /^notes\.txt/);
    const fileRow = treeRow(/^notes\.txt/);
    await fileRow.waitFor({ timeout: 20_000 });
    await shot('12a-container-files');
    await fileRow.click();
    const editor = page.locator('.monaco-editor[data-uri^="eci-container:"][data-uri$="/notes.txt"]').first();
    await editor.waitFor({ timeout: 20_000 });
    // The editor draws spaces as no-break spaces: \s matches both.
    await waitForText(editor.locator('.view-lines'), /first\sline/);
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('second line, from VS Code');
    // Typed into the file: otherwise (keys that went elsewhere) the clean tab below would prove nothing.
    await waitForText(editor.locator('.view-lines'), /second\sline,\sfrom\sVS\sCode/);
    await page.keyboard.press('Control+S');
    // Saved: the tab no longer shows the dirty mark.
    await page
      .locator('.tabs-container .tab.active:not(.dirty)', { hasText: 'notes.txt' })
      .waitFor({ timeout: 20_000 });
    await shot('12b-container-file-saved');
    // The panel still shows the terminal the file was written in (one terminal has no tab list).
    await runInTerminal(
      'deploy-me/web',
      'cat notes.txt; echo',
      /^first line\s*\n\s*second line, from VS Code\s*$/m,
      '12c-files-failed',
    );
    await shot('12c-container-file-in-terminal');
  });

  it('keeps a log view and a terminal working after Refresh: new lines come, and the shell answers', async () => {
    await ensureDeployed();
    await fromContextMenu(GROUP_ROW, 'Open Terminal');
    await runInTerminal('deploy-me/web', 'echo before-refresh', /^before-refresh\s*$/m, '11a-refresh-failed');
    await showGroupRow();
    await fromContextMenu(GROUP_ROW, 'Stream Logs');
    const first = await untilNewerLogLine('', '11a-refresh-failed');
    // The ECI view's own Refresh button (it makes new API clients; the open views must not keep the old ones).
    await showEciView();
    await page
      .locator(
        '.part.sidebar .title-actions [aria-label="Refresh"], .part.sidebar .actions-container [aria-label="Refresh"]',
      )
      .first()
      .click();
    await untilNewerLogLine(first, '11a-refresh-failed');
    assert.doesNotMatch(await terminalText(), /reconnecting|UND_ERR|destroyed/);
    await shot('11a-logs-after-refresh');
    await showTerminal('deploy-me/web', 'Logs');
    await runInTerminal('deploy-me/web', 'echo after-refresh', /^after-refresh\s*$/m, '11a-refresh-failed');
    await shot('11b-terminal-after-refresh');
  });

  it('says when the local emulator stopped, starts it again from the notification, and the open log view goes on', async () => {
    await ensureDeployed();
    await fromContextMenu(GROUP_ROW, 'Stream Logs');
    const first = await untilNewerLogLine('', '11c-emulator-failed');
    const [pid, ...others] = emulatorProcesses();
    assert.ok(
      pid !== undefined && others.length === 0,
      `one emulator of this test, found ${[pid, ...others].join(', ')}`,
    );
    process.kill(pid, 'SIGTERM');
    const toast = page.locator('.notification-toast', { hasText: /The local emulator\b.*\bstopped/ }).first();
    await toast.waitFor({ timeout: 20_000 });
    await shot('11c-emulator-stopped');
    await toast.locator('a.monaco-button', { hasText: 'Start Again' }).click();
    await showGroupRow(/^shop-frontend\s*Running/);
    await showTerminal('Logs: deploy-me/web');
    await untilNewerLogLine(first, '11c-emulator-failed', 30_000);
    await shot('11d-emulator-started-again');
  });

  it('says once, in a notification, that a group failed while one works, and shows its events from it', async () => {
    await ensureEmulator();
    await openFile('fails-soon.eci.yaml');
    const lens = lensOf('fails-soon.eci.yaml', 'Deploy');
    await lens.waitFor({ timeout: 20_000 });
    await lens.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.locator('a.monaco-button', { hasText: /^Deploy$/ }).click();
    await waitForText(page.locator('.notifications-toasts'), /fails-soon \(eci-[a-z0-9]+\) is Running\./, 30_000);
    const toast = page.locator('.notifications-toasts .notification-toast', {
      hasText: /fails-soon failed: container job exited with code 3/,
    });
    await toast.first().waitFor({ timeout: 40_000 });
    assert.equal(await toast.count(), 1);
    await waitForText(toast.locator('.monaco-button'), /Show Events/);
    await shot('11c-failure-notification');
    await toast.locator('.monaco-button', { hasText: 'Show Events' }).click();
    await waitForText(page.locator('.quick-input-widget'), /Events of fails-soon \(Failed\)/);
    await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /Failed/);
    // The tree shows it failed too, without a refresh asked for.
    await showGroupRow(/^fails-soon\s*Failed/);
    await shot('11d-events-from-notification');
    await page.keyboard.press('Escape');
  });

  it("commits a running container to an image from its menu, followed in a notification, beside the region's data caches and virtual nodes", async () => {
    await ensureEmulator();
    await showGroupRow(/^orders-api/);
    const rows = page.locator('.part.sidebar .monaco-list-row');
    const region = await waitForText(rows, /^Data caches/m);
    assert.ok(
      region.some((row) => /^Virtual nodes/m.test(row)),
      region.join(' | '),
    );
    if ((await page.locator('.part.sidebar .monaco-list-row', { hasText: /^api\s/ }).count()) === 0)
      await treeRow(/^orders-api/).click();
    await fromContextMenu(/^api\s*Running/, 'Commit to Image…');
    await waitForText(page.locator('.quick-input-widget'), /image repository/);
    await page.keyboard.type('registry.cn-hangzhou.aliyuncs.com/demo/orders-api');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.quick-input-widget'), /\(2\/3\): tag/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('snapshot-1');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.quick-input-widget'), /\(3\/3\): Container Registry/);
    await page.keyboard.press('Enter');
    await waitForText(
      page.locator('.notifications-toasts'),
      /Committing api to registry\.cn-hangzhou\.aliyuncs\.com\/demo\/orders-api:snapshot-1/,
    );
    await shot('13a-commit-to-image-progress');
    // Three phases of ten seconds on the emulator's clock (src/emulator/commit.ts).
    await waitForText(
      page.locator('.notifications-toasts'),
      /Committed api of orders-api: the image is registry\.cn-hangzhou\.aliyuncs\.com\/demo\/orders-api:snapshot-1\./,
      60_000,
    );
    await shot('13b-commit-to-image-done');
  });

  it("captures a running group's network traffic from its menu, says where the capture is, and shows the group's diagnostics records", async () => {
    await ensureEmulator();
    await showGroupRow(/^shop-frontend/);
    await fromContextMenu(/^shop-frontend\s*Running/, 'Collect Diagnostics (Capture, Core Dumps)…');
    await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /Capture network traffic/);
    await page.keyboard.type('tcpdump');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.quick-input-widget'), /for how many seconds/);
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.notifications-toasts'), /Capturing network traffic in shop-frontend/);
    await shot('13c-capture-progress');
    const done = page.locator('.notifications-toasts .notification-toast', {
      hasText: /The network capture is ready: https:\/\/eci-ops-/,
    });
    await done.first().waitFor({ timeout: 60_000 });
    await done.locator('.monaco-button', { hasText: 'Show Past Records' }).click();
    await waitForText(page.locator('.monaco-editor .view-lines'), /Diagnostics\srecords\sof\sshop-frontend/);
    await shot('13d-diagnostics-records');
  });

  it("offers from the palette every provider's workloads of the regions the explorer shows, and ECI's profiles only in ECI's picker", async () => {
    await ensureEmulator();
    // Open another region in the tree: the palette's picks then include its groups too.
    await showGroupRow(/^cn-shanghai/);
    const shanghai = treeRow(/^cn-shanghai/);
    if ((await shanghai.getAttribute('aria-expanded')) !== 'true') await shanghai.click();
    await waitForText(page.locator('.part.sidebar .monaco-list-row'), /^(?!.*cn-hangzhou).*Running · \d+ vCPU/);
    await fromPalette('ECI: Stream Logs');
    const picks = page.locator('.quick-input-widget .monaco-list-row');
    const offered = await waitForText(picks, /^web\s*running · c-/);
    const groups = page.locator(
      '.quick-input-widget .quick-input-list-separator, .quick-input-widget .monaco-list-row',
    );
    const headings = (await groups.allInnerTexts()).join(' | ');
    assert.match(headings, /ECI · cn-hangzhou \(Local emulator\)/, headings);
    assert.match(headings, /ECI · cn-shanghai \(Local emulator\)/, headings);
    assert.match(headings, /JD · cn-north-1 \(JD Cloud emulator\)/, headings);
    assert.ok(
      offered.some((row) => /shop-frontend/.test(row)),
      offered.join(' | '),
    );
    await shot('11e-palette-workloads');
    await page.keyboard.type('web');
    await page.keyboard.press('Enter');
    // The JD Cloud container's own lines (its emulator prints them so).
    await waitForText(
      page.locator('.terminal-wrapper.active .xterm-rows'),
      /\[nginx:1\.27-alpine\] instance \d+: request/,
    );
    await untilNewerLogLine('', '11e-palette-failed');

    await fromPalette('ECI: Select Profile');
    const profiles = await waitForText(picks, /Local emulator/);
    assert.ok(!profiles.some((row) => /JD Cloud emulator/.test(row)), profiles.join(' | '));
    await page.keyboard.press('Escape');
  });

  it("shows a running group's metrics as charts", async () => {
    // A demo group that has been running for a while, so that the charts have a history to draw.
    const ordersApi = /^orders-api\s*Running/;
    await ensureEmulator();
    await showGroupRow(ordersApi);
    await fromContextMenu(ordersApi, 'Show Metrics');
    const deadline = Date.now() + 20_000;
    let lines = 0;
    while (lines < 4) {
      if (Date.now() > deadline) assert.fail(`the metrics panel painted ${lines} chart lines of more than one point`);
      await page.waitForTimeout(300);
      lines = 0;
      // Lines of more than one point whose stroke the page really paints (the panel's CSP drops style attributes).
      for (const frame of page.frames()) {
        lines += await frame
          .locator('#charts path.series[d*="L"]')
          .evaluateAll(
            (paths) =>
              paths.filter(
                (path) =>
                  !['none', '', 'rgba(0, 0, 0, 0)'].includes(
                    path.ownerDocument.defaultView.getComputedStyle(path).stroke,
                  ),
              ).length,
          )
          .catch(() => 0);
      }
    }
    await shot('11-metrics');
  });

  it('deletes it after a confirmation that names it', async () => {
    await ensureDeployed();
    await fromContextMenu(GROUP_ROW, 'Delete Container Group');
    const dialog = page.locator('.monaco-dialog-box');
    await waitForText(dialog, /Delete deploy-me \(eci-[a-z0-9]+\)\? This cannot be undone\./);
    await shot('12-delete-confirm');
    await dialog.locator('a.monaco-button', { hasText: /^Delete$/ }).click();
    const deadline = Date.now() + 15_000;
    while ((await page.locator('.part.sidebar .monaco-list-row', { hasText: GROUP_ROW }).count()) > 0) {
      if (Date.now() > deadline) {
        await shot('13-delete-failed');
        assert.fail('the deleted group is still in the tree');
      }
      await page.waitForTimeout(300);
    }
    await shot('13-deleted');
  });

  it('shows JD Cloud Native Containers beside the ECI groups: status, private and elastic IPs, secrets', async () => {
    await showJdcloudContainers();
    await waitForText(
      page.locator('.part.sidebar .monaco-list-row'),
      /^web\s*running · 10\.0\.0\.\d+ · EIP 114\.67\.0\.\d+/,
    );
    await waitForText(page.locator('.part.sidebar .monaco-list-row'), /^worker\s*stopped · 10\.0\.0\.\d+/);
    await treeRow(/^Secrets/).click();
    await waitForText(page.locator('.part.sidebar .monaco-list-row'), /^demo-registry\s*registry\.example\.com · demo/);
    await shot('14-native-tree');
  });

  it("creates a container from a spec file's Create containers lens, after a confirmation", async () => {
    await createFromSpecLens();
    await showGroupRow(/^shop-api\s*running/);
    await shot('16-native-created');
  });

  it('stops a Native Container from its context menu, and opens a terminal in another', async () => {
    await showJdcloudContainers();
    if ((await page.locator('.part.sidebar .monaco-list-row', { hasText: /^shop-api/ }).count()) === 0)
      await createFromSpecLens();
    await showGroupRow(/^shop-api\s*running/);
    await fromContextMenu(/^shop-api\s*running/, 'Stop Container');
    await showGroupRow(/^shop-api\s*stopped/);
    await fromContextMenu(/^api\s*running/, 'Open Terminal');
    await runInTerminal('api', 'echo native-hello', /^native-hello\s*$/m, '17-native-terminal-failed');
    await shot('17-native-terminal');
  });

  it('runs JD Cloud commands from the palette: the quota, and a container picked from a list to start', async () => {
    await showJdcloudContainers();
    // The demo's three containers, and shop-api when the test that creates it ran before.
    const containers =
      (await page.locator('.part.sidebar .monaco-list-row', { hasText: /^shop-api/ }).count()) === 0 ? 3 : 4;
    await fromPalette('JD Cloud: Show Quota');
    await waitForText(
      page.locator('.notifications-toasts'),
      new RegExp(
        `cn-north-1 \\(JD Cloud emulator\\): containers: ${containers} of 100 used · registry secrets: 1 of 20 used`,
      ),
    );
    await shot('18-native-quota');
    await fromPalette('JD Cloud: Start Container');
    // Only stopped containers are offered: the demo's worker (and shop-api, when the test that stops it ran before).
    const offered = await waitForText(
      page.locator('.quick-input-widget .monaco-list-row'),
      /worker\s*stopped · c-[0-9a-f]+/,
    );
    assert.ok(!offered.some((row) => /^(api|web)\b/.test(row)), offered.join(' | '));
    await shot('19-native-start-pick');
    await page.keyboard.type('worker');
    await page.keyboard.press('Enter');
    await showGroupRow(/^worker\s*running/);
    await shot('20-native-started');
  });

  // Last: it leaves the quotas open beside the template, in a second editor group.
  it("warns on an instance type the template's zone does not sell, sets one it sells from a picker, and shows the quotas", async () => {
    await ensureEmulator();
    await openFile('sized.eci.yaml');
    await showProblems();
    await waitForText(
      page.locator('.markers-panel'),
      /cn-shanghai-l does not sell ecs\.r6\.large; cn-shanghai-b does\./,
    );
    await shot('04a-availability-warning');
    await fromPalette('ECI: Choose Instance Type');
    const offered = await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /ecs\.g6\.large/);
    assert.ok(!offered.some((row) => /ecs\.r6\.large/.test(row)), offered.join(' | '));
    await shot('04b-choose-instance-type');
    await page.keyboard.type('ecs.g6.large');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.monaco-editor .view-lines'), /instanceType:\secs\.g6\.large/);
    // The warning goes once the type is one the zone sells.
    await page.locator('.markers-panel', { hasText: /does not sell/ }).waitFor({ state: 'detached', timeout: 20_000 });
    await fromPalette('ECI: Show Quota');
    await waitForText(page.locator('.monaco-editor .view-lines'), /#\sECI\squotas\sof\sLocal\semulator/);
    await shot('04c-quotas');
  });
});
