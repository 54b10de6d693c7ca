/** The execFile runner itself, with small real scripts. */
import { describe, expect, it } from 'vitest';
import { execFileRunner } from '../../src-main/platform/script-runner.js';

const bash = (
  script: string,
  extra: { stdin?: string; timeoutMs?: number; runAs?: { uid: number; gid: number } } = {},
) =>
  execFileRunner({
    command: { file: '/bin/bash', args: ['--norc', '-c', script] },
    env: { PATH: '/usr/bin:/bin' },
    timeoutMs: extra.timeoutMs ?? 10_000,
    ...extra,
  });

describe('execFileRunner', () => {
  it('delivers stdin and closes it, returns stdout, stderr and the exit code', async () => {
    const result = await bash(
      'IFS= read -r a; IFS= read -r b; read -r c || echo "eof" >&2; echo "${#a} ${#b}"; exit 5',
      { stdin: 'one\ntwo two\n' },
    );
    expect(result).toEqual({ exitCode: 5, stdout: '3 7\n', stderr: 'eof\n', timedOut: false });
  });

  it('closes stdin even with nothing to send, so a read never hangs', async () => {
    expect(await bash('cat; echo done')).toMatchObject({ exitCode: 0, stdout: 'done\n' });
  });

  it('stops a script that overruns its time limit', async () => {
    expect(await bash('sleep 20', { timeoutMs: 300 })).toMatchObject({
      timedOut: true,
      exitCode: null,
    });
  });

  it('reports an interpreter that cannot start', async () => {
    const result = await execFileRunner({
      command: { file: '/nonexistent/bash', args: [] },
      env: {},
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ exitCode: null, spawnError: 'ENOENT (/nonexistent/bash)' });
  });

  it('runs as another uid/gid when asked (root only)', async (context) => {
    if (process.getuid?.() !== 0) context.skip('runAs needs root');
    expect((await bash('id -u; id -g; id -G', { runAs: { uid: 65534, gid: 65534 } })).stdout).toBe(
      '65534\n65534\n65534\n',
    );
  });
});
