import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { encrypt } from 'unixcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestAccount,
  ThrowawayAccounts,
  idsOf,
  linuxRootSkipReason,
  passwordLoginWorks,
  passwordMatches,
  shadowLine,
} from './support/linux-accounts.js';
import { linuxPlatform } from './support/linux-platform.js';

if (linuxRootSkipReason) console.warn(`skipped linux provisioning tests: ${linuxRootSkipReason}`);

describe.skipIf(linuxRootSkipReason !== null)(
  'linux create-account / set-password-hash / reset-password (real)',
  () => {
    const accounts = new ThrowawayAccounts();
    const platform = linuxPlatform();
    let asker: TestAccount;
    let created: string;

    beforeAll(() => {
      asker = accounts.create();
      created = accounts.reserve();
    });
    afterAll(() => accounts.removeAll());

    it('create-account makes a managed account with a home and no usable password', async () => {
      await platform.createAccount(created, { fullName: 'Doe, Jane', userId: 'u-created-1' });
      const { uid } = idsOf(created);
      expect(await platform.accountInfo(created)).toEqual({
        exists: true,
        uid,
        disabled: false,
        managedFor: 'u-created-1',
      });
      const passwd = spawnSync('getent', ['passwd', created], { encoding: 'utf8' }).stdout.split(
        ':',
      );
      expect(passwd[4]).toBe('Doe Jane');
      expect(statSync(`/home/${created}`).uid).toBe(uid);
      expect(shadowLine(created).split(':')[1]).toMatch(/^!/);
      const marker = statSync(`/var/lib/lockstep/managed/${created}`);
      expect([marker.uid, marker.mode & 0o077]).toEqual([0, 0]);
    });

    it('create-account again for the same user succeeds; for another user it conflicts', async () => {
      await platform.createAccount(created, { fullName: 'Jane Doe', userId: 'u-created-1' });
      await expect(
        platform.createAccount(created, { fullName: 'X', userId: 'u-other' }),
      ).rejects.toMatchObject({
        code: 'failed',
        message: expect.stringContaining('already exists and is not managed for this user'),
      });
      expect(existsSync(`/var/lib/lockstep/managed/${created}`)).toBe(true);
    });

    it('set-password-hash applies a crypt(3) hash whose password then logs in', async () => {
      const hash = encrypt('Hash-Applied-31q');
      await platform.setPasswordHash(created, hash);
      expect(shadowLine(created).split(':')[1]).toBe(hash);
      expect(passwordMatches(created, 'Hash-Applied-31q')).toBe(true);
      expect(passwordLoginWorks(asker, created, 'Hash-Applied-31q')).toBe(true);
    });

    it('set-password-hash refuses weak or malformed hashes and changes nothing', async () => {
      const before = shadowLine(created);
      await expect(
        platform.setPasswordHash(created, '$1$abcdefgh$0123456789abcdefghijkl'),
      ).rejects.toMatchObject({ code: 'invalid-input' });
      await expect(platform.setPasswordHash(created, 'plain-text-password')).rejects.toMatchObject({
        code: 'invalid-input',
      });
      expect(shadowLine(created)).toBe(before);
    });

    it('reset-password sets a new password without the previous one and says what is lost', async () => {
      const result = await platform.resetPassword(created, 'Reset-New-42r');
      expect(result.lost).toBe('Nothing: this account has no login keyring.');
      expect(passwordMatches(created, 'Reset-New-42r')).toBe(true);
      expect(passwordMatches(created, 'Hash-Applied-31q')).toBe(false);
    });
  },
);
