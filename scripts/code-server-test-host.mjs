// The stand-in for a desktop VS Code executable where there is none (see docs/reference/real-vscode.md): it
// takes the command line @vscode/test-electron's runTests() gives VS Code (`--extensionDevelopmentPath=…`,
// `--extensionTestsPath=…`, a folder, and flags it has no use for) and runs those extension tests in a real VS Code
// all the same: code-server started hermetically with the smoke-test driver, the extension loaded through the
// workbench `payload`, opened in headless chromium; the result comes back through `codeAutomationExit`.
// Prints the extension host's test output and a closing line `N passed, N failed`; exits with the result.
// Started through code-server-test-host.sh, which runTests() can spawn as an executable. ECI_TEST_OLDEST=1 runs
// them in the oldest VS Code that engines.vscode allows (code-server 4.96) instead of the newest.
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { makeSandbox, startCodeServer, writeUserSettings } from './code-server.mjs';
import { isInstalled, paths } from './setup-vscode.mjs';
import { VERSIONS } from './versions.mjs';

// A guard against a host that never answers, not a measure of speed: each test has its own timeout, and the suite
// (over 130 tests, some following real timers for a minute) takes several minutes on a loaded 2-core machine.
const TIMEOUT_MS = 15 * 60_000;

function step(text) {
  process.stdout.write(`[vscode-tests] ${text}\n`);
}

const args = process.argv.slice(2);
const option = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const developmentPath = option('extensionDevelopmentPath');
const testsPath = option('extensionTestsPath');
const folder = args.find((arg) => !arg.startsWith('-'));
if (developmentPath === undefined || testsPath === undefined) {
  process.stderr.write(
    'usage: code-server-test-host.sh --extensionDevelopmentPath=<dir> --extensionTestsPath=<module> [folder]\n',
  );
  process.exit(2);
}
const oldest = process.env.ECI_TEST_OLDEST === '1';
if (!isInstalled({ oldest })) {
  const setup = oldest ? 'node scripts/setup-vscode.mjs --oldest' : 'npm run setup';
  process.stderr.write(`[vscode-tests] code-server is not installed: run \`${setup}\` first\n`);
  process.exit(1);
}

const { chromium } = await import(join(paths.tools, 'playwright-core', 'index.mjs'));
const sandbox = makeSandbox('eci-vscode-tests-');
// A copy of the folder, so that the tests can change files without touching the original.
const workspace = join(sandbox.root, 'workspace');
mkdirSync(workspace);
if (folder !== undefined) cpSync(resolve(folder), workspace, { recursive: true });
writeUserSettings(sandbox);

let server;
let browser;
let exitCode;
let result = { passed: 0, failed: 0 };
try {
  server = await startCodeServer(sandbox, { smokeTestDriver: true, oldest });
  step(`code-server ${oldest ? VERSIONS.codeServerOldest : VERSIONS.codeServer} on ${server.url}`);
  browser = await chromium.launch({
    executablePath: paths.chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    // The extension host's console arguments, printf-style as mocha's reporter writes them.
    const text = format(...(Array.isArray(args) ? args : [args]));
    const marker = /@@ECI-RESULT (\{.*\})/.exec(text);
    if (marker) {
      result = JSON.parse(marker[1]);
      step(`ran in VS Code ${result.vscode}`);
    } else process.stdout.write(`${text}\n`);
  });
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(resolve(developmentPath))],
    ['extensionTestsPath', remote(resolve(testsPath))],
    ['skipWelcome', 'true'],
  ];
  await page.goto(
    `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
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
