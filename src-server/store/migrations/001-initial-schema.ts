import type { Migration } from './migration.js';

/**
 * Users, groups, SCIM tokens, the audit log and the change feed.
 *
 * `seq` columns give list endpoints a stable order for paging. `*_key` columns hold the
 * lower-cased value that SCIM compares case-insensitively, so uniqueness is enforced by SQLite
 * itself and not by a read-then-write race. Password columns hold derivatives only.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE users (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL,
  user_name_key TEXT NOT NULL UNIQUE,
  -- Fixed while the user is bound to a device (the seed's rule); otherwise follows userName.
  device_username TEXT NOT NULL,
  device_username_key TEXT NOT NULL UNIQUE,
  external_id TEXT,
  display_name TEXT,
  state TEXT NOT NULL CHECK (state IN ('active', 'suspended')),
  attributes TEXT NOT NULL,
  password_version INTEGER NOT NULL DEFAULT 0 CHECK (password_version >= 0),
  password_changed_at TEXT,
  password_verifier TEXT,
  password_crypt TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE groups (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  external_id TEXT,
  attributes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id),
  display TEXT,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_user ON group_members(user_id);

CREATE TABLE scim_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
  detail TEXT
);
CREATE INDEX audit_log_by_time ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Every change a device may need to hear about. Long-polls wake on new rows, in this process or
-- (through PRAGMA data_version) in another one.
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('user', 'policy', 'binding', 'device')),
  user_id TEXT,
  device_id TEXT
);
`,
};
