import type Database from 'better-sqlite3';
import type { ScimTokenRecord } from '../token-types.js';

/** SCIM bearer tokens: only SHA-256 hashes are stored. */
export class SqliteTokens {
  private readonly insert: Database.Statement;
  private readonly selectActive: Database.Statement;
  private readonly selectAll: Database.Statement;
  private readonly revokeStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO scim_tokens (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)',
    );
    this.selectActive = db.prepare(
      'SELECT id, name, token_hash AS tokenHash FROM scim_tokens WHERE revoked_at IS NULL',
    );
    this.selectAll = db.prepare(
      'SELECT id, name, created_at AS createdAt, revoked_at AS revokedAt FROM scim_tokens ORDER BY created_at, id',
    );
    this.revokeStmt = db.prepare(
      'UPDATE scim_tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL',
    );
  }

  add(id: string, name: string, tokenHash: string): void {
    this.insert.run(id, name, tokenHash, new Date().toISOString());
  }

  active(): Array<{ id: string; name: string; tokenHash: string }> {
    return this.selectActive.all() as Array<{ id: string; name: string; tokenHash: string }>;
  }

  list(): ScimTokenRecord[] {
    return this.selectAll.all() as ScimTokenRecord[];
  }

  /** Revokes by id or name; returns how many tokens were revoked. */
  revoke(idOrName: string): number {
    return this.revokeStmt.run(new Date().toISOString(), idOrName, idOrName).changes;
  }
}
