import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createEnrollToken } from '../../../src-server/admin/device-admin.js';
import { buildDirectoryApp } from '../../../src-server/directory-app.js';
import { HashPool } from '../../../src-server/passwords/hash-pool.js';
import { SqliteDirectoryStore } from '../../../src-server/store/sqlite/sqlite-directory-store.js';
import { tempDataDir } from '../support/test-directory.js';
import { checkin, enroll, type TestDevice } from './device-client.js';
import type { FastifyInstance } from 'fastify';

let app: FastifyInstance;
let store: SqliteDirectoryStore;
let pool: HashPool;
let url: string;
beforeAll(async () => {
  const dataDir = tempDataDir();
  store = SqliteDirectoryStore.open(dataDir);
  pool = new HashPool({ workers: 1 });
  app = await buildDirectoryApp({
    store,
    hashPool: pool,
    logger: pino({ level: 'silent' }),
    maxHeldPolls: 1,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app.close();
  await pool.close();
  await store.close();
});

describe('check-in overload', () => {
  it('answers 429 with Retry-After once the held-poll limit is reached, instead of queuing, and lets the connection go', async () => {
    const token = createEnrollToken(store.db.name.replace(/\/lockstep\.db$/, ''), {
      uses: 2,
      expiresInMs: 60_000,
    });
    const d1 = (await enroll(url, token, 'one')).device as TestDevice;
    const d2 = (await enroll(url, token, 'two')).device as TestDevice;
    const c1 = (await checkin(url, d1, null)).body.cursor as string;
    const c2 = (await checkin(url, d2, null)).body.cursor as string;
    const held = checkin(url, d1, c1, 3);
    await new Promise((r) => setTimeout(r, 200));
    const refused = await checkin(url, d2, c2, 3);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.error.code).toBe('overloaded');
    // The socket is what a full directory lacks; the retry may reach one with room.
    expect(refused.headers.get('connection')).toBe('close');
    expect((await checkin(url, d2, c2, 0)).status).toBe(200);
    expect((await held).status).toBe(200);
  });
});
