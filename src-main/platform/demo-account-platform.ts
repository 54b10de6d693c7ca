/**
 * The `AccountPlatform` of `lockstep start`'s demo: local accounts live in one JSON file (0600) in
 * the data folder instead of the OS, so trying Lockstep never touches this machine's real accounts.
 *
 * It behaves as an OS does where the product's behaviour depends on it: passwords rest as SHA-512
 * crypt hashes, a wrong previous password is refused and changes nothing, a short new password is
 * refused with the rule, a disabled account refuses its password. The real path (native scripts on
 * a real account) is what `ScriptAccountPlatform` and the end-to-end suite prove.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encrypt, verify } from 'unixcrypt';
import { z } from 'zod';
import { writeFileDurably } from './durable-file.js';
import { PlatformError, type AccountInfo, type AccountPlatform } from './account-platform.js';

const DemoAccount = z
  .object({
    uid: z.number().int().min(1000),
    fullName: z.string().max(256),
    disabled: z.boolean(),
    managedFor: z.string().nullable(),
    passwordHash: z
      .string()
      .regex(/^\$(5|6)\$/)
      .nullable(),
    sessions: z.number().int().min(0),
  })
  .strict();
const DemoAccountsFile = z.object({ accounts: z.record(z.string(), DemoAccount) }).strict();
type DemoAccounts = z.infer<typeof DemoAccountsFile>;

/** The demo's stand-in for the OS password policy. */
export const DEMO_MIN_PASSWORD_LENGTH = 8;

export class DemoAccountPlatform implements AccountPlatform {
  readonly os = 'linux' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  accountInfo(username: string): Promise<AccountInfo> {
    return this.read((db) => {
      const a = db.accounts[username];
      return a
        ? { exists: true, uid: a.uid, disabled: a.disabled, managedFor: a.managedFor }
        : { exists: false, uid: null, disabled: false, managedFor: null };
    });
  }

  createAccount(username: string, opts: { fullName: string; userId: string }): Promise<void> {
    return this.write((db) => {
      const existing = db.accounts[username];
      if (existing && existing.managedFor !== opts.userId) {
        throw new PlatformError(
          'failed',
          `the account ${username} already exists and is not managed for this user`,
        );
      }
      if (existing) return;
      const uid = 1000 + Object.keys(db.accounts).length + 1;
      db.accounts[username] = {
        uid,
        fullName: opts.fullName,
        disabled: false,
        managedFor: opts.userId,
        passwordHash: null,
        sessions: 0,
      };
    });
  }

  markManaged(username: string, userId: string): Promise<void> {
    return this.update(username, (a) => {
      if (a.managedFor !== null && a.managedFor !== userId) {
        throw new PlatformError(
          'failed',
          `the account ${username} is managed for another Lockstep user`,
        );
      }
      a.managedFor = userId;
    });
  }

  disableAccount(username: string): Promise<void> {
    return this.update(username, (a) => void (a.disabled = true));
  }

  enableAccount(username: string): Promise<void> {
    return this.update(username, (a) => void (a.disabled = false));
  }

  endSessions(username: string): Promise<void> {
    return this.update(username, (a) => void (a.sessions = 0));
  }

  setPasswordHash(username: string, cryptHash: string): Promise<void> {
    if (!/^\$(5|6)\$/.test(cryptHash)) {
      return Promise.reject(
        new PlatformError('invalid-input', 'the demo accepts SHA-256/512 crypt hashes only'),
      );
    }
    return this.update(username, (a) => void (a.passwordHash = cryptHash));
  }

  async resetPassword(username: string, newPassword: string): Promise<{ lost: string }> {
    checkPolicy(newPassword);
    await this.update(username, (a) => void (a.passwordHash = encrypt(newPassword)));
    return {
      lost: 'Nothing on this demo account; on a real device, the saved keyring, keychain or credential-store items.',
    };
  }

  async changePassword(
    username: string,
    previousPassword: string,
    newPassword: string,
  ): Promise<void> {
    await this.update(username, (a) => {
      if (a.passwordHash === null || a.disabled || !verify(previousPassword, a.passwordHash)) {
        throw new PlatformError(
          'wrong-previous-password',
          'The previous password is not the one this device uses.',
        );
      }
      checkPolicy(newPassword);
      a.passwordHash = encrypt(newPassword);
    });
  }

  /** Does `password` open `username` (a sign-in check, for the demo guide and tests)? */
  checkPassword(username: string, password: string): Promise<boolean> {
    return this.read((db) => {
      const a = db.accounts[username];
      return (
        a !== undefined &&
        !a.disabled &&
        a.passwordHash !== null &&
        verify(password, a.passwordHash)
      );
    });
  }

  /** Creates `username` with a known password, as a machine set up before Lockstep would have it. */
  seed(username: string, fullName: string, password: string): Promise<void> {
    return this.write((db) => {
      if (db.accounts[username]) return;
      const uid = 1000 + Object.keys(db.accounts).length + 1;
      db.accounts[username] = {
        uid,
        fullName,
        disabled: false,
        managedFor: null,
        passwordHash: encrypt(password),
        sessions: 1,
      };
    });
  }

  private update(
    username: string,
    change: (a: z.infer<typeof DemoAccount>) => void,
  ): Promise<void> {
    return this.write((db) => {
      const a = db.accounts[username];
      if (!a)
        throw new PlatformError(
          'no-such-account',
          `there is no account named ${username} on this (demo) device`,
        );
      change(a);
    });
  }

  private read<T>(look: (db: DemoAccounts) => T): Promise<T> {
    return this.serial(async () => look(this.load()));
  }

  private write(change: (db: DemoAccounts) => void): Promise<void> {
    return this.serial(async () => {
      const db = this.load();
      change(db);
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFileDurably(this.file, `${JSON.stringify(db, null, 2)}\n`, { mode: 0o600 });
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private load(): DemoAccounts {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { accounts: {} };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = DemoAccountsFile.safeParse(json);
    if (!parsed.success) {
      throw new PlatformError(
        'failed',
        `${this.file} is not a Lockstep demo accounts file; delete it to start the demo afresh`,
      );
    }
    return parsed.data;
  }
}

function checkPolicy(password: string): void {
  if ([...password].length < DEMO_MIN_PASSWORD_LENGTH) {
    throw new PlatformError('policy-refused', 'This device refused the new password.', [
      `At least ${DEMO_MIN_PASSWORD_LENGTH} characters`,
    ]);
  }
}
