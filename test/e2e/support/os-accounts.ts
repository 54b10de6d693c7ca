/** What the OS says about a throwaway account: its home folder, and its shadow entry's lock and expiry. */
import { spawnSync } from 'node:child_process';
import { shadowLine } from '../../native/support/linux-accounts.js';

export function homeOf(name: string): string {
  const fields = spawnSync('getent', ['passwd', name], { encoding: 'utf8' })
    .stdout.trim()
    .split(':');
  const home = fields[5];
  if (!home) throw new Error(`getent passwd ${name} gave no home folder`);
  return home;
}

export interface ShadowState {
  /** The password field starts with "!" (usermod -L). */
  locked: boolean;
  /** The account expiry (days since 1970) is set and in the past: PAM refuses every login. */
  expired: boolean;
}

export function shadowState(name: string): ShadowState {
  const fields = shadowLine(name).split(':');
  if (fields.length < 8) throw new Error(`getent shadow ${name} gave no entry`);
  const expiry = fields[7] ?? '';
  const today = Math.floor(Date.now() / 86_400_000);
  return {
    locked: (fields[1] ?? '').startsWith('!'),
    expired: /^\d+$/.test(expiry) && Number(expiry) <= today,
  };
}
