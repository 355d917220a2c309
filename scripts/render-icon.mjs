// `node scripts/render-icon.mjs`: renders the marketplace icon media/icon.svg to media/icon.png (128×128, the size
// the marketplaces show) in the toolchain's headless chromium, with a transparent background outside the tile.
// `--preview <file>` also writes the icon at 128, 32 and 16 px on a light and a dark page, to look at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { isInstalled, paths } from './setup-vscode.mjs';

if (!isInstalled()) {
  process.stderr.write('[render-icon] the toolchain is not installed: run `npm run setup` first\n');
  process.exit(1);
}
const svg = readFileSync(join(repoRoot, 'media', 'icon.svg'), 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
const { chromium } = await import(join(paths.tools, 'playwright-core', 'index.mjs'));
const browser = await chromium.launch({ executablePath: paths.chromium, args: ['--headless', '--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<body style="margin:0"><img src="${dataUrl}" width="128" height="128"></body>`);
  const out = join(repoRoot, 'media', 'icon.png');
  await page.locator('img').screenshot({ path: out, omitBackground: true });
  process.stdout.write(`${out}\n`);

  const previewAt = process.argv.indexOf('--preview');
  if (previewAt !== -1) {
    const sizes = [128, 32, 16].map((size) => `<img src="${dataUrl}" width="${size}" height="${size}">`).join('');
    const strip = (background) =>
      `<div style="background:${background};padding:12px;display:flex;gap:12px;align-items:end">${sizes}</div>`;
    await page.setViewportSize({ width: 240, height: 320 });
    await page.setContent(`<body style="margin:0">${strip('#ffffff')}${strip('#1e1e1e')}</body>`);
    await page.screenshot({ path: process.argv[previewAt + 1], fullPage: true });
  }
} finally {
  await browser.close();
}
