// UI end-to-end tests of Forward a Port and Attach Debugger: the packaged extension in a fresh code-server, on the
// demo emulator run with `--runtime process` (a container's command is a process of this machine, so a Node program
// in a "container" really listens and really stops at a breakpoint). A group created for the test runs a Node
// program with an HTTP server and the inspector; the workbench is driven in headless chromium from the palette.
// Screenshots go to test/e2e/artifacts/ (14a: the Forwarded Ports view, 14b: the Variables view at a breakpoint).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  freePort,
  installExtension,
  makeSandbox,
  packageVsix,
  repoRoot,
  startCodeServer,
  writeMachineSettings,
  writeUserSettings,
} from '../../scripts/code-server.mjs';
import { openWorkbench, waitForText } from './workbench-page.mjs';

const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');
const CLI = join(repoRoot, 'dist', 'cli.js');
// The emulator's demo AccessKey (src/emulator/demo-key.ts): public, accepted only by the local emulator.
const DEMO_KEY = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEmulatorDemo01',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'eci-emulator-demo-secret',
};

let sandbox;
let emulator;
let emulatorUrl;
let server;
let browser;
let page;
let httpPort;
let inspectorPort;

/** The program of the group `node-debug`, in the workspace (where the breakpoint is set) and in its container. */
const PROGRAM = [
  "const http = require('http');",
  'let counter = 0;',
  "http.createServer((request, response) => response.end('hello from node-debug\\n')).listen(process.env.HTTP_PORT, '127.0.0.1');",
  'setInterval(() => {',
  '  counter += 1;',
  '  const doubled = counter * 2;',
  '  if (doubled < 0) console.log(doubled);',
  '}, 100);',
  '',
].join('\n');
/** `if (doubled < 0) …`: stopped there, the function's `doubled` has a value. */
const BREAKPOINT_LINE = 7;

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Waits until `check` gives a value (polled every 100 ms), or fails saying what did not happen. */
async function until(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The demo emulator with containers run as processes, in a child process; resolves with its URL. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    emulator = spawn(
      process.execPath,
      [
        CLI,
        'emulator',
        '--seed',
        'demo',
        '--runtime',
        'process',
        '--port',
        '0',
        '--state',
        join(sandbox.root, 'emulator-state.json'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    emulator.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const url = /^listening on (\S+)$/m.exec(out)?.[1];
      if (url !== undefined && /^admin token: /m.test(out)) resolve(url);
    });
    emulator.once('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${out}`)));
  });
}

/** One ECI API call to the emulator with `eci call` (the demo key); its answer. */
function eciCall(action, params) {
  const result = spawnSync(
    process.execPath,
    [CLI, 'call', action, ...Object.entries(params).map(([k, v]) => `${k}=${v}`), '--endpoint', emulatorUrl],
    { encoding: 'utf8', env: { ...process.env, ...DEMO_KEY } },
  );
  assert.equal(result.status, 0, `eci call ${action}: ${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout);
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = makeSandbox('eci-e2e-debugging-');
  const workspace = join(sandbox.root, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'inspect-me.js'), PROGRAM);
  emulatorUrl = await startEmulator();
  httpPort = await freePort();
  inspectorPort = await freePort();
  // The group of the test: it writes the program into its folder and runs it with the inspector.
  eciCall('CreateContainerGroup', {
    ContainerGroupName: 'node-debug',
    SecurityGroupId: 'sg-cn-hangzhou-demo',
    VSwitchId: 'vsw-cn-hangzhou-h-demo',
    'Container.1.Name': 'web',
    'Container.1.Image': 'node:22-alpine',
    'Container.1.Command.1': 'sh',
    'Container.1.Command.2': '-c',
    'Container.1.Command.3': `printf '%s' "$APP" > inspect-me.js && exec node --inspect=127.0.0.1:${inspectorPort} inspect-me.js`,
    'Container.1.EnvironmentVar.1.Key': 'APP',
    'Container.1.EnvironmentVar.1.Value': PROGRAM,
    'Container.1.EnvironmentVar.2.Key': 'HTTP_PORT',
    'Container.1.EnvironmentVar.2.Value': String(httpPort),
  });
  await until(
    () =>
      fetch(`http://127.0.0.1:${inspectorPort}/json/version`).then(
        (r) => (r.ok ? true : undefined),
        () => undefined,
      ),
    "node-debug's inspector to listen",
    60_000,
  );
  installExtension(sandbox, packageVsix(sandbox.root));
  writeUserSettings(sandbox, { 'editor.stickyScroll.enabled': false });
  writeMachineSettings(sandbox, { 'eci.emulator.url': emulatorUrl });
  server = await startCodeServer(sandbox);
  ({ browser, page } = await openWorkbench({ server, workspace }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (emulator !== undefined && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator.once('exit', resolve));
    emulator.kill('SIGINT');
    await exited;
  }
  sandbox?.remove();
});

/** A row of the side bar's views (quick picks keep rows of their own in the page, hidden). */
const treeRow = (rowText) => page.locator('.part.sidebar .monaco-list-row', { hasText: rowText }).first();

/** Shows the ECI view. Its activity icon toggles the side bar, so it is clicked only when the view is not shown. */
async function showEciView() {
  const shown = await page.locator('.part.sidebar .title-label', { hasText: /ECI/ }).isVisible();
  if (!shown) await page.locator('.activitybar [aria-label="ECI"]').first().click();
}

/** Runs a command from the palette by its title. */
async function fromPalette(title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), new RegExp(title));
  await page.keyboard.press('Enter');
}

/** Answers the quick pick in front by typing `filter` and taking the first row that matches `row`. */
async function pick(filter, row) {
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), row);
  await page.keyboard.type(filter);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row.focused'), row);
  await page.keyboard.press('Enter');
}

/** Answers the input box in front, whose title matches `title`, with `text` (replacing the value it offers). */
async function answerInput(title, text) {
  await waitForText(page.locator('.quick-input-widget'), title);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('forwarding a port and attaching a debugger from the workbench', () => {
  it('forwards a port of a running container from the palette and shows it in the Forwarded Ports view', async () => {
    await showEciView();
    await waitForText(page.locator('.part.sidebar .monaco-list-row'), /^node-debug\s*Running/);
    await fromPalette('ECI: Forward a Port');
    await pick('node-debug', /^node-debug/);
    await answerInput(/Forward a port of node-debug\/web/, String(httpPort));
    const [notice] = await waitForText(
      page.locator('.notifications-toasts'),
      new RegExp(`Port ${httpPort} of node-debug/web is on 127\\.0\\.0\\.1:\\d+`),
    );
    const localPort = Number(/127\.0\.0\.1:(\d+)/.exec(notice)?.[1]);
    const row = treeRow(new RegExp(`^127\\.0\\.0\\.1:${localPort}\\s*→ node-debug/web:${httpPort}`));
    await row.waitFor({ timeout: 20_000 });
    // What the row says is really there: the container's server answers on the local port.
    const answer = await fetch(`http://127.0.0.1:${localPort}/`).then((r) => r.text());
    assert.equal(answer, 'hello from node-debug\n');
    // The progress notification of the forward goes once the forward is made (it lay over the picture).
    await page
      .locator('.notifications-toasts .notification-toast', { hasText: /Forwarding port/ })
      .first()
      .waitFor({ state: 'hidden', timeout: 10_000 });
    await shot('14a-forwarded-ports');
  });

  it('attaches the debugger to Node in a container from the palette: it stops at a breakpoint and shows a variable', async () => {
    // The breakpoint, in the workspace's copy of the program.
    await page.keyboard.press('Control+P');
    await page.keyboard.type('inspect-me.js');
    await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /inspect-me\.js/);
    await page.keyboard.press('Enter');
    await waitForText(page.locator('.monaco-editor .view-lines'), /counter\s\+=\s1/);
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(BREAKPOINT_LINE));
    await page.keyboard.press('Enter');
    await page.keyboard.press('F9');
    await page.locator('.monaco-editor .codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });

    await fromPalette('ECI: Attach Debugger');
    await pick('node-debug', /^node-debug/);
    await pick('Node', /^Node\.js/);
    await answerInput(/The debugger's port in node-debug\/web/, String(inspectorPort));
    // The container's working directory is offered as the folder of the program: taken as it is.
    await waitForText(page.locator('.quick-input-widget'), /The folder in node-debug\/web that holds the program/);
    await page.keyboard.press('Enter');

    // Stopped on the breakpoint's line of the workspace's file, with the program's variable read in the container.
    await page.locator('.monaco-editor .codicon-debug-stackframe').first().waitFor({ timeout: 60_000 });
    const local = page.locator('.debug-variables .monaco-list-row', { hasText: /^Local$/ }).first();
    await local.waitFor({ timeout: 30_000 });
    if ((await local.getAttribute('aria-expanded')) !== 'true') await local.click();
    await waitForText(page.locator('.debug-variables .monaco-list-row'), /^doubled\s*[:=]\s*[1-9]\d*$/m);
    // In the editor of the workspace's file (not a read-only copy of the container's).
    await page
      .locator('.monaco-editor[data-uri$="/workspace/inspect-me.js"] .codicon-debug-stackframe')
      .first()
      .waitFor({ timeout: 10_000 });
    await waitForText(page.locator('.tabs-container .tab.active'), /inspect-me\s*\.js/);
    await shot('14b-debugger-stopped');
    await page.keyboard.press('Shift+F5');
    await page
      .locator('.monaco-editor .codicon-debug-stackframe')
      .first()
      .waitFor({ state: 'hidden', timeout: 20_000 });
  });
});
