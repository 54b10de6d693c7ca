/**
 * The reconciler: a pure function from desired users + what was applied + local account facts to
 * the actions that bring the device in line. It never touches the OS; running it twice on the same
 * input gives the same plan, which is what makes the agent idempotent across restarts.
 */
import type { PendingPasswordChange } from '../../../src-shared/agent-api.js';
import type { BoundUser } from '../../../src-shared/checkin-protocol.js';
import type { Policy } from '../../../src-shared/policy.js';
import { checkDeviceUsername } from '../../../src-shared/device-username.js';
import type { AccountInfo } from '../../platform/account-platform.js';
import type { AppliedUser } from '../state/agent-state.js';
import type { Action, ReconcileInput, ReconcilePlan } from './reconcile-types.js';

interface UserPlan {
  actions: Action[];
  pending: PendingPasswordChange | null;
  ready: boolean;
}

/**
 * The change the tray should prompt for: only the newest version, never one already applied,
 * none for version 0, none while suspended, none when the agent applies it silently.
 */
export function pendingChange(
  user: BoundUser,
  appliedVersion: number,
  policy: Policy,
): PendingPasswordChange | null {
  if (
    user.state !== 'active' ||
    user.passwordVersion === 0 ||
    user.passwordVersion <= appliedVersion
  )
    return null;
  if (policy.applyMode === 'silent' && user.cryptHash !== null) return null;
  return { version: user.passwordVersion, changedAt: user.changedAt ?? '' };
}

/** Ownership of the local account: ready to manage, or the one action/refusal that comes first. */
function ownershipStep(
  user: BoundUser,
  info: AccountInfo,
): { ready: boolean; step: Action | null } {
  const base = { userId: user.userId, username: user.deviceUsername };
  if (!info.exists) {
    return {
      ready: true,
      step: {
        ...base,
        kind: 'create-account',
        key: `create-account:${user.userId}:${user.deviceUsername}`,
        fullName: user.displayName,
      },
    };
  }
  if (info.managedFor === user.userId) return { ready: true, step: null };
  if (info.managedFor !== null) {
    const reason = `local account "${user.deviceUsername}" is already managed for another Lockstep user (${info.managedFor}); unbind that user first`;
    return {
      ready: false,
      step: {
        ...base,
        kind: 'refuse',
        action: 'takeover',
        reason,
        key: `refuse:${user.userId}:${user.deviceUsername}:managed-for:${info.managedFor}`,
      },
    };
  }
  if (!user.takeover) {
    const reason = `local account "${user.deviceUsername}" already exists and is not managed by Lockstep; bind with --takeover to adopt it`;
    return {
      ready: false,
      step: {
        ...base,
        kind: 'refuse',
        action: 'takeover',
        reason,
        key: `refuse:${user.userId}:${user.deviceUsername}:takeover-not-allowed`,
      },
    };
  }
  return {
    ready: true,
    step: { ...base, kind: 'takeover', key: `takeover:${user.userId}:${user.deviceUsername}` },
  };
}

function planUser(
  user: BoundUser,
  info: AccountInfo,
  applied: AppliedUser | undefined,
  policy: Policy,
): UserPlan {
  const { ready, step } = ownershipStep(user, info);
  const actions: Action[] = step ? [step] : [];
  if (!ready) return { actions, pending: null, ready };
  const base = { userId: user.userId, username: user.deviceUsername };
  // A new account starts enabled; an existing one is as the OS says.
  const disabled = info.exists && info.disabled;
  const appliedState = applied?.state ?? (disabled ? 'suspended' : 'active');
  if (user.state === 'suspended' && (!disabled || appliedState !== 'suspended')) {
    actions.push({
      ...base,
      kind: 'suspend',
      key: `suspend:${user.userId}:${user.deviceUsername}`,
    });
  }
  if (user.state === 'active' && appliedState === 'suspended') {
    actions.push({
      ...base,
      kind: 'restore',
      key: `restore:${user.userId}:${user.deviceUsername}`,
    });
  }
  const appliedVersion = applied?.passwordVersion ?? 0;
  // Password work waits while suspended: applying a hash would unlock a disabled Linux account.
  const newer =
    user.state === 'active' && user.passwordVersion > 0 && user.passwordVersion > appliedVersion;
  if (newer && policy.applyMode === 'silent' && user.cryptHash !== null) {
    actions.push({
      ...base,
      kind: 'silent-apply',
      key: `silent-apply:${user.userId}:${user.passwordVersion}`,
      version: user.passwordVersion,
      cryptHash: user.cryptHash,
    });
  }
  return { actions, pending: pendingChange(user, appliedVersion, policy), ready };
}

function invalidUser(user: BoundUser, seen: Set<string>): Action | null {
  const base = { userId: user.userId, username: user.deviceUsername };
  const check = checkDeviceUsername(user.deviceUsername);
  if (!check.ok) {
    return {
      ...base,
      kind: 'refuse',
      action: 'create-account',
      reason: check.reason,
      key: `refuse:${user.userId}:${user.deviceUsername}:invalid-username`,
    };
  }
  if (seen.has(user.deviceUsername)) {
    const reason = `device username "${user.deviceUsername}" is bound to more than one user on this device; only the first is managed`;
    return {
      ...base,
      kind: 'refuse',
      action: 'create-account',
      reason,
      key: `refuse:${user.userId}:${user.deviceUsername}:duplicate`,
    };
  }
  return null;
}

export function reconcile(input: ReconcileInput): ReconcilePlan {
  const appliedById = new Map(input.applied.map((a) => [a.userId, a]));
  const memoByKey = new Map(input.failures.map((f) => [f.key, f]));
  const plan: ReconcilePlan = {
    actions: [],
    pending: new Map(),
    ready: new Set(),
    liveMemoKeys: new Set(),
  };
  const seen = new Set<string>();

  for (const user of input.desired) {
    plan.pending.set(user.userId, null);
    const invalid = invalidUser(user, seen);
    seen.add(user.deviceUsername);
    let actions: Action[];
    if (invalid) {
      actions = [invalid];
    } else {
      const info = input.local.get(user.deviceUsername);
      if (!info) {
        // Unknown this round: do nothing rather than guess, and keep what we remember about it.
        for (const key of memoByKey.keys())
          if (key.split(':')[1] === user.userId) plan.liveMemoKeys.add(key);
        continue;
      }
      const userPlan = planUser(user, info, appliedById.get(user.userId), input.policy);
      plan.pending.set(user.userId, userPlan.pending);
      if (userPlan.ready) plan.ready.add(user.userId);
      actions = userPlan.actions;
    }
    for (const action of actions) {
      const memo = memoByKey.get(action.key);
      if (memo) plan.liveMemoKeys.add(action.key);
      const waiting = memo && (memo.retryAt === null || input.nowMs < memo.retryAt);
      // Later steps depend on this one; skip them too while it waits.
      if (waiting) break;
      plan.actions.push(action);
    }
  }
  return plan;
}
