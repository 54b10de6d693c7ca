import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { openWalFile } from './open-database.js';

export const NONCE_FILE = 'device-nonces.db';

/**
 * The nonces of signed device requests seen inside the clock-skew window, in their own SQLite
 * file beside lockstep.db, shared by every directory process: a replayed request is refused
 * whichever process it reaches, and after a restart.
 *
 * Every device request writes one row, so the file is apart from lockstep.db: there each write
 * would queue behind SCIM commits holding the lock across their fsync, and pay an fsync of its
 * own (synchronous = FULL). Here synchronous = NORMAL: a commit is in the write-ahead log before
 * the request is answered, so a crashed or killed process loses nothing, and the log is fsynced
 * at checkpoints; a power cut may forget the last moments' nonces (never corrupt the file), which
 * reopens replays of those requests only for what is left of their skew window.
 */
export class SqliteNonces {
  private readonly insert: Database.Statement<[string, string, number]>;
  private readonly prune: Database.Statement<[number, number]>;

  private constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.prune = db.prepare(
      'DELETE FROM nonces WHERE (device_id, nonce) IN (SELECT device_id, nonce FROM nonces WHERE seen_at < ? LIMIT ?)',
    );
  }

  static open(dataDir: string): SqliteNonces {
    const db = openWalFile(join(dataDir, NONCE_FILE), 'NORMAL', (d) =>
      d.exec(`CREATE TABLE IF NOT EXISTS nonces (
        device_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (device_id, nonce)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS nonces_by_time ON nonces(seen_at);`),
    );
    return new SqliteNonces(db);
  }

  /** Records a nonce; false when this device already used it (in any directory process). */
  use(deviceId: string, nonce: string, seenAt: number): boolean {
    return this.insert.run(deviceId, nonce, seenAt).changes === 1;
  }

  /**
   * Forgets up to `limit` nonces seen before `before` (their requests' timestamps are refused
   * anyway) and says how many went. In pieces: every directory process waits for the write lock
   * while one deletes, on its event loop.
   */
  forgetBefore(before: number, limit: number): number {
    return this.prune.run(before, limit).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
