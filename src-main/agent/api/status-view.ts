/**
 * Status as one local user may see it (`AgentStatus`), and as an admin sees every bound user
 * (`lockstep agent status`). Both read the same agent state, never a secret.
 */
import type { AgentStatus, PendingPasswordChange } from '../../../src-shared/agent-api.js';
import type { BoundUser } from '../../../src-shared/checkin-protocol.js';
import type { DeviceRecord } from '../identity/device-identity.js';
import { pendingChange } from '../reconcile/reconciler.js';
import type { AgentState, AppliedUser } from '../state/agent-state.js';

export interface StatusSource {
  agentVersion: string;
  device: DeviceRecord | null;
  state: AgentState;
  /** From the last reconcile: users whose local account is theirs to manage. */
  ready: ReadonlySet<string>;
}

export function appliedFor(state: AgentState, userId: string): AppliedUser | undefined {
  return state.applied.find((a) => a.userId === userId);
}

/** The pending change from the current state, so it is never behind a check-in answer. */
export function pendingFor(src: StatusSource, user: BoundUser): PendingPasswordChange | null {
  if (!src.ready.has(user.userId)) return null;
  return pendingChange(
    user,
    appliedFor(src.state, user.userId)?.passwordVersion ?? 0,
    src.state.policy,
  );
}

export function boundUserFor(state: AgentState, localUsername: string): BoundUser | undefined {
  return state.desired.find((u) => u.deviceUsername === localUsername);
}

export function statusFor(src: StatusSource, localUsername: string): AgentStatus {
  const user = boundUserFor(src.state, localUsername);
  const { connection } = src.state;
  return {
    agentVersion: src.agentVersion,
    device: src.device
      ? {
          deviceId: src.device.deviceId,
          hostname: src.device.hostname,
          directoryUrl: src.device.directoryUrl,
        }
      : null,
    connection: src.device
      ? {
          state: connection.state,
          lastCheckInAt: connection.lastCheckInAt,
          lastError: connection.lastError,
        }
      : { state: 'not-enrolled', lastCheckInAt: null, lastError: null },
    policy: src.state.policy,
    account: user
      ? {
          userId: user.userId,
          deviceUsername: user.deviceUsername,
          displayName: user.displayName,
          state: user.state,
          appliedPasswordVersion: appliedFor(src.state, user.userId)?.passwordVersion ?? 0,
          pendingPasswordChange: pendingFor(src, user),
        }
      : null,
  };
}
