/**
 * `AccountPlatform` over native-scripts/<os>/: one implementation for every OS; the host options
 * pick the interpreter and script paths (script-command.ts). Inputs are checked here first, so a
 * bad username or a password that cannot be sent line by line never reaches a script.
 */
import { checkDeviceUsername } from '../../src-shared/device-username.js';
import {
  type AccountInfo,
  type AccountPlatform,
  type ChangePasswordOptions,
  PlatformError,
} from './account-platform.js';
import { platformErrorFor } from './script-exit-codes.js';
import { type PlatformOs, type ScriptName, scriptCommand, scriptEnv } from './script-command.js';
import {
  AccountInfoOutput,
  ResetPasswordOutput,
  notesFrom,
  parseJsonLine,
} from './script-output.js';
import { type RunAs, type ScriptRunner, execFileRunner } from './script-runner.js';
import { safeFullName } from './full-name.js';

export interface ScriptAccountPlatformOptions {
  os: PlatformOs;
  scriptsRoot: string;
  runner?: ScriptRunner;
  /** Per-script time limit; end-sessions and change-password may wait on the OS. */
  timeoutMs?: number;
  /** Windows: %SystemRoot%. */
  systemRoot?: string;
  /** POSIX: replaces the fixed system PATH (tests put recording stubs first). */
  scriptPath?: string;
  /** The environment session variables are taken from (defaults to process.env). */
  parentEnv?: NodeJS.ProcessEnv;
  /** Receives what scripts report without failing (e.g. the keyring was not re-keyed). */
  onNote?: (note: string) => void;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class ScriptAccountPlatform implements AccountPlatform {
  readonly os: PlatformOs;
  private readonly runner: ScriptRunner;

  constructor(private readonly options: ScriptAccountPlatformOptions) {
    this.os = options.os;
    this.runner = options.runner ?? execFileRunner;
  }

  async accountInfo(username: string): Promise<AccountInfo> {
    const { stdout } = await this.run('account-info', username, []);
    return this.parsed(() => parseJsonLine(AccountInfoOutput, stdout, 'account-info'));
  }

  async createAccount(username: string, opts: { fullName: string; userId: string }): Promise<void> {
    await this.run('create-account', username, [
      opts.userId,
      safeFullName(opts.fullName, username),
    ]);
  }

  async markManaged(username: string, userId: string): Promise<void> {
    await this.run('mark-managed', username, [userId]);
  }

  async disableAccount(username: string): Promise<void> {
    await this.run('disable-account', username, []);
  }

  async enableAccount(username: string): Promise<void> {
    await this.run('enable-account', username, []);
  }

  async endSessions(username: string): Promise<void> {
    await this.run('end-sessions', username, []);
  }

  async setPasswordHash(username: string, cryptHash: string): Promise<void> {
    if (this.os !== 'linux') {
      throw new PlatformError(
        'not-supported',
        `Applying a password hash is a Linux-only mode; on ${this.os} the user applies the new password from the tray.`,
      );
    }
    await this.run('set-password-hash', username, [], {
      stdin: `${singleLine(cryptHash, 'the password hash')}\n`,
    });
  }

  async resetPassword(username: string, newPassword: string): Promise<{ lost: string }> {
    const stdin = `${singleLine(newPassword, 'the new password')}\n`;
    const { stdout } = await this.run('reset-password', username, [], { stdin });
    return this.parsed(() => parseJsonLine(ResetPasswordOutput, stdout, 'reset-password'));
  }

  async changePassword(
    username: string,
    previousPassword: string,
    newPassword: string,
    opts: ChangePasswordOptions = {},
  ): Promise<void> {
    const stdin = `${singleLine(previousPassword, 'the previous password')}\n${singleLine(newPassword, 'the new password')}\n`;
    if (opts.runAs !== undefined && this.os === 'windows') {
      throw new PlatformError(
        'not-supported',
        "runAs is for POSIX hosts; on Windows the tray runs change-password in the user's own session.",
      );
    }
    const { stdout } = await this.run('change-password', username, [], {
      stdin,
      runAs: opts.runAs,
    });
    for (const note of notesFrom(stdout)) this.options.onNote?.(note);
  }

  private async run(
    script: ScriptName,
    username: string,
    extraArgs: string[],
    io: { stdin?: string; runAs?: RunAs } = {},
  ) {
    const check = checkDeviceUsername(username);
    if (!check.ok)
      throw new PlatformError('invalid-input', `Not running ${script}: ${check.reason}.`);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const result = await this.runner({
      command: scriptCommand(this.options, script, [username, ...extraArgs]),
      env: scriptEnv(this.os, this.options.parentEnv ?? process.env, this.options.scriptPath),
      timeoutMs,
      ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
      ...(io.runAs !== undefined ? { runAs: io.runAs } : {}),
    });
    if (result.exitCode === 0 && !result.timedOut) return result;
    throw platformErrorFor({ script, username, timeoutMs, ...result });
  }

  private parsed<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      throw new PlatformError(
        'failed',
        `Lockstep could not read the script's answer: ${(error as Error).message}`,
      );
    }
  }
}

/** Scripts read one secret per line: a line break inside one cannot be sent, so it is refused here. */
function singleLine(secret: string, what: string): string {
  if (secret.length === 0) throw new PlatformError('invalid-input', `${what} is empty.`);
  if (/[\r\n\0]/.test(secret))
    throw new PlatformError(
      'invalid-input',
      `${what} contains a line break or NUL, which no OS accepts in a password.`,
    );
  if (secret.length > 1024)
    throw new PlatformError('invalid-input', `${what} is longer than 1024 characters.`);
  return secret;
}
