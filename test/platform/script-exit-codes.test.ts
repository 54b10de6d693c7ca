import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import {
  type ScriptFailure,
  platformErrorFor,
  reasonFrom,
  rulesFrom,
} from '../../src-main/platform/script-exit-codes.js';

const failure = (
  exitCode: number | null,
  stderr = '',
  extra: Partial<ScriptFailure> = {},
): ScriptFailure => ({
  script: 'change-password',
  username: 'jane.doe',
  exitCode,
  stderr,
  timedOut: false,
  timeoutMs: 60_000,
  ...extra,
});

describe('script exit codes → PlatformError', () => {
  it.each([
    [
      1,
      'failed',
      'change-password failed for "jane.doe" (exit 1): passwd: Authentication token manipulation error.',
    ],
    [
      2,
      'invalid-input',
      'change-password refused its input for "jane.doe": passwd: Authentication token manipulation error.',
    ],
    [3, 'no-such-account', 'There is no local account named "jane.doe" on this device.'],
    [
      4,
      'wrong-previous-password',
      'The previous password is not the one this device has for "jane.doe"; nothing was changed. Enter the password you last used to sign in to this device.',
    ],
    [
      6,
      'not-permitted',
      'change-password is not permitted for "jane.doe": passwd: Authentication token manipulation error.',
    ],
    [
      7,
      'not-supported',
      'change-password is not supported on this device: passwd: Authentication token manipulation error.',
    ],
    [
      8,
      'failed',
      'change-password for "jane.doe" conflicts with the account as it is: passwd: Authentication token manipulation error.',
    ],
    [
      99,
      'failed',
      'change-password failed for "jane.doe" (exit 99): passwd: Authentication token manipulation error.',
    ],
  ] as const)(
    'exit %i becomes %s with a message a person can act on',
    (exitCode, code, message) => {
      const error = platformErrorFor(
        failure(exitCode, 'passwd: Authentication token manipulation error\n'),
      );
      expect(error).toBeInstanceOf(PlatformError);
      expect([error.code, error.message]).toEqual([code, message]);
    },
  );

  it('exit 5 carries each OS rule, in the message and as data', () => {
    const error = platformErrorFor(
      failure(
        5,
        'rule: You must choose a longer password.\nrule: BAD PASSWORD: it is based on a dictionary word\n',
      ),
    );
    expect(error.code).toBe('policy-refused');
    expect(error.rules).toEqual([
      'You must choose a longer password.',
      'BAD PASSWORD: it is based on a dictionary word',
    ]);
    expect(error.message).toBe(
      "This device's password rules refused the new password; nothing was changed: You must choose a longer password.; BAD PASSWORD: it is based on a dictionary word",
    );
  });

  it('exit 5 without rules still says nothing changed', () => {
    expect(platformErrorFor(failure(5)).message).toBe(
      "This device's password rules refused the new password; nothing was changed.",
    );
  });

  it('a timeout and a missing interpreter are told apart from script failures', () => {
    expect(
      platformErrorFor(failure(null, '', { timedOut: true, timeoutMs: 30_000 })),
    ).toMatchObject({
      code: 'timeout',
      message:
        'change-password for "jane.doe" did not finish within 30 s and was stopped. Check the account\'s state before trying again.',
    });
    expect(platformErrorFor(failure(null, '', { spawnError: 'ENOENT (/bin/bash)' }))).toMatchObject(
      {
        code: 'failed',
        message: expect.stringContaining(
          'Could not start change-password for "jane.doe": ENOENT (/bin/bash)',
        ),
      },
    );
  });

  it('the reason is the last two stderr lines, bounded, without rule lines', () => {
    expect(reasonFrom('first\nrule: x\nsecond\nthird\n')).toBe('second third');
    expect(reasonFrom('x'.repeat(1000))).toHaveLength(301);
    expect(rulesFrom('rule: \nnot a rule\nrule: kept\n')).toEqual(['kept']);
  });
});
