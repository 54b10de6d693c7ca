/**
 * A directory app in this process (Fastify inject for fuzzing, or listening on loopback), on a
 * fresh data folder, with a SCIM token and helpers to read the store the way an admin would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createScimToken } from '../../../src-server/admin/scim-tokens.js';
import { buildDirectoryApp } from '../../../src-server/directory-app.js';
import { HashPool } from '../../../src-server/passwords/hash-pool.js';
import { SqliteDirectoryStore } from '../../../src-server/store/sqlite/sqlite-directory-store.js';

export interface InProcessDirectory {
  app: FastifyInstance;
  store: SqliteDirectoryStore;
  dataDir: string;
  token: string;
  /** Set by listen(). */
  url: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function inProcessDirectory(
  o: {
    maxHeldPolls?: number;
    maxInFlight?: number;
    hashWorkers?: number;
    maxHashQueue?: number;
  } = {},
): Promise<InProcessDirectory> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-resilience-'));
  const token = createScimToken(dataDir, 'okta');
  const store = SqliteDirectoryStore.open(dataDir);
  const pool = new HashPool({
    workers: o.hashWorkers ?? 1,
    ...(o.maxHashQueue === undefined ? {} : { maxQueue: o.maxHashQueue }),
  });
  const app = await buildDirectoryApp({
    store,
    hashPool: pool,
    logger: pino({ level: 'silent' }),
    ...(o.maxHeldPolls === undefined ? {} : { maxHeldPolls: o.maxHeldPolls }),
    ...(o.maxInFlight === undefined ? {} : { maxInFlight: o.maxInFlight }),
  });
  const dir: InProcessDirectory = {
    app,
    store,
    dataDir,
    token,
    url: '',
    listen: async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      dir.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      return dir.url;
    },
    close: async () => {
      await app.close();
      await pool.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return dir;
}

/**
 * Everything a refused request must leave untouched: users, groups, memberships, devices,
 * bindings, policies, per-device sync status and the change feed. (The audit log is left out on
 * purpose: refusals are audited.)
 */
export function storeSnapshot(store: SqliteDirectoryStore): string {
  const tables: Array<[string, string]> = [
    ['users', 'SELECT * FROM users ORDER BY id'],
    ['groups', 'SELECT * FROM groups ORDER BY id'],
    ['members', 'SELECT * FROM group_members ORDER BY 1, 2'],
    ['devices', 'SELECT id, public_key, revoked_at FROM devices ORDER BY id'],
    ['bindings', 'SELECT * FROM bindings ORDER BY user_id, device_id'],
    ['policies', 'SELECT * FROM policies ORDER BY scope, key'],
    ['status', 'SELECT * FROM device_user_status ORDER BY device_id, user_id'],
    ['changes', 'SELECT MAX(seq) AS seq FROM changes'],
  ];
  const existing = new Set(
    (
      store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
        name: string;
      }>
    ).map((r) => r.name),
  );
  return JSON.stringify(
    tables.filter(([t]) => existing.has(t)).map(([t, sql]) => [t, store.db.prepare(sql).all()]),
  );
}
