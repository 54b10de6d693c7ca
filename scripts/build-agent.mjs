#!/usr/bin/env node
/**
 * Bundles the agent service (src-cli/agent/agent-service.ts) into one CommonJS file,
 * dist/lockstep-agent.cjs: what the service definitions in packaging/ run. One tree-shaken file
 * instead of ~180 modules keeps the resident memory of a process that runs all day lower, and
 * CommonJS rather than an ES module because Node then never starts its ESM loader: measured on
 * Node 20, an empty ES module entry holds ~3 MB more resident memory than an empty CommonJS one.
 * Fails when the bundle pulls in what the service must not carry (see the checks at the end).
 *
 *   node scripts/build-agent.mjs [--outfile FILE]
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--outfile');
const outfile = resolve(
  outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(root, 'dist/lockstep-agent.cjs'),
);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src-cli/agent/agent-service.ts'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // A native module, loaded on first use (a typed password check) from node_modules as before.
  external: ['@node-rs/argon2'],
  // The sources are ES modules that find their files from import.meta.url. The banner comes
  // before esbuild's own "use strict", so it says it first: the sources are strict code.
  banner: {
    js: "'use strict';\nconst __lockstepModuleUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  define: { 'import.meta.url': '__lockstepModuleUrl' },
  // import() of the argon2 package would start the ESM loader on the first password check;
  // as require() (it is a CommonJS package) it does not.
  supported: { 'dynamic-import': false },
  plugins: [zodNamespaceImports()],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs).filter(
  ([, v]) => v.bytesInOutput > 0,
);
const bytesOf = (test) =>
  inputs.filter(([path]) => test(path)).reduce((sum, [, v]) => sum + v.bytesInOutput, 0);
const problems = [];
// Untree-shaken zod and node-machine-id were in the service's memory before this bundle;
// the directory's and the tray's code must never be.
if (bytesOf((p) => /zod\/v4\/locales\/(?!en\.js)/.test(p)) > 0)
  problems.push(
    'zod locales other than English are bundled (an `import { z } from "zod"` the plugin did not rewrite?)',
  );
if (bytesOf((p) => p.includes('node_modules/zod/')) > 150_000)
  problems.push(
    'more than 150 KB of zod is bundled: tree-shaking of the `z` namespace stopped working',
  );
for (const forbidden of [
  'better-sqlite3',
  'fastify',
  'src-server/',
  'node-machine-id',
  'src-main/tray',
  'src-main/electron',
  'react',
]) {
  if (bytesOf((p) => p.includes(forbidden)) > 0)
    problems.push(`${forbidden} is bundled; the service does not use it`);
}
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`build-agent: ${p}\n`);
  process.exit(1);
}
const size = Object.values(result.metafile.outputs)[0].bytes;
process.stdout.write(
  `agent: ${outfile} (${inputs.length} modules, ${(size / 1024).toFixed(0)} KB)\n`,
);

/**
 * `import { z } from 'zod'` (how src-shared and the agent import it) reaches zod's namespace
 * through a named re-export, which esbuild cannot tree-shake: every schema type, the JSON-schema
 * tools and ~60 locales would be bundled and evaluated. `import * as z from 'zod'` is the same
 * object to the code and lets esbuild keep only what is used, so the sources are read that way
 * here instead of being changed for the one bundle that needs it.
 */
function zodNamespaceImports() {
  return {
    name: 'zod-namespace-imports',
    setup(b) {
      b.onLoad({ filter: /[\\/]src-[a-z-]+[\\/].*\.ts$/ }, async (a) => ({
        contents: (await readFile(a.path, 'utf8')).replace(
          /^import \{ z \} from 'zod';$/gm,
          "import * as z from 'zod';",
        ),
        loader: 'ts',
      }));
    },
  };
}
