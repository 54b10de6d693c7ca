import type Database from 'better-sqlite3';
import type { AuditEvent, AuditQuery, AuditRecord } from '../audit-types.js';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure';
  detail: string | null;
}

/** Append-only audit log statements; `append` is called inside the caller's transaction. */
export class SqliteAudit {
  private readonly insert: Database.Statement;
  private readonly selectSince: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO audit_log (at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectSince = db.prepare('SELECT * FROM audit_log WHERE at >= ? ORDER BY seq LIMIT ?');
  }

  append(event: AuditEvent, at = new Date().toISOString()): void {
    const detail = event.detail === undefined ? null : JSON.stringify(event.detail);
    this.insert.run(at, event.actor, event.action, event.target, event.outcome, detail);
  }

  list(query: AuditQuery): AuditRecord[] {
    const rows = this.selectSince.all(query.since ?? '', query.limit ?? -1) as AuditRow[];
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      outcome: r.outcome,
      ...(r.detail === null ? {} : { detail: JSON.parse(r.detail) as Record<string, unknown> }),
    }));
  }
}
