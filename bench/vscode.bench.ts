import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { EciClient } from '../src/eci/client';
import { createContainerGroup, describeContainerGroups } from '../src/eci/operations';
import { DEMO_KEY } from '../src/emulator/demo-key';
import type { Figure } from './harness';
import { median, spread, startEmulatorProcess } from './harness';

/**
 * The extension in a real VS Code (code-server, the packaged .vsix, headless chromium; the harness of
 * scripts/code-server.mjs): the size of what users download, how long activation and loading the bundle take (from the
 * extension's own log, in the extension host), and the extension host's heap after the explorer has loaded 10,000
 * container groups and a log view has followed a container for a minute (from "ECI: Show Diagnostics", after a full
 * garbage collection).
 */
const ACTIVATIONS = 5;
const GROUPS = 10_000;
const FOLLOW_MS = 60_000;
const repoRoot = join(__dirname, '..');

interface Page {
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  mouse: { move(x: number, y: number): Promise<void> };
}
interface Locator {
  first(): Locator;
  click(options?: { button?: 'right' }): Promise<void>;
  waitFor(options?: { timeout: number }): Promise<void>;
  isVisible(): Promise<boolean>;
}

/** Every line of the extension's log ("ECI" output channel) of every window so far. */
function logLines(userData: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'ECI.log' || /-ECI\.log$/.test(entry.name))
        found.push(...readFileSync(path, 'utf8').split('\n'));
    }
  };
  walk(join(userData, 'logs'));
  return found;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function run(): Promise<Figure[]> {
  // Imported here: scripts/ is plain ESM for Node, and the toolchain may still have to be installed.
  const codeServer = (await import(join(repoRoot, 'scripts', 'code-server.mjs'))) as {
    makeSandbox(prefix: string): { root: string; userData: string; remove(): void };
    packageVsix(dir: string): string;
    installExtension(sandbox: unknown, vsix: string): void;
    writeUserSettings(sandbox: unknown, settings: Record<string, unknown>): void;
    writeMachineSettings(sandbox: unknown, settings: Record<string, unknown>): void;
    startCodeServer(sandbox: unknown): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const setup = (await import(join(repoRoot, 'scripts', 'setup-vscode.mjs'))) as {
    isInstalled(): boolean;
    paths: { tools: string; chromium: string };
  };
  if (!setup.isInstalled())
    spawnSync(process.execPath, [join(repoRoot, 'scripts', 'setup-vscode.mjs')], { stdio: 'inherit' });
  const sandbox = codeServer.makeSandbox('eci-bench-vscode-');
  // vsce builds for production first: the sizes are those of what users install.
  const vsix = codeServer.packageVsix(sandbox.root);
  const vsixBytes = statSync(vsix).size;
  const bundleBytes = statSync(join(repoRoot, 'dist', 'extension.js')).size;
  spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });

  // At 10× real time an nginx container prints about 66 lines a second: a busy service's log.
  const emulator = await startEmulatorProcess(['--speed', '10', '--quota', String(GROUPS + 10)]);
  const agent = new Agent({ connections: 32 });
  let server: { url: string; stop(): Promise<void> } | undefined;
  let browser: { newPage(options: unknown): Promise<Page>; close(): Promise<void> } | undefined;
  try {
    const client = new EciClient({
      credentials: { ...DEMO_KEY, source: 'bench' },
      regionId: 'cn-hangzhou',
      endpoint: emulator.url,
      dispatcher: agent,
      maxAttempts: 3,
    });
    for (let i = 0; i < GROUPS; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          createContainerGroup(client, {
            ContainerGroupName: `g-${String(i + j).padStart(5, '0')}`,
            SecurityGroupId: 'sg-bench',
            VSwitchId: 'vsw-cn-hangzhou-h-bench',
            Container: [{ Name: 'app', Image: 'nginx:alpine' }],
          }),
        ),
      );
    }

    // The size of what the explorer will hold: every group's record as the API sends it.
    let recordBytes = 0;
    let token: string | undefined;
    do {
      const page = await describeContainerGroups(client, { Limit: 20, NextToken: token });
      for (const group of page.ContainerGroups) recordBytes += Buffer.byteLength(JSON.stringify(group));
      token = page.NextToken !== undefined && page.NextToken !== '' ? page.NextToken : undefined;
    } while (token !== undefined);

    codeServer.installExtension(sandbox, vsix);
    // A machine setting: a remote window (code-server's) drops it from user settings once it knows the extension's
    // settings, which had the 5th window start an emulator of its own while "Load all" ran (scripts/code-server.mjs).
    codeServer.writeMachineSettings(sandbox, { 'eci.emulator.url': emulator.url });
    codeServer.writeUserSettings(sandbox, {
      'eci.regions': ['cn-hangzhou'],
      'workbench.panel.defaultLocation': 'bottom',
    });
    const workspace = join(sandbox.root, 'workspace');
    mkdirSync(workspace);
    server = await codeServer.startCodeServer(sandbox);
    const { chromium } = (await import(join(setup.paths.tools, 'playwright-core', 'index.mjs'))) as {
      chromium: { launch(options: unknown): Promise<NonNullable<typeof browser>> };
    };
    browser = await chromium.launch({
      executablePath: setup.paths.chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    // Activation, once per window: the ECI view opened activates the extension; a reload starts a new extension host.
    const activations = (): { activate: number; bundle: number }[] =>
      logLines(sandbox.userData).flatMap((line) => {
        const match = /ECI activated in ([\d.]+) ms; its bundle evaluated in ([\d.]+) ms/.exec(line);
        return match ? [{ activate: Number(match[1]), bundle: Number(match[2]) }] : [];
      });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.locator('.activitybar [aria-label="ECI"]').first().click();
    for (let round = 1; round < ACTIVATIONS + 1; round++) {
      await until(`activation ${round}`, 60_000, () => (activations().length >= round ? true : undefined));
      if (round < ACTIVATIONS) {
        await page.reload();
        await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      }
    }
    const measured = activations();

    // Memory: the first page loaded, then all 10,000 groups, then a minute of a followed log.
    const diagnostics = (): { heap: number; groups: number }[] =>
      logLines(sandbox.userData).flatMap((line) => {
        const match = /Diagnostics: heap ([\d.]+) MB, resident [\d.]+ MB, loaded ECI: (\d+) container groups in/.exec(
          line,
        );
        return match ? [{ heap: Number(match[1]), groups: Number(match[2]) }] : [];
      });
    const diagnose = async (): Promise<{ heap: number; groups: number }> => {
      const before = diagnostics().length;
      // The palette, the command's row in it, Enter; again if the palette was not ready for the keys.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
        await page.keyboard.type('ECI: Show Diagnostics');
        const offered = await page
          .locator('.quick-input-list .monaco-list-row', { hasText: 'ECI: Show Diagnostics' })
          .first()
          .waitFor({ timeout: 5_000 })
          .then(
            () => true,
            () => false,
          );
        if (offered) {
          await page.keyboard.press('Enter');
          break;
        }
        if (attempt === 3) throw new Error('bench: the command palette did not offer ECI: Show Diagnostics');
      }
      return until('diagnostics', 30_000, () => diagnostics()[before]);
    };
    const row = (text: RegExp): Locator => page.locator('.monaco-list-row', { hasText: text }).first();
    await until('the first page of groups', 60_000, async () =>
      (await row(/^g-\d{5}\s*Running/).isVisible()) ? true : undefined,
    );
    const firstPage = await diagnose();
    await row(/^Load more/).click({ button: 'right' });
    await page
      .locator('.context-view .action-label', { hasText: /^Load All$/i })
      .first()
      .click();
    const loaded = await until(`all ${GROUPS} groups loaded`, 180_000, async () => {
      const d = await diagnose();
      return d.groups >= GROUPS ? d : undefined;
    });
    await page.mouse.move(700, 400);
    await row(/^g-\d{5}\s*Running/).click({ button: 'right' });
    await page
      .locator('.context-view .action-label', { hasText: /^Stream Logs$/ })
      .first()
      .click();
    await page.waitForTimeout(FOLLOW_MS);
    const followed = await diagnose();

    const activate = measured.map((m) => m.activate);
    const bundle = measured.map((m) => m.bundle);
    const mb = (bytes: number): number => bytes / 1024 / 1024;
    return [
      {
        name: `Activation: activate() in the extension host (${measured.length} windows)`,
        unit: 'ms',
        median: median(activate),
        spread: spread(activate),
        target: '< 30 ms',
        met: median(activate) < 30,
      },
      {
        name: 'Activation: evaluating dist/extension.js in the extension host (from its first line to the end of its last module)',
        unit: 'ms',
        median: median(bundle),
        spread: spread(bundle),
        target: 'with activate(): < 30 ms',
        met: median(bundle) + median(activate) < 30,
      },
      {
        name: 'Bundle size: dist/extension.js (production build)',
        unit: 'KB',
        median: bundleBytes / 1024,
        spread: [bundleBytes / 1024, bundleBytes / 1024],
        target: '(the .vsix target)',
        met: true,
      },
      {
        name: 'Package size: the .vsix',
        unit: 'MB',
        median: mb(vsixBytes),
        spread: [mb(vsixBytes), mb(vsixBytes)],
        target: '< 1.5 MB',
        met: vsixBytes < 1.5 * 1024 * 1024,
      },
      {
        name: `Extension host heap held for ${loaded.groups.toLocaleString('en-US')} container groups loaded into the explorer (heap after "Load all" − with the first page of 20; after a full GC)`,
        unit: 'MB',
        median: loaded.heap - firstPage.heap,
        spread: [loaded.heap - firstPage.heap, loaded.heap - firstPage.heap],
        anchor: { name: 'their records as JSON, as the API sent them (MB)', median: mb(recordBytes) },
        ratio: (loaded.heap - firstPage.heap) / mb(recordBytes),
        target: '≤ 3× the JSON of the records',
        met: (loaded.heap - firstPage.heap) / mb(recordBytes) <= 3,
      },
      {
        name: `Extension host heap growth while a log view follows a busy container (about 66 lines/s) for ${FOLLOW_MS / 1000} s, with those groups loaded (after a full GC)`,
        unit: 'MB',
        median: followed.heap - loaded.heap,
        spread: [followed.heap - loaded.heap, followed.heap - loaded.heap],
        anchor: { name: 'heap with the groups loaded (MB)', median: loaded.heap },
        target: '≤ 10 MB (a view keeps at most 10,000 lines)',
        met: followed.heap - loaded.heap <= 10,
      },
    ];
  } finally {
    await browser?.close();
    await server?.stop();
    await agent.close();
    emulator.stop();
    sandbox.remove();
  }
}
