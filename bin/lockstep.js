#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript (`npm run build` writes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src-cli/lockstep.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('lockstep: not built yet. Run `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv);
