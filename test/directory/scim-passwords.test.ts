import { parseOptions, verify } from '@node-rs/argon2';
import { verify as cryptVerify } from 'unixcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDirectory } from '../../src-server/directory-server.js';
import { peekUser } from './support/store-peek.js';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  type TestDirectory,
} from './support/test-directory.js';

let dir: TestDirectory;
beforeAll(async () => {
  dir = await startTestDirectory();
});
afterAll(async () => dir.close());

async function create(userName: string, password?: string): Promise<string> {
  const body = oktaUser(userName);
  if (password === undefined) delete body['password'];
  else body['password'] = password;
  const res = await dir.scim('POST', '/Users', body);
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}
const pushPatch = (id: string, password: string, op = 'replace') =>
  dir.scim('PATCH', `/Users/${id}`, patchOp({ op, path: 'password', value: password }));

describe('password pushes', () => {
  it('keeps the create-time placeholder as a verifier only, at version 0', async () => {
    const id = await create('placeholder@example.com', 'Okta-Placeholder-1!');
    const user = peekUser(dir.dataDir, id);
    expect(user.password.version).toBe(0);
    expect(user.password.changedAt).toBeNull();
    expect(user.password.cryptHash).toBeNull();
    expect(await verify(user.password.verifier as string, 'Okta-Placeholder-1!')).toBe(true);
  });

  it('re-pushing the placeholder changes nothing; a different password becomes version 1', async () => {
    const id = await create('first.push@example.com', 'Okta-Placeholder-1!');
    await pushPatch(id, 'Okta-Placeholder-1!');
    expect(peekUser(dir.dataDir, id).password.version).toBe(0);
    const res = await pushPatch(id, 'Real-Password-1!');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Real-Password-1!');
    const user = peekUser(dir.dataDir, id);
    expect(user.password.version).toBe(1);
    expect(Date.parse(user.password.changedAt as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('stores an argon2id verifier with OWASP parameters and a sha512-crypt hash', async () => {
    const id = await create('hashes@example.com');
    await pushPatch(id, 'Hash-Me-Please-1!');
    const { verifier, cryptHash } = peekUser(dir.dataDir, id).password;
    expect(verifier).toMatch(/^\$argon2id\$/);
    const params = parseOptions(verifier as string);
    expect(params.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(params.timeCost).toBeGreaterThanOrEqual(2);
    expect(params.parallelism).toBe(1);
    expect(await verify(verifier as string, 'Hash-Me-Please-1!')).toBe(true);
    expect(cryptHash).toMatch(/^\$6\$/);
    expect(cryptVerify('Hash-Me-Please-1!', cryptHash as string)).toBe(true);
    expect(cryptVerify('wrong', cryptHash as string)).toBe(false);
  });

  it('ignores identical re-pushes (Okta pushes at every sign-in) and bumps on each real change', async () => {
    const id = await create('repush@example.com');
    await pushPatch(id, 'Pass-A-123456!');
    const v1 = peekUser(dir.dataDir, id).password;
    for (let i = 0; i < 3; i++)
      expect((await pushPatch(id, 'Pass-A-123456!', 'Replace')).status).toBe(200);
    expect(peekUser(dir.dataDir, id).password).toEqual(v1);
    await pushPatch(id, 'Pass-B-123456!');
    await pushPatch(id, 'Pass-A-123456!');
    expect(peekUser(dir.dataDir, id).password.version).toBe(3);
  });

  it('serializes concurrent identical pushes into one version', async () => {
    const id = await create('concurrent@example.com');
    const results = await Promise.all([1, 2, 3, 4].map(() => pushPatch(id, 'Same-Pass-123!')));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(peekUser(dir.dataDir, id).password.version).toBe(1);
  });

  it('takes the password from a PUT (custom app) and from a path-less replace', async () => {
    const id = await create('put.pass@example.com');
    const got = await dir.scim('GET', `/Users/${id}`);
    await dir.scim('PUT', `/Users/${id}`, { ...got.body, password: 'Put-Pass-12345!' });
    expect(peekUser(dir.dataDir, id).password.version).toBe(1);
    await dir.scim('PUT', `/Users/${id}`, { ...got.body, password: 'Put-Pass-12345!' });
    expect(peekUser(dir.dataDir, id).password.version).toBe(1);
    const res = await dir.scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', value: { password: 'NoPath-Pass-1!', title: 'T' } }),
    );
    expect(res.body.title).toBe('T');
    expect(peekUser(dir.dataDir, id).password.version).toBe(2);
  });

  it('recognizes an identical push after a restart (no in-memory cache left)', async () => {
    const id = await create('restart@example.com');
    await pushPatch(id, 'Survives-Restart-1!');
    const dataDir = dir.dataDir;
    const token = dir.token;
    const again = await startDirectory({ dataDir, port: 0, logLevel: 'silent' });
    try {
      const res = await fetch(`${again.url}/scim/v2/Users/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify(
          patchOp({ op: 'replace', path: 'password', value: 'Survives-Restart-1!' }),
        ),
      });
      expect(res.status).toBe(200);
      expect(peekUser(dataDir, id).password.version).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('refuses a password that is not a string, or a remove of the password', async () => {
    const id = await create('bad.pass@example.com');
    const num = await dir.scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'password', value: 12345 }),
    );
    expect(num.status).toBe(400);
    expect(num.body.detail).toContain('"password" must be a string');
    const rm = await dir.scim('PATCH', `/Users/${id}`, patchOp({ op: 'remove', path: 'password' }));
    expect(rm.status).toBe(400);
    expect(peekUser(dir.dataDir, id).password.version).toBe(0);
  });
});
