/**
 * Tests that spawn processes run the compiled code, as a user would; `npm test` builds first.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = `${ROOT}bin/lockstep.js`;

export function requireBuild(): void {
  if (!existsSync(`${ROOT}dist/src-main/agent/create-agent.js`)) {
    throw new Error(
      'dist/ is missing the agent; run `npx tsc -p tsconfig.json` (or `npm test`) first',
    );
  }
}
