/** Which desktop OS this page runs on, from the user agent (Electron and the web shell run locally). */
export type DevicePlatform = 'macos' | 'windows' | 'linux' | 'unknown';

export function detectPlatform(userAgent: string): DevicePlatform {
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Macintosh|Mac OS X/i.test(userAgent)) return 'macos';
  if (/Linux|X11|CrOS/i.test(userAgent)) return 'linux';
  return 'unknown';
}

const LOST: Record<Exclude<DevicePlatform, 'unknown'>, string> = {
  macos:
    'On this Mac, your saved keychain items (Wi-Fi, website and app passwords in your login keychain) are lost: a new, empty keychain replaces them.',
  windows:
    'On this PC, your saved credentials (network, website and app passwords in Credential Manager) are lost.',
  linux:
    'On this computer, your saved keyring passwords (Wi-Fi and app passwords in your login keyring) are lost.',
};

/** What a reset without the previous password costs, in words for this platform. */
export function whatResetLoses(platform: DevicePlatform): string[] {
  if (platform === 'unknown') {
    return [
      'On a Mac: saved keychain items.',
      'On Windows: saved credentials.',
      'On Linux: saved keyring passwords.',
    ];
  }
  return [LOST[platform]];
}
