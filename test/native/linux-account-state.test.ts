import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestAccount,
  ThrowawayAccounts,
  linuxRootSkipReason,
  passwordLoginWorks,
  passwordMatches,
  shadowLine,
} from './support/linux-accounts.js';
import { linuxPlatform } from './support/linux-platform.js';

if (linuxRootSkipReason) console.warn(`skipped linux account-state tests: ${linuxRootSkipReason}`);

/** Pids still running as `uid` (zombies are dead and only wait for their parent to reap them). */
function processesOf(uid: number): string {
  const pids = spawnSync('pgrep', ['-U', String(uid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
  return pids
    .filter((pid) => {
      const stat = spawnSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }).stdout;
      return stat !== '' && stat.split(' ')[2] !== 'Z';
    })
    .join(' ');
}

describe.skipIf(linuxRootSkipReason !== null)(
  'linux disable / enable / end-sessions / account-info (real)',
  () => {
    const accounts = new ThrowawayAccounts();
    const platform = linuxPlatform();
    const password = 'State-Pass-93k';
    let user: TestAccount;
    let asker: TestAccount;

    beforeAll(() => {
      user = accounts.create(password);
      asker = accounts.create();
    });
    afterAll(() => accounts.removeAll());

    it('disable-account blocks password login, keeps the account and its data, and repeats harmlessly', async () => {
      expect(passwordLoginWorks(asker, user.name, password)).toBe(true);
      const before = shadowLine(user.name);
      await platform.disableAccount(user.name);
      await platform.disableAccount(user.name);
      expect(passwordLoginWorks(asker, user.name, password)).toBe(false);
      const fields = shadowLine(user.name).split(':');
      expect(fields[1]).toBe(`!${before.split(':')[1]}`); // password locked, hash kept
      expect(fields[7]).toBe('1'); // expired: PAM's account stage refuses keys and tokens too
      expect(await platform.accountInfo(user.name)).toEqual({
        exists: true,
        uid: user.uid,
        disabled: true,
        managedFor: null,
      });

      await platform.enableAccount(user.name);
      expect(shadowLine(user.name)).toBe(before);
      expect(passwordLoginWorks(asker, user.name, password)).toBe(true);
      expect((await platform.accountInfo(user.name)).disabled).toBe(false);
      await platform.enableAccount(user.name); // enabling an enabled account succeeds
      expect(shadowLine(user.name)).toBe(before);
    });

    it('enable-account restores exactly what it found: a password locked before stays locked', async () => {
      spawnSync('usermod', ['-L', '-e', '2999-01-01', asker.name]);
      const before = shadowLine(asker.name);
      await platform.disableAccount(asker.name);
      await platform.enableAccount(asker.name);
      expect(shadowLine(asker.name)).toBe(before);
      spawnSync('usermod', ['-e', '', asker.name]);
    });

    it('a password reset while disabled stays locked until enable-account', async () => {
      await platform.disableAccount(user.name);
      await platform.resetPassword(user.name, 'While-Disabled-7p');
      expect(passwordMatches(user.name, 'While-Disabled-7p')).toBe(false);
      await platform.enableAccount(user.name);
      expect(passwordLoginWorks(asker, user.name, 'While-Disabled-7p')).toBe(true);
    });

    it('end-sessions ends every process of the user, detached ones included', async () => {
      const ids = { uid: user.uid, gid: user.gid };
      const sleeper = spawn('sleep', ['300'], { ...ids, stdio: 'ignore' });
      const detached = spawn('setsid', ['bash', '-c', 'sleep 300 & sleep 300'], {
        ...ids,
        stdio: 'ignore',
        detached: true,
      });
      const exited = Promise.all(
        [sleeper, detached].map((child) => new Promise((resolve) => child.once('exit', resolve))),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(processesOf(user.uid)).not.toBe('');

      await platform.endSessions(user.name);
      expect(processesOf(user.uid)).toBe('');
      await exited;
      await platform.endSessions(user.name); // nothing left: still succeeds
    });

    it('account-info reports missing accounts, and mark-managed sets the takeover marker once', async () => {
      expect(await platform.accountInfo('lsxnosuchuser0')).toEqual({
        exists: false,
        uid: null,
        disabled: false,
        managedFor: null,
      });
      await platform.markManaged(user.name, 'user-123');
      await platform.markManaged(user.name, 'user-123');
      expect((await platform.accountInfo(user.name)).managedFor).toBe('user-123');
      await expect(platform.markManaged(user.name, 'user-456')).rejects.toMatchObject({
        code: 'failed',
        message: expect.stringContaining('already managed for another Lockstep user (user-123)'),
      });
    });

    it('refuses root and system accounts', async () => {
      await expect(platform.disableAccount('root')).rejects.toMatchObject({
        code: 'not-permitted',
        message: expect.stringContaining('system account'),
      });
      await expect(platform.endSessions('daemon')).rejects.toMatchObject({ code: 'not-permitted' });
    });
  },
);
