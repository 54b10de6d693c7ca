import { SqliteDirectoryStore } from '../../../src-server/store/sqlite/sqlite-directory-store.js';
import type { UserRecord } from '../../../src-server/store/user-types.js';

/** Reads a user straight from the data folder, as another process would. */
export function peekUser(dataDir: string, id: string): UserRecord {
  const store = SqliteDirectoryStore.open(dataDir, { create: false });
  try {
    const user = store.users.get(id);
    if (!user) throw new Error(`no user ${id} in ${dataDir}`);
    return user;
  } finally {
    store.db.close();
  }
}
