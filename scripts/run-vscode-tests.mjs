// Runs the extension-host tests (test/vscode/) inside a real VS Code: code-server started hermetically with the
// smoke-test driver, the extension loaded from this folder through the workbench `payload`, opened in headless
// chromium; the test result comes back through `codeAutomationExit` (see ../shared/reference/real-vscode.md).
// Prints the extension host's test output and a closing line `N passed, N failed`; exits with the result.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { makeSandbox, repoRoot, startCodeServer, writeUserSettings } from './code-server.mjs';
import { isInstalled, paths } from './setup-vscode.mjs';

const TIMEOUT_MS = 5 * 60_000;

function step(text) {
  process.stdout.write(`[vscode-tests] ${text}\n`);
}

if (!isInstalled()) {
  step('installing code-server, Node 24 and chromium (first run only)');
  const setup = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'setup-vscode.mjs')], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(1);
}
for (const script of ['build.mjs', 'build-vscode-tests.mjs']) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', script)], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(1);
}

const { chromium } = await import(join(paths.tools, 'playwright-core', 'index.mjs'));
const sandbox = makeSandbox('eci-vscode-tests-');
const workspace = join(sandbox.root, 'workspace');
mkdirSync(workspace);
cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
writeUserSettings(sandbox);

let server;
let browser;
let exitCode;
let result = { passed: 0, failed: 0 };
try {
  server = await startCodeServer(sandbox, { smokeTestDriver: true });
  step(`code-server on ${server.url}`);
  browser = await chromium.launch({
    executablePath: paths.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    // The extension host's console arguments, printf-style as mocha's reporter writes them.
    const text = format(...(Array.isArray(args) ? args : [args]));
    const marker = /@@ECI-RESULT (\{.*\})/.exec(text);
    if (marker) result = JSON.parse(marker[1]);
    else process.stdout.write(`${text}\n`);
  });
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(join(repoRoot, 'out', 'test', 'vscode', 'index'))],
    ['skipWelcome', 'true'],
  ];
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
  const outcome = await Promise.race([finished, timeout]);
  if (outcome === 'timeout') step(`no result within ${TIMEOUT_MS / 1000} s`);
  exitCode = outcome === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
} catch (error) {
  step(`failed: ${error.message}`);
  exitCode = 1;
} finally {
  await browser?.close();
  await server?.stop();
  sandbox.remove();
}
process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
process.exit(exitCode);
