import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindUser, createEnrollToken, setPolicy } from '../../../src-server/admin/device-admin.js';
import { deviceReports } from '../../../src-server/admin/device-report.js';
import { listAuditRecords } from '../../../src-server/admin/directory-reports.js';
import { SqliteDirectoryStore } from '../../../src-server/store/sqlite/sqlite-directory-store.js';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  type TestDirectory,
} from '../support/test-directory.js';
import { checkin, enroll, signed, type TestDevice } from './device-client.js';

let dir: TestDirectory;
let device: TestDevice;
let userId: string;
beforeAll(async () => {
  dir = await startTestDirectory();
  const token = createEnrollToken(dir.dataDir, { uses: 5, expiresInMs: 3_600_000 });
  device = (await enroll(dir.url, token)).device as TestDevice;
  userId = (await dir.scim('POST', '/Users', oktaUser('dev.user@example.com'))).body.id as string;
  bindUser(dir.dataDir, 'dev.user@example.com', device.id, false);
});
afterAll(async () => dir.close());

describe('enrollment', () => {
  it('gives a device id and keeps only the public key', async () => {
    expect(device.id).toMatch(/^dev_[A-Za-z0-9_-]+$/);
    const store = SqliteDirectoryStore.open(dir.dataDir, { create: false });
    try {
      expect(store.devices.device(device.id)?.publicKey).toBe(device.publicKeyB64);
    } finally {
      store.db.close();
    }
  });

  it('refuses a used-up, unknown or expired token, and a key that is not Ed25519', async () => {
    const once = createEnrollToken(dir.dataDir, { uses: 1, expiresInMs: 3_600_000 });
    expect((await enroll(dir.url, once)).status).toBe(200);
    const again = await enroll(dir.url, once);
    expect(again.status).toBe(401);
    expect(JSON.stringify(again.body)).toContain('no uses left');
    expect((await enroll(dir.url, 'lockstep_enroll_not-a-real-token-at-all')).status).toBe(401);
    const short = createEnrollToken(dir.dataDir, { uses: 1, expiresInMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(JSON.stringify((await enroll(dir.url, short)).body)).toContain('expired');
    const res = await fetch(`${dir.url}/api/v1/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: 'x'.repeat(20),
        publicKey: 'A'.repeat(60),
        hostname: 'h',
        os: 'linux',
        osVersion: '1',
        machineIdHash: 'a'.repeat(64),
        agentVersion: '1',
      }),
    });
    expect(res.status).toBe(400);
  });
});

describe('signed requests', () => {
  it('accepts a correctly signed check-in', async () => {
    const res = await checkin(dir.url, device, null);
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([
      expect.objectContaining({
        userId,
        deviceUsername: 'dev.user',
        state: 'active',
        passwordVersion: 0,
        verifier: null,
        cryptHash: null,
        takeover: false,
      }),
    ]);
    expect(res.body.policy.passwordAuthority).toBe('okta');
  });

  it.each([
    ['a clock 6 minutes behind', { timestamp: Date.now() - 6 * 60_000 }, /clock is 36\d s off/],
    ['a clock 6 minutes ahead', { timestamp: Date.now() + 6 * 60_000 }, /clock/],
    [
      'a changed body byte',
      {
        sentBody: JSON.stringify({
          cursor: null,
          waitSeconds: 1,
          applied: [],
          agentVersion: '0.1.0',
        }),
      },
      /signature does not match/,
    ],
  ])('refuses %s with 401 and a reason', async (_name, overrides, reason) => {
    const res = await signed(
      dir.url,
      device,
      '/checkin',
      { cursor: null, waitSeconds: 0, applied: [], agentVersion: '0.1.0' },
      overrides,
    );
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(reason);
  });

  it('refuses a replayed nonce and records nothing from it', async () => {
    const results = {
      results: [
        {
          userId,
          action: 'restore',
          passwordVersion: null,
          outcome: 'applied',
          reason: null,
          at: new Date().toISOString(),
        },
      ],
    };
    const nonce = 'replayed-nonce-0123456789';
    expect((await signed(dir.url, device, '/results', results, { nonce })).status).toBe(200);
    const before = listAuditRecords(dir.dataDir, undefined).length;
    const replay = await signed(dir.url, device, '/results', results, { nonce });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toContain('already used');
    expect(listAuditRecords(dir.dataDir, undefined).length).toBe(before);
  });

  it('refuses unsigned requests and a device id that does not match the path', async () => {
    const res = await fetch(`${dir.url}/api/v1/devices/${device.id}/checkin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});

describe('check-in content', () => {
  it('sends the verifier once a real password exists, and the crypt hash only to silent devices', async () => {
    await dir.scim(
      'PATCH',
      `/Users/${userId}`,
      patchOp({ op: 'replace', path: 'password', value: 'Device-Pass-123!' }),
    );
    let res = await checkin(dir.url, device, null);
    expect(res.body.users[0]).toMatchObject({ passwordVersion: 1, cryptHash: null });
    expect(res.body.users[0].verifier).toMatch(/^\$argon2id\$/);
    setPolicy(dir.dataDir, 'apply-mode', 'silent', device.id);
    res = await checkin(dir.url, device, null);
    expect(res.body.users[0].cryptHash).toMatch(/^\$6\$/);
    expect(res.body.policy.applyMode).toBe('silent');
    setPolicy(dir.dataDir, 'apply-mode', 'prompt', device.id);
  });
});

describe('results and sync status', () => {
  it('records results in the audit log and shows who is behind', async () => {
    let report = deviceReports(dir.dataDir).find((d) => d.id === device.id);
    expect(report?.users[0]).toMatchObject({ desiredPasswordVersion: 1, behind: true });
    const at = new Date().toISOString();
    const res = await signed(dir.url, device, '/results', {
      results: [
        {
          userId,
          action: 'password-apply',
          passwordVersion: 1,
          outcome: 'applied',
          reason: null,
          at,
        },
        { userId, action: 'restore', passwordVersion: null, outcome: 'applied', reason: null, at },
      ],
    });
    expect(res.body).toEqual({ recorded: 2 });
    report = deviceReports(dir.dataDir).find((d) => d.id === device.id);
    expect(report?.users[0]).toMatchObject({
      appliedPasswordVersion: 1,
      appliedState: 'active',
      behind: false,
    });
    const audit = listAuditRecords(dir.dataDir, undefined).filter(
      (r) => r.actor === `device:${device.id}`,
    );
    expect(audit.map((r) => r.action)).toContain('device.password-apply');
    const failed = await signed(dir.url, device, '/results', {
      results: [
        {
          userId,
          action: 'suspend',
          passwordVersion: null,
          outcome: 'failed',
          reason: 'usermod exited 6',
          at,
        },
      ],
    });
    expect(failed.status).toBe(200);
    expect(listAuditRecords(dir.dataDir, undefined).at(-1)).toMatchObject({
      action: 'device.suspend',
      outcome: 'failure',
      detail: { reason: 'usermod exited 6' },
    });
  });
});

describe('device-originated password change', () => {
  it('is refused while Okta is the password authority, and accepted when the directory is', async () => {
    const refused = await signed(dir.url, device, '/password-change', {
      userId,
      newPassword: 'Self-Service-Pass-1',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('password-authority is okta');
    setPolicy(dir.dataDir, 'password-authority', 'directory', null);
    const weak = await signed(dir.url, device, '/password-change', {
      userId,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('At least 12 characters');
    const ok = await signed(dir.url, device, '/password-change', {
      userId,
      newPassword: 'Self-Service-Pass-1',
    });
    expect(ok.body).toEqual({ passwordVersion: 2 });
    setPolicy(dir.dataDir, 'password-authority', 'okta', null);
  });
});
