// Restricted Mode in a real workbench: the packaged extension in a code-server that keeps workspace trust on (the
// other UI tests turn it off), a folder that is not trusted. The extension is there and validates templates; Deploy
// says it needs trust and is refused with a "Manage Workspace Trust" button; once the folder is trusted from VS
// Code's trust editor, the lens and the editor-title button are Deploy again, without a reload. Screenshots go to test/e2e/artifacts/trust-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  installExtension,
  makeSandbox,
  packageVsix,
  repoRoot,
  startCodeServer,
  writeUserSettings,
} from '../../scripts/code-server.mjs';
import { openWorkbench, waitForText } from './workbench-page.mjs';

const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');

let sandbox;
let server;
let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `trust-${name}.png`) });
}

/** Opens a workspace file with Quick Open. */
async function openFile(name) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), new RegExp(name.replace(/\./g, '\\.')));
  await page.keyboard.press('Enter');
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = makeSandbox('eci-e2e-trust-');
  const workspace = join(sandbox.root, 'untrusted');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    join(workspace, 'deploy-me.eci.yaml'),
    'containerGroupName: deploy-me\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      volumeMounts:\n        - {name: dta, mountPath: /data}\n  volumes:\n    - {name: data, emptyDir: {}}\n',
  );
  installExtension(sandbox, packageVsix(sandbox.root));
  writeUserSettings(sandbox, {
    // No modal question on opening: the folder opens in Restricted Mode, as after answering "No".
    'security.workspace.trust.startupPrompt': 'never',
    'editor.stickyScroll.enabled': false,
  });
  server = await startCodeServer(sandbox, { workspaceTrust: true });
  ({ browser, page } = await openWorkbench({ server, workspace, eciView: false }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sandbox?.remove();
});

describe('Restricted Mode in the workbench', () => {
  it('validates a template in an untrusted folder, refuses to deploy it, and offers Deploy once the folder is trusted', async () => {
    // Enabled in Restricted Mode (capabilities.untrustedWorkspaces "limited"): without it, no ECI view at all.
    const eci = page.locator('.activitybar [aria-label="ECI"]').first();
    await eci.waitFor({ timeout: 30_000 });
    await waitForText(page.locator('.statusbar'), /Restricted Mode/);
    // The explorer works there too: its welcome is drawn once the extension is active.
    await eci.click();
    await waitForText(page.locator('.part.sidebar'), /No Alibaba Cloud ECI profile is set up yet/, 30_000);

    await openFile('deploy-me.eci.yaml');
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
    await waitForText(page.locator('.markers-panel .monaco-list-row'), /No volume is named "dta"/);
    // Back in the editor, as a person is: headless, an editor without focus was seen not to draw its lenses.
    await page.locator('.monaco-editor .view-lines').first().click();
    const refusedLens = page.locator('.codelens-decoration a', { hasText: 'Deploy (needs a trusted workspace)' });
    await refusedLens.first().waitFor({ timeout: 20_000 });
    await shot('01-restricted-lens');
    // The editor-title button of an acting command is hidden (isWorkspaceTrusted in its when clause).
    const deployButton = page.locator('.editor-actions a.action-label[aria-label^="Deploy Template"]');
    assert.equal(await deployButton.count(), 0, 'no Deploy button on the editor title in Restricted Mode');

    await refusedLens.first().click();
    const toast = page.locator('.notifications-toasts .notification-toast', {
      hasText: /"ECI: Deploy Template" needs a trusted workspace/,
    });
    await toast.first().waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no deploy confirmation was asked');
    await shot('02-refused');

    await toast.first().locator('a.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
    const trustEditor = page.locator('.workspace-trust-editor');
    await trustEditor.waitFor({ timeout: 20_000 });
    await shot('03-trust-editor');
    await trustEditor
      .locator('a.monaco-button', { hasText: /^Trust$/ })
      .first()
      .click();
    // Trusted: the status bar no longer says Restricted Mode. The trust editor opens as a modal editor; closed.
    const deadline = Date.now() + 20_000;
    while (await page.locator('.statusbar', { hasText: 'Restricted Mode' }).count()) {
      assert.ok(Date.now() < deadline, 'the status bar still says Restricted Mode after Trust');
      await page.waitForTimeout(200);
    }
    await page.locator('.monaco-modal-editor-block .modal-editor-header [aria-label^="Close"]').first().click();
    await page.locator('.monaco-modal-editor-block').waitFor({ state: 'hidden', timeout: 10_000 });

    // The lens changes on the grant, without a reload.
    await openFile('deploy-me.eci.yaml');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page
      .locator('.codelens-decoration a', { hasText: /^\s*Deploy\s*$/ })
      .first()
      .waitFor({ timeout: 20_000 });
    assert.equal(
      await page.locator('.codelens-decoration a', { hasText: 'needs a trusted workspace' }).count(),
      0,
      'no lens says it needs trust any more',
    );
    await deployButton.first().waitFor({ timeout: 10_000 });
    await shot('04-trusted-lens');
  });
});
