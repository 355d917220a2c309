// `npm run test:vscode`: the extension-host tests (test/vscode/) in a real VS Code, through @vscode/test-electron's
// runTests(). With a desktop VS Code (`VSCODE_EXECUTABLE=/path/to/code`, or `--download` where Microsoft's update
// server can be reached) they run in it; otherwise runTests() starts code-server-test-host.sh, which runs the same
// tests in code-server and headless chromium. Temporary profile and extension folders either way; prints the closing
// line `N passed, N failed` and exits with the result.
//
//   npm run test:vscode                          every extension-host test
//   npm run test:vscode -- --grep "rename"       only the tests whose full title matches (a regular expression)
//   npm run test:vscode -- --oldest             in the oldest VS Code that engines.vscode allows (code-server 4.96,
//                                               VS Code 1.96, installed on first use), which must be that version
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { isInstalled } from './setup-vscode.mjs';

function step(text) {
  process.stdout.write(`[vscode-tests] ${text}\n`);
}

function run(script, ...args) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', script), ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(1);
}

/** The oldest VS Code engines.vscode allows, as major.minor: `^1.96.0` and `>=1.96.0` both give 1.96. */
function oldestAllowed() {
  const { engines } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const version = /^(?:\^|>=)\s*(\d+\.\d+)\.\d+$/.exec(engines.vscode);
  if (version === null) throw new Error(`engines.vscode ${engines.vscode} is not of the form ^1.N.0`);
  return version[1];
}

const grepAt = process.argv.indexOf('--grep');
const grep = grepAt === -1 ? undefined : process.argv[grepAt + 1];
if (grepAt !== -1 && (grep === undefined || grep === '')) {
  process.stderr.write('[vscode-tests] --grep needs a pattern, for example: npm run test:vscode -- --grep "rename"\n');
  process.exit(2);
}

const oldest = process.argv.includes('--oldest');

const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
run('build.mjs');
run('build-vscode-tests.mjs');

// The oldest VS Code runs as code-server only, whatever desktop VS Code there is.
let executable = oldest ? undefined : process.env.VSCODE_EXECUTABLE;
if (executable === undefined && !oldest && process.argv.includes('--download')) {
  try {
    executable = await downloadAndUnzipVSCode('stable');
  } catch (error) {
    step(`no desktop VS Code could be downloaded (${error.message}); using code-server`);
  }
}
const desktop = executable !== undefined && existsSync(executable);
if (executable !== undefined && !desktop) step(`VSCODE_EXECUTABLE=${executable} does not exist; using code-server`);
if (!desktop) {
  if (!isInstalled({ oldest })) run('setup-vscode.mjs', ...(oldest ? ['--oldest'] : []));
  executable = join(repoRoot, 'scripts', 'code-server-test-host.sh');
  // The stand-in runs on the Node that runs this script.
  process.env.ECI_TEST_NODE = process.execPath;
  if (oldest) process.env.ECI_TEST_OLDEST = '1';
}
if (desktop) step(`desktop VS Code: ${executable}`);
else if (oldest) step(`code-server, the oldest VS Code engines.vscode allows (${oldestAllowed()})`);
else step('code-server (no desktop VS Code here)');

const scratch = mkdtempSync(join(tmpdir(), 'eci-vscode-run-'));
const resultFile = join(scratch, 'result.json');
let exitCode = 1;
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'vscode', 'index'),
    launchArgs: [
      join(repoRoot, 'samples'),
      `--user-data-dir=${join(scratch, 'user-data')}`,
      `--extensions-dir=${join(scratch, 'extensions')}`,
      '--disable-extensions',
    ],
    // The test index writes its counts here too, for the closing line when a desktop VS Code ran them.
    extensionTestsEnv: {
      ECI_TEST_RESULT_FILE: resultFile,
      TMPDIR: scratch,
      ...(grep === undefined ? {} : { ECI_TEST_GREP: grep }),
    },
  });
  exitCode = 0;
} catch (error) {
  step(`failed: ${error.message}`);
}
const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 0 };
// code-server-test-host.sh prints the closing line itself; a desktop VS Code does not.
if (desktop) {
  process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
  if (result.passed === 0) exitCode = 1;
}
// A run that proves the oldest claim must have run in that version: engines.vscode and the pinned code-server agree.
if (oldest && !String(result.vscode).startsWith(`${oldestAllowed()}.`)) {
  step(`ran in VS Code ${result.vscode}, but engines.vscode allows ${oldestAllowed()} at the oldest`);
  exitCode = 1;
}
rmSync(scratch, { recursive: true, force: true });
process.exit(exitCode);
