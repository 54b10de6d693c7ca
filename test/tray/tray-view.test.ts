import { describe, expect, it } from 'vitest';
import {
  buildTrayView,
  unreachableTrayView,
  withLocallyApplied,
} from '../../src-main/tray/tray-view.js';
import { makeStatus } from './fakes.js';

const NOW = Date.parse('2025-03-01T10:05:00.000Z');
const labels = (s: ReturnType<typeof makeStatus>) => buildTrayView(s, NOW).menu.map((m) => m.label);

describe('tray view', () => {
  it('in sync: says so in words, and offers check-in, about and quit only (okta authority)', () => {
    const view = buildTrayView(makeStatus(), NOW);
    expect(view.icon).toBe('in-sync');
    expect(view.tooltip).toBe(
      "Lockstep: this device's password is in step with Okta. Last check-in 5 minutes ago.",
    );
    expect(labels(makeStatus())).toEqual(['Check in now', 'About Lockstep', 'Quit Lockstep']);
  });

  it('pending change: action-needed badge and `Update password…` first', () => {
    const status = makeStatus({ pendingVersion: 2 });
    const view = buildTrayView(status, NOW);
    expect(view.icon).toBe('action-needed');
    expect(view.tooltip).toContain('your Okta password was changed');
    expect(view.menu[0]).toEqual({
      id: 'update-password',
      label: 'Update password…',
      enabled: true,
    });
  });

  it('no `Update password…` for a change already applied', () => {
    const status = makeStatus({ pendingVersion: 2, applied: 2 });
    expect(buildTrayView(status, NOW).icon).toBe('in-sync');
    expect(labels(status)).not.toContain('Update password…');
  });

  it('`Change password…` only while the directory is the password authority', () => {
    expect(labels(makeStatus({ policy: { passwordAuthority: 'okta' } }))).not.toContain(
      'Change password…',
    );
    const menu = buildTrayView(
      makeStatus({ policy: { passwordAuthority: 'directory' } }),
      NOW,
    ).menu;
    expect(menu.map((m) => m.label)).toEqual([
      'Change password…',
      'Check in now',
      'About Lockstep',
      'Quit Lockstep',
    ]);
    expect(menu[0]?.enabled).toBe(true);
  });

  it('`Change password…` is greyed out while offline (the directory must take the change)', () => {
    const menu = buildTrayView(
      makeStatus({ connection: 'offline', policy: { passwordAuthority: 'directory' } }),
      NOW,
    ).menu;
    expect(menu.find((m) => m.id === 'change-password')?.enabled).toBe(false);
  });

  it('suspended wins over a pending change and hides the update item', () => {
    const status = makeStatus({ state: 'suspended', pendingVersion: 3 });
    const view = buildTrayView(status, NOW);
    expect(view.icon).toBe('suspended');
    expect(view.tooltip).toContain('suspended');
    expect(labels(status)).not.toContain('Update password…');
  });

  it('offline says when the directory was last reached', () => {
    const view = buildTrayView(
      makeStatus({ connection: 'offline', lastCheckInAt: '2025-03-01T08:00:00.000Z' }),
      NOW,
    );
    expect(view.icon).toBe('offline');
    expect(view.tooltip).toBe(
      'Lockstep: cannot reach the directory. It was last reached 2 hours ago.',
    );
    expect(
      buildTrayView(makeStatus({ connection: 'offline', lastCheckInAt: null }), NOW).tooltip,
    ).toContain('has not been reached yet');
  });

  it('branding renames the organization in sentences, never the menu labels', () => {
    const status = makeStatus({
      pendingVersion: 2,
      policy: { passwordAuthority: 'directory', branding: { organization: 'Acme', helpUrl: null } },
    });
    const view = buildTrayView(status, NOW);
    expect(view.tooltip).toContain('your Acme password was changed');
    expect(view.menu.map((m) => m.label)).toEqual([
      'Update password…',
      'Change password…',
      'Check in now',
      'About Lockstep',
      'Quit Lockstep',
    ]);
  });

  it('an agent that does not answer shows offline with a reason, and check-in disabled', () => {
    const view = unreachableTrayView();
    expect(view.icon).toBe('offline');
    expect(view.tooltip).toContain('not answering');
    expect(view.menu.find((m) => m.id === 'check-in')?.enabled).toBe(false);
  });

  it('a version this tray applied is no longer pending, a newer one still is', () => {
    expect(
      withLocallyApplied(makeStatus({ pendingVersion: 2 }), 2).account?.pendingPasswordChange,
    ).toBeNull();
    expect(
      withLocallyApplied(makeStatus({ pendingVersion: 3 }), 2).account?.pendingPasswordChange
        ?.version,
    ).toBe(3);
  });
});
