import { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import type { AuditRecord } from '../store/audit-types.js';

export interface UserSummary {
  id: string;
  userName: string;
  deviceUsername: string;
  state: 'active' | 'suspended';
  passwordVersion: number;
  passwordChangedAt: string | null;
  updatedAt: string;
}

/** Opens an existing data folder read-mostly for one admin command. */
export function withExistingStore<T>(dataDir: string, fn: (store: SqliteDirectoryStore) => T): T {
  const store = SqliteDirectoryStore.open(dataDir, { create: false });
  try {
    return fn(store);
  } finally {
    store.db.close();
  }
}

export function listUserSummaries(dataDir: string): UserSummary[] {
  return withExistingStore(dataDir, (store) => {
    const out: UserSummary[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = store.users.list(offset, 1000);
      for (const u of page) {
        out.push({
          id: u.id,
          userName: u.userName,
          deviceUsername: u.deviceUsername,
          state: u.state,
          passwordVersion: u.password.version,
          passwordChangedAt: u.password.changedAt,
          updatedAt: u.updatedAt,
        });
      }
      if (page.length < 1000) return out;
    }
  });
}

export function listAuditRecords(dataDir: string, sinceIso: string | undefined): AuditRecord[] {
  return withExistingStore(dataDir, (store) =>
    store.audit.list(sinceIso === undefined ? {} : { since: sinceIso }),
  );
}
