/**
 * Finds the Electron binary the `electron` package installed, without letting that package try
 * to download one (requiring it does, and this machine may have no network).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(
  env: NodeJS.ProcessEnv = process.env,
  packageDir?: string,
): ElectronBinary {
  let dir = packageDir;
  if (!dir) {
    try {
      dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    } catch {
      return { ok: false, reason: 'the electron package is not installed' };
    }
  }
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(candidate)
      ? { ok: true, path: candidate }
      : { ok: false, reason: `${candidate} does not exist` };
  }
  if (!relative)
    return {
      ok: false,
      reason: 'no Electron binary was downloaded (node_modules/electron/path.txt is missing)',
    };
  const binary = path.join(dir, 'dist', relative);
  return existsSync(binary)
    ? { ok: true, path: binary }
    : { ok: false, reason: `${binary} does not exist` };
}
