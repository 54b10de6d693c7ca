import type { TrayIconState } from '../../src-shared/ipc-contract.js';

export const TRAY_STATE_WORDS: Record<TrayIconState, string> = {
  'in-sync': 'In sync',
  'action-needed': 'Action needed',
  suspended: 'Account suspended',
  offline: 'Can’t reach the directory',
};

/** The tray icon drawn for the web shell; the words next to it carry the meaning, not the colour. */
export function TrayIcon({ state }: { state: TrayIconState }) {
  return (
    <svg
      className={`tray-icon ${state}`}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="10" className="ring" />
      {state === 'in-sync' && <path d="M7 12.5l3.2 3.2L17 9" className="glyph" />}
      {state === 'action-needed' && <path d="M12 6.5v7M12 16.8v.7" className="glyph" />}
      {state === 'suspended' && <path d="M7.5 16.5l9-9" className="glyph" />}
      {state === 'offline' && <path d="M8 12h8" className="glyph" />}
    </svg>
  );
}
