// `npm run package`: packages the extension as a .vsix with vsce (installed by the setup script, since vsce needs
// Node >= 22); vsce builds it for production first. Prints the path and size.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { packageVsix, repoRoot } from './code-server.mjs';
import { isInstalled } from './setup-vscode.mjs';

if (!isInstalled()) {
  const setup = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'setup-vscode.mjs')], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(1);
}
// vsce runs `vscode:prepublish`, the production build, before it packs.
const vsix = packageVsix(join(repoRoot, 'dist'));
process.stdout.write(`${vsix} (${(statSync(vsix).size / 1024).toFixed(0)} KB)\n`);
// Leave dist/ as the development build expects it (with source maps) for tests and `npm start`.
spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
