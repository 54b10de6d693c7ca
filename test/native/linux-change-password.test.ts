import { mkdirSync, writeFileSync, chownSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import {
  type TestAccount,
  ThrowawayAccounts,
  linuxRootSkipReason,
  passwordMatches,
  shadowLine,
} from './support/linux-accounts.js';
import { linuxPlatform } from './support/linux-platform.js';

if (linuxRootSkipReason)
  console.warn(`skipped linux change-password tests: ${linuxRootSkipReason}`);

describe.skipIf(linuxRootSkipReason !== null)(
  'linux change-password (real PAM, throwaway accounts)',
  () => {
    const accounts = new ThrowawayAccounts();
    const notes: string[] = [];
    const platform = linuxPlatform((note) => notes.push(note));
    let user: TestAccount;
    let current = 'Initial-Pass-41x';

    beforeAll(() => {
      user = accounts.create(current);
    });
    afterAll(() => accounts.removeAll());

    const asUser = () => ({ runAs: { uid: user.uid, gid: user.gid } });

    it('changes the password through PAM, run as the user, so only the new one verifies', async () => {
      const next = 'Second-Pass-52y';
      await platform.changePassword(user.name, current, next, asUser());
      expect(passwordMatches(user.name, next)).toBe(true);
      expect(passwordMatches(user.name, current)).toBe(false);
      expect(shadowLine(user.name).split(':')[1]).toMatch(/^\$y\$/); // hashed by PAM (pam_unix yescrypt)
      current = next;
    });

    it('a wrong previous password changes nothing and says so', async () => {
      const before = shadowLine(user.name);
      const error = await platform
        .changePassword(user.name, 'Not-The-Password-1', 'Third-Pass-63z', asUser())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlatformError);
      expect(error).toMatchObject({ code: 'wrong-previous-password' });
      expect((error as Error).message).toContain('nothing was changed');
      expect(shadowLine(user.name)).toBe(before);
      expect(passwordMatches(user.name, current)).toBe(true);
    });

    it('a new password the OS policy refuses gets its own code, with the rule, and changes nothing', async () => {
      const before = shadowLine(user.name);
      const error = await platform
        .changePassword(user.name, current, 'abc', asUser())
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'policy-refused' });
      expect((error as PlatformError).rules.join(' ')).toMatch(/longer password/);
      expect(shadowLine(user.name)).toBe(before);
      expect(passwordMatches(user.name, current)).toBe(true);
    });

    it('refuses to run as root for someone else (root would skip the previous-password check)', async () => {
      const before = shadowLine(user.name);
      await expect(
        platform.changePassword(user.name, current, 'Fourth-Pass-74w'),
      ).rejects.toMatchObject({ code: 'not-permitted' });
      expect(shadowLine(user.name)).toBe(before);
    });

    it('reports when a login keyring exists but PAM has no keyring module to re-key it', async () => {
      const keyrings = path.join('/home', user.name, '.local/share/keyrings');
      mkdirSync(keyrings, { recursive: true });
      writeFileSync(path.join(keyrings, 'login.keyring'), 'not a real keyring');
      for (const dir of [
        '.local',
        '.local/share',
        '.local/share/keyrings',
        '.local/share/keyrings/login.keyring',
      ]) {
        chownSync(path.join('/home', user.name, dir), user.uid, user.gid);
      }
      notes.length = 0;
      const next = 'Fifth-Pass-85v';
      await platform.changePassword(user.name, current, next, asUser());
      current = next;
      expect(passwordMatches(user.name, next)).toBe(true);
      expect(notes).toEqual([
        expect.stringMatching(
          /login keyring not re-keyed \(pam_gnome_keyring is not in the password stack\)/,
        ),
      ]);
    });
  },
);
