/**
 * Why the E2E suite cannot run here, or null when it can: it needs Linux and root (throwaway
 * accounts, a root agent), Debian's Chromium, a built tree (`npm run build`), and a checkout the
 * throwaway user can read (the tray runs as that user).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { linuxRootSkipReason } from '../../native/support/linux-accounts.js';
import { repoRoot } from './lockstep-cli.js';

export const CHROMIUM = '/usr/bin/chromium';

const NOBODY = 65534;
const builtFiles = ['dist/src-cli/lockstep.js', 'dist/renderer/index.html'];
/** What the tray process opens as the throwaway user. */
const userReadable = [
  'bin/lockstep.js',
  ...builtFiles,
  'node_modules/commander/package.json',
  'native-scripts/linux/change-password.sh',
];

function readableByOthers(file: string): boolean {
  // `test -r` as an unprivileged uid also fails when a parent folder is not traversable.
  return spawnSync('test', ['-r', file], { uid: NOBODY, gid: NOBODY }).status === 0;
}

export function e2eSkipReason(): string | null {
  if (linuxRootSkipReason) return linuxRootSkipReason;
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  if (!existsSync('/usr/sbin/unix_chkpwd'))
    return '/usr/sbin/unix_chkpwd (libpam-modules-bin) is missing: nothing could check the account password';
  const missing = builtFiles.filter((f) => !existsSync(path.join(repoRoot, f)));
  if (missing.length > 0) return `${missing.join(', ')} missing: run \`npm run build\` first`;
  const unreadable = userReadable.filter((f) => !readableByOthers(path.join(repoRoot, f)));
  if (unreadable.length > 0) {
    return `other users cannot read ${unreadable.map((f) => path.join(repoRoot, f)).join(', ')} (a folder on the way is not world-traversable); the tray runs as the throwaway user, so run the suite from a checkout other users can read`;
  }
  return null;
}
