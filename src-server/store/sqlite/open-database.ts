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
export function openDatabase(
  dataDir: string,
  options: { create?: boolean } = {},
): Database.Database {
  if (!existsSync(dataDir)) {
    if (options.create === false) {
      throw new Error(
        `data folder ${dataDir} does not exist; start the directory with --data ${dataDir} first`,
      );
    }
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  return openWalFile(join(dataDir, DATABASE_FILE), 'FULL', (db) => {
    db.pragma('foreign_keys = ON');
    runMigrations(db, ALL_MIGRATIONS);
  });
}

/**
 * Opens one SQLite file of the data folder, readable by its owner only, in WAL mode (readers and
 * writers in several processes at once), waiting up to 5 s for another process's write lock;
 * `prepare` (pragmas, schema) runs before the handle is handed out, and a failure closes it.
 */
export function openWalFile(
  file: string,
  synchronous: 'FULL' | 'NORMAL',
  prepare: (db: Database.Database) => void,
): Database.Database {
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
    // First: switching a new file to WAL takes a lock that another process may hold at that moment.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    prepare(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
