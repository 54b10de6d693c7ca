import { describe, expect, it } from 'vitest';
import type { BoundUser } from '../../src-shared/checkin-protocol.js';
import { DEFAULT_POLICY } from '../../src-shared/policy.js';
import type { AccountInfo } from '../../src-main/platform/account-platform.js';
import { reconcile } from '../../src-main/agent/reconcile/reconciler.js';
import type { ReconcileInput } from '../../src-main/agent/reconcile/reconcile-types.js';
import type { AppliedUser, FailureMemo } from '../../src-main/agent/state/agent-state.js';

const user = (over: Partial<BoundUser> = {}): BoundUser => ({
  userId: 'u1',
  deviceUsername: 'jane',
  displayName: 'Jane Doe',
  state: 'active',
  passwordVersion: 0,
  changedAt: null,
  verifier: null,
  cryptHash: null,
  takeover: false,
  ...over,
});
const managed = (over: Partial<AccountInfo> = {}): AccountInfo => ({
  exists: true,
  uid: 1001,
  disabled: false,
  managedFor: 'u1',
  ...over,
});
const missing: AccountInfo = { exists: false, uid: null, disabled: false, managedFor: null };
const applied = (over: Partial<AppliedUser> = {}): AppliedUser => ({
  userId: 'u1',
  deviceUsername: 'jane',
  state: 'active',
  passwordVersion: 0,
  ...over,
});

function plan(over: Partial<ReconcileInput> & { info?: AccountInfo }) {
  const desired = over.desired ?? [user()];
  const local = over.local ?? new Map(over.info ? [['jane', over.info]] : []);
  const result = reconcile({
    desired,
    policy: DEFAULT_POLICY,
    applied: [],
    failures: [],
    nowMs: 1_000_000,
    ...over,
    local,
  });
  return {
    kinds: result.actions.map((a) => a.kind),
    actions: result.actions,
    pending: result.pending.get('u1') ?? null,
    live: result.liveMemoKeys,
  };
}

describe('reconciler: account ownership', () => {
  it.each([
    ['no local account → create it', user(), missing, ['create-account']],
    ['account managed for this user → nothing to do', user(), managed(), []],
    [
      'unmanaged account, takeover allowed → take it over',
      user({ takeover: true }),
      managed({ managedFor: null }),
      ['takeover'],
    ],
    [
      'unmanaged account, takeover not allowed → refuse',
      user(),
      managed({ managedFor: null }),
      ['refuse'],
    ],
    [
      'account managed for another user → refuse even with takeover',
      user({ takeover: true }),
      managed({ managedFor: 'u9' }),
      ['refuse'],
    ],
  ])('%s', (_name, desired, info, kinds) => {
    expect(plan({ desired: [desired], info }).kinds).toEqual(kinds);
  });

  it('says why a takeover is refused, in words an admin can act on', () => {
    const { actions } = plan({
      desired: [user({ takeover: true })],
      info: managed({ managedFor: 'u9' }),
    });
    expect(actions[0]).toMatchObject({ kind: 'refuse', action: 'takeover' });
    expect(actions[0]?.kind === 'refuse' && actions[0].reason).toContain(
      'already managed for another Lockstep user (u9)',
    );
    const other = plan({ info: managed({ managedFor: null }) }).actions[0];
    expect(other?.kind === 'refuse' && other.reason).toContain('bind with --takeover');
  });

  it('refuses a username that breaks the device username rule without asking the OS', () => {
    const { actions } = plan({ desired: [user({ deviceUsername: '1bad' })], local: new Map() });
    expect(actions).toMatchObject([{ kind: 'refuse', action: 'create-account' }]);
  });

  it('manages only the first of two users bound to the same username', () => {
    const result = reconcile({
      desired: [user(), user({ userId: 'u2' })],
      policy: DEFAULT_POLICY,
      applied: [],
      failures: [],
      nowMs: 0,
      local: new Map([['jane', managed()]]),
    });
    expect(result.actions).toMatchObject([{ kind: 'refuse', userId: 'u2' }]);
  });

  it('does nothing for a user whose local account could not be read', () => {
    expect(plan({ local: new Map() }).kinds).toEqual([]);
  });
});

describe('reconciler: suspension', () => {
  it.each([
    ['suspended, account enabled → suspend', 'suspended', managed(), applied(), ['suspend']],
    [
      'suspended and already disabled by us → nothing',
      'suspended',
      managed({ disabled: true }),
      applied({ state: 'suspended' }),
      [],
    ],
    [
      'suspended, re-enabled behind our back → suspend again',
      'suspended',
      managed(),
      applied({ state: 'suspended' }),
      ['suspend'],
    ],
    [
      'active again after our suspension → restore',
      'active',
      managed({ disabled: true }),
      applied({ state: 'suspended' }),
      ['restore'],
    ],
    [
      'active, never suspended by us, disabled locally → leave it',
      'active',
      managed({ disabled: true }),
      applied(),
      [],
    ],
    [
      'no record (state lost), disabled, active → restore',
      'active',
      managed({ disabled: true }),
      undefined,
      ['restore'],
    ],
    [
      'suspended and no account yet → create then suspend',
      'suspended',
      missing,
      undefined,
      ['create-account', 'suspend'],
    ],
  ] as const)('%s', (_name, state, info, appliedUser, kinds) => {
    expect(
      plan({ desired: [user({ state })], info, applied: appliedUser ? [appliedUser] : [] }).kinds,
    ).toEqual(kinds);
  });
});

describe('reconciler: passwords', () => {
  const v3 = user({
    passwordVersion: 3,
    changedAt: '2025-01-01T00:00:00.000Z',
    verifier: '$argon2id$x',
    cryptHash: '$6$salt$hash',
  });
  const silent = { ...DEFAULT_POLICY, applyMode: 'silent' as const };

  it('prompt mode: the newest version is pending for the tray', () => {
    const r = plan({ desired: [v3], info: managed(), applied: [applied({ passwordVersion: 1 })] });
    expect(r.kinds).toEqual([]);
    expect(r.pending).toEqual({ version: 3, changedAt: '2025-01-01T00:00:00.000Z' });
  });
  it('never pending for an already-applied version', () => {
    expect(
      plan({ desired: [v3], info: managed(), applied: [applied({ passwordVersion: 3 })] }).pending,
    ).toBeNull();
  });
  it('version 0 means there is nothing to do', () => {
    const r = plan({ desired: [user({ passwordVersion: 0 })], info: managed(), policy: silent });
    expect(r.pending).toBeNull();
    expect(r.kinds).toEqual([]);
  });
  it('silent mode applies the crypt hash once', () => {
    const r = plan({
      desired: [v3],
      info: managed(),
      policy: silent,
      applied: [applied({ passwordVersion: 2 })],
    });
    expect(r.actions).toMatchObject([
      { kind: 'silent-apply', version: 3, cryptHash: '$6$salt$hash' },
    ]);
    expect(r.pending).toBeNull();
    expect(
      plan({
        desired: [v3],
        info: managed(),
        policy: silent,
        applied: [applied({ passwordVersion: 3 })],
      }).kinds,
    ).toEqual([]);
  });
  it('silent mode without a crypt hash falls back to the prompt', () => {
    const r = plan({ desired: [{ ...v3, cryptHash: null }], info: managed(), policy: silent });
    expect(r.kinds).toEqual([]);
    expect(r.pending?.version).toBe(3);
  });
  it('no password work while suspended (a hash would unlock a disabled Linux account)', () => {
    const r = plan({
      desired: [{ ...v3, state: 'suspended' }],
      info: managed({ disabled: true }),
      policy: silent,
      applied: [applied({ state: 'suspended' })],
    });
    expect(r.kinds).toEqual([]);
    expect(r.pending).toBeNull();
  });
  it('no pending change while the account is refused', () => {
    expect(plan({ desired: [v3], info: managed({ managedFor: 'u9' }) }).pending).toBeNull();
  });
});

describe('reconciler: failures are not retried in a loop', () => {
  const memo = (key: string, retryAt: number | null): FailureMemo => ({
    key,
    reason: 'boom',
    at: 'x',
    retryAt,
  });

  it('skips a failed action (and what follows it) until its retry time', () => {
    const failures = [memo('create-account:u1:jane', 2_000_000)];
    const desired = [user({ state: 'suspended' })];
    expect(plan({ desired, info: missing, failures }).kinds).toEqual([]);
    expect(plan({ desired, info: missing, failures, nowMs: 2_000_001 }).kinds).toEqual([
      'create-account',
      'suspend',
    ]);
  });
  it('reports a refusal once, until the situation changes', () => {
    const failures = [memo('refuse:u1:jane:takeover-not-allowed', null)];
    const r = plan({ info: managed({ managedFor: null }), failures, nowMs: 9e15 });
    expect(r.kinds).toEqual([]);
    expect(r.live.has('refuse:u1:jane:takeover-not-allowed')).toBe(true);
    // Takeover allowed now: a different key, so the work happens.
    expect(
      plan({ desired: [user({ takeover: true })], info: managed({ managedFor: null }), failures })
        .kinds,
    ).toEqual(['takeover']);
  });
  it('forgets memos of resolved situations but keeps those of unreadable accounts', () => {
    const failures = [memo('suspend:u1:jane', 5e6)];
    expect(plan({ info: managed(), failures }).live.size).toBe(0);
    expect(plan({ local: new Map(), failures }).live.has('suspend:u1:jane')).toBe(true);
  });
  it('is pure: the same input gives the same plan', () => {
    const input = { desired: [user({ state: 'suspended' })], info: managed() };
    expect(plan(input).actions).toEqual(plan(input).actions);
  });
});
