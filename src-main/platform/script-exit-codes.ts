/**
 * The exit-code contract of native-scripts/ (the table in native-scripts/README.md), and how a
 * script's exit becomes a `PlatformError` a user or admin can act on.
 */
import { PlatformError, type PlatformErrorCode } from './account-platform.js';

export const SCRIPT_EXIT = {
  ok: 0,
  failed: 1,
  invalidInput: 2,
  noSuchAccount: 3,
  wrongPreviousPassword: 4,
  policyRefused: 5,
  notPermitted: 6,
  notSupported: 7,
  conflict: 8,
} as const;

export interface ScriptFailure {
  script: string;
  username: string;
  exitCode: number | null;
  stderr: string;
  timedOut: boolean;
  timeoutMs: number;
  /** Set when the interpreter could not be started at all (ENOENT, EACCES…). */
  spawnError?: string;
}

const RULE_PREFIX = 'rule: ';
const MAX_REASON_CHARS = 300;

/** "rule: …" lines: the OS password rules the new password broke. */
export function rulesFrom(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith(RULE_PREFIX))
    .map((line) => line.slice(RULE_PREFIX.length).trim())
    .filter((rule) => rule.length > 0);
}

/** The script's own one-line reason: the last non-rule stderr lines, bounded. */
export function reasonFrom(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith(RULE_PREFIX));
  const reason = lines.slice(-2).join(' ');
  return reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason;
}

export function platformErrorFor(failure: ScriptFailure): PlatformError {
  const { script, username, exitCode, stderr } = failure;
  const who = JSON.stringify(username);
  const reason = reasonFrom(stderr);
  const error = (code: PlatformErrorCode, message: string, rules: string[] = []) =>
    new PlatformError(code, message, rules);

  if (failure.spawnError !== undefined) {
    return error(
      'failed',
      `Could not start ${script} for ${who}: ${failure.spawnError}. Reinstall Lockstep or check that the script interpreter exists.`,
    );
  }
  if (failure.timedOut) {
    return error(
      'timeout',
      `${script} for ${who} did not finish within ${Math.round(failure.timeoutMs / 1000)} s and was stopped. Check the account's state before trying again.`,
    );
  }
  switch (exitCode) {
    case SCRIPT_EXIT.invalidInput:
      return error(
        'invalid-input',
        `${script} refused its input for ${who}: ${reason || 'no reason given'}.`,
      );
    case SCRIPT_EXIT.noSuchAccount:
      return error('no-such-account', `There is no local account named ${who} on this device.`);
    case SCRIPT_EXIT.wrongPreviousPassword:
      return error(
        'wrong-previous-password',
        `The previous password is not the one this device has for ${who}; nothing was changed. Enter the password you last used to sign in to this device.`,
      );
    case SCRIPT_EXIT.policyRefused: {
      const rules = rulesFrom(stderr);
      const detail = rules.length > 0 ? `: ${rules.join('; ')}` : '.';
      return error(
        'policy-refused',
        `This device's password rules refused the new password; nothing was changed${detail}`,
        rules,
      );
    }
    case SCRIPT_EXIT.notPermitted:
      return error(
        'not-permitted',
        `${script} is not permitted for ${who}: ${reason || 'the OS refused'}.`,
      );
    case SCRIPT_EXIT.notSupported:
      return error(
        'not-supported',
        `${script} is not supported on this device: ${reason || 'no reason given'}.`,
      );
    case SCRIPT_EXIT.conflict:
      return error(
        'failed',
        `${script} for ${who} conflicts with the account as it is: ${reason || 'no reason given'}.`,
      );
    default:
      return error(
        'failed',
        `${script} failed for ${who} (exit ${exitCode ?? 'by signal'}): ${reason || 'no reason given'}.`,
      );
  }
}
