/**
 * Where native-scripts/ is: next to the app's resources in a packaged build (electron-builder
 * `extraResources`), otherwise found by walking up from this module, which works both from the
 * TypeScript sources (src-main/platform/) and from the build (dist/src-main/platform/).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = path.join('native-scripts', 'README.md');
const MAX_LEVELS = 8;

export interface ScriptLocationOptions {
  /** Electron's `process.resourcesPath` in a packaged app; scripts are then `<it>/native-scripts`. */
  resourcesPath?: string;
  /** Where the walk starts; defaults to this module's directory. */
  startDir?: string;
}

export function resolveScriptsRoot(options: ScriptLocationOptions = {}): string {
  if (options.resourcesPath !== undefined) {
    const root = path.join(options.resourcesPath, 'native-scripts');
    if (!existsSync(path.join(root, 'README.md'))) {
      throw new Error(
        `native scripts are missing from the packaged app: expected ${root}; rebuild the package with native-scripts/ in extraResources`,
      );
    }
    return root;
  }
  const start = options.startDir ?? path.dirname(fileURLToPath(import.meta.url));
  let dir = start;
  for (let level = 0; level < MAX_LEVELS; level += 1) {
    if (existsSync(path.join(dir, MARKER))) return path.join(dir, 'native-scripts');
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `cannot find native-scripts/ above ${start}; pass resourcesPath when running from a packaged app`,
  );
}
