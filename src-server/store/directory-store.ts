/**
 * What the directory needs from storage, independent of the engine.
 *
 * The embedded SQLite store implements it today; a PostgreSQL store can implement it later
 * (several nodes, LISTEN/NOTIFY for wake-ups). Every method is one atomic unit: a write and its
 * audit entry and change-feed row commit together or not at all.
 */
import type { AuditEvent, AuditQuery, AuditRecord } from './audit-types.js';
import type { GroupRecord, GroupWrite } from './group-types.js';
import type { ScimTokenRecord } from './token-types.js';
import type { PasswordUpdate, UserRecord, UserWrite } from './user-types.js';

export interface UserRepository {
  getUser(id: string): Promise<UserRecord | null>;
  findUserByUserName(userName: string): Promise<UserRecord | null>;
  /** Users in creation order (stable for paging). */
  listUsers(offset: number, limit: number): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  /** True while the user is bound to at least one device (the device username is then fixed). */
  isUserBound(id: string): Promise<boolean>;
  createUser(
    user: UserWrite,
    password: PasswordUpdate | null,
    audit: AuditEvent,
  ): Promise<UserRecord>;
  /** Replaces a user's attributes; refuses with StaleWriteError when `expectedRevision` moved on. */
  updateUser(
    id: string,
    expectedRevision: number,
    user: UserWrite,
    password: PasswordUpdate | null,
    audit: AuditEvent,
  ): Promise<UserRecord>;
}

export interface GroupRepository {
  getGroup(id: string): Promise<GroupRecord | null>;
  listGroups(offset: number, limit: number): Promise<GroupRecord[]>;
  countGroups(): Promise<number>;
  createGroup(group: GroupWrite, audit: AuditEvent): Promise<GroupRecord>;
  updateGroup(
    id: string,
    expectedRevision: number,
    group: GroupWrite,
    audit: AuditEvent,
  ): Promise<GroupRecord>;
  deleteGroup(id: string, audit: AuditEvent): Promise<boolean>;
  /** Which of these ids name existing users. */
  existingUserIds(ids: readonly string[]): Promise<Set<string>>;
}

export interface TokenRepository {
  /** Active (not revoked) SCIM tokens' hashes, for a constant-time comparison by the caller. */
  activeScimTokenHashes(): Promise<Array<{ id: string; name: string; tokenHash: string }>>;
  listScimTokens(): Promise<ScimTokenRecord[]>;
}

export interface AuditLog {
  /** Records an event outside any other write (for refused requests). */
  appendAudit(event: AuditEvent): Promise<void>;
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
}

export interface DirectoryStore extends UserRepository, GroupRepository, TokenRepository, AuditLog {
  close(): Promise<void>;
}
