/**
 * The tray's user-level `AccountPlatform` (it runs native-scripts/<os>/change-password as the
 * signed-in user). Until this build has one, the tray still runs and explains the refusal.
 */
import { PlatformError } from '../agent/platform/account-platform.js';
import type { AccountPlatform } from '../agent/platform/account-platform.js';

/** The module that provides `createAccountPlatform(): AccountPlatform` (owned by the platform layer). */
const PLATFORM_MODULE = '../agent/platform/create-account-platform.js';

export async function loadAccountPlatform(): Promise<AccountPlatform> {
  try {
    const mod = (await import(PLATFORM_MODULE)) as {
      createAccountPlatform?: () => AccountPlatform;
    };
    if (typeof mod.createAccountPlatform === 'function') return mod.createAccountPlatform();
  } catch {
    // Fall through to the explaining stand-in below.
  }
  return unavailablePlatform(
    'This build of Lockstep cannot change local passwords on this system yet.',
  );
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
