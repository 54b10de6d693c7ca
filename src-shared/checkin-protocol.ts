/**
 * The device ⇄ directory wire contract: enrollment, signed requests, check-in, results.
 *
 * Both sides validate every body with these schemas on receipt. No Node imports: the signing
 * *string* is defined here; the Ed25519 sign/verify calls live with each side.
 */
import { z } from 'zod';
import { MAX_LONG_POLL_SECONDS, Policy } from './policy.js';

export { DEFAULT_LONG_POLL_SECONDS, MAX_LONG_POLL_SECONDS } from './policy.js';

export const API_PREFIX = '/api/v1';
/** Largest clock difference a signed request may have (milliseconds). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const SIGNATURE_HEADERS = {
  device: 'x-lockstep-device',
  timestamp: 'x-lockstep-timestamp',
  nonce: 'x-lockstep-nonce',
  signature: 'x-lockstep-signature',
} as const;

/**
 * The exact bytes a device signs: a version tag, the method, the path with its query, the
 * timestamp (Unix milliseconds, decimal), the nonce, and the lowercase hex SHA-256 of the body
 * (of the empty string when there is none).
 */
export function signingString(parts: {
  method: string;
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  bodySha256Hex: string;
}): string {
  return [
    'LOCKSTEP-SIG-V1',
    parts.method.toUpperCase(),
    parts.pathWithQuery,
    parts.timestamp,
    parts.nonce,
    parts.bodySha256Hex,
  ].join('\n');
}

/**
 * Header encodings (added by the agent; both sides must agree): the signature is the Ed25519
 * signature of the UTF-8 signing string, standard base64 (88 characters); the nonce is random,
 * 16–64 characters of letters, digits, "-" and "_", and never reused by a device.
 */
export const SIGNATURE_ENCODING = 'base64' as const;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export const DeviceOs = z.enum(['linux', 'macos', 'windows']);
export type DeviceOs = z.infer<typeof DeviceOs>;

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, "-" and "_"');
const IsoTime = z.string().datetime({ offset: true });

// ---- Enrollment: POST /api/v1/devices/enroll (the only unsigned device request) ----
export const EnrollRequest = z
  .object({
    token: z.string().min(16).max(256),
    /** Ed25519 public key, SPKI DER, base64. */
    publicKey: z.string().min(40).max(200),
    hostname: z.string().min(1).max(255),
    os: DeviceOs,
    osVersion: z.string().min(1).max(200),
    /** SHA-256 hex of the OS machine id (node-machine-id's hashed form). */
    machineIdHash: z.string().regex(/^[0-9a-f]{64}$/),
    agentVersion: z.string().min(1).max(50),
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({ deviceId: Id }).strict();
export type EnrollResponse = z.infer<typeof EnrollResponse>;

// ---- Check-in: POST /api/v1/devices/{deviceId}/checkin ----
export const AccountState = z.enum(['active', 'suspended']);
export type AccountState = z.infer<typeof AccountState>;

export const AppliedUserState = z
  .object({
    userId: Id,
    state: AccountState,
    /** Highest password version applied on this device; 0 when none yet. */
    passwordVersion: z.number().int().min(0),
  })
  .strict();
export type AppliedUserState = z.infer<typeof AppliedUserState>;

export const CheckinRequest = z
  .object({
    /** The cursor of the last answer this device acted on; null on first check-in. */
    cursor: z.string().max(128).nullable(),
    /** How long the directory may hold the request when nothing changed (0 = answer now). */
    waitSeconds: z.number().int().min(0).max(MAX_LONG_POLL_SECONDS),
    applied: z.array(AppliedUserState).max(1000),
    agentVersion: z.string().min(1).max(50),
  })
  .strict();
export type CheckinRequest = z.infer<typeof CheckinRequest>;

export const BoundUser = z
  .object({
    userId: Id,
    deviceUsername: z.string().min(1).max(30),
    displayName: z.string().max(512),
    state: AccountState,
    /** Monotonic; 0 while Okta has pushed no real password yet. */
    passwordVersion: z.number().int().min(0),
    changedAt: IsoTime.nullable(),
    /** argon2id PHC string of the current password; null while passwordVersion is 0. */
    verifier: z.string().max(512).nullable(),
    /** crypt(3) hash; only sent to devices whose apply mode is silent. */
    cryptHash: z.string().max(512).nullable(),
    /** The agent may adopt an existing local account of the same name. */
    takeover: z.boolean(),
  })
  .strict();
export type BoundUser = z.infer<typeof BoundUser>;

export const CheckinResponse = z
  .object({
    cursor: z.string().max(128),
    serverTime: IsoTime,
    policy: Policy,
    users: z.array(BoundUser),
  })
  .strict();
export type CheckinResponse = z.infer<typeof CheckinResponse>;

// ---- Results: POST /api/v1/devices/{deviceId}/results ----
export const DeviceAction = z.enum([
  'suspend',
  'restore',
  'create-account',
  'takeover',
  'password-apply',
  'silent-apply',
  'password-reset',
]);
export type DeviceAction = z.infer<typeof DeviceAction>;

export const ActionResult = z
  .object({
    userId: Id,
    action: DeviceAction,
    passwordVersion: z.number().int().min(0).nullable(),
    outcome: z.enum(['applied', 'failed']),
    /** Why it failed, in words an admin can act on; never a secret. */
    reason: z.string().max(500).nullable(),
    at: IsoTime,
  })
  .strict();
export type ActionResult = z.infer<typeof ActionResult>;

export const ResultsRequest = z.object({ results: z.array(ActionResult).min(1).max(100) }).strict();
export type ResultsRequest = z.infer<typeof ResultsRequest>;

export const ResultsResponse = z.object({ recorded: z.number().int().min(0) }).strict();

// ---- Self-service change: POST /api/v1/devices/{deviceId}/password-change ----
// Refused (403) while the policy's passwordAuthority is `okta`.
export const DevicePasswordChangeRequest = z
  .object({ userId: Id, newPassword: z.string().min(1).max(1024) })
  .strict();
export const DevicePasswordChangeResponse = z
  .object({ passwordVersion: z.number().int().min(1) })
  .strict();

// ---- Errors on every device route ----
export const DeviceApiError = z
  .object({ error: z.object({ code: z.string(), message: z.string() }).strict() })
  .strict();
export type DeviceApiError = z.infer<typeof DeviceApiError>;
