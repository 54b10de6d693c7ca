import type Database from 'better-sqlite3';
import type { AuditEvent, AuditQuery, AuditRecord } from '../audit-types.js';
import type { DirectoryStore } from '../directory-store.js';
import type { GroupRecord, GroupWrite } from '../group-types.js';
import type { ScimTokenRecord } from '../token-types.js';
import type { PasswordUpdate, UserRecord, UserWrite } from '../user-types.js';
import { dirname } from 'node:path';
import { openDatabase } from './open-database.js';
import { SqliteAudit } from './sqlite-audit.js';
import { SqliteChanges } from './sqlite-changes.js';
import { SqliteDevices } from './sqlite-devices.js';
import { SqliteGroups } from './sqlite-groups.js';
import { SqliteNonces } from './sqlite-nonces.js';
import { SqliteTokens } from './sqlite-tokens.js';
import { SqliteUsers } from './sqlite-users.js';

/**
 * The embedded store: one SQLite file in the data folder.
 *
 * better-sqlite3 is synchronous; every call is short (indexed reads, one small transaction), so
 * running it on the event loop is cheaper than a thread hop. Password hashing, the one slow
 * step, happens before the store is called.
 */
export class SqliteDirectoryStore implements DirectoryStore {
  readonly audit: SqliteAudit;
  readonly changes: SqliteChanges;
  readonly users: SqliteUsers;
  readonly groups: SqliteGroups;
  readonly tokens: SqliteTokens;
  readonly devices: SqliteDevices;
  private nonceFile: SqliteNonces | undefined;

  constructor(readonly db: Database.Database) {
    this.audit = new SqliteAudit(db);
    this.changes = new SqliteChanges(db);
    this.users = new SqliteUsers(db, this.audit, this.changes);
    this.groups = new SqliteGroups(db, this.audit);
    this.tokens = new SqliteTokens(db);
    this.devices = new SqliteDevices(db, this.audit, this.changes);
  }

  static open(dataDir: string, options: { create?: boolean } = {}): SqliteDirectoryStore {
    return new SqliteDirectoryStore(openDatabase(dataDir, options));
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return this.users.get(id);
  }
  async findUserByUserName(userName: string): Promise<UserRecord | null> {
    return this.users.findByUserName(userName);
  }
  async listUsers(offset: number, limit: number): Promise<UserRecord[]> {
    return this.users.list(offset, limit);
  }
  async countUsers(): Promise<number> {
    return this.users.total();
  }
  async isUserBound(id: string): Promise<boolean> {
    return this.users.isBound(id);
  }
  async createUser(
    user: UserWrite,
    password: PasswordUpdate | null,
    audit: AuditEvent,
  ): Promise<UserRecord> {
    return this.users.create(user, password, audit);
  }
  async updateUser(
    id: string,
    expectedRevision: number,
    user: UserWrite,
    password: PasswordUpdate | null,
    audit: AuditEvent,
  ): Promise<UserRecord> {
    return this.users.replace(id, expectedRevision, user, password, audit);
  }

  async getGroup(id: string): Promise<GroupRecord | null> {
    return this.groups.get(id);
  }
  async listGroups(offset: number, limit: number): Promise<GroupRecord[]> {
    return this.groups.list(offset, limit);
  }
  async countGroups(): Promise<number> {
    return this.groups.total();
  }
  async createGroup(group: GroupWrite, audit: AuditEvent): Promise<GroupRecord> {
    return this.groups.create(group, audit);
  }
  async updateGroup(
    id: string,
    rev: number,
    group: GroupWrite,
    audit: AuditEvent,
  ): Promise<GroupRecord> {
    return this.groups.replace(id, rev, group, audit);
  }
  async deleteGroup(id: string, audit: AuditEvent): Promise<boolean> {
    return this.groups.delete(id, audit);
  }
  async existingUserIds(ids: readonly string[]): Promise<Set<string>> {
    return this.groups.existing(ids);
  }

  async activeScimTokenHashes(): Promise<Array<{ id: string; name: string; tokenHash: string }>> {
    return this.tokens.active();
  }
  async listScimTokens(): Promise<ScimTokenRecord[]> {
    return this.tokens.list();
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    this.audit.append(event);
  }
  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.audit.list(query);
  }

  /** The device nonces' own file (opened on first use: admin commands never need it). */
  get nonces(): SqliteNonces {
    this.nonceFile ??= SqliteNonces.open(dirname(this.db.name));
    return this.nonceFile;
  }

  async close(): Promise<void> {
    this.nonceFile?.close();
    if (this.db.open) this.db.close();
  }
}
