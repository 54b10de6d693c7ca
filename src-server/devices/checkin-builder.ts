import { createHash } from 'node:crypto';
import type { BoundUser, CheckinResponse } from '../../src-shared/checkin-protocol.js';
import type { Policy } from '../../src-shared/policy.js';
import type { BindingRow } from '../store/sqlite/sqlite-devices.js';
import type { UserRecord } from '../store/user-types.js';

export interface BuiltCheckin {
  cursor: string;
  response: CheckinResponse;
  /** `response` as JSON, serialized once and sent as-is to every device given this answer. */
  body: Buffer;
}

/**
 * What a device should know right now: the policy and, for each bound user, the desired state.
 *
 * The cursor is a digest of exactly that content, so "nothing changed since your cursor" is true
 * precisely when the answer would be identical — no missed and no spurious wake-ups.
 */
export function buildCheckin(
  policy: Policy,
  bindings: readonly BindingRow[],
  userOf: (userId: string) => UserRecord | null,
  serverTime: string,
): BuiltCheckin {
  const silent = policy.applyMode === 'silent';
  const users: BoundUser[] = [];
  for (const b of bindings) {
    const u = userOf(b.userId);
    if (!u) continue;
    const real = u.password.version > 0;
    users.push({
      userId: u.id,
      deviceUsername: u.deviceUsername,
      displayName: (u.displayName ?? u.userName).slice(0, 512),
      state: u.state,
      passwordVersion: u.password.version,
      changedAt: u.password.changedAt,
      verifier: real ? u.password.verifier : null,
      // The crypt hash is what a silent Linux apply writes to /etc/shadow; prompting devices never need it.
      cryptHash: real && silent ? u.password.cryptHash : null,
      takeover: b.takeover,
    });
  }
  users.sort((a, b) => a.userId.localeCompare(b.userId));
  const cursor = createHash('sha256').update(JSON.stringify({ policy, users })).digest('base64url');
  const response: CheckinResponse = { cursor, serverTime, policy, users };
  return { cursor, response, body: Buffer.from(JSON.stringify(response), 'utf8') };
}
