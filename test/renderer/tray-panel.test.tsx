// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStatus, TRAY } from './support/fixtures.js';
import { removeLockstep, renderElectronWindow } from './support/render-app.js';
import { renderWebShell } from './support/render-web-shell.js';

afterEach(() => {
  cleanup();
  removeLockstep();
});

const LABELS = [
  'Update password…',
  'Change password…',
  'Check in now',
  'About Lockstep',
  'Quit Lockstep',
];

function menuButtons() {
  return within(screen.getByRole('navigation', { name: 'Tray menu' })).getAllByRole('button');
}

describe('web-shell tray panel', () => {
  it('shows the icon state in words, the tooltip, and the menu with main’s exact labels', async () => {
    renderWebShell('/#token=s3cret-token', {
      'status:get': () => makeStatus(),
      'tray:get': () => TRAY,
    });
    expect(await screen.findByText('Action needed')).toBeTruthy();
    expect(screen.getByText('Lockstep: update your device password')).toBeTruthy();
    expect(menuButtons().map((b) => b.textContent)).toEqual(LABELS);
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
  });

  it('shows a disabled item as disabled, and follows tray:changed', async () => {
    const { socket } = renderWebShell('/#token=s3cret-token', {
      'status:get': () => makeStatus(),
      'tray:get': () => TRAY,
    });
    await screen.findByText('Action needed');
    act(() =>
      socket.receive({
        event: 'tray:changed',
        data: {
          icon: 'offline',
          tooltip: 'Lockstep: can’t reach the directory (last check-in 10:02)',
          menu: [
            { id: 'check-in', label: 'Check in now', enabled: false },
            { id: 'quit', label: 'Quit Lockstep', enabled: true },
          ],
        },
      }),
    );
    expect(screen.getByText('Can’t reach the directory')).toBeTruthy();
    expect(screen.getByText(/last check-in 10:02/)).toBeTruthy();
    expect(menuButtons().map((b) => [b.textContent, (b as HTMLButtonElement).disabled])).toEqual([
      ['Check in now', true],
      ['Quit Lockstep', false],
    ]);
  });

  it('sends menu:click, and shows the window main asks for with focus on its title', async () => {
    const user = userEvent.setup();
    const { socket } = renderWebShell('/#token=s3cret-token', {
      'status:get': () => makeStatus(),
      'tray:get': () => TRAY,
      'menu:click': () => ({ ok: true }),
      'window:close': () => ({ ok: true }),
    });
    await screen.findByText('Action needed');
    await user.click(screen.getByRole('button', { name: 'Update password…' }));
    expect(socket.sent.filter((f) => f.channel === 'menu:click').map((f) => f.payload)).toEqual([
      { id: 'update-password' },
    ]);
    act(() => socket.receive({ event: 'window:open', data: { kind: 'prompt' } }));
    const heading = screen.getByRole('heading', { level: 1, name: 'Update your device password' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByLabelText('New password')).toBeTruthy();

    act(() => socket.receive({ event: 'window:open', data: { kind: 'about' } }));
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
    expect(socket.sent.some((f) => f.channel === 'window:close')).toBe(true);
  });

  it('opens the window named in ?window= next to the panel', async () => {
    renderWebShell('/?window=about#token=s3cret-token', {
      'status:get': () => makeStatus(),
      'tray:get': () => TRAY,
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'About Lockstep' })).toBeTruthy();
    expect(await screen.findByRole('navigation', { name: 'Tray menu' })).toBeTruthy();
  });

  it('says how to get back in when the token is refused', async () => {
    const { socket } = renderWebShell('/#token=wrong-token', { 'status:get': () => makeStatus() });
    await act(async () => {
      await Promise.resolve();
      socket.drop(4401);
    });
    expect(screen.getByRole('alert').textContent).toMatch(/access key was refused/);
    expect(screen.queryByRole('navigation', { name: 'Tray menu' })).toBeNull();
  });

  it('is not shown in Electron, where the window kind alone decides the view', async () => {
    renderElectronWindow('about', makeStatus(), { 'tray:get': () => TRAY });
    expect(await screen.findByRole('heading', { level: 1, name: 'About Lockstep' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Tray menu' })).toBeNull();
  });
});
