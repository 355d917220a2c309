// `npm start`: builds the extension, installs the real-VS Code toolchain if needed, packages the extension,
// installs it into a fresh code-server and opens the sample workspace. Prints one URL on 127.0.0.1.
// Ctrl-C stops everything it started and removes its temporary folders.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  installExtension,
  makeSandbox,
  packageVsix,
  repoRoot,
  startCodeServer,
  writeMachineSettings,
  writeUserSettings,
} from './code-server.mjs';
import { isInstalled } from './setup-vscode.mjs';

function say(text) {
  process.stdout.write(`[start] ${text}\n`);
}

function runOrExit(title, command, args) {
  say(title);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`[start] ${title} failed\n`);
    process.exit(1);
  }
}

runOrExit('building', process.execPath, ['scripts/build.mjs']);
if (!isInstalled())
  runOrExit('installing code-server, Node 24 and chromium (first run only, about 2 minutes)', process.execPath, [
    'scripts/setup-vscode.mjs',
  ]);

const sandbox = makeSandbox('eci-start-');
let server;
let emulator;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  await server?.stop();
  if (emulator !== undefined && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator.once('exit', resolve));
    emulator.kill('SIGINT');
    await exited;
  }
  sandbox.remove();
  process.exit(code);
}

/** The local ECI emulator with demo data, in a child process; resolves with what it printed. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    emulator = spawn(
      process.execPath,
      [
        join(repoRoot, 'dist', 'cli.js'),
        'emulator',
        '--seed',
        'demo',
        '--port',
        '0',
        '--state',
        join(sandbox.root, 'emulator-state.json'),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    emulator.stdout.on('data', (chunk) => {
      out += chunk.toString();
      if (/^admin token: /m.test(out)) resolve(out.trim());
    });
    emulator.on('exit', (code) => (stopping ? undefined : reject(new Error(`the emulator exited with ${code}`))));
  });
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  say('starting the local ECI emulator with demo data');
  const emulatorBanner = await startEmulator();
  for (const line of emulatorBanner.split('\n').filter((l) => !l.startsWith('admin token'))) say(`emulator ${line}`);
  say('packaging the extension');
  const vsix = packageVsix(sandbox.root);
  say('installing it into code-server');
  installExtension(sandbox, vsix);
  // The extension uses this emulator (its "Local emulator" profile is added at activation): demo groups at once.
  const emulatorUrl = /^listening on (\S+)$/m.exec(emulatorBanner)?.[1];
  writeUserSettings(sandbox);
  if (emulatorUrl !== undefined) writeMachineSettings(sandbox, { 'eci.emulator.url': emulatorUrl });
  server = await startCodeServer(sandbox, {
    log: (text) => process.env.ECI_START_VERBOSE && process.stdout.write(text),
  });
  const workspace = join(repoRoot, 'samples');
  say('ready: open this URL in a browser (Ctrl-C stops everything)');
  process.stdout.write(`${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
  server.child.on('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`[start] code-server exited unexpectedly (${code})\n`);
      void stop(1);
    }
  });
} catch (error) {
  process.stderr.write(`[start] ${error.message}\n`);
  await stop(1);
}
