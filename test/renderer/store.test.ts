// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src-renderer/store/app-store.js';
import {
  selectAccount,
  selectHelpUrl,
  selectOrganization,
  selectPasswordAuthority,
  selectPendingChange,
  selectTray,
} from '../../src-renderer/store/selectors.js';
import { makeStatus, TRAY } from './support/fixtures.js';

describe('app store', () => {
  it('starts empty apart from the window it was opened for', () => {
    const store = createAppStore({ openWindow: 'prompt', showTrayPanel: false });
    const s = store.getState();
    expect([s.status, s.tray, s.openWindow, s.link, s.linkProblem]).toEqual([
      null,
      null,
      'prompt',
      'connecting',
      null,
    ]);
    expect([
      selectAccount(s),
      selectOrganization(s),
      selectPasswordAuthority(s),
      selectPendingChange(s),
    ]).toEqual([null, null, null, null]);
  });

  it('answers the selectors from the status and tray it was given', () => {
    const store = createAppStore({ openWindow: null, showTrayPanel: true });
    const status = makeStatus({
      policy: { passwordAuthority: 'directory', branding: { organization: 'Acme', helpUrl: null } },
    });
    store.getState().setStatus(status);
    store.getState().setTray(TRAY);
    const s = store.getState();
    expect(selectOrganization(s)).toBe('Acme');
    expect(selectHelpUrl(s)).toBeNull();
    expect(selectPasswordAuthority(s)).toBe('directory');
    expect(selectPendingChange(s)).toEqual({ version: 2, changedAt: '2025-03-01T09:55:00.000Z' });
    expect(selectAccount(s)).toBe(status.account);
    expect(selectTray(s)).toBe(TRAY);
  });

  it('has no place for a password: its keys are status, tray and window state only', () => {
    const keys = Object.keys(
      createAppStore({ openWindow: null, showTrayPanel: true }).getState(),
    ).sort();
    expect(keys).toEqual(
      [
        'link',
        'linkProblem',
        'openWindow',
        'setLink',
        'setOpenWindow',
        'setStatus',
        'setTray',
        'showTrayPanel',
        'status',
        'tray',
      ].sort(),
    );
  });
});
