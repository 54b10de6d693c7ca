#!/usr/bin/env node
/**
 * Builds the renderer into one page: index.html, app.js (minified, production React) and app.css.
 * No inline script or style, so the page runs under a strict CSP. Prints the gzipped size and
 * fails above the 250 KB budget.
 *
 *   node scripts/build-renderer.mjs [--outdir DIR] [--no-typecheck]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 250 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--outdir');
const outdir = resolve(
  outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(root, 'dist/renderer'),
);

// esbuild strips types without checking them; the renderer has its own tsconfig (DOM, JSX).
if (!args.includes('--no-typecheck')) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'src-renderer/tsconfig.json')],
    {
      stdio: 'inherit',
    },
  );
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: { app: 'src-renderer/main.tsx' },
  outdir,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  plugins: [zodEnglishOnly()],
  sourcemap: false,
  logLevel: 'warning',
});
copyFileSync(join(root, 'src-renderer/index.html'), join(outdir, 'index.html'));

const files = ['index.html', 'app.js', 'app.css'];
let raw = 0;
let gzipped = 0;
const rows = files.map((name) => {
  const bytes = readFileSync(join(outdir, name));
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += gz;
  return `  ${name.padEnd(10)} ${kb(bytes.length).padStart(9)}  gzip ${kb(gz).padStart(8)}`;
});
console.log(
  `renderer → ${outdir}\n${rows.join('\n')}\n  total      ${kb(raw).padStart(9)}  gzip ${kb(gzipped).padStart(8)} (budget ${kb(BUDGET_BYTES)})`,
);
if (gzipped > BUDGET_BYTES) {
  console.error(`renderer bundle is ${kb(gzipped)} gzipped, over the ${kb(BUDGET_BYTES)} budget`);
  process.exit(1);
}

/**
 * zod's `z` namespace re-exports every locale (~60 languages), which a bundler cannot drop. The
 * renderer shows only its own English words, so the locale index becomes English alone.
 */
function zodEnglishOnly() {
  return {
    name: 'zod-english-only',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) =>
        /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(a.importer)
          ? { path: join(dirname(a.importer), '../locales/en.js'), namespace: 'zod-locales' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({
        contents: `export { default as en } from ${JSON.stringify(a.path)};`,
        resolveDir: dirname(a.path),
      }));
    },
  };
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
