/**
 * The exit-code contract of every Linux script (native-scripts/README.md), run directly, without
 * the TypeScript layer's own checks in front.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type TestAccount,
  ThrowawayAccounts,
  linuxRootSkipReason,
} from './support/linux-accounts.js';
import { scriptsRoot } from './support/linux-platform.js';

if (linuxRootSkipReason)
  console.warn(`skipped linux script contract tests: ${linuxRootSkipReason}`);

const PRIVILEGED = [
  'account-info',
  'create-account',
  'disable-account',
  'enable-account',
  'end-sessions',
  'mark-managed',
  'reset-password',
  'set-password-hash',
];
const ALL = [...PRIVILEGED, 'change-password'];
const EXTRA_ARGS: Record<string, string[]> = {
  'create-account': ['u-1', 'Full Name'],
  'mark-managed': ['u-1'],
};

function script(name: string, args: string[], options: { stdin?: string; as?: TestAccount } = {}) {
  const result = spawnSync('/bin/bash', [path.join(scriptsRoot, 'linux', `${name}.sh`), ...args], {
    input: options.stdin ?? '',
    encoding: 'utf8',
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    ...(options.as ? { uid: options.as.uid, gid: options.as.gid } : {}),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(linuxRootSkipReason !== null)(
  'linux script contract: exit codes and messages',
  () => {
    const accounts = new ThrowawayAccounts();
    let person: TestAccount;

    beforeAll(() => {
      person = accounts.create('Contract-Pass-1');
    });
    afterAll(() => accounts.removeAll());

    it.each(ALL)('%s: 2 for a username outside the device rule, before anything runs', (name) => {
      for (const bad of ['1starts-with-digit', 'has space', 'x'.repeat(31), 'semi;colon', '']) {
        const result = script(name, [bad, ...(EXTRA_ARGS[name] ?? [])]);
        expect(result.code, `${name} "${bad}"`).toBe(2);
        expect(result.stderr).toMatch(/invalid username|usage:/);
      }
    });

    it.each(PRIVILEGED)('%s: 6 when not run as root', (name) => {
      const result = script(name, [person.name, ...(EXTRA_ARGS[name] ?? [])], {
        as: person,
        stdin: 'x\n',
      });
      expect(result.code).toBe(6);
      expect(result.stderr).toContain('must run as root');
    });

    it.each(PRIVILEGED.filter((n) => n !== 'account-info' && n !== 'create-account'))(
      '%s: 3 for no such account, 6 for a system account',
      (name) => {
        const missing = script(name, ['lsxnosuchuser0', ...(EXTRA_ARGS[name] ?? [])], {
          stdin: 'Some-Pass-1\n',
        });
        expect([missing.code, missing.stderr.trim()]).toEqual([
          3,
          'no local account named "lsxnosuchuser0"',
        ]);
        const system = script(name, ['daemon', ...(EXTRA_ARGS[name] ?? [])], {
          stdin: 'Some-Pass-1\n',
        });
        expect(system.code).toBe(6);
        expect(system.stderr).toContain('"daemon" is a system account');
      },
    );

    it('account-info: 0 with exists:false for no such account', () => {
      expect(script('account-info', ['lsxnosuchuser0'])).toEqual({
        code: 0,
        stdout: '{"exists":false,"uid":null,"disabled":false,"managedFor":null}\n',
        stderr: '',
      });
    });

    it('change-password: 2 without both lines on stdin, 3 for no such account, 6 when run as someone else', () => {
      expect(
        script('change-password', [person.name], { as: person, stdin: 'only-one-line\n' }),
      ).toMatchObject({ code: 2, stderr: 'expected the new password on stdin, one per line\n' });
      expect(script('change-password', [person.name], { as: person, stdin: '' })).toMatchObject({
        code: 2,
      });
      expect(script('change-password', ['lsxnosuchuser0'], { as: person })).toMatchObject({
        code: 3,
      });
      expect(script('change-password', [person.name], { stdin: 'a\nb\n' })).toMatchObject({
        code: 6,
        stderr: expect.stringContaining('must run as'),
      });
    });

    it('change-password: 5 when the new password equals the previous one', () => {
      const result = script('change-password', [person.name], {
        as: person,
        stdin: 'Contract-Pass-1\nContract-Pass-1\n',
      });
      expect(result).toMatchObject({
        code: 5,
        stderr: 'rule: the new password must differ from the previous one\n',
      });
    });

    it('reset-password and set-password-hash: 2 for empty stdin; set-password-hash 2 for an unsupported scheme', () => {
      expect(script('reset-password', [person.name], { stdin: '' })).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('expected the new password'),
      });
      expect(script('set-password-hash', [person.name], { stdin: '\n' })).toMatchObject({
        code: 2,
      });
      expect(
        script('set-password-hash', [person.name], {
          stdin: '$1$saltsalt$abcdefghijklmnopqrstuv\n',
        }),
      ).toMatchObject({ code: 2, stderr: expect.stringContaining('supported scheme') });
    });

    it('create-account: 2 for a bad user id or full name, 8 for an existing unmanaged account', () => {
      expect(script('create-account', ['lsxnosuchuser0', 'bad id!', 'Name'])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('invalid Lockstep user id'),
      });
      expect(script('create-account', ['lsxnosuchuser0', 'u-1', 'Doe, Jane'])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('invalid full name'),
      });
      expect(script('create-account', ['lsxnosuchuser0', 'u-1', '--help'])).toMatchObject({
        code: 2,
      });
      expect(script('create-account', ['lsxnosuchuser0', 'u-1'])).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('usage:'),
      });
      expect(script('create-account', [person.name, 'u-1', 'Name'])).toMatchObject({
        code: 8,
        stderr: expect.stringContaining('already exists'),
      });
    });

    it('mark-managed: 8 when the account is managed for another user', () => {
      expect(script('mark-managed', [person.name, 'u-first'])).toMatchObject({ code: 0 });
      expect(script('mark-managed', [person.name, 'u-second'])).toMatchObject({
        code: 8,
        stderr: expect.stringContaining('(u-first)'),
      });
    });
  },
);
