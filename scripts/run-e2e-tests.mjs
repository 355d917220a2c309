// `npm run test:e2e`: the UI end-to-end tests (test/e2e/*.e2e.mjs) with node's test runner, one at a time, after
// installing the real-VS Code toolchain when it is missing and building the extension.
//
//   npm run test:e2e                              every UI test (npm start as a newcomer runs it, then the workbench)
//   npm run test:e2e -- --grep "deletes it"       the tests whose name matches (each sets up what it needs)
//   npm run test:e2e -- test/e2e/start.e2e.mjs    one file
import { spawnSync } from 'node:child_process';

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
if (grepAt !== -1) {
  if (args[grepAt + 1] === undefined) {
    process.stderr.write('--grep needs a pattern, for example: npm run test:e2e -- --grep "deletes it"\n');
    process.exit(2);
  }
  args.splice(grepAt, 2, `--test-name-pattern=${args[grepAt + 1]}`);
}
const files = args.filter((arg) => !arg.startsWith('-'));
const flags = args.filter((arg) => arg.startsWith('-'));
run(['scripts/setup-vscode.mjs']);
run(['scripts/build.mjs']);
run([
  '--test',
  '--test-concurrency=1',
  '--test-reporter=spec',
  ...flags,
  ...(files.length > 0
    ? files
    : [
        'test/e2e/start.e2e.mjs',
        'test/e2e/workbench.e2e.mjs',
        'test/e2e/trust.e2e.mjs',
        'test/e2e/debugging.e2e.mjs',
        'test/e2e/zh-cn.e2e.mjs',
      ]),
]);
