import type { Policy } from '../../src-shared/policy.js';
import { mergePolicy, type BindingRow, type PolicyRow } from '../store/sqlite/sqlite-devices.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import type { UserRecord } from '../store/user-types.js';
import { buildCheckin, type BuiltCheckin } from './checkin-builder.js';

/**
 * The reads and answers for one batch of check-ins answered in the same event-loop turn.
 *
 * A password change wakes every device bound to that user at once, and most of them share the
 * same answer (same bound users, same policy). Within a batch each user row and policy is read
 * once, and each distinct answer is built, hashed and serialized once. A batch lives for one
 * synchronous turn only: nothing else runs on the event loop meanwhile, so it cannot hold an
 * answer older than a write this process made, and the next batch reads afresh.
 *
 * A batch made for woken devices reads their revocation, bindings and policy rows in three
 * statements for the whole batch instead of three per device.
 */
export class CheckinBatch {
  private readonly users = new Map<string, UserRecord | null>();
  private readonly answers = new Map<string, BuiltCheckin>();
  private globalRows: PolicyRow[] | null = null;
  private globalPolicy: Policy | null = null;
  readonly serverTime = new Date().toISOString();
  private readonly prefetched: {
    revoked: Map<string, string | null>;
    bindings: Map<string, BindingRow[]>;
    policies: Map<string, PolicyRow[]>;
  } | null;

  constructor(
    private readonly store: SqliteDirectoryStore,
    deviceIds: readonly string[] = [],
  ) {
    const d = store.devices;
    this.prefetched =
      deviceIds.length > 1
        ? {
            revoked: d.revokedAmong(deviceIds),
            bindings: d.bindingsAmong(deviceIds),
            policies: d.policyRowsAmong(deviceIds),
          }
        : null;
  }

  /** False once the device is revoked or gone (read now or with the batch: revocation must be seen at once). */
  isLive(id: string): boolean {
    if (this.prefetched?.revoked.has(id)) return this.prefetched.revoked.get(id) === null;
    const row = this.store.devices.device(id);
    return row !== null && row.revokedAt === null;
  }

  answerFor(deviceId: string): BuiltCheckin {
    const { policyKey, policy } = this.policyOf(deviceId);
    const bindings = this.prefetched
      ? (this.prefetched.bindings.get(deviceId) ?? [])
      : this.store.devices.bindingsOf(deviceId);
    // Everything the answer depends on besides the user rows, which are the same for the whole batch.
    let key = policyKey;
    for (const b of [...bindings].sort((a, c) =>
      a.userId < c.userId ? -1 : a.userId > c.userId ? 1 : 0,
    ))
      key += `\n${b.userId}\t${b.takeover ? 1 : 0}`;
    let built = this.answers.get(key);
    if (!built) {
      built = buildCheckin(policy, bindings, (id) => this.user(id), this.serverTime);
      this.answers.set(key, built);
    }
    return built;
  }

  private user(id: string): UserRecord | null {
    let u = this.users.get(id);
    if (u === undefined) {
      u = this.store.users.get(id);
      this.users.set(id, u);
    }
    return u;
  }

  /** Devices without policy rows of their own share the global policy (and so their answers). */
  private policyOf(deviceId: string): { policyKey: string; policy: Policy } {
    const own = this.prefetched
      ? (this.prefetched.policies.get(deviceId) ?? [])
      : this.store.devices.policyRowsOf(deviceId);
    this.globalRows ??= this.store.devices.policyRowsOf('global');
    if (own.length > 0)
      return {
        policyKey: `device:${deviceId}`,
        policy: mergePolicy([...this.globalRows, ...own], deviceId),
      };
    this.globalPolicy ??= mergePolicy(this.globalRows, null);
    return { policyKey: 'global', policy: this.globalPolicy };
  }
}
