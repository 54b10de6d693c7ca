/**
 * The reconciler's vocabulary: what it is given and the actions it asks the runner to perform.
 */
import type { PendingPasswordChange } from '../../../src-shared/agent-api.js';
import type { BoundUser, DeviceAction } from '../../../src-shared/checkin-protocol.js';
import type { Policy } from '../../../src-shared/policy.js';
import type { AccountInfo } from '../../platform/account-platform.js';
import type { AppliedUser, FailureMemo } from '../state/agent-state.js';

export interface ReconcileInput {
  desired: readonly BoundUser[];
  policy: Policy;
  applied: readonly AppliedUser[];
  failures: readonly FailureMemo[];
  /** Local account facts by device username; a missing entry means "could not be read this round". */
  local: ReadonlyMap<string, AccountInfo>;
  nowMs: number;
}

interface ActionBase {
  /** Identifies this exact piece of work; a failure is remembered under it. */
  key: string;
  userId: string;
  username: string;
}

export type Action =
  | (ActionBase & { kind: 'create-account'; fullName: string })
  | (ActionBase & { kind: 'takeover' })
  | (ActionBase & { kind: 'suspend' })
  | (ActionBase & { kind: 'restore' })
  | (ActionBase & { kind: 'silent-apply'; version: number; cryptHash: string })
  /** Nothing to do on the OS: report `action` as failed with `reason` (once per key). */
  | (ActionBase & { kind: 'refuse'; action: DeviceAction; reason: string });

export interface ReconcilePlan {
  /** In order; when one of a user's actions fails, the rest of that user's actions are skipped. */
  actions: Action[];
  /** Per bound user id: the password change waiting for the tray, or null. */
  pending: Map<string, PendingPasswordChange | null>;
  /** Users whose local account is (or is being made) theirs: the tray may prompt them. */
  ready: Set<string>;
  /** Failure memos still relevant; the runner forgets the others. */
  liveMemoKeys: Set<string>;
}
