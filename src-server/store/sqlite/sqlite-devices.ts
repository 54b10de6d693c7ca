import type Database from 'better-sqlite3';
import { DEFAULT_POLICY, Policy } from '../../../src-shared/policy.js';
import type { SqliteAudit } from './sqlite-audit.js';
import type { SqliteChanges } from './sqlite-changes.js';

export interface DeviceRow {
  id: string;
  publicKey: string;
  hostname: string;
  os: string;
  osVersion: string;
  machineIdHash: string;
  agentVersion: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastCheckinAt: string | null;
}

export interface BindingRow {
  userId: string;
  deviceId: string;
  takeover: boolean;
  boundAt: string;
}

export interface StatusRow {
  deviceId: string;
  userId: string;
  appliedState: string | null;
  appliedPasswordVersion: number;
  lastAction: string | null;
  lastOutcome: string | null;
  lastReason: string | null;
  updatedAt: string;
}

export interface PolicyRow {
  scope: string;
  key: string;
  /** JSON text. */
  value: string;
}

/** A binding as SQLite returns it (booleans are 0/1). */
type StoredBinding = Omit<BindingRow, 'takeover'> & { takeover: number };
const toBindingRow = (b: StoredBinding): BindingRow => ({ ...b, takeover: b.takeover === 1 });

/** Rows grouped by a key, in their order (Map.groupBy arrives with Node 21). */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(keyOf(r));
    if (list) list.push(r);
    else out.set(keyOf(r), [r]);
  }
  return out;
}

const DEVICE_COLUMNS = `id, public_key AS publicKey, hostname, os, os_version AS osVersion, machine_id_hash AS machineIdHash,
  agent_version AS agentVersion, enrolled_at AS enrolledAt, revoked_at AS revokedAt, last_checkin_at AS lastCheckinAt`;

/** Devices, bindings, policies, enrollment tokens and sync status. */
export class SqliteDevices {
  private readonly s;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: SqliteAudit,
    private readonly changes: SqliteChanges,
  ) {
    this.s = {
      insertEnrollToken: db.prepare(
        'INSERT INTO enroll_tokens (id, token_hash, uses_left, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      enrollTokenByHash: db.prepare(
        'SELECT id, uses_left AS usesLeft, expires_at AS expiresAt FROM enroll_tokens WHERE token_hash = ?',
      ),
      useEnrollToken: db.prepare(
        'UPDATE enroll_tokens SET uses_left = uses_left - 1 WHERE id = ? AND uses_left > 0',
      ),
      insertDevice:
        db.prepare(`INSERT INTO devices (id, public_key, hostname, os, os_version, machine_id_hash, agent_version, enrolled_at)
        VALUES (@id, @publicKey, @hostname, @os, @osVersion, @machineIdHash, @agentVersion, @enrolledAt)`),
      device: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`),
      devices: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY enrolled_at, id`),
      revokeDevice: db.prepare(
        'UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      touchDevice: db.prepare(
        'UPDATE devices SET last_checkin_at = ?, agent_version = ? WHERE id = ?',
      ),
      bind: db.prepare(
        'INSERT INTO bindings (user_id, device_id, takeover, bound_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, device_id) DO UPDATE SET takeover = excluded.takeover',
      ),
      unbind: db.prepare('DELETE FROM bindings WHERE user_id = ? AND device_id = ?'),
      bindingsOfDevice: db.prepare(
        'SELECT user_id AS userId, device_id AS deviceId, takeover, bound_at AS boundAt FROM bindings WHERE device_id = ?',
      ),
      // Batch reads for woken check-ins: one statement for a whole batch of device ids (a JSON array).
      revokedAmong: db.prepare(
        'SELECT id, revoked_at AS revokedAt FROM devices WHERE id IN (SELECT value FROM json_each(?))',
      ),
      bindingsAmong: db.prepare(
        'SELECT user_id AS userId, device_id AS deviceId, takeover, bound_at AS boundAt FROM bindings WHERE device_id IN (SELECT value FROM json_each(?))',
      ),
      policyRowsAmong: db.prepare(
        'SELECT scope, key, value FROM policies WHERE scope IN (SELECT value FROM json_each(?))',
      ),
      devicesOfUser: db.prepare('SELECT device_id AS deviceId FROM bindings WHERE user_id = ?'),
      policyRows: db.prepare(
        "SELECT scope, key, value FROM policies WHERE scope = 'global' OR scope = ?",
      ),
      policyRowsOfScope: db.prepare('SELECT scope, key, value FROM policies WHERE scope = ?'),
      setPolicy: db.prepare(
        'INSERT INTO policies (scope, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      ),
      statusOfDevice:
        db.prepare(`SELECT device_id AS deviceId, user_id AS userId, applied_state AS appliedState,
        applied_password_version AS appliedPasswordVersion, last_action AS lastAction, last_outcome AS lastOutcome,
        last_reason AS lastReason, updated_at AS updatedAt FROM device_user_status WHERE device_id = ?`),
      upsertStatus:
        db.prepare(`INSERT INTO device_user_status (device_id, user_id, applied_state, applied_password_version, last_action, last_outcome, last_reason, updated_at)
        VALUES (@deviceId, @userId, @appliedState, @appliedPasswordVersion, @lastAction, @lastOutcome, @lastReason, @updatedAt)
        ON CONFLICT (device_id, user_id) DO UPDATE SET applied_state = excluded.applied_state,
        applied_password_version = excluded.applied_password_version, last_action = COALESCE(excluded.last_action, last_action),
        last_outcome = COALESCE(excluded.last_outcome, last_outcome), last_reason = excluded.last_reason, updated_at = excluded.updated_at`),
    };
  }

  addEnrollToken(id: string, tokenHash: string, uses: number, expiresAt: string): void {
    this.db.transaction(() => {
      this.s.insertEnrollToken.run(id, tokenHash, uses, expiresAt, new Date().toISOString());
      this.audit.append({
        actor: 'admin-cli',
        action: 'enroll-token.create',
        target: id,
        outcome: 'success',
        detail: { uses, expiresAt },
      });
    })();
  }

  /** Spends one use of an enrollment token and records the device, atomically. */
  enroll(
    tokenHash: string,
    device: Omit<DeviceRow, 'revokedAt' | 'lastCheckinAt'>,
  ): 'ok' | 'unknown' | 'expired' | 'used-up' {
    return this.db
      .transaction(() => {
        const t = this.s.enrollTokenByHash.get(tokenHash) as
          | { id: string; usesLeft: number; expiresAt: string }
          | undefined;
        const refuse = (why: 'unknown' | 'expired' | 'used-up') => {
          this.audit.append({
            actor: `device:${device.hostname}`,
            action: 'device.enroll',
            target: null,
            outcome: 'failure',
            detail: { reason: why },
          });
          return why;
        };
        if (!t) return refuse('unknown');
        if (Date.parse(t.expiresAt) <= Date.now()) return refuse('expired');
        if (this.s.useEnrollToken.run(t.id).changes === 0) return refuse('used-up');
        this.s.insertDevice.run(device);
        this.audit.append({
          actor: `enroll-token:${t.id}`,
          action: 'device.enroll',
          target: device.id,
          outcome: 'success',
          detail: { hostname: device.hostname, os: device.os, osVersion: device.osVersion },
        });
        return 'ok';
      })
      .immediate();
  }

  device(id: string): DeviceRow | null {
    return (this.s.device.get(id) as DeviceRow | undefined) ?? null;
  }

  allDevices(): DeviceRow[] {
    return this.s.devices.all() as DeviceRow[];
  }

  revoke(id: string, actor: string): boolean {
    return this.db.transaction(() => {
      const done = this.s.revokeDevice.run(new Date().toISOString(), id).changes > 0;
      if (done) {
        this.audit.append({ actor, action: 'device.revoke', target: id, outcome: 'success' });
        this.changes.record('device', { deviceId: id });
      }
      return done;
    })();
  }

  bind(userId: string, deviceId: string, takeover: boolean, actor: string): void {
    this.db.transaction(() => {
      this.s.bind.run(userId, deviceId, takeover ? 1 : 0, new Date().toISOString());
      this.audit.append({
        actor,
        action: 'binding.create',
        target: deviceId,
        outcome: 'success',
        detail: { userId, takeover },
      });
      this.changes.record('binding', { userId, deviceId });
    })();
  }

  unbind(userId: string, deviceId: string, actor: string): boolean {
    return this.db.transaction(() => {
      const done = this.s.unbind.run(userId, deviceId).changes > 0;
      if (done) {
        this.audit.append({
          actor,
          action: 'binding.delete',
          target: deviceId,
          outcome: 'success',
          detail: { userId },
        });
        this.changes.record('binding', { userId, deviceId });
      }
      return done;
    })();
  }

  bindingsOf(deviceId: string): BindingRow[] {
    return (this.s.bindingsOfDevice.all(deviceId) as StoredBinding[]).map(toBindingRow);
  }

  /** Revocation time (null when live) of each of `ids` that exists. */
  revokedAmong(ids: readonly string[]): Map<string, string | null> {
    const rows = this.s.revokedAmong.all(JSON.stringify(ids)) as Array<{
      id: string;
      revokedAt: string | null;
    }>;
    return new Map(rows.map((r) => [r.id, r.revokedAt]));
  }

  /** The bindings of each of `ids` (devices without any are absent). */
  bindingsAmong(ids: readonly string[]): Map<string, BindingRow[]> {
    return groupBy(
      (this.s.bindingsAmong.all(JSON.stringify(ids)) as StoredBinding[]).map(toBindingRow),
      (b) => b.deviceId,
    );
  }

  /** The own policy rows of each of `scopes` that has any. */
  policyRowsAmong(scopes: readonly string[]): Map<string, PolicyRow[]> {
    return groupBy(
      this.s.policyRowsAmong.all(JSON.stringify(scopes)) as PolicyRow[],
      (r) => r.scope,
    );
  }

  devicesOf(userId: string): string[] {
    return (this.s.devicesOfUser.all(userId) as Array<{ deviceId: string }>).map((r) => r.deviceId);
  }

  /** The effective policy for a device: defaults, then global rows, then the device's own rows. */
  policyFor(deviceId: string | null): Policy {
    return mergePolicy(this.s.policyRows.all(deviceId ?? 'global') as PolicyRow[], deviceId);
  }

  /** One scope's own policy rows ('global' or a device id), for callers that merge many devices' policies. */
  policyRowsOf(scope: string): PolicyRow[] {
    return this.s.policyRowsOfScope.all(scope) as PolicyRow[];
  }

  setPolicy(scope: string, key: string, value: unknown, actor: string): void {
    this.db.transaction(() => {
      this.s.setPolicy.run(scope, key, JSON.stringify(value), new Date().toISOString());
      this.audit.append({
        actor,
        action: 'policy.set',
        target: scope,
        outcome: 'success',
        detail: { key, value },
      });
      this.changes.record('policy', scope === 'global' ? {} : { deviceId: scope });
    })();
  }

  statusOf(deviceId: string): StatusRow[] {
    return this.s.statusOfDevice.all(deviceId) as StatusRow[];
  }

  writeStatus(rows: StatusRow[]): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows) this.s.upsertStatus.run(r);
    })();
  }

  /** Records device results and their audit entries in one transaction. */
  recordResults(rows: StatusRow[], audits: Parameters<SqliteAudit['append']>[0][]): void {
    this.db.transaction(() => {
      for (const r of rows) this.s.upsertStatus.run(r);
      for (const a of audits) this.audit.append(a);
    })();
  }

  /** Check-in times, written in batches (see DeviceBookkeeping). */
  recordCheckins(checkins: Map<string, { at: string; agentVersion: string }>): void {
    this.db.transaction(() => {
      for (const [id, c] of checkins) this.s.touchDevice.run(c.at, c.agentVersion, id);
    })();
  }
}

/** Defaults, then the global rows, then the device's own rows; a policy that no longer parses falls back to the defaults. */
export function mergePolicy(rows: readonly PolicyRow[], deviceId: string | null): Policy {
  const merged: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const scope of ['global', deviceId]) {
    for (const r of rows) if (r.scope === scope) merged[r.key] = JSON.parse(r.value) as unknown;
  }
  const parsed = Policy.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}
