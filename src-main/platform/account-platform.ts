/**
 * `AccountPlatform`: the only way the agent and the tray touch OS accounts.
 *
 * One implementation per OS runs the scripts in native-scripts/<os>/ with execFile (argument
 * arrays, never a shell), a timeout, and secrets on stdin; exit codes become `PlatformError`s whose
 * messages a user or admin can act on.
 */
export interface AccountInfo {
  exists: boolean;
  uid: number | null;
  /** No login by password, key or token. */
  disabled: boolean;
  /** The Lockstep user id this account is managed for, or null when unmanaged. */
  managedFor: string | null;
}

/** Options for the user-level change; `runAs` lets a root process run it as that user (POSIX). */
export interface ChangePasswordOptions {
  runAs?: { uid: number; gid: number };
}

export interface AccountPlatform {
  readonly os: 'linux' | 'macos' | 'windows';
  accountInfo(username: string): Promise<AccountInfo>;
  /** New local account marked as managed for `userId`; no usable password until one is applied. */
  createAccount(username: string, opts: { fullName: string; userId: string }): Promise<void>;
  /** Marks an existing account as managed for `userId` (takeover). */
  markManaged(username: string, userId: string): Promise<void>;
  disableAccount(username: string): Promise<void>;
  enableAccount(username: string): Promise<void>;
  endSessions(username: string): Promise<void>;
  /** Linux silent mode: apply a crypt(3) hash. */
  setPasswordHash(username: string, cryptHash: string): Promise<void>;
  /** Privileged: set a password without the previous one; resolves to what the user loses. */
  resetPassword(username: string, newPassword: string): Promise<{ lost: string }>;
  /** User level, as that user: change with the previous password, re-keying keychain / keyring. */
  changePassword(
    username: string,
    previousPassword: string,
    newPassword: string,
    opts?: ChangePasswordOptions,
  ): Promise<void>;
}

export type PlatformErrorCode =
  | 'invalid-input'
  | 'no-such-account'
  | 'wrong-previous-password'
  | 'policy-refused'
  | 'not-permitted'
  | 'not-supported'
  | 'timeout'
  | 'failed';

export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    /** For `policy-refused`: the OS rules, in words, when the script could tell them. */
    readonly rules: string[] = [],
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}
