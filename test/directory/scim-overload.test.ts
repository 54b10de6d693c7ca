import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createScimToken } from '../../src-server/admin/scim-tokens.js';
import { buildDirectoryApp } from '../../src-server/directory-app.js';
import { HashPool } from '../../src-server/passwords/hash-pool.js';
import { SqliteDirectoryStore } from '../../src-server/store/sqlite/sqlite-directory-store.js';
import { oktaUser } from './support/test-directory.js';
import { tempDataDir } from './support/test-directory.js';

let app: FastifyInstance;
let store: SqliteDirectoryStore;
let pool: HashPool;
let token: string;
beforeAll(async () => {
  const dataDir = tempDataDir();
  token = createScimToken(dataDir, 'okta');
  store = SqliteDirectoryStore.open(dataDir);
  // One worker and no waiting room: a burst must overflow.
  pool = new HashPool({ workers: 1, maxQueue: 0 });
  app = await buildDirectoryApp({ store, hashPool: pool, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  await pool.close();
  await store.close();
});

describe('overload', () => {
  it('answers 429 with Retry-After when the hashing queue is full, and writes nothing for it', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/scim/v2/Users',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          payload: oktaUser(`burst${i}@example.com`, { password: `Burst-Pass-${i}!` }),
        }),
      ),
    );
    const busy = responses.filter((r) => r.statusCode === 429);
    const created = responses.filter((r) => r.statusCode === 201);
    expect(busy.length).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(0);
    expect(busy.length + created.length).toBe(8);
    for (const r of busy) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.json()).toMatchObject({
        status: '429',
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      });
    }
    expect(store.users.total()).toBe(created.length);
  });
});
