/**
 * `AgentApi`: the one typed contract between the tray (user level) and the agent (root/SYSTEM).
 *
 * Two transports carry it (src-main/bridge/): direct calls to an in-process agent, and
 * newline-delimited JSON over a per-user socket / named pipe. Every request, response and event is
 * validated against the schemas below on receipt. A caller only ever sees and acts on its own
 * local account: the agent picks the account from the transport's identity, never from a parameter.
 */
import { z } from 'zod';
import { AccountState } from './checkin-protocol.js';
import { Policy } from './policy.js';

export const ConnectionState = z.enum(['not-enrolled', 'connecting', 'connected', 'offline']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const PendingPasswordChange = z
  .object({ version: z.number().int().min(1), changedAt: z.string() })
  .strict();
export type PendingPasswordChange = z.infer<typeof PendingPasswordChange>;

export const AgentStatus = z
  .object({
    agentVersion: z.string(),
    device: z
      .object({ deviceId: z.string(), hostname: z.string(), directoryUrl: z.string() })
      .strict()
      .nullable(),
    connection: z
      .object({
        state: ConnectionState,
        lastCheckInAt: z.string().nullable(),
        /** Why the last attempt failed, in words; null when connected. */
        lastError: z.string().nullable(),
      })
      .strict(),
    policy: Policy,
    /** The caller's own account; null when no Lockstep user is bound to it on this device. */
    account: z
      .object({
        userId: z.string(),
        deviceUsername: z.string(),
        displayName: z.string(),
        state: AccountState,
        appliedPasswordVersion: z.number().int().min(0),
        pendingPasswordChange: PendingPasswordChange.nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type AgentStatus = z.infer<typeof AgentStatus>;

export const VerifyResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }).strict(),
  z
    .object({
      ok: z.literal(false),
      reason: z.enum(['mismatch', 'throttled', 'no-pending-change']),
      /** When throttled: how long until the next try is accepted. */
      retryAfterSeconds: z.number().int().min(0).nullable(),
      attemptsLeft: z.number().int().min(0).nullable(),
    })
    .strict(),
]);
export type VerifyResult = z.infer<typeof VerifyResult>;

export const ResetResult = z
  .object({
    /** What the user lost, in words (macOS: a new login keychain; Windows: DPAPI secrets). */
    lost: z.string(),
    passwordVersion: z.number().int().min(1),
  })
  .strict();
export type ResetResult = z.infer<typeof ResetResult>;

/** The calls and events the agent offers the tray. Every call may reject with `AgentApiError`. */
export interface AgentApi {
  getStatus(): Promise<AgentStatus>;
  /** Asks the agent to check in now (ends the wait of an open long-poll). */
  checkInNow(): Promise<void>;
  /** Checks a typed new password against the pending change's argon2id verifier (rate-limited). */
  verifyNewPassword(params: { password: string; version: number }): Promise<VerifyResult>;
  /** The tray applied (or failed to apply) a password version with the user-level script. */
  reportPasswordApplied(params: {
    version: number;
    outcome: 'applied' | 'failed';
    reason: string | null;
  }): Promise<void>;
  /** Forgotten previous password: the agent sets the new one without it (privileged). */
  resetPassword(params: { password: string; version: number }): Promise<ResetResult>;
  /** Self-service change, only while the directory is the password authority. */
  requestPasswordChange(params: { newPassword: string }): Promise<{ version: number }>;
  /** Status pushes; returns the function that stops them. */
  onStatus(listener: (status: AgentStatus) => void): () => void;
}

export const AgentApiErrorCode = z.enum([
  'invalid-request',
  'not-bound',
  'refused-by-policy',
  'directory-unreachable',
  'platform-failed',
  'internal',
  /** Client side only: the agent service did not answer (not running, socket gone, timed out). */
  'agent-unreachable',
]);
export type AgentApiErrorCode = z.infer<typeof AgentApiErrorCode>;

/** A refusal the tray can show as it is: `message` is written for the end user. */
export class AgentApiError extends Error {
  constructor(
    readonly code: AgentApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AgentApiError';
  }
}

// ---- Wire form (socket / pipe transport): one JSON object per line ----
const Version = z.number().int().min(1);
export const BridgeRequest = z.discriminatedUnion('method', [
  z
    .object({ id: z.number().int(), method: z.literal('getStatus'), params: z.object({}).strict() })
    .strict(),
  z
    .object({
      id: z.number().int(),
      method: z.literal('checkInNow'),
      params: z.object({}).strict(),
    })
    .strict(),
  z
    .object({
      id: z.number().int(),
      method: z.literal('verifyNewPassword'),
      params: z.object({ password: z.string().min(1).max(1024), version: Version }).strict(),
    })
    .strict(),
  z
    .object({
      id: z.number().int(),
      method: z.literal('reportPasswordApplied'),
      params: z
        .object({
          version: Version,
          outcome: z.enum(['applied', 'failed']),
          reason: z.string().max(500).nullable(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      id: z.number().int(),
      method: z.literal('resetPassword'),
      params: z.object({ password: z.string().min(1).max(1024), version: Version }).strict(),
    })
    .strict(),
  z
    .object({
      id: z.number().int(),
      method: z.literal('requestPasswordChange'),
      params: z.object({ newPassword: z.string().min(1).max(1024) }).strict(),
    })
    .strict(),
  z
    .object({ id: z.number().int(), method: z.literal('subscribe'), params: z.object({}).strict() })
    .strict(),
]);
export type BridgeRequest = z.infer<typeof BridgeRequest>;

export const BridgeResponse = z.union([
  z.object({ id: z.number().int(), result: z.unknown() }).strict(),
  z
    .object({
      id: z.number().int(),
      error: z.object({ code: AgentApiErrorCode, message: z.string() }).strict(),
    })
    .strict(),
]);
export const BridgeEvent = z.object({ event: z.literal('status'), data: AgentStatus }).strict();

/** Largest line either side accepts before closing the connection. */
export const BRIDGE_MAX_LINE_BYTES = 64 * 1024;
