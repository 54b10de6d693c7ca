import type { ResultsRequest } from '../../src-shared/checkin-protocol.js';
import type { AuditEvent } from '../store/audit-types.js';
import type { StatusRow } from '../store/sqlite/sqlite-devices.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';

const STATE_AFTER: Record<string, 'active' | 'suspended' | undefined> = {
  suspend: 'suspended',
  restore: 'active',
  'create-account': 'active',
  takeover: 'active',
};

/** Each reported outcome goes to the audit log and to the device's per-user sync status. */
export function recordResults(
  store: SqliteDirectoryStore,
  deviceId: string,
  req: ResultsRequest,
): { recorded: number } {
  const status = new Map(store.devices.statusOf(deviceId).map((s) => [s.userId, s]));
  const bound = new Set(store.devices.bindingsOf(deviceId).map((b) => b.userId));
  const audits: AuditEvent[] = [];
  for (const r of req.results) {
    audits.push({
      actor: `device:${deviceId}`,
      action: `device.${r.action}`,
      target: r.userId,
      outcome: r.outcome === 'applied' ? 'success' : 'failure',
      detail: {
        passwordVersion: r.passwordVersion,
        reason: r.reason,
        reportedAt: r.at,
        bound: bound.has(r.userId),
      },
    });
    if (!bound.has(r.userId)) continue;
    const before = status.get(r.userId);
    const next: StatusRow = {
      deviceId,
      userId: r.userId,
      appliedState: before?.appliedState ?? null,
      appliedPasswordVersion: before?.appliedPasswordVersion ?? 0,
      lastAction: r.action,
      lastOutcome: r.outcome,
      lastReason: r.reason,
      updatedAt: new Date().toISOString(),
    };
    if (r.outcome === 'applied') {
      next.appliedState = STATE_AFTER[r.action] ?? next.appliedState;
      if (r.passwordVersion !== null)
        next.appliedPasswordVersion = Math.max(next.appliedPasswordVersion, r.passwordVersion);
    }
    status.set(r.userId, next);
  }
  const reported = new Set(req.results.map((r) => r.userId));
  const rows = [...status.values()].filter((s) => reported.has(s.userId) && bound.has(s.userId));
  store.devices.recordResults(rows, audits);
  return { recorded: req.results.length };
}
