/** Plain selector functions; each returns a stored reference or a primitive, so renders stay stable. */
import type { AgentStatus } from '../../src-shared/agent-api.js';
import type { AppState } from './app-store.js';

export const selectStatus = (s: AppState) => s.status;
export const selectAccount = (s: AppState): AgentStatus['account'] => s.status?.account ?? null;
export const selectPolicy = (s: AppState) => s.status?.policy ?? null;
export const selectOrganization = (s: AppState) => s.status?.policy.branding.organization ?? null;
export const selectHelpUrl = (s: AppState) => s.status?.policy.branding.helpUrl ?? null;
export const selectPasswordAuthority = (s: AppState) => s.status?.policy.passwordAuthority ?? null;
export const selectPendingChange = (s: AppState) =>
  s.status?.account?.pendingPasswordChange ?? null;
export const selectTray = (s: AppState) => s.tray;
export const selectOpenWindow = (s: AppState) => s.openWindow;
export const selectShowTrayPanel = (s: AppState) => s.showTrayPanel;
export const selectLink = (s: AppState) => s.link;
export const selectLinkProblem = (s: AppState) => s.linkProblem;
