// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred } from './support/fake-renderer-api.js';
import { failure, makeStatus } from './support/fixtures.js';
import { removeLockstep, renderElectronWindow } from './support/render-app.js';

afterEach(() => {
  cleanup();
  removeLockstep();
});

const NEW = 'Okta-now-2025!';
const OLD = 'device-old-pw';

async function fillAndSubmit(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('New password'), NEW);
  await user.type(screen.getByLabelText('Previous password'), OLD);
  await user.click(screen.getByRole('button', { name: 'Update password' }));
}

describe('prompt window', () => {
  it('shows the heading, the device username, both fields with their help text, and the organization', async () => {
    const status = makeStatus({
      policy: { branding: { organization: 'Acme', helpUrl: 'https://help.acme.test/pw' } },
    });
    renderElectronWindow('prompt', status);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Update your device password' }),
    ).toBeTruthy();
    expect(await screen.findByText('jane.doe')).toBeTruthy();
    expect(screen.getByText(/Your Acme password was changed/)).toBeTruthy();
    const newField = screen.getByLabelText('New password');
    expect(newField.getAttribute('type')).toBe('password');
    expect(newField.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText('Your current Okta password.').id).toBe(
      newField.getAttribute('aria-describedby'),
    );
    const previousField = screen.getByLabelText('Previous password');
    expect(screen.getByText('The password this device still uses.').id).toBe(
      previousField.getAttribute('aria-describedby'),
    );
    expect(screen.getByRole('button', { name: 'Update password' })).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'Get help from your IT team' }).getAttribute('href'),
    ).toBe('https://help.acme.test/pw');
    expect(document.title).toBe('Update your device password — Lockstep');
  });

  it('sends both passwords once, clears both fields at once, and shows success with the platform hint', async () => {
    const user = userEvent.setup();
    const answer = deferred<unknown>();
    const { api, store } = renderElectronWindow('prompt', makeStatus(), {
      'prompt:submit': () => answer.promise,
    });
    await screen.findByLabelText('New password');
    await fillAndSubmit(user);

    expect(api.callsTo('prompt:submit')).toEqual([{ newPassword: NEW, previousPassword: OLD }]);
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Previous password') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('status').textContent).toBe('Updating this device…');
    expect(JSON.stringify(store.getState())).not.toMatch(/Okta-now|device-old/);

    answer.resolve({
      ok: true,
      message: 'Done.',
      hint: 'Lock your PC and sign in once to refresh Windows Hello.',
    });
    const done = await screen.findByRole('heading', {
      name: 'This device now uses your Okta password',
    });
    expect(document.activeElement).toBe(done);
    expect(
      screen.getByText('Lock your PC and sign in once to refresh Windows Hello.'),
    ).toBeTruthy();
    expect(JSON.stringify(store.getState())).not.toMatch(/Okta-now|device-old/);
  });

  it('keeps the success message after the agent reports the change applied, and Done closes the window', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('prompt', makeStatus(), {
      'prompt:submit': () => ({
        ok: true,
        message: 'This device now uses your Okta password',
        hint: null,
      }),
      'window:close': () => ({ ok: true }),
    });
    await screen.findByLabelText('New password');
    await fillAndSubmit(user);
    await screen.findByRole('heading', { name: 'This device now uses your Okta password' });
    api.emit(
      'status:changed',
      makeStatus({ account: { pendingPasswordChange: null, appliedPasswordVersion: 2 } }),
    );
    expect(
      await screen.findByRole('heading', { name: 'This device now uses your Okta password' }),
    ).toBeTruthy();
    expect(screen.getAllByText('This device now uses your Okta password')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(api.callsTo('window:close')).toEqual([{}]);
  });

  it.each([
    ['new-password-mismatch', 'New password', /doesn’t match your current Okta password/],
    ['previous-password-wrong', 'Previous password', /not the one this device uses/],
  ] as const)(
    '%s: says so, announces it, and moves focus to %s',
    async (code, fieldName, words) => {
      const user = userEvent.setup();
      const { store } = renderElectronWindow('prompt', makeStatus(), {
        'prompt:submit': () => failure(code),
      });
      await screen.findByLabelText('New password');
      await fillAndSubmit(user);
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toMatch(words);
      const field = screen.getByLabelText(fieldName);
      await waitFor(() => expect(document.activeElement).toBe(field));
      expect(field.getAttribute('aria-invalid')).toBe('true');
      expect(field.getAttribute('aria-describedby')).toContain(alert.id);
      expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
      expect((screen.getByLabelText('Previous password') as HTMLInputElement).value).toBe('');
      expect(JSON.stringify(store.getState())).not.toMatch(/Okta-now|device-old/);
    },
  );

  it('lists the OS password rules when the OS refused the new password', async () => {
    const user = userEvent.setup();
    renderElectronWindow('prompt', makeStatus(), {
      'prompt:submit': () =>
        failure('policy-refused', {
          field: 'newPassword',
          rules: ['At least 14 characters', 'Not one of your last 5 passwords'],
        }),
    });
    await screen.findByLabelText('New password');
    await fillAndSubmit(user);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/password rules refused your new password/);
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['At least 14 characters', 'Not one of your last 5 passwords']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('New password')));
  });

  it('says when to try again after too many tries', async () => {
    const user = userEvent.setup();
    renderElectronWindow('prompt', makeStatus(), {
      'prompt:submit': () => failure('throttled', { retryAfterSeconds: 300 }),
    });
    await screen.findByLabelText('New password');
    await fillAndSubmit(user);
    const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(
      new Date('2025-03-01T10:05:00.000Z'),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      `Too many tries. For your safety, you can try again in 5 minutes (at ${clock}).`,
    );
  });

  it('says plainly when the agent cannot be reached, whether main says so or the call itself fails', async () => {
    const user = userEvent.setup();
    let calls = 0;
    renderElectronWindow('prompt', makeStatus(), {
      'prompt:submit': () => {
        calls += 1;
        if (calls === 1)
          return failure('agent-unreachable', { message: 'The Lockstep service is not running.' });
        throw new Error('main went away');
      },
    });
    await screen.findByLabelText('New password');
    await fillAndSubmit(user);
    const first = await screen.findByRole('alert');
    expect(first.textContent).toMatch(/device service is not answering, so nothing was changed/);
    expect(first.textContent).toMatch(/The Lockstep service is not running\./);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Update password' })),
    );
    await fillAndSubmit(user);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toMatch(
        /Lockstep did not answer, so this device may not be updated yet/,
      ),
    );
  });

  it('asks for an empty field before sending anything', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('prompt', makeStatus());
    await user.click(await screen.findByRole('button', { name: 'Update password' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Type your new password/);
    expect(document.activeElement).toBe(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), NEW);
    await user.click(screen.getByRole('button', { name: 'Update password' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Type your previous password/);
    expect(document.activeElement).toBe(screen.getByLabelText('Previous password'));
    expect(api.callsTo('prompt:submit')).toEqual([]);
  });

  it('works with the keyboard alone: Tab through labelled controls, Enter submits', async () => {
    const user = userEvent.setup();
    const { api } = renderElectronWindow('prompt', makeStatus(), {
      'prompt:submit': () => ({ ok: true, message: '', hint: null }),
    });
    await screen.findByLabelText('New password');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await user.tab();
      order.push(accessibleName(document.activeElement));
    }
    expect(order).toEqual([
      'New password',
      'Show new password',
      'Previous password',
      'Show previous password',
      'Update password',
      "I don't remember my previous password",
    ]);
    await user.click(screen.getByLabelText('New password'));
    await user.keyboard(NEW);
    await user.tab();
    await user.keyboard('{Enter}');
    expect(screen.getByLabelText('New password').getAttribute('type')).toBe('text');
    await user.click(screen.getByLabelText('Previous password'));
    await user.keyboard(`${OLD}{Enter}`);
    expect(api.callsTo('prompt:submit')).toEqual([{ newPassword: NEW, previousPassword: OLD }]);
  });

  it('forgets both passwords when the window goes away', async () => {
    const user = userEvent.setup();
    const first = renderElectronWindow('prompt', makeStatus());
    await user.type(await screen.findByLabelText('New password'), NEW);
    await user.type(screen.getByLabelText('Previous password'), OLD);
    first.unmount();
    removeLockstep();
    expect(JSON.stringify(first.store.getState())).not.toMatch(/Okta-now|device-old/);
    renderElectronWindow('prompt', makeStatus());
    expect(((await screen.findByLabelText('New password')) as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Previous password') as HTMLInputElement).value).toBe('');
  });

  it('says there is nothing to do when no change is pending, and explains a suspended account', async () => {
    renderElectronWindow('prompt', makeStatus({ account: { pendingPasswordChange: null } }));
    expect(await screen.findByText(/already uses your Okta password/)).toBeTruthy();
    expect(screen.queryByLabelText('New password')).toBeNull();
    cleanup();
    removeLockstep();
    renderElectronWindow('prompt', makeStatus({ account: { state: 'suspended' } }));
    expect(await screen.findByText(/Your account is suspended/)).toBeTruthy();
    expect(screen.queryByLabelText('New password')).toBeNull();
  });
});

/** The name a screen reader gives the focused control: aria-label, its <label>, or its text. */
function accessibleName(el: Element | null): string {
  if (!el) return '';
  const labels = el instanceof HTMLInputElement ? el.labels : null;
  return el.getAttribute('aria-label') ?? labels?.[0]?.textContent ?? el.textContent ?? '';
}
