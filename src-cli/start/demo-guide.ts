/**
 * The short guide `lockstep start` prints: what is running, where, and the one command that makes
 * the password prompt appear. A pure function, so the words are tested as users read them.
 */
import { relative } from 'node:path';
import { DEMO_USER, type DemoPaths } from './demo-setup.js';

export function demoGuide(opts: {
  paths: DemoPaths;
  directoryUrl: string;
  deviceId: string;
  tray: { kind: 'web'; url: string } | { kind: 'electron' };
  cwd: string;
}): string {
  const show = (p: string) => {
    const r = relative(opts.cwd, p);
    return r.startsWith('..') ? p : r;
  };
  const sim = `npx lockstep okta-sim --directory ${opts.directoryUrl} --token-file ${show(opts.paths.tokenFile)}`;
  const tray =
    opts.tray.kind === 'web'
      ? `tray        open ${opts.tray.url}`
      : 'tray        the Lockstep icon in your menu bar / system tray';
  return [
    '',
    'Lockstep is running on embedded defaults.',
    '',
    `  directory   ${opts.directoryUrl}  (SCIM for Okta at ${opts.directoryUrl}/scim/v2; data in ${show(opts.paths.directoryData)})`,
    `  agent       in this process, device ${opts.deviceId}, bound to ${DEMO_USER.email}`,
    `  ${tray}`,
    '',
    `Demo mode: the device account "${DEMO_USER.username}" lives in ${show(opts.paths.accountsFile)},`,
    "not among this machine's accounts. Its password is now " +
      `${DEMO_USER.devicePassword} (the "previous password").`,
    '',
    'Make Okta change the password, as a reset in Okta would; the tray asks at once:',
    `  echo 'New-Okta-Pass-2' | ${sim} push-password ${DEMO_USER.email}`,
    'More: `npx lockstep okta-sim --help` (deactivate, reactivate, sign-in …), `npx lockstep directory --help`.',
    '',
    'Ctrl-C stops everything; `npm start` again picks up where it left off.',
    '',
  ].join('\n');
}
