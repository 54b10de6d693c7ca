import type Database from 'better-sqlite3';

export type ChangeKind = 'user' | 'policy' | 'binding' | 'device';

export interface ChangeRow {
  seq: number;
  kind: ChangeKind;
  userId: string | null;
  deviceId: string | null;
}

/** The change feed: one row per device-visible change, written inside the change's transaction. */
export class SqliteChanges {
  private readonly insert: Database.Statement;
  private readonly selectAfter: Database.Statement;
  private readonly selectMax: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO changes (at, kind, user_id, device_id) VALUES (?, ?, ?, ?)',
    );
    this.selectAfter = db.prepare(
      'SELECT seq, kind, user_id AS userId, device_id AS deviceId FROM changes WHERE seq > ? ORDER BY seq LIMIT 10000',
    );
    this.selectMax = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM changes');
  }

  private readonly listeners: Array<() => void> = [];

  record(kind: ChangeKind, ids: { userId?: string; deviceId?: string } = {}): void {
    this.insert.run(new Date().toISOString(), kind, ids.userId ?? null, ids.deviceId ?? null);
    for (const l of this.listeners) l();
  }

  /** Called (inside the writing transaction) whenever this process records a change. */
  onRecord(listener: () => void): void {
    this.listeners.push(listener);
  }

  after(seq: number): ChangeRow[] {
    return this.selectAfter.all(seq) as ChangeRow[];
  }

  latest(): number {
    return (this.selectMax.get() as { seq: number }).seq;
  }
}
