/**
 * Every outcome of a password submit, in the words the user reads, and which field gets focus.
 *
 * Messages come from fixed sentences plus the organization name and script messages written for
 * users (PlatformError, AgentApiError); never from anything that could hold a password.
 */
import { AgentApiError } from '../../src-shared/agent-api.js';
import type { VerifyResult } from '../../src-shared/agent-api.js';
import type { SubmitFailure, SubmitResult } from '../../src-shared/ipc-contract.js';
import { PlatformError } from '../platform/account-platform.js';
import type { AccountPlatform } from '../platform/account-platform.js';

type Field = SubmitFailure['field'];

export function failure(
  error: SubmitFailure['error'],
  message: string,
  field: Field,
  extra: { rules?: string[]; retryAfterSeconds?: number | null } = {},
): SubmitFailure {
  return {
    ok: false,
    error,
    message,
    field,
    rules: extra.rules ?? [],
    retryAfterSeconds: extra.retryAfterSeconds ?? null,
  };
}

export function success(organization: string, hint: string | null): SubmitResult {
  return { ok: true, message: `This device now uses your ${organization} password`, hint };
}

/** The advice a platform needs after its password changed (null when there is none). */
export function platformHint(os: AccountPlatform['os']): string | null {
  if (os === 'windows')
    return 'Lock this device and sign in once with the new password to refresh Windows Hello.';
  if (os === 'macos') {
    return 'FileVault now unlocks with the new password too. If another Mac of yours was off or offline, unlock it once with your previous password, then update it from Lockstep.';
  }
  return null;
}

export function verifyFailure(
  result: Extract<VerifyResult, { ok: false }>,
  organization: string,
): SubmitFailure {
  if (result.reason === 'throttled') {
    const wait = result.retryAfterSeconds ?? 60;
    return failure(
      'throttled',
      `Too many tries. Wait ${waitWords(wait)}, then try again.`,
      'newPassword',
      {
        retryAfterSeconds: wait,
      },
    );
  }
  if (result.reason === 'no-pending-change') {
    return failure('failed', 'There is no password change waiting for this device any more.', null);
  }
  const left = result.attemptsLeft;
  const tries =
    left === null
      ? ''
      : left === 0
        ? ' The next wrong try starts a short wait.'
        : ` ${left} ${left === 1 ? 'try' : 'tries'} left before a short wait.`;
  return failure(
    'new-password-mismatch',
    `That is not your current ${organization} password. Type the password you now use to sign in to ${organization}.${tries}`,
    'newPassword',
  );
}

export function platformFailure(error: unknown, previousField: Field): SubmitFailure {
  if (!(error instanceof PlatformError)) {
    return failure(
      'failed',
      'The password could not be changed. Your previous password still works.',
      null,
    );
  }
  switch (error.code) {
    case 'wrong-previous-password':
      return failure(
        'previous-password-wrong',
        'That is not the password this device still uses. Type the password you used to sign in to this device before the change.',
        previousField,
      );
    case 'policy-refused':
      return failure(
        'policy-refused',
        "This device's password rules refused the new password.",
        'newPassword',
        {
          rules: error.rules,
        },
      );
    default:
      return failure(
        'failed',
        `The password could not be changed: ${error.message} Your previous password still works.`,
        null,
      );
  }
}

export function agentFailure(error: unknown): SubmitFailure {
  if (error instanceof AgentApiError) {
    if (error.code === 'agent-unreachable' || error.code === 'directory-unreachable') {
      return failure('agent-unreachable', error.message, null);
    }
    if (error.code === 'refused-by-policy')
      return failure('refused-by-policy', error.message, null);
    return failure('failed', error.message, null);
  }
  return failure(
    'failed',
    'Lockstep could not finish this. Try again; if it keeps failing, contact your IT team.',
    null,
  );
}

function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
