import type { Migration } from './migration.js';

/**
 * Devices, their bindings to users, enrollment tokens, policies and per-device sync status.
 *
 * Devices keep only their Ed25519 public key. Policy rows are JSON values per scope: 'global' or
 * a device id (a device's own row overrides the global one key by key).
 */
export const migration002: Migration = {
  version: 2,
  name: 'devices, bindings and policies',
  sql: `
CREATE TABLE enroll_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  uses_left INTEGER NOT NULL CHECK (uses_left >= 0),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  hostname TEXT NOT NULL,
  os TEXT NOT NULL,
  os_version TEXT NOT NULL,
  machine_id_hash TEXT NOT NULL,
  agent_version TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_checkin_at TEXT
);

CREATE TABLE bindings (
  user_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  takeover INTEGER NOT NULL CHECK (takeover IN (0, 1)),
  bound_at TEXT NOT NULL,
  PRIMARY KEY (user_id, device_id)
) WITHOUT ROWID;
CREATE INDEX bindings_by_device ON bindings(device_id);

CREATE TABLE policies (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;

-- What each device last reported for each bound user.
CREATE TABLE device_user_status (
  device_id TEXT NOT NULL REFERENCES devices(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  applied_state TEXT,
  applied_password_version INTEGER NOT NULL DEFAULT 0,
  last_action TEXT,
  last_outcome TEXT,
  last_reason TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (device_id, user_id)
) WITHOUT ROWID;

-- Nonces seen inside the clock-skew window, so a replay is refused even after a restart.
CREATE TABLE device_nonces (
  device_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, nonce)
) WITHOUT ROWID;
CREATE INDEX device_nonces_by_time ON device_nonces(seen_at);
`,
};
