import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { ensureBuilt, killHard, lockstep, spawnServer } from './support/cli.js';
import { oktaUser, patchOp, tempDataDir } from './support/test-directory.js';

let dataDir: string;
let token: string;
const children: ChildProcess[] = [];
beforeAll(() => {
  ensureBuilt();
  dataDir = tempDataDir();
  const created = lockstep(['directory', 'token', 'create', '--data', dataDir, '--name', 'okta']);
  token = created.stdout.trim().split('\n').at(-1) as string;
});
afterAll(async () => {
  for (const c of children) await killHard(c);
});

async function call(url: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('every 2xx survives kill -9', () => {
  it('keeps a create, a password push and a deactivation acknowledged just before SIGKILL', async () => {
    let server = await spawnServer(dataDir);
    children.push(server.child);
    const created = await call(server.url, 'POST', '/Users', oktaUser('durable@example.com'));
    expect(created.status).toBe(201);
    await killHard(server.child);

    server = await spawnServer(dataDir);
    children.push(server.child);
    const id = created.body['id'] as string;
    expect((await call(server.url, 'GET', `/Users/${id}`)).status).toBe(200);
    const pushed = await call(
      server.url,
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'password', value: 'Durable-Pass-1!' }),
    );
    expect(pushed.status).toBe(200);
    await killHard(server.child);

    server = await spawnServer(dataDir);
    children.push(server.child);
    expect(
      (
        await call(
          server.url,
          'PATCH',
          `/Users/${id}`,
          patchOp({ op: 'replace', value: { active: false } }),
        )
      ).status,
    ).toBe(200);
    await killHard(server.child);

    const users = lockstep(['directory', 'users', '--data', dataDir, '--json']);
    expect(users.status).toBe(0);
    const [user] = JSON.parse(users.stdout) as Array<{
      id: string;
      state: string;
      passwordVersion: number;
    }>;
    expect(user).toMatchObject({ id, state: 'suspended', passwordVersion: 1 });
  });

  it('keeps a burst of creates acknowledged before SIGKILL', async () => {
    const server = await spawnServer(dataDir);
    children.push(server.child);
    const acked: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await call(server.url, 'POST', '/Users', oktaUser(`burst${i}@example.com`));
      if (r.status === 201) acked.push(r.body['id'] as string);
    }
    await killHard(server.child);
    const listed = JSON.parse(
      lockstep(['directory', 'users', '--data', dataDir, '--json']).stdout,
    ) as Array<{ id: string }>;
    const ids = new Set(listed.map((u) => u.id));
    expect(acked).toHaveLength(20);
    for (const id of acked) expect(ids.has(id)).toBe(true);
  });
});
