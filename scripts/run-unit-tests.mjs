// Runs every plain-Node test (test/unit/**/*.test.ts) with node's own test runner; tsx compiles TypeScript
// on the fly. Node 20 has no glob support in `--test`, so the files are listed here.
//
//   npm run test:unit                                         every unit test
//   npm run test:unit -- test/unit/signing.test.ts            one file
//   npm run test:unit -- --grep "V3 signature"                the tests whose name matches, in every file
// Other flags are passed to node's test runner.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
if (grepAt !== -1) {
  if (args[grepAt + 1] === undefined) {
    process.stderr.write('--grep needs a pattern, for example: npm run test:unit -- --grep "V3 signature"\n');
    process.exit(2);
  }
  args.splice(grepAt, 2, `--test-name-pattern=${args[grepAt + 1]}`);
}
// Some tests run the built command line (dist/cli.js) as users do: build first, so that a test run alone is of
// the code as it is now (esbuild, about a second).
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const explicit = args.filter((arg) => !arg.startsWith('-'));
const flags = args.filter((arg) => arg.startsWith('-'));
const files = explicit.length > 0 ? explicit : find('test/unit').sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
