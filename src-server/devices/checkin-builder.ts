import { createHash } from 'node:crypto';
import type { BoundUser, CheckinResponse } from '../../src-shared/checkin-protocol.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';

/**
 * What a device should know right now: the policy and, for each bound user, the desired state.
 *
 * The cursor is a digest of exactly that content, so "nothing changed since your cursor" is true
 * precisely when the answer would be identical — no missed and no spurious wake-ups.
 */
export function buildCheckin(store: SqliteDirectoryStore, deviceId: string): { cursor: string; response: CheckinResponse } {
  const policy = store.devices.policyFor(deviceId);
  const silent = policy.applyMode === 'silent';
  const users: BoundUser[] = [];
  for (const b of store.devices.bindingsOf(deviceId)) {
    const u = store.users.get(b.userId);
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
  return { cursor, response: { cursor, serverTime: new Date().toISOString(), policy, users } };
}
