import { describe, expect, it } from 'vitest';
import { createAccountPlatform } from '../../src-main/platform/create-account-platform.js';

describe('createAccountPlatform', () => {
  it.each([
    ['linux', 'linux'],
    ['darwin', 'macos'],
    ['win32', 'windows'],
  ] as const)('picks the %s scripts', (platform, os) => {
    expect(createAccountPlatform({ platform }).os).toBe(os);
  });

  it('refuses an OS Lockstep does not manage', () => {
    expect(() => createAccountPlatform({ platform: 'aix' })).toThrow(
      'Lockstep manages accounts on Linux, macOS and Windows, not on aix.',
    );
  });
});
