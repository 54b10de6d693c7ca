import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { ensureBuilt, killHard, lockstep, spawnServer } from './support/cli.js';
import { oktaUser, patchOp, tempDataDir } from './support/test-directory.js';

let dataDir: string;
let server: { url: string; child: ChildProcess; stderr: () => string };
let token: string;
beforeAll(async () => {
  ensureBuilt();
  dataDir = tempDataDir();
  const created = lockstep(['directory', 'token', 'create', '--data', dataDir, '--name', 'okta']);
  expect(created.status).toBe(0);
  token = created.stdout.trim().split('\n').at(-1) as string;
  server = await spawnServer(dataDir);
});
afterAll(async () => killHard(server.child));

const scim = (method: string, path: string, body?: unknown, bearer = token) =>
  fetch(`${server.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/scim+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('lockstep directory admin commands, run while the server runs', () => {
  it('token create prints the token once as the last stdout line; token list never shows it', async () => {
    expect(token).toMatch(/^lockstep_scim_[A-Za-z0-9_-]{43}$/);
    expect((await scim('GET', '/Users')).status).toBe(200);
    const list = lockstep(['directory', 'token', 'list', '--data', dataDir, '--json']);
    expect(list.status).toBe(0);
    expect(list.stdout).not.toContain(token);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'okta', revokedAt: null }),
    ]);
    expect(lockstep(['directory', 'token', 'list', '--data', dataDir]).stdout).toMatch(
      /okta\s+active/,
    );
  });

  it('token revoke cuts off the running server at once', async () => {
    const second = lockstep(['directory', 'token', 'create', '--data', dataDir, '--name', 'temp'])
      .stdout.trim()
      .split('\n')
      .at(-1) as string;
    expect((await scim('GET', '/Users', undefined, second)).status).toBe(200);
    const revoked = lockstep(['directory', 'token', 'revoke', '--data', dataDir, 'temp']);
    expect(revoked.status).toBe(0);
    expect((await scim('GET', '/Users', undefined, second)).status).toBe(401);
    const again = lockstep(['directory', 'token', 'revoke', '--data', dataDir, 'temp']);
    expect(again.status).not.toBe(0);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('no active SCIM token');
  });

  it('users lists state and password version, as a table and as JSON', async () => {
    const id = (
      (await (await scim('POST', '/Users', oktaUser('cli.user@example.com'))).json()) as {
        id: string;
      }
    ).id;
    await scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'password', value: 'Cli-Pass-123!' }),
    );
    await scim('DELETE', `/Users/${id}`);
    const json = lockstep(['directory', 'users', '--data', dataDir, '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        id,
        userName: 'cli.user@example.com',
        deviceUsername: 'cli.user',
        state: 'suspended',
        passwordVersion: 1,
      }),
    ]);
    const table = lockstep(['directory', 'users', '--data', dataDir]);
    expect(table.stdout).toMatch(/cli\.user@example\.com\s+cli\.user\s+suspended\s+1/);
  });

  it('audit prints JSON Lines with --json and filters with --since', () => {
    const audit = lockstep(['directory', 'audit', '--data', dataDir, '--json']);
    const lines = audit.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; actor: string });
    expect(lines.map((l) => l.action)).toEqual(
      expect.arrayContaining([
        'scim-token.create',
        'scim-token.revoke',
        'user.create',
        'user.patch',
        'user.delete',
      ]),
    );
    expect(audit.stdout).not.toContain('Cli-Pass-123!');
    expect(
      lockstep([
        'directory',
        'audit',
        '--data',
        dataDir,
        '--json',
        '--since',
        '2099-01-01T00:00:00Z',
      ]).stdout,
    ).toBe('');
    expect(
      lockstep(['directory', 'audit', '--data', dataDir, '--json', '--since', '1h'])
        .stdout.trim()
        .split('\n').length,
    ).toBe(lines.length);
    const bad = lockstep(['directory', 'audit', '--data', dataDir, '--since', 'yesterday-ish']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--since "yesterday-ish"');
  });

  it('fails with one line and a non-zero exit on a missing data folder', () => {
    const r = lockstep(['directory', 'users', '--data', '/nonexistent/lockstep-data']);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('does not exist');
  });

  it('has --help on every command', () => {
    const help = lockstep(['directory', '--help']);
    for (const c of ['serve', 'token', 'users', 'audit']) expect(help.stdout).toContain(c);
    expect(lockstep(['directory', 'token', 'create', '--help']).stdout).toContain('--name');
  });

  it('logs JSON on stderr and no secrets', () => {
    const log = server.stderr();
    expect(log).toContain('"msg":"directory listening"');
    expect(log).not.toContain(token);
    expect(log).not.toContain('Cli-Pass-123!');
  });
});
