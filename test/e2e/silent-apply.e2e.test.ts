/**
 * A headless Linux device (`agent run --no-bridge`, no tray) with `apply-mode silent`: the agent
 * creates the bound user's account itself, then applies each pushed password's crypt hash and
 * reports it, with nobody typing anything. Real processes, a real throwaway account.
 */
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import {
  accountExists,
  idsOf,
  passwordLoginWorks,
  passwordMatches,
  ThrowawayAccounts,
  type TestAccount,
} from '../native/support/linux-accounts.js';
import { e2eSkipReason } from './support/e2e-prerequisites.js';
import { sequentialSteps } from './support/sequential-steps.js';
import { LockstepSite, type Device } from './support/lockstep-site.js';
import { shadowState } from './support/os-accounts.js';
import { waitUntil } from './support/wait-until.js';

const skip = e2eSkipReason();
if (skip) console.log(`E2E silent apply skipped: ${skip}`);

const FIRST_PASSWORD = 'Silent-first-R5v!';
const SECOND_PASSWORD = 'Silent-second-J2w?';

describe.skipIf(skip !== null)('silent apply on a headless Linux device (E2E)', () => {
  const accounts = new ThrowawayAccounts();
  const step = sequentialSteps();
  const timings: string[] = [];
  let site: LockstepSite;
  let device: Device;
  let asker: TestAccount;
  /** Reserved, not created: the agent creates it. */
  let name: string;
  let email: string;

  const deviceUser = () => site.deviceUser(device.deviceId, email);
  const silentApplies = async () =>
    (await site.audit())
      .filter((e) => e.action === 'device.silent-apply' && e.actor === `device:${device.deviceId}`)
      .map((e) => ({ outcome: e.outcome, version: e.detail.passwordVersion }));

  beforeAll(async () => {
    site = new LockstepSite();
    await site.start();
    asker = accounts.create();
    name = accounts.reserve();
    email = `${name}@example.com`;
    await site.okta('assign', email);
    device = await site.enroll();
    await site.admin(['bind', '--user', email, '--device', device.deviceId]);
    // Only this device applies silently; the organization's default stays "prompt".
    await site.admin(['policy', 'set', '--device', device.deviceId, 'apply-mode', 'silent']);
    await site.startAgent(device, { bridge: false });
  }, 120_000);

  afterEach((context) => {
    if (context.task.result?.state === 'fail')
      console.log(`processes of the failed step:\n${site?.processes.transcript()}`);
  });

  afterAll(async () => {
    try {
      await site?.close();
    } finally {
      accounts.removeAll();
    }
    if (timings.length > 0) console.log(`E2E silent apply timings:\n  ${timings.join('\n  ')}`);
  }, 60_000);

  step(
    'the agent creates the bound user’s account, with no usable password yet and no tray socket',
    async () => {
      await waitUntil(`the agent creates ${name}`, () => accountExists(name), {
        timeoutMs: 15_000,
      });
      await waitUntil(
        'devices --json records the creation',
        async () => (await deviceUser())?.lastAction === 'create-account',
        { timeoutMs: 10_000 },
      );
      expect(await deviceUser()).toMatchObject({
        lastOutcome: 'applied',
        appliedState: 'active',
        appliedPasswordVersion: 0,
      });
      // Okta's create-time password is a placeholder: it never reaches the device.
      expect(shadowState(name).locked).toBe(true);
      expect(existsSync(site.socketPathFor({ name, ...idsOf(name) }))).toBe(false);
      expect(existsSync(`/run/lockstep/users/${idsOf(name).uid}.sock`)).toBe(false);
    },
    30_000,
  );

  step(
    'a pushed password is applied by the agent from its crypt hash and reported, with no prompt',
    async () => {
      const pushed = await site.okta('push-password', email, FIRST_PASSWORD);
      const applyMs = await waitUntil(
        `${name}'s password is the pushed one`,
        () => passwordMatches(name, FIRST_PASSWORD),
        { since: pushed.answeredAt, timeoutMs: 2_000 },
      );
      timings.push(
        `pushed password usable on the device ${applyMs} ms after the directory answered Okta`,
      );
      const version = (await site.user(email)).passwordVersion;
      expect(shadowState(name)).toEqual({ locked: false, expired: false });
      expect(passwordLoginWorks(asker, name, FIRST_PASSWORD)).toBe(true);

      await waitUntil(
        'devices --json shows the version applied',
        async () => (await deviceUser())?.appliedPasswordVersion === version,
        { timeoutMs: 10_000 },
      );
      expect(await deviceUser()).toMatchObject({
        behind: false,
        lastAction: 'silent-apply',
        lastOutcome: 'applied',
      });
      expect(await silentApplies()).toEqual([{ outcome: 'success', version }]);
      const status = await site.agentStatus(device);
      expect(status.policy?.applyMode).toBe('silent');
      expect(status.users[0]).toMatchObject({
        appliedPasswordVersion: version,
        pendingPasswordChange: null,
      });
    },
    30_000,
  );

  step(
    'the next push replaces it the same way',
    async () => {
      const pushed = await site.okta('push-password', email, SECOND_PASSWORD);
      await waitUntil(
        `${name}'s password is the second one`,
        () => passwordMatches(name, SECOND_PASSWORD),
        { since: pushed.answeredAt, timeoutMs: 2_000 },
      );
      const version = (await site.user(email)).passwordVersion;
      expect(passwordMatches(name, FIRST_PASSWORD)).toBe(false);
      await waitUntil(
        'devices --json shows the version applied',
        async () => (await deviceUser())?.appliedPasswordVersion === version,
        { timeoutMs: 10_000 },
      );
      expect(await silentApplies()).toEqual([
        { outcome: 'success', version: version - 1 },
        { outcome: 'success', version },
      ]);
    },
    30_000,
  );
});
