/**
 * The tray's user-level `AccountPlatform` (it runs native-scripts/<os>/change-password as the
 * signed-in user). On an OS Lockstep does not manage, the tray still runs and explains the refusal.
 */
import { PlatformError } from '../platform/account-platform.js';
import type { AccountPlatform } from '../platform/account-platform.js';
import { createAccountPlatform } from '../platform/create-account-platform.js';
import { DemoAccountPlatform } from '../platform/demo-account-platform.js';

/**
 * `resourcesPath` is Electron's process.resourcesPath in a packaged app (scripts live there);
 * `demoAccounts` is the demo's accounts file (`--demo-accounts`), which replaces the OS.
 */
export async function loadAccountPlatform(
  opts: { resourcesPath?: string; demoAccounts?: string | null } = {},
): Promise<AccountPlatform> {
  const { demoAccounts, ...platformOptions } = opts;
  if (demoAccounts) return new DemoAccountPlatform(demoAccounts);
  try {
    return createAccountPlatform(platformOptions);
  } catch (error) {
    if (error instanceof PlatformError) return unavailablePlatform(error.message);
    throw error;
  }
}

export function unavailablePlatform(reason: string): AccountPlatform {
  const refuse = async (): Promise<never> => {
    throw new PlatformError('not-supported', reason);
  };
  return {
    os:
      process.platform === 'darwin' ? 'macos' : process.platform === 'win32' ? 'windows' : 'linux',
    accountInfo: refuse,
    createAccount: refuse,
    markManaged: refuse,
    disableAccount: refuse,
    enableAccount: refuse,
    endSessions: refuse,
    setPasswordHash: refuse,
    resetPassword: refuse,
    changePassword: refuse,
  };
}
