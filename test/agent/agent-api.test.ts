/**
 * The AgentApi the tray uses: each local user sees and acts on only their own account, typed
 * passwords are checked against the verifier with a throttle, and outcomes reach the directory.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentApiError, AgentStatus, type AgentApi } from '../../src-shared/agent-api.js';
import type { Agent } from '../../src-main/agent/create-agent.js';
import { FakeDirectory } from './support/fake-directory.js';
import { enrolledAgent, removeTempDirs, waitFor, type Harness } from './support/agent-harness.js';

const JANE_PW = 'Correct-Horse-Battery-1';
let directory: FakeDirectory;
let h: Harness;
let agent: Agent;
let clockOffsetMs = 0;
let jane: AgentApi;
let bob: AgentApi;

async function rejection(p: Promise<unknown>): Promise<AgentApiError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AgentApiError);
  return error as AgentApiError;
}

beforeEach(async () => {
  clockOffsetMs = 0;
  directory = new FakeDirectory();
  await directory.start();
  h = await enrolledAgent(directory, { now: () => Date.now() + clockOffsetMs });
  directory.bind(h.deviceId, { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane Doe' });
  directory.bind(h.deviceId, { userId: 'u2', deviceUsername: 'bob', displayName: 'Bob Roe' });
  agent = h.agent;
  await agent.start();
  await waitFor(
    () => h.platform.accounts.has('jane') && h.platform.accounts.has('bob'),
    'accounts created',
  );
  await directory.setPassword('u1', JANE_PW);
  await directory.setPassword('u2', 'Bobs-Password-22');
  jane = agent.apiFor('jane');
  bob = agent.apiFor('bob');
  for (const api of [jane, bob]) {
    let pending: number | null = null;
    api.onStatus((s) => (pending = s.account?.pendingPasswordChange?.version ?? null));
    pending = (await api.getStatus()).account?.pendingPasswordChange?.version ?? null;
    await waitFor(() => pending === 1, 'password change pending');
  }
  await waitFor(() => agent.snapshot().outbox.length === 0, 'results delivered');
});
afterEach(async () => {
  await agent.stop();
  await directory.stop();
  await removeTempDirs();
});

describe('AgentApi: status and isolation', () => {
  it('shows each user only their own account, and no hash', async () => {
    const status = AgentStatus.parse(await jane.getStatus());
    expect(status.account).toEqual({
      userId: 'u1',
      deviceUsername: 'jane',
      displayName: 'Jane Doe',
      state: 'active',
      appliedPasswordVersion: 0,
      pendingPasswordChange: { version: 1, changedAt: expect.any(String) },
    });
    expect(status.device?.deviceId).toBe(h.deviceId);
    expect(status.connection.state).toBe('connected');
    expect(JSON.stringify(status)).not.toMatch(/argon2|\$6\$|u2|bob/);
    expect((await bob.getStatus()).account?.userId).toBe('u2');
    expect((await agent.apiFor('mallory').getStatus()).account).toBeNull();
  });

  it('refuses password calls from an account no user is bound to', async () => {
    const mallory = agent.apiFor('mallory');
    expect(
      (await rejection(mallory.verifyNewPassword({ password: JANE_PW, version: 1 }))).code,
    ).toBe('not-bound');
    expect(
      (
        await rejection(
          mallory.reportPasswordApplied({ version: 1, outcome: 'applied', reason: null }),
        )
      ).code,
    ).toBe('not-bound');
  });

  it('pushes a status change to its own user and never leaks it to another', async () => {
    const janeSeen: AgentStatus[] = [];
    const bobSeen: AgentStatus[] = [];
    const stopJane = jane.onStatus((s) => janeSeen.push(s));
    bob.onStatus((s) => bobSeen.push(s));
    directory.setState('u1', 'suspended');
    await waitFor(() => janeSeen.some((s) => s.account?.state === 'suspended'), 'jane told');
    // Bob may hear that the device checked in, but never anything about Jane's account.
    expect(bobSeen.every((s) => s.account?.userId === 'u2' && s.account.state === 'active')).toBe(
      true,
    );
    expect(JSON.stringify(bobSeen)).not.toContain('jane');
    stopJane();
    directory.setState('u1', 'active');
    await waitFor(() => h.platform.accounts.get('jane')?.disabled === false, 'restored');
    expect(janeSeen.some((s) => s.account?.state === 'active')).toBe(false);
  });
});

describe('AgentApi: verifying the new password', () => {
  it('accepts the right password for the pending version only', async () => {
    expect(await jane.verifyNewPassword({ password: JANE_PW, version: 1 })).toEqual({ ok: true });
    expect(await jane.verifyNewPassword({ password: JANE_PW, version: 2 })).toMatchObject({
      ok: false,
      reason: 'no-pending-change',
    });
  });

  it('allows 5 tries, then makes the user wait longer and longer; other users are not affected', async () => {
    const left: Array<number | null> = [];
    for (let i = 0; i < 5; i++) {
      const r = await jane.verifyNewPassword({ password: `wrong-${i}`, version: 1 });
      left.push(r.ok ? null : r.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(await jane.verifyNewPassword({ password: JANE_PW, version: 1 })).toEqual({
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: 30,
      attemptsLeft: 0,
    });
    expect(await bob.verifyNewPassword({ password: 'Bobs-Password-22', version: 1 })).toEqual({
      ok: true,
    });
    clockOffsetMs += 31_000;
    expect(await jane.verifyNewPassword({ password: 'wrong-again', version: 1 })).toMatchObject({
      ok: false,
      reason: 'mismatch',
      retryAfterSeconds: 60,
    });
    clockOffsetMs += 61_000;
    expect(await jane.verifyNewPassword({ password: JANE_PW, version: 1 })).toEqual({ ok: true });
  });

  it('cannot be outrun with parallel guesses', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        jane.verifyNewPassword({ password: `guess-${i}`, version: 1 }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'mismatch')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(3);
  });
});

describe('AgentApi: applying, resetting, changing', () => {
  it('records an applied version once and reports it to the directory', async () => {
    await jane.reportPasswordApplied({ version: 1, outcome: 'applied', reason: null });
    await jane.reportPasswordApplied({ version: 1, outcome: 'applied', reason: null });
    const status = await jane.getStatus();
    expect(status.account).toMatchObject({
      appliedPasswordVersion: 1,
      pendingPasswordChange: null,
    });
    await waitFor(
      () => directory.device(h.deviceId).results.some((r) => r.action === 'password-apply'),
      'reported',
    );
    expect(
      directory.device(h.deviceId).results.filter((r) => r.action === 'password-apply'),
    ).toEqual([expect.objectContaining({ userId: 'u1', passwordVersion: 1, outcome: 'applied' })]);
    expect((await bob.getStatus()).account?.pendingPasswordChange?.version).toBe(1);
  });

  it('reports a failed apply with its reason and keeps the change pending', async () => {
    await jane.reportPasswordApplied({
      version: 1,
      outcome: 'failed',
      reason: 'the previous password was not accepted',
    });
    await waitFor(
      () => directory.device(h.deviceId).results.some((r) => r.action === 'password-apply'),
      'reported',
    );
    expect(directory.device(h.deviceId).results.at(-1)).toMatchObject({
      outcome: 'failed',
      reason: 'the previous password was not accepted',
    });
    expect((await jane.getStatus()).account?.pendingPasswordChange?.version).toBe(1);
  });

  it('refuses to record a version the device never heard of', async () => {
    expect(
      (
        await rejection(
          jane.reportPasswordApplied({ version: 7, outcome: 'applied', reason: null }),
        )
      ).code,
    ).toBe('invalid-request');
  });

  it('resets only after the new password is verified, and says what was lost', async () => {
    const wrong = await rejection(jane.resetPassword({ password: 'not-it', version: 1 }));
    expect(wrong.message).toContain('That is not your new password');
    expect(h.platform.calls.some((c) => c.method === 'resetPassword')).toBe(false);
    expect(await jane.resetPassword({ password: JANE_PW, version: 1 })).toEqual({
      lost: 'nothing (in-memory test platform)',
      passwordVersion: 1,
    });
    expect(h.platform.accounts.get('jane')?.passwordSetBy).toBe('reset');
    await waitFor(
      () => directory.device(h.deviceId).results.some((r) => r.action === 'password-reset'),
      'reported',
    );
  });

  it('refuses self-service change locally while Okta is the password authority', async () => {
    const error = await rejection(
      jane.requestPasswordChange({ newPassword: 'Brand-New-Password-9' }),
    );
    expect(error.code).toBe('refused-by-policy');
    expect(directory.log.some((l) => l.path.endsWith('/password-change'))).toBe(false);
  });

  it('checks complexity locally, then asks the directory, which bumps the version', async () => {
    directory.setPolicy({ passwordAuthority: 'directory' });
    await waitFor(
      () => agent.snapshot().policy.passwordAuthority === 'directory',
      'policy arrived',
    );
    const weak = await rejection(jane.requestPasswordChange({ newPassword: 'short' }));
    expect(weak.code).toBe('invalid-request');
    expect(weak.message).toContain('at least 12 characters');
    expect(await jane.requestPasswordChange({ newPassword: 'Brand-New-Password-9' })).toEqual({
      version: 2,
    });
    await waitFor(
      () => agent.snapshot().desired.find((u) => u.userId === 'u1')?.passwordVersion === 2,
      'new version delivered',
    );
    expect(await jane.verifyNewPassword({ password: 'Brand-New-Password-9', version: 2 })).toEqual({
      ok: true,
    });
  });

  it('turns the directory refusing (403) into refused-by-policy', async () => {
    directory.setPolicy({ passwordAuthority: 'directory' });
    await waitFor(
      () => agent.snapshot().policy.passwordAuthority === 'directory',
      'policy arrived',
    );
    directory.policy = { ...directory.policy, passwordAuthority: 'okta' }; // changed, devices not told yet
    expect(
      (await rejection(jane.requestPasswordChange({ newPassword: 'Brand-New-Password-9' }))).code,
    ).toBe('refused-by-policy');
  });
});
