/**
 * What the platform layer would execute on each OS: interpreter, script path, argv, stdin, env.
 * A recording runner stands in for execFile so the Windows and macOS plans are checked here.
 */
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import type { PlatformOs } from '../../src-main/platform/script-command.js';
import { ScriptAccountPlatform } from '../../src-main/platform/script-account-platform.js';
import type { ScriptResult, ScriptRun } from '../../src-main/platform/script-runner.js';

const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const PS_ARGS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File'];

function recorder(os: PlatformOs, answer: Partial<ScriptResult> = {}) {
  const runs: ScriptRun[] = [];
  const scriptsRoot =
    os === 'windows'
      ? 'C:\\Program Files\\Lockstep\\resources\\native-scripts'
      : '/opt/lockstep/native-scripts';
  const platform = new ScriptAccountPlatform({
    os,
    scriptsRoot,
    systemRoot: 'C:\\Windows',
    parentEnv: {
      XDG_RUNTIME_DIR: '/run/user/1000',
      SECRET_TOKEN: 'must-not-pass',
      SystemRoot: 'C:\\Windows',
    },
    runner: async (run) => {
      runs.push(run);
      return { exitCode: 0, stdout: '', stderr: '', timedOut: false, ...answer };
    },
  });
  return { platform, runs };
}

describe('Windows command plans', () => {
  const script = (name: string) =>
    `C:\\Program Files\\Lockstep\\resources\\native-scripts\\windows\\${name}.ps1`;

  it('change-password: powershell.exe by full path, -File, username only in argv, both passwords on stdin', async () => {
    const { platform, runs } = recorder('windows');
    await platform.changePassword('jane.doe', 'Old pass 1', 'New pass 2');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      command: { file: PS, args: [...PS_ARGS, script('change-password'), 'jane.doe'] },
      stdin: 'Old pass 1\nNew pass 2\n',
    });
    expect(runs[0]?.runAs).toBeUndefined();
  });

  it('the privileged scripts: one plan each', async () => {
    const { platform, runs } = recorder('windows');
    await platform.disableAccount('jane.doe');
    await platform.enableAccount('jane.doe');
    await platform.endSessions('jane.doe');
    await platform.markManaged('jane.doe', 'u-1');
    await platform.createAccount('jane.doe', { fullName: 'Doe, Jane', userId: 'u-1' });
    expect(
      runs.map((r) => [r.command.file, r.command.args.slice(PS_ARGS.length), r.stdin]),
    ).toEqual([
      [PS, [script('disable-account'), 'jane.doe'], undefined],
      [PS, [script('enable-account'), 'jane.doe'], undefined],
      [PS, [script('end-sessions'), 'jane.doe'], undefined],
      [PS, [script('mark-managed'), 'jane.doe', 'u-1'], undefined],
      [PS, [script('create-account'), 'jane.doe', 'u-1', 'Doe Jane'], undefined],
    ]);
  });

  it('reset-password: the new password only on stdin, and the answer says what is lost', async () => {
    const lost =
      'Secrets Windows protects with the previous password … can no longer be decrypted.';
    const { platform, runs } = recorder('windows', { stdout: `${JSON.stringify({ lost })}\r\n` });
    expect(await platform.resetPassword('jane.doe', 'Brand-new-3')).toEqual({ lost });
    expect(runs[0]?.stdin).toBe('Brand-new-3\n');
    expect(runs[0]?.command.args.join(' ')).not.toContain('Brand-new-3');
  });

  it('account-info: parses the JSON line; anything else is a clear failure', async () => {
    const good = recorder('windows', {
      stdout: '{"exists":true,"uid":1001,"disabled":false,"managedFor":"u-1"}\r\n',
    });
    expect(await good.platform.accountInfo('jane.doe')).toEqual({
      exists: true,
      uid: 1001,
      disabled: false,
      managedFor: 'u-1',
    });
    const bad = recorder('windows', { stdout: '{"exists":"yes"}' });
    await expect(bad.platform.accountInfo('jane.doe')).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringContaining('unexpected JSON'),
    });
  });

  it('the environment is passed through on Windows (PowerShell needs it); set-password-hash and runAs are refused', async () => {
    const { platform, runs } = recorder('windows');
    await platform.disableAccount('jane.doe');
    expect(runs[0]?.env.SystemRoot).toBe('C:\\Windows');
    await expect(platform.setPasswordHash('jane.doe', '$6$x$y')).rejects.toMatchObject({
      code: 'not-supported',
    });
    await expect(
      platform.changePassword('jane.doe', 'a', 'b', { runAs: { uid: 1, gid: 1 } }),
    ).rejects.toMatchObject({ code: 'not-supported' });
    expect(runs).toHaveLength(1);
  });
});

describe('macOS and Linux command plans', () => {
  it.each(['macos', 'linux'] as const)(
    '%s: /bin/bash --noprofile --norc <script>.sh, a fixed PATH, only session variables passed on',
    async (os) => {
      const { platform, runs } = recorder(os);
      await platform.changePassword('jane.doe', 'Old-1', 'New-2', {
        runAs: { uid: 1000, gid: 1000 },
      });
      expect(runs[0]).toMatchObject({
        command: {
          file: '/bin/bash',
          args: [
            '--noprofile',
            '--norc',
            `/opt/lockstep/native-scripts/${os}/change-password.sh`,
            'jane.doe',
          ],
        },
        stdin: 'Old-1\nNew-2\n',
        runAs: { uid: 1000, gid: 1000 },
        env: {
          PATH: os === 'linux' ? '/usr/sbin:/usr/bin:/sbin:/bin' : '/usr/bin:/bin:/usr/sbin:/sbin',
          LC_ALL: 'C',
          LANG: 'C',
          XDG_RUNTIME_DIR: '/run/user/1000',
        },
      });
      expect(Object.keys(runs[0]?.env ?? {})).not.toContain('SECRET_TOKEN');
    },
  );

  it('linux set-password-hash: the hash on stdin', async () => {
    const { platform, runs } = recorder('linux');
    await platform.setPasswordHash('jane.doe', '$y$j9T$salt$hash');
    expect(runs[0]).toMatchObject({
      command: {
        args: [
          '--noprofile',
          '--norc',
          '/opt/lockstep/native-scripts/linux/set-password-hash.sh',
          'jane.doe',
        ],
      },
      stdin: '$y$j9T$salt$hash\n',
    });
  });
});

describe('inputs refused before any script runs', () => {
  it.each([
    ['a username outside the device rule', (p: ScriptAccountPlatform) => p.disableAccount('1jane')],
    [
      'a username with shell metacharacters',
      (p: ScriptAccountPlatform) => p.accountInfo('jane;rm -rf /'),
    ],
    [
      'a password with a line break (it would become two lines on stdin)',
      (p: ScriptAccountPlatform) => p.changePassword('jane', 'old\nnew', 'x'),
    ],
    ['an empty new password', (p: ScriptAccountPlatform) => p.resetPassword('jane', '')],
    ['a secret with a NUL', (p: ScriptAccountPlatform) => p.setPasswordHash('jane', '$6$a\0b')],
  ])('%s', async (_what, call) => {
    const { platform, runs } = recorder('linux');
    const error = await call(platform).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe('invalid-input');
    expect(runs).toEqual([]);
  });

  it('the username message names the broken rule', async () => {
    const { platform } = recorder('linux');
    await expect(platform.disableAccount('1jane')).rejects.toThrow(
      'Not running disable-account: device username "1jane" must start with a letter.',
    );
  });
});
