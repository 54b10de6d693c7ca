import type Database from 'better-sqlite3';
import type { Migration } from '../migrations/migration.js';

/**
 * Brings a database up to the newest migration, each step in its own transaction.
 *
 * Refuses a database written by a newer Lockstep rather than guessing at its shape.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current =
    (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ??
    0;
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > newest) {
    throw new Error(
      `the data folder was written by a newer Lockstep (schema ${current}, this build knows ${newest}); upgrade Lockstep`,
    );
  }
  const record = db.prepare(
    'INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    // BEGIN IMMEDIATE: two processes opening a fresh folder at once must not both migrate.
    db.transaction(() => {
      const again =
        (db.prepare('SELECT 1 FROM schema_version WHERE version = ?').get(m.version) ?? null) !==
        null;
      if (again) return;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
  return Math.max(current, newest);
}
