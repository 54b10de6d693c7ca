/** The real Linux platform, on a copy of this checkout's native-scripts/. */
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScriptAccountPlatform } from '../../../src-main/platform/script-account-platform.js';
import { resolveScriptsRoot } from '../../../src-main/platform/script-location.js';

/**
 * Some scripts run as the throwaway user (change-password goes through PAM as them), so the
 * scripts must be reachable by every user, as they are where the app installs them. A checkout
 * may not be (a clone in a `mktemp -d` folder is 0700), so tests run an identical copy laid out
 * like an install: root-owned, world-readable.
 */
function installedCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-native-scripts-'));
  chmodSync(dir, 0o755);
  const root = path.join(dir, 'native-scripts');
  cpSync(resolveScriptsRoot(), root, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return root;
}

export const scriptsRoot = installedCopy();

export function linuxPlatform(onNote?: (note: string) => void): ScriptAccountPlatform {
  return new ScriptAccountPlatform({
    os: 'linux',
    scriptsRoot,
    timeoutMs: 30_000,
    ...(onNote ? { onNote } : {}),
  });
}
