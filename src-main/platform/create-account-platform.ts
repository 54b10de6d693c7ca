/**
 * The `AccountPlatform` for the OS this process runs on. The agent and the tray call this once and
 * then use only the interface.
 */
import { PlatformError } from './account-platform.js';
import type { PlatformOs } from './script-command.js';
import {
  ScriptAccountPlatform,
  type ScriptAccountPlatformOptions,
} from './script-account-platform.js';
import { resolveScriptsRoot } from './script-location.js';

export interface CreateAccountPlatformOptions
  extends Partial<Omit<ScriptAccountPlatformOptions, 'os' | 'scriptsRoot'>> {
  /** Electron's process.resourcesPath in a packaged app. */
  resourcesPath?: string;
  platform?: NodeJS.Platform;
}

const OS_BY_PLATFORM: Partial<Record<NodeJS.Platform, PlatformOs>> = {
  linux: 'linux',
  darwin: 'macos',
  win32: 'windows',
};

export function createAccountPlatform(
  options: CreateAccountPlatformOptions = {},
): ScriptAccountPlatform {
  const { resourcesPath, platform = process.platform, ...rest } = options;
  const os = OS_BY_PLATFORM[platform];
  if (os === undefined)
    throw new PlatformError(
      'not-supported',
      `Lockstep manages accounts on Linux, macOS and Windows, not on ${platform}.`,
    );
  const scriptsRoot = resolveScriptsRoot(resourcesPath !== undefined ? { resourcesPath } : {});
  return new ScriptAccountPlatform({
    os,
    scriptsRoot,
    ...(os === 'windows' && process.env.SystemRoot !== undefined
      ? { systemRoot: process.env.SystemRoot }
      : {}),
    ...rest,
  });
}
