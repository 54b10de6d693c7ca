/**
 * An `AccountPlatform` that changes nothing on the machine: accounts live in memory and every call
 * is recorded. For `lockstep agent run --platform fake` (trying the agent against a directory
 * without touching real accounts) and for tests. Secrets are never recorded, only that a call happened.
 */
import { PlatformError, type AccountInfo, type AccountPlatform } from './account-platform.js';

export interface MemoryAccount {
  uid: number;
  fullName: string;
  disabled: boolean;
  managedFor: string | null;
  /** Open login sessions (ended by endSessions). */
  sessions: number;
  /** Stand-in for the OS password: which hash / version was set last. Never a plaintext. */
  passwordSetBy: 'none' | 'hash' | 'reset' | 'change';
}

export interface RecordedCall {
  method: Exclude<keyof AccountPlatform, 'os'>;
  username: string;
}

export class MemoryPlatform implements AccountPlatform {
  readonly accounts = new Map<string, MemoryAccount>();
  readonly calls: RecordedCall[] = [];
  private nextUid = 1001;

  constructor(
    readonly os: 'linux' | 'macos' | 'windows' = 'linux',
    private readonly onCall?: (call: RecordedCall) => void,
  ) {}

  /** Seeds an existing local account (for takeover scenarios). */
  addAccount(username: string, init: Partial<MemoryAccount> = {}): MemoryAccount {
    const account: MemoryAccount = {
      uid: this.nextUid++,
      fullName: username,
      disabled: false,
      managedFor: null,
      sessions: 0,
      passwordSetBy: 'none',
      ...init,
    };
    this.accounts.set(username, account);
    return account;
  }

  private record(method: RecordedCall['method'], username: string): void {
    const call = { method, username };
    this.calls.push(call);
    this.onCall?.(call);
  }

  private existing(username: string): MemoryAccount {
    const account = this.accounts.get(username);
    if (!account)
      throw new PlatformError('no-such-account', `there is no local account named "${username}"`);
    return account;
  }

  async accountInfo(username: string): Promise<AccountInfo> {
    this.record('accountInfo', username);
    const a = this.accounts.get(username);
    return a
      ? { exists: true, uid: a.uid, disabled: a.disabled, managedFor: a.managedFor }
      : { exists: false, uid: null, disabled: false, managedFor: null };
  }

  async createAccount(username: string, opts: { fullName: string; userId: string }): Promise<void> {
    this.record('createAccount', username);
    if (this.accounts.has(username))
      throw new PlatformError(
        'invalid-input',
        `a local account named "${username}" already exists`,
      );
    this.addAccount(username, { fullName: opts.fullName, managedFor: opts.userId });
  }

  async markManaged(username: string, userId: string): Promise<void> {
    this.record('markManaged', username);
    this.existing(username).managedFor = userId;
  }

  async disableAccount(username: string): Promise<void> {
    this.record('disableAccount', username);
    this.existing(username).disabled = true;
  }

  async enableAccount(username: string): Promise<void> {
    this.record('enableAccount', username);
    this.existing(username).disabled = false;
  }

  async endSessions(username: string): Promise<void> {
    this.record('endSessions', username);
    this.existing(username).sessions = 0;
  }

  async setPasswordHash(username: string): Promise<void> {
    this.record('setPasswordHash', username);
    this.existing(username).passwordSetBy = 'hash';
  }

  async resetPassword(username: string): Promise<{ lost: string }> {
    this.record('resetPassword', username);
    this.existing(username).passwordSetBy = 'reset';
    return { lost: 'nothing (in-memory test platform)' };
  }

  async changePassword(username: string): Promise<void> {
    this.record('changePassword', username);
    this.existing(username).passwordSetBy = 'change';
  }
}
