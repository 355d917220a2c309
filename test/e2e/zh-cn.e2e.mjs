// The extension in a VS Code whose display language is 简体中文: the packaged .vsix in code-server started in Chinese
// (`--locale zh-cn` as argv.json says it, with a language pack, without which VS Code stays English:
// docs/reference/real-vscode.md and /work/shared/reference/real-vscode-locale-and-oldest.md). The ECI view, its
// tree, a template's problem, the deploy confirmation and the walkthrough speak Chinese with the clouds' own terms.
// Screenshots go to test/e2e/artifacts/zh-cn-*.png. Chinese glyphs need a CJK font in chromium: the machine's, or
// Debian's fonts-wqy-microhei unpacked into the toolchain's cache once (apt-get download; nothing is installed).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  installExtension,
  makeSandbox,
  node24Env,
  packageVsix,
  repoRoot,
  startCodeServer,
  writeUserSettings,
} from '../../scripts/code-server.mjs';
import { cacheDir, paths } from '../../scripts/setup-vscode.mjs';
import { openWorkbench, waitForText as waitForTextOn } from './workbench-page.mjs';

const ARTIFACTS = join(repoRoot, 'test', 'e2e', 'artifacts');

const PACK = { publisher: 'eci-tests', name: 'vscode-language-pack-zh-hans-min', version: '1.0.0' };

let sandbox;
let server;
let browser;
let page;

async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, `zh-cn-${name}.png`) });
}

/** waitForText (workbench-page.mjs) with a screenshot of what the page showed when it fails. */
function waitForText(locator, pattern, timeoutMs = 20_000) {
  return waitForTextOn(locator, pattern, timeoutMs, () => shot('failure'));
}

/** Runs a command from the palette by (a pattern of) its title as the palette shows it. */
async function fromPalette(typed, title = new RegExp(typed)) {
  await page.keyboard.press('F1');
  await page.keyboard.type(typed);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), title);
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open. */
async function openFile(name) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await waitForText(page.locator('.quick-input-widget .monaco-list-row'), new RegExp(name.replace(/\./g, '\\.')));
  await page.keyboard.press('Enter');
}

/**
 * The smallest language pack for zh-cn (no translation of VS Code's own strings: the workbench's menus stay English),
 * packaged with vsce and installed; then languagepacks.json as VS Code's own language-pack service writes it, which a
 * command-line install does not.
 */
function installChineseLanguagePack() {
  const dir = join(sandbox.root, 'language-pack');
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      ...PACK,
      license: 'MIT',
      engines: { vscode: '^1.90.0' },
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          {
            languageId: 'zh-cn',
            languageName: 'Chinese Simplified',
            localizedLanguageName: '中文(简体)',
            translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
          },
        ],
      },
    }),
  );
  writeFileSync(join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  writeFileSync(join(dir, 'README.md'), 'A language pack for the UI tests.\n');
  const vsix = join(sandbox.root, `${PACK.name}.vsix`);
  const vsce = join(paths.tools, '@vscode', 'vsce', 'vsce');
  const packed = spawnSync(
    join(paths.node24Bin, 'node'),
    [vsce, 'package', '--allow-missing-repository', '--out', vsix],
    {
      cwd: dir,
      env: node24Env(),
      encoding: 'utf8',
    },
  );
  assert.equal(packed.status, 0, `${packed.stdout}\n${packed.stderr}`);
  installExtension(sandbox, vsix);
  const id = `${PACK.publisher}.${PACK.name}`;
  const folder = readdirSync(sandbox.extensions).find((name) => name.startsWith(`${id}-`));
  assert.ok(folder, `the language pack is installed in ${sandbox.extensions}`);
  writeFileSync(
    join(sandbox.userData, 'languagepacks.json'),
    JSON.stringify({
      'zh-cn': {
        hash: createHash('md5').update(`${id}${PACK.version}`).digest('hex'),
        label: '中文(简体)',
        extensions: [{ extensionIdentifier: { id }, version: PACK.version }],
        translations: { vscode: join(sandbox.extensions, folder, 'translations', 'main.i18n.json') },
      },
    }),
  );
  // The display language, as "Configure Display Language" writes it.
  mkdirSync(join(sandbox.userData, 'User'), { recursive: true });
  writeFileSync(join(sandbox.userData, 'User', 'argv.json'), JSON.stringify({ locale: 'zh-cn' }));
}

/**
 * A fontconfig file that adds a CJK font for chromium, or undefined when the machine has one. Debian's
 * fonts-wqy-microhei (1.6 MB) is downloaded and unpacked into the toolchain's cache the first time.
 */
function cjkFontConfig() {
  const listed = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (listed.status === 0 && listed.stdout.trim() !== '') return undefined;
  const fonts = join(cacheDir, 'fonts-wqy-microhei');
  if (!existsSync(join(fonts, 'usr', 'share', 'fonts'))) {
    const download = join(cacheDir, 'fonts-download');
    mkdirSync(download, { recursive: true });
    const fetched = spawnSync('apt-get', ['download', 'fonts-wqy-microhei'], { cwd: download, encoding: 'utf8' });
    assert.equal(fetched.status, 0, `apt-get download fonts-wqy-microhei:\n${fetched.stderr}`);
    const deb = readdirSync(download).find((name) => name.endsWith('.deb'));
    assert.ok(deb, 'the font package was downloaded');
    const unpacked = spawnSync('dpkg-deb', ['-x', join(download, deb), fonts], { encoding: 'utf8' });
    assert.equal(unpacked.status, 0, unpacked.stderr);
  }
  const config = join(sandbox.root, 'fonts.conf');
  writeFileSync(
    config,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      `  <dir>${join(fonts, 'usr', 'share', 'fonts')}</dir>\n  <cachedir>${join(sandbox.root, 'font-cache')}</cachedir>\n` +
      `</fontconfig>\n`,
  );
  return config;
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sandbox = makeSandbox('eci-e2e-zh-cn-');
  const workspace = join(sandbox.root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    join(workspace, 'broken.eci.yaml'),
    'containerGroupName: shop\nspec:\n  restartPolicy: Alwayz\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n',
  );
  writeFileSync(
    join(workspace, 'deploy-me.eci.yaml'),
    'containerGroupName: deploy-me\nvSwitchId: vsw-cn-hangzhou-h-demo\nsecurityGroupId: sg-cn-hangzhou-demo\nresources: {cpu: 1, memory: 2}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27-alpine\n      resources: {cpu: 1, memory: 2}\n',
  );
  installExtension(sandbox, packageVsix(sandbox.root));
  installChineseLanguagePack();
  writeUserSettings(sandbox, { 'editor.stickyScroll.enabled': false });
  const fontConfig = cjkFontConfig();
  server = await startCodeServer(sandbox);
  ({ browser, page } = await openWorkbench({
    server,
    workspace,
    env: fontConfig === undefined ? process.env : { ...process.env, FONTCONFIG_FILE: fontConfig },
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sandbox?.remove();
});

describe('the extension in a VS Code that speaks Chinese', () => {
  it('welcomes in Chinese and shows the emulator in the explorer with Chinese folders', async () => {
    await page.locator('.activitybar [aria-label="ECI"]').first().click();
    await waitForText(page.locator('.welcome-view-content'), /尚未设置阿里云弹性容器实例 ECI 的配置/, 30_000);
    await waitForText(page.locator('.part.sidebar .pane-header'), /弹性容器实例/);
    await shot('01-welcome');
    await page.locator('.welcome-view-content a', { hasText: '使用本地模拟器' }).first().click();
    const rows = page.locator('.part.sidebar .monaco-list-row');
    await waitForText(rows, /shop-frontend/, 30_000);
    // The region's row counts what it holds in Chinese, with the cloud's nouns.
    await waitForText(rows, /^cn-hangzhou\s*\d+ 个容器组 · \d+ 个镜像缓存/);
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /^镜像缓存/ })
      .first()
      .click();
    await waitForText(rows, /base-images/);
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /^worker-crashloop/ })
      .first()
      .click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /^事件/ }).first().waitFor({ timeout: 20_000 });
    await shot('02-tree');
  });

  it("says a template's problem in Chinese, as eci validate --lang zh-cn does", async () => {
    await openFile('broken.eci.yaml');
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
    await waitForText(
      page.locator('.markers-panel .monaco-list-row'),
      /此处不允许 "Alwayz"；请使用 Always, OnFailure, Never。是否要写 Always？/,
    );
    await shot('03-diagnostic');
  });

  it('asks to deploy in Chinese, naming the region, the profile and the price', async () => {
    await openFile('deploy-me.eci.yaml');
    await page.locator('.monaco-editor .view-lines').first().click();
    await fromPalette('ECI: 部署模板');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    await waitForText(
      dialog,
      /使用配置 本地模拟器 将 deploy-me 部署到 cn-hangzhou？[\s\S]*估算价格：约 \S+\/小时（按量付费，1 vCPU, 2 GiB）。/,
    );
    assert.equal(await dialog.locator('a.monaco-button', { hasText: /^部署$/ }).count(), 1);
    await shot('04-deploy-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('walks a newcomer through the first steps in Chinese', async () => {
    await fromPalette('Open Walkthrough', /Open Walkthrough/);
    await waitForText(page.locator('.quick-input-widget .monaco-list-row'), /ECI 入门/);
    await page.keyboard.type('ECI 入门');
    await page.keyboard.press('Enter');
    const walkthrough = page.locator('.gettingStartedContainer');
    await waitForText(walkthrough, /ECI 入门[\s\S]*试用本地模拟器[\s\S]*打开示例模板[\s\S]*部署模板/, 30_000);
    // The whole editor area for the walkthrough, so that each step's Chinese page shows beside the steps.
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+J');
    // A step's button runs its command, and the command's onCommand event ticks the step.
    const step = (id) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
    await step('emulator').click();
    await page.locator('.gettingStartedContainer .monaco-button', { hasText: '使用本地模拟器' }).first().click();
    await page
      .locator('button.getting-started-step[aria-checked="true"][data-step-id$="#emulator"]')
      .waitFor({ timeout: 30_000 });
    await step('sampleTemplate').click();
    // The step's page (media/walkthrough/zh-cn/sampleTemplate.md), drawn in a webview: its frame within a frame.
    const media = page.frameLocator('.getting-started-media iframe').first().frameLocator('#active-frame');
    await media.locator('h1', { hasText: '容器组模板' }).waitFor({ timeout: 20_000 });
    await shot('05-walkthrough');
  });
});
