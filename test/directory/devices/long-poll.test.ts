import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bindUser,
  createEnrollToken,
  revokeDevice,
} from '../../../src-server/admin/device-admin.js';
import { ensureBuilt, lockstep } from '../support/cli.js';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  type TestDirectory,
} from '../support/test-directory.js';
import { checkin, enroll, type TestDevice } from './device-client.js';

let dir: TestDirectory;
let a: TestDevice;
let b: TestDevice;
let userA: string;
beforeAll(async () => {
  ensureBuilt();
  dir = await startTestDirectory();
  const token = createEnrollToken(dir.dataDir, { uses: 3, expiresInMs: 3_600_000 });
  a = (await enroll(dir.url, token, 'host-a')).device as TestDevice;
  b = (await enroll(dir.url, token, 'host-b')).device as TestDevice;
  userA = (await dir.scim('POST', '/Users', oktaUser('poll.a@example.com'))).body.id as string;
  await dir.scim('POST', '/Users', oktaUser('poll.b@example.com'));
  bindUser(dir.dataDir, 'poll.a@example.com', a.id, false);
  bindUser(dir.dataDir, 'poll.b@example.com', b.id, false);
});
afterAll(async () => dir.close());

const cursorOf = async (d: TestDevice) => (await checkin(dir.url, d, null)).body.cursor as string;

describe('long-poll check-ins', () => {
  it('answers at once when the cursor is stale', async () => {
    const res = await checkin(dir.url, a, 'stale-cursor', 30);
    expect(res.status).toBe(200);
    expect(res.body.users).toHaveLength(1);
  });

  it('is woken by a SCIM password push to a bound user, and only the affected device wakes', async () => {
    const [ca, cb] = [await cursorOf(a), await cursorOf(b)];
    const started = Date.now();
    const heldA = checkin(dir.url, a, ca, 30);
    const heldB = checkin(dir.url, b, cb, 2);
    await new Promise((r) => setTimeout(r, 200));
    await dir.scim(
      'PATCH',
      `/Users/${userA}`,
      patchOp({ op: 'replace', path: 'password', value: 'Wake-Up-Pass-1!' }),
    );
    const woke = await heldA;
    expect(woke.body.cursor).not.toBe(ca);
    expect(woke.body.users[0].passwordVersion).toBe(1);
    // Far sooner than its 30 s wait: it was woken, not timed out.
    expect(Date.now() - started).toBeLessThan(15_000);
    const other = await heldB;
    expect(other.body.cursor).toBe(cb);
    // B was held for its whole wait: the change did not concern it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it('is woken by a suspension', async () => {
    const ca = await cursorOf(a);
    const held = checkin(dir.url, a, ca, 30);
    await new Promise((r) => setTimeout(r, 100));
    await dir.scim('DELETE', `/Users/${userA}`);
    expect((await held).body.users[0].state).toBe('suspended');
    await dir.scim(
      'PATCH',
      `/Users/${userA}`,
      patchOp({ op: 'replace', path: 'active', value: true }),
    );
  });

  it('is woken by an admin policy change made from the command line (another process)', async () => {
    const [ca, cb] = [await cursorOf(a), await cursorOf(b)];
    const heldA = checkin(dir.url, a, ca, 30);
    const heldB = checkin(dir.url, b, cb, 30);
    await new Promise((r) => setTimeout(r, 100));
    const r = lockstep([
      'directory',
      'policy',
      'set',
      '--data',
      dir.dataDir,
      'checkin-interval',
      '120',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const [wa, wb] = await Promise.all([heldA, heldB]);
    expect(wa.body.policy.checkinIntervalSeconds).toBe(120);
    expect(wb.body.policy.checkinIntervalSeconds).toBe(120);
    const shown = JSON.parse(
      lockstep(['directory', 'policy', 'show', '--data', dir.dataDir]).stdout,
    ) as { checkinIntervalSeconds: number };
    expect(shown.checkinIntervalSeconds).toBe(120);
  });

  it('lets an admin lengthen the long-poll hold, within bounds, from the command line', async () => {
    const set = lockstep([
      'directory',
      'policy',
      'set',
      '--data',
      dir.dataDir,
      'long-poll-seconds',
      '900',
    ]);
    expect(set.status, set.stderr).toBe(0);
    const res = await checkin(dir.url, a, 'stale-cursor', 0);
    expect(res.body.policy.longPollSeconds).toBe(900);
    const tooLong = lockstep([
      'directory',
      'policy',
      'set',
      '--data',
      dir.dataDir,
      'long-poll-seconds',
      '7200',
    ]);
    expect(tooLong.status).not.toBe(0);
    expect(tooLong.stderr).toMatch(/long-poll-seconds/);
    expect(tooLong.stderr).toMatch(/3600/);
    lockstep(['directory', 'policy', 'set', '--data', dir.dataDir, 'long-poll-seconds', '50']);
  });

  it('is woken by a binding made from the command line', async () => {
    const cb = await cursorOf(b);
    const held = checkin(dir.url, b, cb, 30);
    await new Promise((r) => setTimeout(r, 100));
    const r = lockstep([
      'directory',
      'bind',
      '--data',
      dir.dataDir,
      '--user',
      'poll.a@example.com',
      '--device',
      b.id,
      '--takeover',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const res = await held;
    expect(
      res.body.users
        .map((u: { deviceUsername: string; takeover: boolean }) => [u.deviceUsername, u.takeover])
        .sort(),
    ).toEqual([
      ['poll.a', true],
      ['poll.b', false],
    ]);
  });

  it('keeps the device username of a bound user whose userName changes', async () => {
    await dir.scim(
      'PATCH',
      `/Users/${userA}`,
      patchOp({ op: 'replace', path: 'userName', value: 'renamed.a@example.com' }),
    );
    const res = await checkin(dir.url, a, null);
    expect(res.body.users[0].deviceUsername).toBe('poll.a');
  });

  it('ends a held check-in with 401 when the device is revoked', async () => {
    const token = createEnrollToken(dir.dataDir, { uses: 1, expiresInMs: 60_000 });
    const c = (await enroll(dir.url, token, 'host-c')).device as TestDevice;
    const cc = await cursorOf(c);
    const held = checkin(dir.url, c, cc, 30);
    await new Promise((r) => setTimeout(r, 100));
    revokeDevice(dir.dataDir, c.id);
    const res = await held;
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('revoked');
    expect((await checkin(dir.url, c, null)).status).toBe(401);
  });

  it('lists devices with their bound users from the command line', () => {
    const r = lockstep(['directory', 'devices', '--data', dir.dataDir, '--json']);
    expect(r.status).toBe(0);
    const devices = JSON.parse(r.stdout) as Array<{
      id: string;
      revoked: boolean;
      users: Array<{ deviceUsername: string }>;
    }>;
    expect(devices.find((d) => d.id === a.id)?.users.map((u) => u.deviceUsername)).toEqual([
      'poll.a',
    ]);
    expect(devices.filter((d) => d.revoked)).toHaveLength(1);
    expect(lockstep(['directory', 'devices', '--data', dir.dataDir]).stdout).toMatch(
      /host-a\s+linux\s+enrolled\s+\S+\s+poll\.a\s+\S+ v\d\s+active v\d\s+BEHIND/,
    );
  });
});
