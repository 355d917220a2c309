// Compiles the extension-host tests (test/vscode/*.ts) to out/test/vscode/, one CommonJS file each.
import { readdirSync, rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const entryPoints = readdirSync('test/vscode')
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `test/vscode/${name}`);
// Made anew: a test file renamed or removed must not leave its old build behind to run again.
rmSync('out/test/vscode', { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir: 'out/test/vscode',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
