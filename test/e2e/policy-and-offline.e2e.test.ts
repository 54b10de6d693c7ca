/**
 * Policy and an offline device, end to end on Linux with real processes: the password-authority
 * policy reaching the tray menu and the directory's refusal, then a device that was off while Okta
 * pushed passwords and suspended and restored the user, catching up to where things ended.
 */
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { AgentApiError } from '../../src-shared/agent-api.js';
import { DirectoryError } from '../../src-main/agent/directory/directory-error.js';
import { connectBridge } from '../../src-main/bridge/bridge-client.js';
import { passwordMatches } from '../native/support/linux-accounts.js';
import { deviceClient } from './support/device-requests.js';
import { e2eSkipReason } from './support/e2e-prerequisites.js';
import { shadowState } from './support/os-accounts.js';
import { sequentialSteps } from './support/sequential-steps.js';
import { TrayDevice } from './support/tray-device.js';
import { waitUntil } from './support/wait-until.js';

const skip = e2eSkipReason();
if (skip) console.log(`E2E policy and offline device skipped: ${skip}`);

const DEVICE_PASSWORD = 'Dev1ce-start-Hq4!';
const SELF_SERVICE_PASSWORD = 'Own-choice-Vb6$Lm';
const REFUSED_PASSWORD = 'Self-service-N4w!x';
const MISSED_PASSWORD = 'Missed-push-Z3t%';
const LATEST_PASSWORD = 'Latest-okta-W8p&';
const UPDATE = 'Update password…';
const CHANGE = 'Change password…';
const PROMISE_MS = 2_000;

describe.skipIf(skip !== null)('password authority and an offline device (E2E)', () => {
  const d = new TrayDevice();
  const step = sequentialSteps();
  /** The version the self-service change created and the device applied. */
  let ownVersion = 0;

  beforeAll(() => d.start(DEVICE_PASSWORD), 120_000);
  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.log(`processes:\n${d.transcript()}`);
  });
  afterAll(() => d.close('E2E policy and offline device'), 60_000);

  step(
    'with the directory as password authority, `Change password…` appears and a change made in the page works',
    async () => {
      const toDirectory = await d.site.admin(['policy', 'set', 'password-authority', 'directory']);
      await waitUntil(`"${CHANGE}" in the tray menu`, () => d.page.hasMenuItem(CHANGE), {
        since: toDirectory.endedAt,
        timeoutMs: PROMISE_MS,
      });
      await d.page.menuItem(CHANGE).click();
      const form = d.page.page;
      await form.getByLabel('Current password', { exact: true }).fill(DEVICE_PASSWORD);
      await form.getByLabel('New password', { exact: true }).fill(SELF_SERVICE_PASSWORD);
      await form.getByLabel('Confirm new password', { exact: true }).fill(SELF_SERVICE_PASSWORD);
      await form.getByRole('button', { name: 'Change password', exact: true }).click();
      await waitUntil('the success message', () => d.page.hasText('Your password was changed'), {
        timeoutMs: 15_000,
      });

      expect(passwordMatches(d.user.name, SELF_SERVICE_PASSWORD)).toBe(true);
      ownVersion = (await d.site.user(d.email)).passwordVersion;
      expect(ownVersion).toBe(1);
      await waitUntil(
        'devices --json shows the device applied its own change',
        async () => (await d.deviceUser())?.appliedPasswordVersion === ownVersion,
        { timeoutMs: 10_000 },
      );
      // The user made this change: they are not asked to make it again.
      expect(await d.page.hasMenuItem(UPDATE)).toBe(false);
      expect(d.notifications()).toBe(0);
    },
    60_000,
  );

  step(
    'password-authority okta hides `Change password…` within 2 s, and a self-service change is refused',
    async () => {
      await d.page.page.getByRole('button', { name: 'Done' }).click();
      await d.page.menuItem(CHANGE).click();
      await d.page.page
        .getByLabel('Confirm new password', { exact: true })
        .waitFor({ timeout: 5_000 });

      const toOkta = await d.site.admin(['policy', 'set', 'password-authority', 'okta']);
      await waitUntil(
        `"${CHANGE}" leaves the menu`,
        async () => !(await d.page.hasMenuItem(CHANGE)),
        {
          since: toOkta.endedAt,
          timeoutMs: PROMISE_MS,
        },
      );
      const hiddenAt = Date.now();
      // Counted from the policy's commit (its audit entry), which the CLI's exit can only follow.
      const committed = (await d.site.audit())
        .filter((e) => e.action === 'policy.set' && e.detail.value === 'okta')
        .at(-1);
      const hideMs = hiddenAt - Date.parse(committed?.at ?? '');
      expect(hideMs).toBeLessThanOrEqual(PROMISE_MS);
      d.timings.push(`"${CHANGE}" hidden within ${hideMs} ms of the policy change's commit`);
      // The change window that was open now says where to go instead of offering a form.
      await waitUntil(
        'the open window says Okta manages passwords',
        () => d.page.hasText('Your organization manages passwords in Okta.'),
        { timeoutMs: PROMISE_MS },
      );
      expect(await d.page.page.getByLabel('Confirm new password', { exact: true }).count()).toBe(0);

      // The agent refuses a change asked for over the user's socket …
      const bridge = connectBridge(d.site.socketPathFor(d.user));
      try {
        const refusal = await bridge
          .requestPasswordChange({ newPassword: REFUSED_PASSWORD })
          .catch((e: unknown) => e);
        expect(refusal).toBeInstanceOf(AgentApiError);
        expect(refusal).toMatchObject({
          code: 'refused-by-policy',
          message: expect.stringMatching(/managed in Okta/),
        });
      } finally {
        bridge.close();
      }
      // … and the directory itself refuses it when a device sends it anyway.
      const userId = (await d.site.user(d.email)).id;
      const client = await deviceClient(d.device.stateDir);
      const sent = await client
        .requestPasswordChange(userId, REFUSED_PASSWORD, AbortSignal.timeout(10_000))
        .catch((e: unknown) => e);
      expect(sent).toBeInstanceOf(DirectoryError);
      expect(sent).toMatchObject({ kind: 'refused', status: 403 });
      const refusals = (await d.site.audit()).filter(
        (e) => e.action === 'device.password-change' && e.outcome === 'failure',
      );
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({
        target: userId,
        detail: { reason: expect.stringMatching(/password-authority is okta/) },
      });
      expect((await d.site.user(d.email)).passwordVersion).toBe(ownVersion);
      expect(passwordMatches(d.user.name, SELF_SERVICE_PASSWORD)).toBe(true);
    },
    60_000,
  );

  step(
    'an offline device catches up to the latest state: account active, one prompt, for the newest version',
    async () => {
      expect(await d.agent.stop('SIGTERM')).toBe(0);
      await d.site.okta('push-password', d.email, MISSED_PASSWORD);
      await d.site.okta('push-password', d.email, LATEST_PASSWORD);
      await d.site.okta('deactivate', d.email);
      await d.site.okta('reactivate', d.email);
      const latest = (await d.site.user(d.email)).passwordVersion;
      expect(latest).toBe(ownVersion + 2);
      const notificationsBefore = d.notifications();
      expect(await d.page.hasMenuItem(UPDATE)).toBe(false);

      await d.startAgent();
      const caughtUpMs = await waitUntil(
        `"${UPDATE}" after the agent is back`,
        () => d.page.hasMenuItem(UPDATE),
        { timeoutMs: 20_000 },
      );
      d.timings.push(
        `offline device: prompt shown ${caughtUpMs} ms after the restarted agent served the socket again (the tray reconnects with backoff)`,
      );
      expect((await d.site.agentStatus(d.device)).users[0]).toMatchObject({
        desiredState: 'active',
        appliedState: 'active',
        appliedPasswordVersion: ownVersion,
        pendingPasswordChange: { version: latest },
      });
      expect(shadowState(d.user.name)).toEqual({ locked: false, expired: false });
      expect(passwordMatches(d.user.name, SELF_SERVICE_PASSWORD)).toBe(true);

      // The push the device missed is not the one it asks for; nothing reaches the OS.
      await d.page.menuItem(UPDATE).click();
      await d.page.submitPrompt(MISSED_PASSWORD, SELF_SERVICE_PASSWORD);
      await waitUntil(
        'the prompt refuses the older Okta password',
        async () => /Okta/.test(await d.page.alertText()),
        { timeoutMs: 10_000 },
      );
      expect(passwordMatches(d.user.name, SELF_SERVICE_PASSWORD)).toBe(true);

      await d.page.submitPrompt(LATEST_PASSWORD, SELF_SERVICE_PASSWORD);
      await waitUntil(
        'the success message',
        () => d.page.hasText('This device now uses your Okta password'),
        { timeoutMs: 15_000 },
      );
      expect(passwordMatches(d.user.name, LATEST_PASSWORD)).toBe(true);
      await waitUntil(
        'devices --json shows the newest version applied',
        async () => (await d.deviceUser())?.appliedPasswordVersion === latest,
        { timeoutMs: 10_000 },
      );
      // One prompt for the newest version, not one per missed push, and only the newest applied.
      expect(d.notifications() - notificationsBefore).toBe(1);
      expect(await d.appliedVersions()).toEqual([ownVersion, latest]);
      expect(d.page.problems).toEqual([]);
    },
    90_000,
  );
});
