/**
 * Throwaway Linux accounts for the real tests: unique `lsx…` names, checked free first, and removed
 * (with their home, processes and Lockstep state) by `removeAll`, which only touches what it made.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

export const linuxRootSkipReason =
  process.platform !== 'linux'
    ? `the Linux account tests need Linux (this is ${process.platform})`
    : process.getuid?.() !== 0
      ? 'the Linux account tests need root: they create and remove throwaway accounts'
      : null;

export interface TestAccount {
  name: string;
  uid: number;
  gid: number;
}

function run(file: string, args: string[], input?: string) {
  return spawnSync(file, args, {
    input,
    encoding: 'utf8',
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
  });
}

export function accountExists(name: string): boolean {
  return run('getent', ['passwd', name]).status === 0;
}

export function idsOf(name: string): { uid: number; gid: number } {
  const fields = run('getent', ['passwd', name]).stdout.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export function shadowLine(name: string): string {
  return run('getent', ['shadow', name]).stdout.trim();
}

export function freshName(): string {
  for (;;) {
    const name = `lsx${randomBytes(4).toString('hex')}`;
    if (!accountExists(name)) return name;
  }
}

/** unix_chkpwd is pam_unix's own helper: it checks a password against the shadow hash, yescrypt included. */
export function passwordMatches(name: string, password: string): boolean {
  return run('/usr/sbin/unix_chkpwd', [name, 'nonull'], `${password}\0`).status === 0;
}

/** A real password login through PAM (auth + account stages) by `su`, asked by an unprivileged user. */
export function passwordLoginWorks(asker: TestAccount, name: string, password: string): boolean {
  const result = run(
    'setpriv',
    [
      '--reuid',
      String(asker.uid),
      '--regid',
      String(asker.gid),
      '--clear-groups',
      'su',
      name,
      '-c',
      'true',
    ],
    `${password}\n`,
  );
  return result.status === 0;
}

export class ThrowawayAccounts {
  private readonly made = new Set<string>();

  /** Reserves a name this instance will clean up, for accounts a script under test creates. */
  reserve(): string {
    const name = freshName();
    this.made.add(name);
    return name;
  }

  create(password?: string): TestAccount {
    const name = this.reserve();
    for (let attempt = 0; ; attempt += 1) {
      const made = run('useradd', ['--create-home', '--shell', '/bin/bash', name]);
      if (made.status === 0) break;
      // Another test file may hold the passwd lock for a moment.
      if (attempt >= 10 || !/lock/i.test(made.stderr))
        throw new Error(`useradd ${name}: ${made.stderr}`);
      spawnSync('sleep', ['0.2']);
    }
    if (password !== undefined) {
      const set = run('chpasswd', [], `${name}:${password}\n`);
      if (set.status !== 0) throw new Error(`chpasswd ${name}: ${set.stderr}`);
    }
    return { name, ...idsOf(name) };
  }

  removeAll(): void {
    for (const name of this.made) {
      if (accountExists(name)) {
        const { uid } = idsOf(name);
        run('pkill', ['-KILL', '-U', String(uid)]);
        run('userdel', ['--remove', name]);
      }
      rmSync(`/var/lib/lockstep/managed/${name}`, { force: true });
      rmSync(`/var/lib/lockstep/disabled/${name}`, { force: true });
    }
    this.made.clear();
  }
}
