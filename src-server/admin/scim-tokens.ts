/**
 * SCIM bearer tokens for Okta: created, listed and revoked on a data folder, also while the
 * server runs (SQLite WAL lets both processes in).
 */
import { randomUUID } from 'node:crypto';
import { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import type { ScimTokenRecord } from '../store/token-types.js';
import { hashSecretToken, newSecretToken } from '../security/secret-tokens.js';

export const SCIM_TOKEN_PREFIX = 'lockstep_scim';

/** Creates a token and returns its plaintext, which exists nowhere else from then on. */
export function createScimToken(dataDir: string, name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    throw new Error('a token name must be 1 to 100 characters, e.g. --name okta');
  }
  return withStore(dataDir, true, (store) => {
    const token = newSecretToken(SCIM_TOKEN_PREFIX);
    const id = randomUUID();
    store.db.transaction(() => {
      store.tokens.add(id, trimmed, hashSecretToken(token));
      store.audit.append({
        actor: 'admin-cli',
        action: 'scim-token.create',
        target: id,
        outcome: 'success',
        detail: { name: trimmed },
      });
    })();
    return token;
  });
}

export function listScimTokens(dataDir: string): ScimTokenRecord[] {
  return withStore(dataDir, false, (store) => store.tokens.list());
}

/** Revokes the token with this id or name; throws when none was active. */
export function revokeScimToken(dataDir: string, idOrName: string): number {
  return withStore(dataDir, false, (store) => {
    const revoked = store.db.transaction(() => {
      const n = store.tokens.revoke(idOrName);
      if (n > 0)
        store.audit.append({
          actor: 'admin-cli',
          action: 'scim-token.revoke',
          target: idOrName,
          outcome: 'success',
          detail: { revoked: n },
        });
      return n;
    })();
    if (revoked === 0) {
      throw new Error(
        `no active SCIM token has the id or name ${JSON.stringify(idOrName)}; see \`lockstep directory token list\``,
      );
    }
    return revoked;
  });
}

function withStore<T>(dataDir: string, create: boolean, fn: (store: SqliteDirectoryStore) => T): T {
  const store = SqliteDirectoryStore.open(dataDir, { create });
  try {
    return fn(store);
  } finally {
    store.db.close();
  }
}
