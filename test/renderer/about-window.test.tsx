// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStatus } from './support/fixtures.js';
import { removeLockstep, renderElectronWindow } from './support/render-app.js';

afterEach(() => {
  cleanup();
  removeLockstep();
});

/** The <dl> as label → text pairs, the way a reader scans it. */
function facts(): Record<string, string> {
  const list = screen
    .getByRole('heading', { name: 'About Lockstep' })
    .parentElement?.querySelector('dl');
  const out: Record<string, string> = {};
  for (const dt of list?.querySelectorAll('dt') ?? [])
    out[dt.textContent ?? ''] = dt.nextElementSibling?.textContent ?? '';
  return out;
}

describe('status / about window', () => {
  it('shows user, device, directory, last check-in (relative and absolute), connection and version', async () => {
    renderElectronWindow('about', makeStatus());
    await screen.findByText('jane-laptop');
    const shown = facts();
    expect(shown.User).toBe('Jane Doe (jane.doe)');
    expect(shown.Device).toBe('jane-laptop');
    expect(shown.Directory).toBe('https://directory.acme.test');
    expect(shown['Last check-in']).toMatch(/^2 minutes ago \(.+\)$/);
    expect(document.querySelector('time')?.getAttribute('datetime')).toBe(
      '2025-03-01T09:58:00.000Z',
    );
    expect(shown.Connection).toBe('Connected');
    expect(shown.Version).toBe('0.1.0');
  });

  it('says when the directory cannot be reached, and why', async () => {
    renderElectronWindow(
      'about',
      makeStatus({
        connection: {
          state: 'offline',
          lastError: 'directory.acme.test did not answer',
          lastCheckInAt: null,
        },
      }),
    );
    await screen.findByText('jane-laptop');
    expect(facts().Connection).toBe(
      'Can’t reach the directory — directory.acme.test did not answer',
    );
    expect(facts()['Last check-in']).toBe('Never');
  });

  it('follows status pushed by main and ignores a malformed one', async () => {
    const { api } = renderElectronWindow('about', makeStatus());
    await screen.findByText('jane-laptop');
    api.emit('status:changed', { ...makeStatus(), agentVersion: 7 });
    api.emit('status:changed', makeStatus({ account: { displayName: 'Jane Q. Doe' } }));
    expect(await screen.findByText('Jane Q. Doe (jane.doe)')).toBeTruthy();
    expect(facts().Version).toBe('0.1.0');
  });

  it('checks in on request and says how it went', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('about', makeStatus(), {
      'agent:check-in': () => ({ ok: true }),
    });
    await user.click(await screen.findByRole('button', { name: 'Check in now' }));
    expect(api.callsTo('agent:check-in')).toEqual([{}]);
    const window = screen.getByRole('heading', { name: 'About Lockstep' })
      .parentElement as HTMLElement;
    expect(await within(window).findByText('Checked in.')).toBeTruthy();
  });

  it('says so when main cannot tell the status at all', async () => {
    const api = renderElectronWindow('about', makeStatus(), {
      'status:get': () => ({ nonsense: true }),
    });
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /could not read this device’s status/,
    );
    expect(api.store.getState().status).toBeNull();
  });
});
