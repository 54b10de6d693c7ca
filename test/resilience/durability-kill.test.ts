/**
 * `kill -9` of `lockstep directory serve` at random moments during an Okta import (creates and
 * password pushes at Okta-like concurrency): after restart every acknowledged write is there, the
 * database is intact, and no user is half-written (row, audit entry and password derivatives
 * always together).
 */
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimToken } from '../../src-server/admin/scim-tokens.js';
import { SqliteDirectoryStore } from '../../src-server/store/sqlite/sqlite-directory-store.js';
import { ensureBuilt, killHard, spawnServer } from '../directory/support/cli.js';
import { tempDataDir } from '../directory/support/test-directory.js';

let dataDir: string;
let token: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  ensureBuilt();
  dataDir = tempDataDir();
  token = createScimToken(dataDir, 'okta');
});
afterAll(async () => {
  for (const c of children) await killHard(c);
  rmSync(dataDir, { recursive: true, force: true });
});

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function call(
  url: string,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> } | null> {
  try {
    const res = await fetch(`${url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return null; // killed mid-request: not acknowledged
  }
}

describe('durability under kill -9', () => {
  it('keeps every acknowledged write and never leaves a half-written user, across random kills', async () => {
    const ackedUsers = new Map<string, { userName: string; displayName: string }>();
    const ackedPushes = new Map<string, number>();
    let serial = 0;
    for (let cycle = 0; cycle < 4; cycle++) {
      const server = await spawnServer(dataDir);
      children.push(server.child);
      let stop = false;
      const lane = async () => {
        while (!stop) {
          const known = [...ackedUsers.keys()];
          if (known.length > 0 && randomInt(4) === 0) {
            // A password push (argon2 on the server) for a user we know exists.
            const id = known[randomInt(known.length)] as string;
            const r = await call(server.url, 'PATCH', `/Users/${id}`, {
              schemas: [PATCH],
              Operations: [
                { op: 'replace', path: 'password', value: `Kill-${serial++}-Password!` },
              ],
            });
            if (r?.status === 200) ackedPushes.set(id, (ackedPushes.get(id) ?? 0) + 1);
          } else {
            const n = serial++;
            const displayName = `Imported ${n}`;
            const r = await call(server.url, 'POST', '/Users', {
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              userName: `kill${n}@example.com`,
              displayName,
              active: true,
            });
            if (r?.status === 201)
              ackedUsers.set(r.body['id'] as string, {
                userName: `kill${n}@example.com`,
                displayName,
              });
          }
        }
      };
      const lanes = Array.from({ length: 4 }, lane);
      await new Promise((r) => setTimeout(r, 300 + randomInt(1200)));
      await killHard(server.child);
      stop = true;
      await Promise.all(lanes);

      // Read the data folder as the restarted directory would.
      const store = SqliteDirectoryStore.open(dataDir, { create: false });
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        for (const [id, want] of ackedUsers) {
          const user = store.users.get(id);
          expect(user, `acknowledged user ${want.userName}`).not.toBeNull();
          expect(user).toMatchObject({ userName: want.userName, displayName: want.displayName });
        }
        for (const [id, pushes] of ackedPushes)
          expect(store.users.get(id)?.password.version).toBeGreaterThanOrEqual(pushes);
        const rows = store.db
          .prepare(
            'SELECT id, password_version AS v, password_verifier AS verifier, password_crypt AS crypt, password_changed_at AS changedAt FROM users',
          )
          .all() as Array<{
          id: string;
          v: number;
          verifier: string | null;
          crypt: string | null;
          changedAt: string | null;
        }>;
        const created = new Set(
          (
            store.db
              .prepare(
                "SELECT target FROM audit_log WHERE action = 'user.create' AND outcome = 'success'",
              )
              .all() as Array<{ target: string }>
          ).map((r) => r.target),
        );
        for (const r of rows) {
          expect(created.has(r.id), `audit entry for ${r.id}`).toBe(true);
          if (r.v > 0) {
            expect(r.verifier).toMatch(/^\$argon2id\$/);
            expect(r.crypt).toMatch(/^\$6\$/);
            expect(r.changedAt).not.toBeNull();
          }
        }
      } finally {
        store.db.close();
      }
    }
    expect(ackedUsers.size).toBeGreaterThan(20);
    expect([...ackedPushes.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);
});
