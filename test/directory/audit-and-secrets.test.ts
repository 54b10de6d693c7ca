import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditRecords } from '../../src-server/admin/directory-reports.js';
import { SqliteDirectoryStore } from '../../src-server/store/sqlite/sqlite-directory-store.js';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  tempDataDir,
  type TestDirectory,
} from './support/test-directory.js';

const PASSWORDS = [
  'Placeholder-Zq81!',
  'First-Real-Xk29!',
  'Second-Real-Wm47!',
  'Third-Real-Vn63!',
];

/** Every file under the data folder, read raw (the database, its WAL and shared-memory files). */
function allBytes(dir: string): Array<{ file: string; bytes: Buffer }> {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    return statSync(file).isDirectory() ? allBytes(file) : [{ file, bytes: readFileSync(file) }];
  });
}

function expectNowhere(dir: string, secrets: string[]): void {
  const files = allBytes(dir);
  expect(files.some((f) => f.file.endsWith('-wal'))).toBe(true);
  for (const { file, bytes } of files) {
    for (const secret of secrets) {
      for (const encoding of ['utf8', 'utf16le', 'base64'] as const) {
        expect(
          bytes.includes(
            Buffer.from(
              encoding === 'base64' ? Buffer.from(secret).toString('base64') : secret,
              encoding === 'base64' ? 'utf8' : encoding,
            ),
          ),
          `${secret} (${encoding}) in ${file}`,
        ).toBe(false);
      }
    }
  }
}

let dir: TestDirectory;
let dataDir: string;
let userId: string;
beforeAll(async () => {
  dataDir = tempDataDir();
  dir = await startTestDirectory(dataDir);
  const created = await dir.scim(
    'POST',
    '/Users',
    oktaUser('secret.keeper@example.com', { password: PASSWORDS[0] }),
  );
  userId = created.body.id as string;
  for (const p of PASSWORDS.slice(1))
    await dir.scim(
      'PATCH',
      `/Users/${userId}`,
      patchOp({ op: 'replace', path: 'password', value: p }),
    );
  await dir.scim(
    'PATCH',
    `/Users/${userId}`,
    patchOp({ op: 'replace', path: 'password', value: PASSWORDS[3] }),
  );
  await dir.scim('POST', '/Users', oktaUser('9bad@example.com', { password: 'Refused-Secret-1!' }));
});
afterAll(async () => dir.close());

describe('the data folder holds password hashes only', () => {
  it('contains no pushed password or token in any file while the server runs (WAL included)', () => {
    expectNowhere(dataDir, [...PASSWORDS, 'Refused-Secret-1!', dir.token]);
  });

  it('contains the hashes that replace them', () => {
    const store = SqliteDirectoryStore.open(dataDir, { create: false });
    try {
      const u = store.users.get(userId);
      expect(u?.password.version).toBe(3);
      expect(u?.password.verifier).toMatch(/^\$argon2id\$/);
      expect(u?.password.cryptHash).toMatch(/^\$6\$/);
    } finally {
      store.db.close();
    }
  });
});

describe('logs', () => {
  it('are JSON lines without passwords or tokens', () => {
    const text = dir.logs.join('');
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    for (const secret of [...PASSWORDS, 'Refused-Secret-1!', dir.token])
      expect(text).not.toContain(secret);
    expect(text).toContain('"status":201');
  });
});

describe('audit log', () => {
  it('records every SCIM change with actor, action, target, time and outcome', () => {
    const records = listAuditRecords(dataDir, undefined);
    const mine = records.filter((r) => r.target === userId);
    // The last PATCH re-pushed the current password (Okta does at every sign-in): not a change,
    // so it leaves no row.
    expect(mine.map((r) => r.action)).toEqual([
      'user.create',
      'user.patch',
      'user.patch',
      'user.patch',
    ]);
    for (const r of mine) {
      expect(r).toMatchObject({ actor: 'scim-token:okta', outcome: 'success' });
      expect(Date.parse(r.at)).not.toBeNaN();
    }
    expect(mine.map((r) => r.detail?.['passwordChanged'])).toEqual([undefined, true, true, true]);
  });

  it('records refused writes with the reason', () => {
    const refused = listAuditRecords(dataDir, undefined).filter((r) => r.outcome === 'failure');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      action: 'user.create',
      actor: 'scim-token:okta',
      detail: { status: 400 },
    });
    expect(String(refused[0]?.detail?.['reason'])).toContain('must start with a letter');
  });

  it('never holds a secret', () => {
    const text = JSON.stringify(listAuditRecords(dataDir, undefined));
    for (const secret of [...PASSWORDS, 'Refused-Secret-1!', dir.token])
      expect(text).not.toContain(secret);
    expect(text).not.toContain('$argon2id$');
  });

  it('is append-only', () => {
    const store = SqliteDirectoryStore.open(dataDir, { create: false });
    try {
      expect(() => store.db.exec("UPDATE audit_log SET outcome = 'success'")).toThrow(
        /append-only/,
      );
      expect(() => store.db.exec('DELETE FROM audit_log')).toThrow(/append-only/);
    } finally {
      store.db.close();
    }
  });
});
