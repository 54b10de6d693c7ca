/** The real Linux platform, pointed at this checkout's native-scripts/. */
import { ScriptAccountPlatform } from '../../../src-main/agent/platform/script-account-platform.js';
import { resolveScriptsRoot } from '../../../src-main/agent/platform/script-location.js';

export const scriptsRoot = resolveScriptsRoot();

export function linuxPlatform(onNote?: (note: string) => void): ScriptAccountPlatform {
  return new ScriptAccountPlatform({
    os: 'linux',
    scriptsRoot,
    timeoutMs: 30_000,
    ...(onNote ? { onNote } : {}),
  });
}
