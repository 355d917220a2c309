// What every UI test file does to reach the workbench: headless chromium (the toolchain's), a page of 1400×900 (the
// README's pictures) opened on the workspace folder of a started code-server; and waiting for a text on the page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { paths } from '../../scripts/setup-vscode.mjs';

const { chromium } = await import(join(paths.tools, 'playwright-core', 'index.mjs'));

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'];

/**
 * The browser and the workbench's page, once the workbench is there and (unless `eciView` is false) the ECI view
 * container, which shows once the workbench has read the installed extensions. `extraArgs` go to chromium; `env` is
 * chromium's environment (default this process's).
 */
export async function openWorkbench({ server, workspace, env, extraArgs = [], eciView = true }) {
  const browser = await chromium.launch({
    executablePath: paths.chromium,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    ...(env === undefined ? {} : { env }),
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  if (eciView) await page.locator('.activitybar [aria-label="ECI"]').first().waitFor({ timeout: 30_000 });
  return { browser, page };
}

/**
 * The texts of `locator`'s elements once one matches `pattern`; fails naming what it saw after `timeoutMs` (after
 * `beforeFailing`, a screenshot for instance, when given).
 */
export async function waitForText(locator, pattern, timeoutMs = 20_000, beforeFailing = undefined) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = await locator.allInnerTexts();
    if (texts.some((text) => pattern.test(text))) return texts;
    if (Date.now() > deadline) {
      await beforeFailing?.();
      assert.fail(`no element matched ${pattern} within ${timeoutMs} ms; saw: ${texts.join(' | ').slice(0, 500)}`);
    }
    await locator.page().waitForTimeout(200);
  }
}
