/**
 * Performs the reconciler's actions through the platform and records each outcome in the agent
 * state (applied state, failure memo, result for the directory) in one durable commit *before*
 * the result is reported, so a restart never repeats finished work or loses a result.
 */
import type { ActionResult, DeviceAction } from '../../../src-shared/checkin-protocol.js';
import type { AccountPlatform } from '../../platform/account-platform.js';
import { OUTBOX_LIMIT, type AgentState, type AppliedUser } from '../state/agent-state.js';
import type { Action } from './reconcile-types.js';

/** A failed OS action is tried again after this long (or sooner if its inputs change). */
export const FAILED_ACTION_RETRY_MS = 5 * 60_000;

export interface RunnerDeps {
  platform: AccountPlatform;
  nowMs: () => number;
  /** Mutates the state and resolves once the change is on disk. */
  commit: (mutate: (state: AgentState) => void) => Promise<void>;
}

function upsertApplied(
  state: AgentState,
  action: Action,
  change: Partial<Pick<AppliedUser, 'state' | 'passwordVersion'>>,
): void {
  const existing = state.applied.find((a) => a.userId === action.userId);
  if (existing) {
    Object.assign(existing, change, { deviceUsername: action.username });
    return;
  }
  state.applied.push({
    userId: action.userId,
    deviceUsername: action.username,
    state: 'active',
    passwordVersion: 0,
    ...change,
  });
}

/** Adds a result to the outbox, dropping the oldest when the directory has been away too long. */
export function enqueueResult(state: AgentState, result: ActionResult): void {
  state.outbox.push(result);
  if (state.outbox.length > OUTBOX_LIMIT)
    state.outbox.splice(0, state.outbox.length - OUTBOX_LIMIT);
}

async function perform(platform: AccountPlatform, action: Action): Promise<void> {
  switch (action.kind) {
    case 'create-account':
      return platform.createAccount(action.username, {
        fullName: action.fullName,
        userId: action.userId,
      });
    case 'takeover':
      return platform.markManaged(action.username, action.userId);
    case 'suspend':
      await platform.disableAccount(action.username);
      return platform.endSessions(action.username);
    case 'restore':
      return platform.enableAccount(action.username);
    case 'silent-apply':
      return platform.setPasswordHash(action.username, action.cryptHash);
    case 'refuse':
      return;
  }
}

function applySuccess(state: AgentState, action: Action): void {
  if (action.kind === 'create-account')
    upsertApplied(state, action, { state: 'active', passwordVersion: 0 });
  if (action.kind === 'suspend') upsertApplied(state, action, { state: 'suspended' });
  if (action.kind === 'restore') upsertApplied(state, action, { state: 'active' });
  if (action.kind === 'silent-apply')
    upsertApplied(state, action, { passwordVersion: action.version });
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text || 'failed without a reason').slice(0, 500);
}

/** Runs the actions in order; returns the results it recorded. */
export async function runActions(
  actions: readonly Action[],
  deps: RunnerDeps,
): Promise<ActionResult[]> {
  const failedUsers = new Set<string>();
  const results: ActionResult[] = [];
  for (const action of actions) {
    if (failedUsers.has(action.userId)) continue;
    let reason: string | null = action.kind === 'refuse' ? action.reason : null;
    if (action.kind !== 'refuse') {
      try {
        await perform(deps.platform, action);
      } catch (error) {
        reason = reasonOf(error);
      }
    }
    const failed = reason !== null;
    if (failed) failedUsers.add(action.userId);
    const nowMs = deps.nowMs();
    const result: ActionResult = {
      userId: action.userId,
      action: (action.kind === 'refuse' ? action.action : action.kind) satisfies DeviceAction,
      passwordVersion: action.kind === 'silent-apply' ? action.version : null,
      outcome: failed ? 'failed' : 'applied',
      reason,
      at: new Date(nowMs).toISOString(),
    };
    await deps.commit((state) => {
      state.failures = state.failures.filter((f) => f.key !== action.key);
      if (failed) {
        const retryAt = action.kind === 'refuse' ? null : nowMs + FAILED_ACTION_RETRY_MS;
        state.failures.push({ key: action.key, reason: reason ?? '', at: result.at, retryAt });
      } else {
        applySuccess(state, action);
      }
      enqueueResult(state, result);
    });
    results.push(result);
  }
  return results;
}
