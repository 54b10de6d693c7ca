#!/usr/bin/env node
/**
 * Bundles the preload into one CommonJS file, dist/preload.cjs. Sandboxed preloads cannot be ES
 * modules and may only `require('electron')` (plus a few polyfilled builtins), so everything else
 * (the IPC contract, zod) is bundled in.
 *
 *   node scripts/build-preload.mjs [--outfile FILE]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--outfile');
const outfile = resolve(
  outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(root, 'dist/preload.cjs'),
);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src-main/preload/preload.ts'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'chrome140',
  external: ['electron'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
const requires = inputs.filter((p) => p.startsWith('node:') || !p.includes('/'));
if (requires.length > 0)
  throw new Error(
    `the preload would require ${requires.join(', ')}; only electron is available to it`,
  );
process.stdout.write(`preload: ${outfile} (${inputs.length} inputs)\n`);
