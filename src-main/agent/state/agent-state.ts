/**
 * What the agent remembers between runs (state.json in the state folder): the directory's last
 * answer, what it has applied to each account, failures it must not retry yet, and the results
 * not yet delivered. Validated on every load; a file that does not match is refused, not guessed at.
 *
 * Holds no plaintext secret: the desired users carry the argon2id verifier (needed to check a typed
 * password while offline) and, in silent mode only, the crypt(3) hash — both strong hashes.
 */
import { z } from 'zod';
import { AccountState, ActionResult, BoundUser } from '../../../src-shared/checkin-protocol.js';
import { ConnectionState } from '../../../src-shared/agent-api.js';
import { DEFAULT_POLICY, Policy } from '../../../src-shared/policy.js';

export const AppliedUser = z
  .object({
    userId: z.string().min(1),
    deviceUsername: z.string().min(1),
    state: AccountState,
    passwordVersion: z.number().int().min(0),
  })
  .strict();
export type AppliedUser = z.infer<typeof AppliedUser>;

/** An action that failed (or was refused) and is not to be tried again before `retryAt`. */
export const FailureMemo = z
  .object({
    key: z.string().min(1),
    reason: z.string(),
    at: z.string(),
    /** Unix ms; null = not until the situation changes (the action's key changes). */
    retryAt: z.number().nullable(),
  })
  .strict();
export type FailureMemo = z.infer<typeof FailureMemo>;

export const AgentState = z
  .object({
    schema: z.literal(1),
    cursor: z.string().nullable(),
    policy: Policy,
    desired: z.array(BoundUser),
    applied: z.array(AppliedUser),
    failures: z.array(FailureMemo),
    /** Results waiting to be delivered to the directory, oldest first. */
    outbox: z.array(ActionResult),
    connection: z
      .object({
        state: ConnectionState,
        since: z.string(),
        lastCheckInAt: z.string().nullable(),
        lastError: z.string().nullable(),
      })
      .strict(),
    /** The process running the agent; null after a clean stop. */
    runningPid: z.number().int().nullable(),
    updatedAt: z.string(),
  })
  .strict();
export type AgentState = z.infer<typeof AgentState>;

/** Results kept while the directory is unreachable; the oldest are dropped past this. */
export const OUTBOX_LIMIT = 1000;

export function emptyState(nowIso: string): AgentState {
  return {
    schema: 1,
    cursor: null,
    policy: DEFAULT_POLICY,
    desired: [],
    applied: [],
    failures: [],
    outbox: [],
    connection: { state: 'connecting', since: nowIso, lastCheckInAt: null, lastError: null },
    runningPid: null,
    updatedAt: nowIso,
  };
}
