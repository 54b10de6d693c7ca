import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { encrypt } from 'unixcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestAccount,
  ThrowawayAccounts,
  linuxRootSkipReason,
} from './support/linux-accounts.js';
import { linuxPlatform } from './support/linux-platform.js';

if (linuxRootSkipReason) console.warn(`skipped linux argv-secrecy tests: ${linuxRootSkipReason}`);

/** Every process's argv and environment, read from /proc while a script runs. */
function sweep(seen: Set<string>): string[] {
  const texts: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    for (const file of ['cmdline', 'environ']) {
      try {
        const text = readFileSync(`/proc/${pid}/${file}`, 'latin1').replaceAll('\0', ' ');
        texts.push(text);
        if (file === 'cmdline') seen.add(text.trim());
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
  return texts;
}

/** Runs `action` while sweeping /proc in a tight loop; returns every argv seen and any leak. */
async function watch(action: () => Promise<unknown>, secrets: string[]) {
  const seen = new Set<string>();
  const leaks: string[] = [];
  let done = false;
  const running = action().finally(() => {
    done = true;
  });
  while (!done) {
    for (const text of sweep(seen))
      for (const secret of secrets) if (text.includes(secret)) leaks.push(text);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await running;
  return { seen: [...seen], leaks };
}

describe.skipIf(linuxRootSkipReason !== null)(
  'linux: no secret in any argv or environment while scripts run',
  () => {
    const accounts = new ThrowawayAccounts();
    const platform = linuxPlatform();
    let user: TestAccount;
    const first = 'Argv-Secret-One-1a';

    beforeAll(() => {
      user = accounts.create(first);
    });
    afterAll(() => accounts.removeAll());

    it('the watcher itself catches a secret put in argv (control)', async () => {
      const marker = 'Control-Marker-0z';
      const { leaks } = await watch(
        () =>
          promisify(execFile)(process.execPath, ['-e', 'setTimeout(() => {}, 300)', marker]).catch(
            () => undefined,
          ),
        [marker],
      );
      expect(leaks.length).toBeGreaterThan(0);
    });

    it('change-password: passwd ran, and neither password showed up anywhere', async () => {
      const next = 'Argv-Secret-Two-2b';
      const { seen, leaks } = await watch(
        () =>
          platform.changePassword(user.name, first, next, {
            runAs: { uid: user.uid, gid: user.gid },
          }),
        [first, next],
      );
      expect(seen.some((argv) => argv.includes('change-password.sh'))).toBe(true);
      expect(seen).toContain('passwd');
      expect(leaks).toEqual([]);
    });

    it('reset-password and set-password-hash: neither the password nor the hash showed up anywhere', async () => {
      const reset = 'Argv-Secret-Three-3c';
      const hash = encrypt('Argv-Secret-Four-4d');
      const resetRun = await watch(() => platform.resetPassword(user.name, reset), [reset]);
      const hashRun = await watch(() => platform.setPasswordHash(user.name, hash), [hash]);
      expect(resetRun.seen.some((argv) => argv.includes('reset-password.sh'))).toBe(true);
      expect(hashRun.seen.some((argv) => argv.includes('set-password-hash.sh'))).toBe(true);
      expect([...resetRun.leaks, ...hashRun.leaks]).toEqual([]);
    });
  },
);
