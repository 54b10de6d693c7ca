/**
 * What the tray shows, as a pure function of the agent's status: icon state, tooltip in words and
 * the menu. Electron renders it as a Tray + Menu; the web shell sends it to the page as a panel.
 *
 * Menu labels are fixed product wording; branding only renames the organization in sentences.
 */
import type { AgentStatus } from '../../src-shared/agent-api.js';
import type { TrayIconState, TrayMenuItem, TrayView } from '../../src-shared/ipc-contract.js';
import { relativeTime } from './relative-time.js';

export const MENU_LABELS = {
  'update-password': 'Update password…',
  'change-password': 'Change password…',
  'check-in': 'Check in now',
  about: 'About Lockstep',
  quit: 'Quit Lockstep',
} as const satisfies Record<TrayMenuItem['id'], string>;

/** The pending change the user still has to apply, or null. */
export function pendingChange(status: AgentStatus): { version: number; changedAt: string } | null {
  const account = status.account;
  const pending = account?.pendingPasswordChange ?? null;
  if (!account || !pending || account.state !== 'active') return null;
  return pending.version > account.appliedPasswordVersion ? pending : null;
}

export function trayIconState(status: AgentStatus): TrayIconState {
  if (status.account?.state === 'suspended') return 'suspended';
  if (pendingChange(status)) return 'action-needed';
  const state = status.connection.state;
  return state === 'offline' || state === 'not-enrolled' ? 'offline' : 'in-sync';
}

export function buildTrayView(status: AgentStatus, nowMs: number): TrayView {
  const icon = trayIconState(status);
  return { icon, tooltip: `Lockstep: ${describe(status, icon, nowMs)}`, menu: buildMenu(status) };
}

function describe(status: AgentStatus, icon: TrayIconState, nowMs: number): string {
  const org = status.policy.branding.organization;
  const { state, lastCheckInAt } = status.connection;
  const lastReached = lastCheckInAt
    ? `It was last reached ${relativeTime(lastCheckInAt, nowMs)}.`
    : 'It has not been reached yet.';
  switch (icon) {
    case 'suspended':
      return `your ${org} account is suspended, so this device's account is turned off. Contact your IT team.`;
    case 'action-needed':
      return `your ${org} password was changed. Update this device's password.`;
    case 'offline':
      return state === 'not-enrolled'
        ? 'this device is not enrolled with a directory yet.'
        : `cannot reach the directory. ${lastReached}`;
    case 'in-sync':
      if (!status.account) return `no account on this device is managed for you by ${org}.`;
      if (state === 'connecting') return 'connecting to the directory…';
      return `this device's password is in step with ${org}. ${
        lastCheckInAt ? `Last check-in ${relativeTime(lastCheckInAt, nowMs)}.` : ''
      }`.trim();
  }
}

function buildMenu(status: AgentStatus): TrayMenuItem[] {
  const item = (id: TrayMenuItem['id'], enabled = true): TrayMenuItem => ({
    id,
    label: MENU_LABELS[id],
    enabled,
  });
  const menu: TrayMenuItem[] = [];
  if (pendingChange(status)) menu.push(item('update-password'));
  // Self-service change only exists while the directory, not Okta, owns passwords.
  if (status.policy.passwordAuthority !== 'okta') {
    const usable = status.account?.state === 'active' && status.connection.state === 'connected';
    menu.push(item('change-password', usable));
  }
  menu.push(item('check-in', status.device !== null), item('about'), item('quit'));
  return menu;
}

/**
 * The status as the tray should treat it after this tray applied `version` itself: a pending change
 * at or below it is done even if the agent has not confirmed yet (no second prompt for it).
 */
export function withLocallyApplied(status: AgentStatus, version: number): AgentStatus {
  const account = status.account;
  if (!account || version <= account.appliedPasswordVersion) return status;
  const pending = account.pendingPasswordChange;
  return {
    ...status,
    account: {
      ...account,
      appliedPasswordVersion: version,
      pendingPasswordChange: pending && pending.version > version ? pending : null,
    },
  };
}

/** The tray while the agent service does not answer at all. */
export function unreachableTrayView(): TrayView {
  return {
    icon: 'offline',
    tooltip:
      'Lockstep: the Lockstep service on this device is not answering. Restart the device or contact your IT team if this stays.',
    menu: [
      { id: 'check-in', label: MENU_LABELS['check-in'], enabled: false },
      { id: 'about', label: MENU_LABELS.about, enabled: true },
      { id: 'quit', label: MENU_LABELS.quit, enabled: true },
    ],
  };
}
