// Bundles the extension and the CLI with esbuild. Type-checking is a separate step (`npm run typecheck`),
// so a build stays fast and a type error is reported once, by tsc.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // bufferutil and utf-8-validate are optional native speed-ups of ws; without them ws uses its JS fallbacks.
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
};

// Packages the extension loads on first use (src/lazy-module.ts), each bundled into a file of its own under
// dist/vendor/: activation then neither parses nor evaluates them (undici alone is half a megabyte).
const VENDOR = ['undici', 'yaml', 'ajv', 'ws'];
/** @type {import('esbuild').Plugin} */
const vendorFiles = {
  name: 'vendor-files',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${VENDOR.join('|')})$`) }, (args) => ({
      path: `./vendor/${args.path}.js`,
      external: true,
    }));
  },
};

const builds = [
  // The banner marks when the bundle starts to evaluate, so that activation can log how long loading took.
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [vendorFiles],
    banner: { js: '"use strict";\nvar __eciBundleStarted = performance.now();' },
  },
  ...VENDOR.map((name) => ({
    ...common,
    stdin: { contents: `module.exports = require('${name}');`, resolveDir: process.cwd(), loader: 'js' },
    outfile: `dist/vendor/${name}.js`,
  })),
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
