import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../audit-types.js';
import type { GroupMember, GroupRecord, GroupWrite } from '../group-types.js';
import { NotFoundError, StaleWriteError } from '../store-errors.js';
import type { SqliteAudit } from './sqlite-audit.js';

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  revision: number;
}

/** Groups and their membership; membership is rewritten whole inside the group's transaction. */
export class SqliteGroups {
  private readonly byId: Database.Statement;
  private readonly page: Database.Statement;
  private readonly count: Database.Statement;
  private readonly members: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly clearMembers: Database.Statement;
  private readonly addMember: Database.Statement;
  private readonly userExists: Database.Statement;
  private readonly createTx: (w: GroupWrite, a: AuditEvent) => GroupRecord;
  private readonly updateTx: (id: string, rev: number, w: GroupWrite, a: AuditEvent) => GroupRecord;
  private readonly deleteTx: (id: string, a: AuditEvent) => boolean;

  constructor(
    db: Database.Database,
    private readonly audit: SqliteAudit,
  ) {
    this.byId = db.prepare('SELECT * FROM groups WHERE id = ?');
    this.page = db.prepare('SELECT * FROM groups ORDER BY seq LIMIT ? OFFSET ?');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM groups');
    this.members = db.prepare(
      'SELECT m.user_id AS value, m.display AS display FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.seq',
    );
    this.insert =
      db.prepare(`INSERT INTO groups (id, display_name, external_id, attributes, created_at, updated_at)
      VALUES (?, ?, ?, '{}', ?, ?)`);
    this.update = db.prepare(
      'UPDATE groups SET display_name = ?, external_id = ?, updated_at = ?, revision = revision + 1 WHERE id = ?',
    );
    this.remove = db.prepare('DELETE FROM groups WHERE id = ?');
    this.clearMembers = db.prepare('DELETE FROM group_members WHERE group_id = ?');
    this.addMember = db.prepare(
      'INSERT OR REPLACE INTO group_members (group_id, user_id, display) VALUES (?, ?, ?)',
    );
    this.userExists = db.prepare('SELECT 1 FROM users WHERE id = ?');
    this.createTx = db.transaction((w, a) => {
      const id = randomUUID();
      const now = new Date().toISOString();
      this.insert.run(id, w.displayName, w.externalId, now, now);
      this.writeMembers(id, w.members);
      this.audit.append({ ...a, target: id });
      return this.get(id) as GroupRecord;
    });
    this.updateTx = db.transaction((id, rev, w, a) => {
      const before = this.get(id);
      if (!before) throw new NotFoundError(id);
      if (before.revision !== rev) throw new StaleWriteError(id);
      this.update.run(w.displayName, w.externalId, new Date().toISOString(), id);
      this.clearMembers.run(id);
      this.writeMembers(id, w.members);
      this.audit.append({ ...a, target: id });
      return this.get(id) as GroupRecord;
    });
    this.deleteTx = db.transaction((id, a) => {
      const gone = this.remove.run(id).changes > 0;
      if (gone) this.audit.append({ ...a, target: id });
      return gone;
    });
  }

  get(id: string): GroupRecord | null {
    const row = this.byId.get(id) as GroupRow | undefined;
    return row ? this.fromRow(row) : null;
  }

  list(offset: number, limit: number): GroupRecord[] {
    return (this.page.all(limit, offset) as GroupRow[]).map((r) => this.fromRow(r));
  }

  total(): number {
    return (this.count.get() as { n: number }).n;
  }

  create(w: GroupWrite, a: AuditEvent): GroupRecord {
    return this.createTx(w, a);
  }

  replace(id: string, rev: number, w: GroupWrite, a: AuditEvent): GroupRecord {
    return this.updateTx(id, rev, w, a);
  }

  delete(id: string, a: AuditEvent): boolean {
    return this.deleteTx(id, a);
  }

  existing(ids: readonly string[]): Set<string> {
    return new Set(ids.filter((id) => this.userExists.get(id) !== undefined));
  }

  private writeMembers(groupId: string, members: GroupMember[]): void {
    for (const m of members) this.addMember.run(groupId, m.value, m.display);
  }

  private fromRow(r: GroupRow): GroupRecord {
    return {
      id: r.id,
      displayName: r.display_name,
      externalId: r.external_id,
      members: this.members.all(r.id) as GroupMember[],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      revision: r.revision,
    };
  }
}
