/**
 * Which `AccountPlatform` `lockstep agent run --platform NAME` uses: the native scripts of this
 * OS, or the in-memory fake that changes nothing (to try the agent against a directory).
 */
import { CliError } from '../cli-support.js';
import { deviceOs } from '../../src-main/agent/identity/device-os.js';
import { MemoryPlatform } from '../../src-main/platform/memory-platform.js';
import type { AccountPlatform } from '../../src-main/platform/account-platform.js';
import { createAccountPlatform } from '../../src-main/platform/create-account-platform.js';

export const PLATFORM_NAMES = ['linux', 'macos', 'windows', 'fake'] as const;
export type PlatformName = (typeof PLATFORM_NAMES)[number];

export function defaultPlatformName(): PlatformName {
  return deviceOs();
}

/** `onNote` receives what scripts report without failing (e.g. a keyring that was not re-keyed). */
export function choosePlatform(name: string, onNote: (note: string) => void): AccountPlatform {
  if (!(PLATFORM_NAMES as readonly string[]).includes(name)) {
    throw new CliError(`--platform must be one of ${PLATFORM_NAMES.join(', ')}; got "${name}"`);
  }
  if (name === 'fake') return new MemoryPlatform(deviceOs());
  // The native scripts only work on the OS they were written for.
  if (name !== deviceOs()) {
    throw new CliError(
      `--platform ${name} cannot run on this ${deviceOs()} machine; use --platform ${deviceOs()} or fake`,
    );
  }
  return createAccountPlatform({ onNote });
}
