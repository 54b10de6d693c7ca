// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeStatus } from './support/fixtures.js';
import { removeLockstep, renderElectronWindow } from './support/render-app.js';

afterEach(() => {
  cleanup();
  removeLockstep();
});

const FORGOT = "I don't remember my previous password";

describe("I don't remember my previous password", () => {
  it.each([
    ['macos', /saved keychain items/],
    ['windows', /saved credentials/],
    ['linux', /saved keyring passwords/],
  ] as const)(
    'on %s explains what will be lost before anything happens',
    async (platform, loss) => {
      const user = userEvent.setup();
      const { api } = renderElectronWindow('prompt', makeStatus(), {}, platform);
      const toggle = await screen.findByRole('button', { name: FORGOT });
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      await user.click(toggle);
      const heading = screen.getByRole('heading', {
        name: 'Update without your previous password?',
      });
      expect(document.activeElement).toBe(heading);
      const panel = heading.closest('section');
      expect(panel?.textContent).toMatch(loss);
      expect(panel?.textContent).toMatch(/can’t be undone/);
      expect(api.callsTo('prompt:reset')).toEqual([]);
    },
  );

  it('names all three platforms when it cannot tell which one this is', async () => {
    const user = userEvent.setup();
    renderElectronWindow('prompt', makeStatus(), {}, 'unknown');
    await user.click(await screen.findByRole('button', { name: FORGOT }));
    const text = screen
      .getByRole('heading', { name: /without your previous password/ })
      .closest('section')?.textContent;
    expect(text).toMatch(/saved keychain items.*saved credentials.*saved keyring passwords/);
  });

  it('after confirmation asks main for a reset with the new password only, then clears it', async () => {
    const user = userEvent.setup();
    const { api, store } = renderElectronWindow('prompt', makeStatus(), {
      'prompt:reset': () => ({
        ok: true,
        message: 'A new login keychain was created.',
        hint: null,
      }),
    });
    await user.type(await screen.findByLabelText('New password'), 'Okta-now-2025!');
    await user.type(screen.getByLabelText('Previous password'), 'half-remembered');
    await user.click(screen.getByRole('button', { name: FORGOT }));
    await user.click(screen.getByRole('button', { name: 'Update and lose saved items' }));
    expect(api.callsTo('prompt:reset')).toEqual([{ newPassword: 'Okta-now-2025!' }]);
    expect(api.callsTo('prompt:submit')).toEqual([]);
    expect(
      await screen.findByRole('heading', { name: 'This device now uses your Okta password' }),
    ).toBeTruthy();
    expect(screen.getByText('A new login keychain was created.')).toBeTruthy();
    expect(JSON.stringify(store.getState())).not.toMatch(/Okta-now|half-remembered/);
  });

  it('asks for the new password first when it is empty, and sends nothing', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('prompt', makeStatus());
    await user.click(await screen.findByRole('button', { name: FORGOT }));
    await user.click(screen.getByRole('button', { name: 'Update and lose saved items' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Type your new password/);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('New password')));
    expect(api.callsTo('prompt:reset')).toEqual([]);
  });

  it('Cancel closes the explanation and returns focus to where it was opened', async () => {
    const user = userEvent.setup();
    renderElectronWindow('prompt', makeStatus());
    await user.click(await screen.findByRole('button', { name: FORGOT }));
    await user.keyboard('{Tab}{Tab}{Enter}');
    expect(screen.queryByRole('heading', { name: /without your previous password/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: FORGOT }));
  });
});
