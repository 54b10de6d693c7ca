// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src-shared/policy.js';
import { failure, makeStatus } from './support/fixtures.js';
import { removeLockstep, renderElectronWindow } from './support/render-app.js';

afterEach(() => {
  cleanup();
  removeLockstep();
});

const directory = () =>
  makeStatus({
    policy: {
      passwordAuthority: 'directory',
      passwordComplexity: {
        ...DEFAULT_POLICY.passwordComplexity,
        minLength: 10,
        requireSymbol: true,
      },
    },
  });

function checklist() {
  const items = within(
    screen.getByText('Your new password needs:').parentElement as HTMLElement,
  ).getAllByRole('listitem');
  return items.map((li) => li.textContent);
}

describe('change-password window', () => {
  it('shows only that Okta manages passwords when Okta is the password authority', async () => {
    renderElectronWindow('change-password', makeStatus({ policy: { passwordAuthority: 'okta' } }));
    expect(await screen.findByText('Your organization manages passwords in Okta.')).toBeTruthy();
    expect(screen.queryByLabelText('Current password')).toBeNull();
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change password' })).toBeNull();
  });

  it('hides the form as soon as the policy switches to Okta', async () => {
    const { api } = renderElectronWindow('change-password', directory());
    await screen.findByLabelText('Current password');
    api.emit('status:changed', makeStatus({ policy: { passwordAuthority: 'okta' } }));
    expect(await screen.findByText('Your organization manages passwords in Okta.')).toBeTruthy();
    expect(screen.queryByLabelText('Current password')).toBeNull();
  });

  it('ticks the policy rules off live as the new password is typed', async () => {
    const user = userEvent.setup();
    renderElectronWindow('change-password', directory());
    await screen.findByLabelText('New password');
    expect(checklist()).toEqual([
      'At least 10 characters (not yet)',
      'An uppercase letter (not yet)',
      'A lowercase letter (not yet)',
      'A digit (not yet)',
      'A symbol (not yet)',
    ]);
    await user.type(screen.getByLabelText('New password'), 'abcD');
    expect(checklist()).toEqual([
      'At least 10 characters (not yet)',
      'An uppercase letter (done)',
      'A lowercase letter (done)',
      'A digit (not yet)',
      'A symbol (not yet)',
    ]);
    await user.type(screen.getByLabelText('New password'), 'efgh1!');
    expect(checklist().every((t) => t?.endsWith('(done)'))).toBe(true);
    expect(screen.getByLabelText('New password').getAttribute('aria-describedby')).toContain(
      screen.getByText('Your new password needs:').parentElement?.id,
    );
  });

  it('flags a confirmation that does not match, and refuses to send it', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('change-password', directory());
    await user.type(await screen.findByLabelText('Current password'), 'Current-1');
    await user.type(screen.getByLabelText('New password'), 'Brand-new-1!');
    await user.type(screen.getByLabelText('Confirm new password'), 'Brand-new-2!');
    expect(screen.getByText('The passwords don’t match yet.')).toBeTruthy();
    expect(screen.getByLabelText('Confirm new password').getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByRole('alert').textContent).toMatch(/two new passwords don’t match/);
    expect(document.activeElement).toBe(screen.getByLabelText('Confirm new password'));
    expect(api.callsTo('change:submit')).toEqual([]);
  });

  it('refuses a password that breaks the rules and lists what is missing', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('change-password', directory());
    await user.type(await screen.findByLabelText('Current password'), 'Current-1');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.type(screen.getByLabelText('Confirm new password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    const alert = screen.getByRole('alert');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['At least 10 characters', 'An uppercase letter', 'A digit', 'A symbol']);
    expect(document.activeElement).toBe(screen.getByLabelText('New password'));
    expect(api.callsTo('change:submit')).toEqual([]);
  });

  it('sends current and new once, clears all three fields, and keeps no password in the store', async () => {
    const user = userEvent.setup();
    const { api, store } = renderElectronWindow('change-password', directory(), {
      'change:submit': () => failure('previous-password-wrong', { field: 'currentPassword' }),
    });
    await user.type(await screen.findByLabelText('Current password'), 'Current-1');
    await user.type(screen.getByLabelText('New password'), 'Brand-new-1!');
    await user.type(screen.getByLabelText('Confirm new password'), 'Brand-new-1!');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(api.callsTo('change:submit')).toEqual([
      { currentPassword: 'Current-1', newPassword: 'Brand-new-1!' },
    ]);
    expect((await screen.findByRole('alert')).textContent).toMatch(/not your current password/);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText('Current password')),
    );
    for (const name of ['Current password', 'New password', 'Confirm new password']) {
      expect((screen.getByLabelText(name) as HTMLInputElement).value).toBe('');
    }
    expect(JSON.stringify(store.getState())).not.toMatch(/Current-1|Brand-new/);
  });

  it('shows success in words once the change went through', async () => {
    const user = userEvent.setup();
    renderElectronWindow('change-password', directory(), {
      'change:submit': () => ({
        ok: true,
        message: 'Use your new password from now on.',
        hint: null,
      }),
    });
    await user.type(await screen.findByLabelText('Current password'), 'Current-1');
    await user.type(screen.getByLabelText('New password'), 'Brand-new-1!');
    await user.type(screen.getByLabelText('Confirm new password'), 'Brand-new-1!');
    await user.keyboard('{Enter}');
    const heading = await screen.findByRole('heading', { name: 'Your password was changed' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText('Use your new password from now on.')).toBeTruthy();
  });
});
