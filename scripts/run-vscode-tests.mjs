// `npm run test:vscode`: the extension-host tests (test/vscode/) in a real VS Code, through @vscode/test-electron's
// runTests(). With a desktop VS Code (`VSCODE_EXECUTABLE=/path/to/code`, or `--download` where Microsoft's update
// server can be reached) they run in it; otherwise runTests() starts code-server-test-host.sh, which runs the same
// tests in code-server and headless chromium. Temporary profile and extension folders either way; prints the closing
// line `N passed, N failed` and exits with the result.
//
//   npm run test:vscode                          every extension-host test
//   npm run test:vscode -- --grep "rename"       only the tests whose full title matches (a regular expression)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { isInstalled } from './setup-vscode.mjs';

function step(text) {
  process.stdout.write(`[vscode-tests] ${text}\n`);
}

function run(script) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', script)], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(1);
}

const grepAt = process.argv.indexOf('--grep');
const grep = grepAt === -1 ? undefined : process.argv[grepAt + 1];
if (grepAt !== -1 && (grep === undefined || grep === '')) {
  process.stderr.write('[vscode-tests] --grep needs a pattern, for example: npm run test:vscode -- --grep "rename"\n');
  process.exit(2);
}

const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
run('build.mjs');
run('build-vscode-tests.mjs');

let executable = process.env.VSCODE_EXECUTABLE;
if (executable === undefined && process.argv.includes('--download')) {
  try {
    executable = await downloadAndUnzipVSCode('stable');
  } catch (error) {
    step(`no desktop VS Code could be downloaded (${error.message}); using code-server`);
  }
}
const desktop = executable !== undefined && existsSync(executable);
if (executable !== undefined && !desktop) step(`VSCODE_EXECUTABLE=${executable} does not exist; using code-server`);
if (!desktop) {
  if (!isInstalled()) run('setup-vscode.mjs');
  executable = join(repoRoot, 'scripts', 'code-server-test-host.sh');
  // The stand-in runs on the Node that runs this script.
  process.env.ECI_TEST_NODE = process.execPath;
}
step(desktop ? `desktop VS Code: ${executable}` : 'code-server (no desktop VS Code here)');

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
// code-server-test-host.sh prints the closing line itself; a desktop VS Code does not.
if (desktop) {
  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 0 };
  process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
  if (result.passed === 0) exitCode = 1;
}
rmSync(scratch, { recursive: true, force: true });
process.exit(exitCode);
