import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ScimUserAttributes } from '../../../src-shared/scim-user.js';
import type { AuditEvent } from '../audit-types.js';
import { NotFoundError, StaleWriteError } from '../store-errors.js';
import type { PasswordUpdate, UserRecord, UserWrite } from '../user-types.js';
import type { SqliteAudit } from './sqlite-audit.js';
import type { SqliteChanges } from './sqlite-changes.js';
import { translateUniqueness } from './sqlite-errors.js';

interface UserRow {
  id: string;
  user_name: string;
  device_username: string;
  external_id: string | null;
  display_name: string | null;
  state: 'active' | 'suspended';
  attributes: string;
  password_version: number;
  password_changed_at: string | null;
  password_verifier: string | null;
  password_crypt: string | null;
  created_at: string;
  updated_at: string;
  revision: number;
}

export function userFromRow(r: UserRow): UserRecord {
  return {
    id: r.id,
    userName: r.user_name,
    deviceUsername: r.device_username,
    externalId: r.external_id,
    displayName: r.display_name,
    state: r.state,
    attributes: JSON.parse(r.attributes) as ScimUserAttributes,
    password: {
      version: r.password_version,
      changedAt: r.password_changed_at,
      verifier: r.password_verifier,
      cryptHash: r.password_crypt,
    },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    revision: r.revision,
  };
}

/** User rows. Each write runs in one transaction with its audit entry and change-feed row. */
export class SqliteUsers {
  private readonly byId: Database.Statement;
  private readonly byUserName: Database.Statement;
  private readonly page: Database.Statement;
  private readonly count: Database.Statement;
  private readonly bound: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly createTx: (w: UserWrite, p: PasswordUpdate | null, a: AuditEvent) => UserRecord;
  private readonly updateTx: (
    id: string,
    rev: number,
    w: UserWrite,
    p: PasswordUpdate | null,
    a: AuditEvent,
  ) => UserRecord;

  constructor(
    db: Database.Database,
    private readonly audit: SqliteAudit,
    private readonly changes: SqliteChanges,
  ) {
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.byUserName = db.prepare('SELECT * FROM users WHERE user_name_key = ?');
    this.page = db.prepare('SELECT * FROM users ORDER BY seq LIMIT ? OFFSET ?');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM users');
    this.bound = db.prepare('SELECT 1 FROM bindings WHERE user_id = ? LIMIT 1');
    this.insert =
      db.prepare(`INSERT INTO users (id, user_name, user_name_key, device_username, device_username_key,
      external_id, display_name, state, attributes, password_version, password_verifier, created_at, updated_at)
      VALUES (@id, @userName, @userNameKey, @deviceUsername, @deviceUsernameKey, @externalId, @displayName, @state,
      @attributes, 0, @verifier, @now, @now)`);
    this.update = db.prepare(`UPDATE users SET user_name = @userName, user_name_key = @userNameKey,
      device_username = @deviceUsername, device_username_key = @deviceUsernameKey, external_id = @externalId,
      display_name = @displayName, state = @state, attributes = @attributes, password_version = @passwordVersion,
      password_changed_at = @passwordChangedAt, password_verifier = @verifier, password_crypt = @cryptHash,
      updated_at = @now, revision = revision + 1 WHERE id = @id`);
    this.createTx = db.transaction((w, p, a) => this.createInTx(w, p, a));
    this.updateTx = db.transaction((id, rev, w, p, a) => this.updateInTx(id, rev, w, p, a));
  }

  get(id: string): UserRecord | null {
    const row = this.byId.get(id) as UserRow | undefined;
    return row ? userFromRow(row) : null;
  }

  findByUserName(userName: string): UserRecord | null {
    const row = this.byUserName.get(userName.toLowerCase()) as UserRow | undefined;
    return row ? userFromRow(row) : null;
  }

  list(offset: number, limit: number): UserRecord[] {
    return (this.page.all(limit, offset) as UserRow[]).map(userFromRow);
  }

  total(): number {
    return (this.count.get() as { n: number }).n;
  }

  isBound(id: string): boolean {
    return this.bound.get(id) !== undefined;
  }

  create(w: UserWrite, p: PasswordUpdate | null, a: AuditEvent): UserRecord {
    try {
      return this.createTx(w, p, a);
    } catch (error) {
      throw translateUniqueness(error, w);
    }
  }

  replace(
    id: string,
    rev: number,
    w: UserWrite,
    p: PasswordUpdate | null,
    a: AuditEvent,
  ): UserRecord {
    try {
      return this.updateTx(id, rev, w, p, a);
    } catch (error) {
      throw translateUniqueness(error, w);
    }
  }

  private createInTx(w: UserWrite, p: PasswordUpdate | null, a: AuditEvent): UserRecord {
    const id = randomUUID();
    // Only Okta's create-time placeholder can arrive here; it never becomes a device-visible version.
    this.insert.run({
      id,
      ...this.columns(w),
      verifier: p?.verifier ?? null,
      now: new Date().toISOString(),
    });
    this.audit.append({ ...a, target: id });
    this.changes.record('user', { userId: id });
    return this.get(id) as UserRecord;
  }

  private updateInTx(
    id: string,
    rev: number,
    w: UserWrite,
    p: PasswordUpdate | null,
    a: AuditEvent,
  ): UserRecord {
    const before = this.get(id);
    if (!before) throw new NotFoundError(id);
    if (before.revision !== rev) throw new StaleWriteError(id);
    // The seed's rule: a bound user keeps the device username the device already knows.
    const deviceUsername = this.isBound(id) ? before.deviceUsername : w.deviceUsername;
    const now = new Date().toISOString();
    const pw = before.password;
    const next =
      p === null
        ? pw
        : p.kind === 'new-version'
          ? {
              version: pw.version + 1,
              changedAt: now,
              verifier: p.verifier,
              cryptHash: p.cryptHash,
            }
          : { ...pw, verifier: p.verifier };
    this.update.run({
      id,
      ...this.columns({ ...w, deviceUsername }),
      passwordVersion: next.version,
      passwordChangedAt: next.changedAt,
      verifier: next.verifier,
      cryptHash: next.cryptHash,
      now,
    });
    this.audit.append({ ...a, target: id, detail: { ...a.detail, passwordVersion: next.version } });
    const deviceVisible =
      before.state !== w.state ||
      before.deviceUsername !== deviceUsername ||
      before.displayName !== w.displayName ||
      pw.version !== next.version;
    if (deviceVisible) this.changes.record('user', { userId: id });
    return this.get(id) as UserRecord;
  }

  private columns(w: UserWrite) {
    return {
      userName: w.userName,
      userNameKey: w.userName.toLowerCase(),
      deviceUsername: w.deviceUsername,
      deviceUsernameKey: w.deviceUsername.toLowerCase(),
      externalId: w.externalId,
      displayName: w.displayName,
      state: w.state,
      attributes: JSON.stringify(w.attributes),
    };
  }
}
