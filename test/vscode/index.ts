// The entry VS Code's extension host loads for the extension-host tests (extensionTestsPath): runs every
// compiled *.test.js beside this file with mocha and reports the counts on one marker line for the runner
// (and in ECI_TEST_RESULT_FILE when given). ECI_TEST_GREP (from `npm run test:vscode -- --grep <pattern>`) runs only the
// tests whose full title matches. The counts carry the VS Code version they ran in, which the runner checks for the
// oldest VS Code that engines.vscode allows.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const grep = process.env.ECI_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 30_000,
    reporter: 'spec',
    ...(grep !== undefined && grep !== '' ? { grep } : {}),
  });
  for (const file of readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(__dirname, file));
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const result = JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: failures, vscode: vscode.version });
      console.log(`@@ECI-RESULT ${result}`);
      // For a runner that cannot read this host's console (a desktop VS Code started by @vscode/test-electron).
      const resultFile = process.env.ECI_TEST_RESULT_FILE;
      if (resultFile !== undefined && resultFile !== '') writeFileSync(resultFile, result);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
