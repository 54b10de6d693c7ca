import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_MIGRATIONS } from '../migrations/all-migrations.js';
import { runMigrations } from './migration-runner.js';

export const DATABASE_FILE = 'lockstep.db';

/**
 * Opens (creating if needed) the data folder's database, durable and migrated.
 *
 * WAL lets admin commands read and write while the server runs; synchronous=FULL fsyncs every
 * commit, so a 2xx answered after a commit survives kill -9 and power loss alike.
 */
export function openDatabase(dataDir: string, options: { create?: boolean } = {}): Database.Database {
  if (!existsSync(dataDir)) {
    if (options.create === false) {
      throw new Error(`data folder ${dataDir} does not exist; start the directory with --data ${dataDir} first`);
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  const file = join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    runMigrations(db, ALL_MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
