/**
 * The macOS scripts, run on Linux against recording stubs of the macOS tools: the exact calls each
 * script makes, its exit codes through the platform layer, and that no secret reaches any argv.
 * The stubs cannot say whether macOS itself behaves as assumed; see native-scripts/README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import { ScriptAccountPlatform } from '../../src-main/platform/script-account-platform.js';
import { execFileRunner } from '../../src-main/platform/script-runner.js';
import { RecordingStubs, type StubRule } from './support/recording-stubs.js';
import { scriptsRoot } from './support/linux-platform.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'the privileged macOS scripts check for root (uid 0) before calling any tool'
    : null;
if (skipReason) console.warn(`skipped macOS stubbed-script tests: ${skipReason}`);

const js = (name: string) => path.join(scriptsRoot, 'macos', 'lib', name);
const exists = (user: string, uid: number): StubRule => ({
  tool: 'dscl',
  args: ['.', '-read', `/Users/${user}`, 'UniqueID'],
  stdout: `UniqueID: ${uid}\n`,
});
const missing = (user: string): StubRule => ({
  tool: 'dscl',
  args: ['.', '-read', `/Users/${user}`],
  stderr: 'DS Error: -14136 (eDSRecordNotFound)\n',
  exit: 56,
});
const readUid = (user: string) => ({
  tool: 'dscl',
  argv: ['.', '-read', `/Users/${user}`, 'UniqueID'],
});

describe.skipIf(skipReason !== null)('macOS scripts against recording stubs', () => {
  const stubs = new RecordingStubs();
  const notes: string[] = [];
  const platform = new ScriptAccountPlatform({
    os: 'macos',
    scriptsRoot,
    scriptPath: stubs.path,
    onNote: (note) => notes.push(note),
    runner: (run) =>
      execFileRunner({ ...run, env: { ...run.env, LOCKSTEP_TEST_ROOT: stubs.root } }),
  });
  const calls = () => stubs.calls().map(({ tool, argv }) => ({ tool, argv }));
  const markerPath = (user: string) =>
    path.join(stubs.root, 'Library/Application Support/Lockstep/managed', user);

  beforeEach(() => {
    notes.length = 0;
  });
  afterAll(() => stubs.remove());

  it('account-info reads the uid and the DisabledUser flag from OpenDirectory', async () => {
    stubs.setRules([
      exists('alice', 502),
      {
        tool: 'dscl',
        args: ['.', '-read', '/Users/alice', 'AuthenticationAuthority'],
        stdout:
          'AuthenticationAuthority: ;ShadowHash;HASHLIST:<SALTED-SHA512-PBKDF2> ;DisabledUser;\n',
      },
    ]);
    expect(await platform.accountInfo('alice')).toEqual({
      exists: true,
      uid: 502,
      disabled: true,
      managedFor: null,
    });
    expect(calls()).toEqual([
      readUid('alice'),
      { tool: 'dscl', argv: ['.', '-read', '/Users/alice', 'AuthenticationAuthority'] },
    ]);

    stubs.setRules([missing('nobody1')]);
    expect(await platform.accountInfo('nobody1')).toEqual({
      exists: false,
      uid: null,
      disabled: false,
      managedFor: null,
    });
  });

  it('disable-account and enable-account call pwpolicy once each, and refuse macOS accounts below 501', async () => {
    stubs.setRules([exists('alice', 502)]);
    await platform.disableAccount('alice');
    await platform.enableAccount('alice');
    expect(calls()).toEqual([
      readUid('alice'),
      { tool: 'pwpolicy', argv: ['-u', 'alice', 'disableuser'] },
      readUid('alice'),
      { tool: 'pwpolicy', argv: ['-u', 'alice', 'enableuser'] },
    ]);

    stubs.setRules([exists('daemonx', 1)]);
    await expect(platform.disableAccount('daemonx')).rejects.toMatchObject({
      code: 'not-permitted',
    });
    expect(calls().map((c) => c.tool)).toEqual(['dscl']);
    stubs.setRules([missing('ghost')]);
    await expect(platform.enableAccount('ghost')).rejects.toMatchObject({
      code: 'no-such-account',
    });
  });

  it('end-sessions boots out both launchd domains, then kills by real and effective uid', async () => {
    stubs.setRules([exists('alice', 502)]);
    await platform.endSessions('alice');
    expect(calls()).toEqual([
      readUid('alice'),
      { tool: 'launchctl', argv: ['bootout', 'gui/502'] },
      { tool: 'launchctl', argv: ['bootout', 'user/502'] },
      { tool: 'pkill', argv: ['-KILL', '-U', '502'] },
      { tool: 'pkill', argv: ['-KILL', '-u', '502'] },
      { tool: 'pgrep', argv: ['-U', '502'] },
      { tool: 'pgrep', argv: ['-u', '502'] },
    ]);
  });

  it('end-sessions does not wait for zombies', async () => {
    stubs.setRules([
      exists('alice', 502),
      { tool: 'pgrep', args: [], stdout: '4242\n' },
      { tool: 'ps', args: ['-o', 'stat=', '-p', '4242'], stdout: 'Z\n' },
    ]);
    await platform.endSessions('alice');
    expect(calls().filter((c) => c.tool === 'ps')).toEqual([
      { tool: 'ps', argv: ['-o', 'stat=', '-p', '4242'] },
    ]);
  });

  it('create-account makes the record with dscl (next free uid, no password) and writes the marker', async () => {
    stubs.setRules([
      missing('bob'),
      {
        tool: 'dscl',
        args: ['.', '-list', '/Users', 'UniqueID'],
        stdout: 'root 0\n_www 70\nalice 501\ncarol 503\n',
      },
    ]);
    await platform.createAccount('bob', { fullName: 'Bob Example', userId: 'u-bob' });
    const record = '/Users/bob';
    expect(calls()).toEqual([
      readUid('bob'),
      { tool: 'dscl', argv: ['.', '-list', '/Users', 'UniqueID'] },
      { tool: 'dscl', argv: ['.', '-create', record] },
      { tool: 'dscl', argv: ['.', '-create', record, 'UniqueID', '504'] },
      { tool: 'dscl', argv: ['.', '-create', record, 'PrimaryGroupID', '20'] },
      { tool: 'dscl', argv: ['.', '-create', record, 'RealName', 'Bob Example'] },
      { tool: 'dscl', argv: ['.', '-create', record, 'UserShell', '/bin/zsh'] },
      { tool: 'dscl', argv: ['.', '-create', record, 'NFSHomeDirectory', record] },
      { tool: 'createhomedir', argv: ['-c', '-u', 'bob'] },
    ]);
    expect(readFileSync(markerPath('bob'), 'utf8')).toBe('userId=u-bob\nuid=504\n');
  });

  it('create-account deletes the half-made record when a step fails', async () => {
    stubs.setRules([
      missing('dave'),
      { tool: 'dscl', args: ['.', '-list'], stdout: 'alice 501\n' },
      { tool: 'createhomedir', args: [], exit: 1 },
    ]);
    const error = await platform
      .createAccount('dave', { fullName: 'Dave', userId: 'u-dave' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'failed',
      message: expect.stringContaining('nothing was left behind'),
    });
    expect(calls().at(-1)).toEqual({ tool: 'dscl', argv: ['.', '-delete', '/Users/dave'] });
    expect(existsSync(markerPath('dave'))).toBe(false);
  });

  it('mark-managed writes the marker once and refuses another Lockstep user', async () => {
    stubs.setRules([exists('erin', 505)]);
    await platform.markManaged('erin', 'u-erin');
    expect(await platform.accountInfo('erin')).toMatchObject({ managedFor: 'u-erin' });
    await expect(platform.markManaged('erin', 'u-other')).rejects.toMatchObject({
      message: expect.stringContaining('already managed for another Lockstep user (u-erin)'),
    });
  });

  it('change-password runs as the user, hands both passwords to osascript on stdin and nowhere else', async () => {
    const previous = 'Mac-Previous-1!';
    const next = 'Mac-Next-2@';
    stubs.setRules([
      exists('alice', 501),
      { tool: 'osascript', args: [], stdout: 'note: login keychain re-keyed\n' },
    ]);
    await platform.changePassword('alice', previous, next, { runAs: { uid: 501, gid: 20 } });
    expect(stubs.calls()).toEqual([
      { ...readUid('alice'), stdinLines: null },
      {
        tool: 'osascript',
        argv: ['-l', 'JavaScript', js('change-password.js'), 'alice'],
        stdinLines: 2,
      },
    ]);
    expect(notes).toEqual(['login keychain re-keyed']);
    expect(stubs.rawLog()).not.toContain(previous);
    expect(stubs.rawLog()).not.toContain(next);
  });

  it('change-password maps the JXA exit codes: 4 wrong previous, 5 policy with its rules', async () => {
    stubs.setRules([
      exists('alice', 501),
      {
        tool: 'osascript',
        args: [],
        stderr: 'the previous password is not correct; nothing was changed\n',
        exit: 4,
      },
    ]);
    await expect(
      platform.changePassword('alice', 'a-1', 'b-2', { runAs: { uid: 501, gid: 20 } }),
    ).rejects.toMatchObject({ code: 'wrong-previous-password' });
    stubs.setRules([
      exists('alice', 501),
      {
        tool: 'osascript',
        args: [],
        stderr: 'rule: Password must be at least 8 characters\n',
        exit: 5,
      },
    ]);
    const error = (await platform
      .changePassword('alice', 'a-1', 'b-2', { runAs: { uid: 501, gid: 20 } })
      .catch((e: unknown) => e)) as PlatformError;
    expect([error.code, error.rules]).toEqual([
      'policy-refused',
      ['Password must be at least 8 characters'],
    ]);
    stubs.setRules([exists('alice', 502)]);
    await expect(
      platform.changePassword('alice', 'a-1', 'b-2', { runAs: { uid: 501, gid: 20 } }),
    ).rejects.toMatchObject({ code: 'not-permitted' });
    expect(stubs.calls().map((c) => c.tool)).toEqual(['dscl']);
  });

  it('reset-password sets it through osascript (stdin), and says what is lost, FileVault included when it applies', async () => {
    const secret = 'Mac-Reset-3#';
    stubs.setRules([
      exists('alice', 502),
      { tool: 'fdesetup', args: ['isactive'], stdout: 'true\n' },
      {
        tool: 'sysadminctl',
        args: ['-secureTokenStatus'],
        stderr: 'Secure token is ENABLED for user alice\n',
      },
    ]);
    const withToken = await platform.resetPassword('alice', secret);
    expect(stubs.calls()).toEqual([
      { ...readUid('alice'), stdinLines: null },
      {
        tool: 'osascript',
        argv: ['-l', 'JavaScript', js('reset-password.js'), 'alice'],
        stdinLines: 1,
      },
      { tool: 'fdesetup', argv: ['isactive'], stdinLines: null },
      { tool: 'sysadminctl', argv: ['-secureTokenStatus', 'alice'], stdinLines: null },
    ]);
    expect(withToken.lost).toMatch(
      /^A new login keychain is made at the next login.*FileVault may still ask for the previous password/,
    );
    expect(stubs.rawLog()).not.toContain(secret);

    stubs.setRules([
      exists('alice', 502),
      { tool: 'fdesetup', args: ['isactive'], stdout: 'false\n' },
    ]);
    expect((await platform.resetPassword('alice', secret)).lost).not.toContain('FileVault');
  });

  it('set-password-hash is Linux-only and runs nothing on macOS', async () => {
    stubs.setRules([]);
    await expect(platform.setPasswordHash('alice', '$6$salt$hash')).rejects.toMatchObject({
      code: 'not-supported',
    });
    expect(stubs.calls()).toEqual([]);
  });
});
