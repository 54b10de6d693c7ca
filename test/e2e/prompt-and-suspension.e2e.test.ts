/**
 * The whole path on one Linux machine, with real processes and a real throwaway account:
 * Okta (the simulator) → directory → root agent → the user's own bridge socket → the tray web
 * shell running as that user → Chromium, and back down to /etc/shadow.
 *
 * The steps build on each other (one account, one device), so they run in order; the 2-second
 * deadlines are the product's promises, counted from when the directory answered Okta.
 */
import { statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { passwordLoginWorks, passwordMatches } from '../native/support/linux-accounts.js';
import { e2eSkipReason } from './support/e2e-prerequisites.js';
import { baseEnv } from './support/lockstep-cli.js';
import { shadowState } from './support/os-accounts.js';
import { sequentialSteps } from './support/sequential-steps.js';
import { TrayDevice, uidOf } from './support/tray-device.js';
import { waitUntil } from './support/wait-until.js';

const skip = e2eSkipReason();
if (skip) console.log(`E2E prompt and suspension skipped: ${skip}`);

const DEVICE_PASSWORD = 'Dev1ce-start-Kx9!';
const OKTA_PASSWORD = 'Okta-first-Q7m#2026';
const UPDATE = 'Update password…';
const PROMISE_MS = 2_000;

describe.skipIf(skip !== null)('Okta → directory → root agent → tray → Linux account (E2E)', () => {
  const d = new TrayDevice();
  const step = sequentialSteps();
  /** The password version the device applied through the prompt. */
  let version = 0;

  beforeAll(() => d.start(DEVICE_PASSWORD), 120_000);
  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(`processes:\n${d.transcript()}`);
  });
  afterAll(() => d.close('E2E prompt and suspension'), 60_000);

  step(
    'the root agent serves the user their own socket, and the tray runs as that user over it',
    async () => {
      const socket = statSync(d.site.socketPathFor(d.user));
      expect({ owner: socket.uid, mode: socket.mode & 0o777, isSocket: socket.isSocket() }).toEqual(
        { owner: d.user.uid, mode: 0o600, isSocket: true },
      );
      expect(uidOf(d.agent.pid)).toBe(0);
      expect(uidOf(d.tray.process.pid)).toBe(d.user.uid);
      await waitUntil(
        'the directory records the takeover',
        async () => (await d.deviceUser())?.lastAction === 'takeover',
        { timeoutMs: 10_000 },
      );
      expect(await d.deviceUser()).toMatchObject({
        lastOutcome: 'applied',
        appliedState: 'active',
        appliedPasswordVersion: 0,
      });
      // Taking over changes nothing the user relies on.
      expect(passwordMatches(d.user.name, DEVICE_PASSWORD)).toBe(true);
      expect(await d.page.menuLabels()).toEqual([
        'Check in now',
        'About Lockstep',
        'Quit Lockstep',
      ]);
    },
    30_000,
  );

  step(
    'push-password → the prompt within 2 s → previous + new typed in the page → the OS password is the new one',
    async () => {
      const pushed = await d.site.okta('push-password', d.email, OKTA_PASSWORD);
      const promptMs = await waitUntil(
        `"${UPDATE}" in the tray panel`,
        () => d.page.hasMenuItem(UPDATE),
        { since: pushed.answeredAt, timeoutMs: PROMISE_MS },
      );
      d.timings.push(`prompt shown ${promptMs} ms after the directory answered the password push`);
      version = (await d.site.user(d.email)).passwordVersion;
      expect(version).toBe(1);
      expect(d.notifications()).toBe(1);
      expect(await d.page.hasText('Action needed')).toBe(true);

      await d.page.menuItem(UPDATE).click();
      await d.page.page
        .getByRole('heading', { name: 'Update your device password' })
        .waitFor({ timeout: 5_000 });
      await d.page.submitPrompt(OKTA_PASSWORD, DEVICE_PASSWORD);
      await waitUntil(
        'the success message',
        () => d.page.hasText('This device now uses your Okta password'),
        { timeoutMs: 15_000 },
      );

      expect(passwordMatches(d.user.name, OKTA_PASSWORD)).toBe(true);
      expect(passwordMatches(d.user.name, DEVICE_PASSWORD)).toBe(false);
      expect(passwordLoginWorks(d.asker, d.user.name, OKTA_PASSWORD)).toBe(true);
      await waitUntil(
        'devices --json shows the version applied',
        async () => (await d.deviceUser())?.appliedPasswordVersion === version,
        { timeoutMs: 10_000 },
      );
      expect(await d.deviceUser()).toMatchObject({
        desiredPasswordVersion: version,
        behind: false,
        lastAction: 'password-apply',
        lastOutcome: 'applied',
      });
      expect(await d.appliedVersions()).toEqual([version]);
      await waitUntil(
        `"${UPDATE}" leaves the menu`,
        async () => !(await d.page.hasMenuItem(UPDATE)),
        { timeoutMs: 5_000 },
      );
      expect(d.page.problems).toEqual([]);
    },
    60_000,
  );

  step(
    'sign-in re-pushes the same password → no new version, no prompt',
    async () => {
      const signedIn = await d.site.okta('sign-in', d.email, OKTA_PASSWORD);
      expect((await d.site.user(d.email)).passwordVersion).toBe(version);
      // Ask the device to check in after the sign-in, so "no prompt" answers a fresh check-in.
      await d.page.menuItem('Check in now').click();
      await waitUntil(
        'a check-in after the sign-in',
        async () =>
          Date.parse((await d.site.agentStatus(d.device)).connection?.lastCheckInAt ?? '') >
          signedIn.endedAt,
        { timeoutMs: 10_000 },
      );
      expect((await d.site.agentStatus(d.device)).users[0]).toMatchObject({
        appliedPasswordVersion: version,
        pendingPasswordChange: null,
      });
      expect(await d.page.hasMenuItem(UPDATE)).toBe(false);
      expect(d.notifications()).toBe(1);
    },
    30_000,
  );

  step(
    'deactivate → within 2 s the account is disabled and its processes end; reactivate → it works again',
    async () => {
      const { user } = d;
      const sleeper = d.site.processes.start(`sleep as ${user.name}`, 'sleep', ['300'], {
        uid: user.uid,
        gid: user.gid,
        env: baseEnv,
      });
      expect(shadowState(user.name)).toEqual({ locked: false, expired: false });

      const deactivated = await d.site.okta('deactivate', d.email);
      const disableMs = await waitUntil(
        'password locked, account expired and the user’s process ended',
        () => {
          const s = shadowState(user.name);
          return s.locked && s.expired && sleeper.hasExited();
        },
        {
          since: deactivated.answeredAt,
          timeoutMs: PROMISE_MS,
          describe: () =>
            JSON.stringify({ ...shadowState(user.name), sleeperEnded: sleeper.hasExited() }),
        },
      );
      d.timings.push(
        `account disabled and its processes ended ${disableMs} ms after the directory answered the deactivation`,
      );
      expect(passwordMatches(user.name, OKTA_PASSWORD)).toBe(false);
      expect(passwordLoginWorks(d.asker, user.name, OKTA_PASSWORD)).toBe(false);
      // The tray is one of the user's processes too: their session is over.
      await waitUntil('the user’s tray ended with the session', () => d.tray.process.hasExited(), {
        timeoutMs: PROMISE_MS,
      });
      await waitUntil(
        'devices --json shows the account suspended',
        async () => (await d.deviceUser())?.appliedState === 'suspended',
        { timeoutMs: 10_000 },
      );

      const reactivated = await d.site.okta('reactivate', d.email);
      const enableMs = await waitUntil(
        'password unlocked and expiry cleared',
        () => {
          const s = shadowState(user.name);
          return !s.locked && !s.expired;
        },
        {
          since: reactivated.answeredAt,
          timeoutMs: PROMISE_MS,
          describe: () => JSON.stringify(shadowState(user.name)),
        },
      );
      d.timings.push(
        `account enabled ${enableMs} ms after the directory answered the reactivation`,
      );
      expect(passwordMatches(user.name, OKTA_PASSWORD)).toBe(true);
      expect(passwordLoginWorks(d.asker, user.name, OKTA_PASSWORD)).toBe(true);
      await waitUntil(
        'devices --json shows the account active',
        async () => (await d.deviceUser())?.appliedState === 'active',
        { timeoutMs: 10_000 },
      );

      // The user signs in again: a new tray session, in step with the account.
      await d.startTray();
      expect(await d.page.menuLabels()).toEqual([
        'Check in now',
        'About Lockstep',
        'Quit Lockstep',
      ]);
      expect(d.notifications()).toBe(0);
    },
    60_000,
  );
});
