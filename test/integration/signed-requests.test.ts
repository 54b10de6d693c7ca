/**
 * The directory refuses what a real agent's request turns into in the wrong hands — replayed,
 * altered on the wire, sent with a wrong clock, or sent by a revoked device — with 401 and a
 * reason, and applies nothing from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src-server/admin/device-admin.js';
import { deviceReports } from '../../src-server/admin/device-report.js';
import { listAuditRecords } from '../../src-server/admin/directory-reports.js';
import { enrollFleet, waitFor, type Fleet, type FleetAgent } from './support/agent-fleet.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';
import { createRequestTap, type RequestTap } from './support/request-tap.js';
import { apiUrl } from '../../src-main/agent/directory/directory-client.js';
import { newNonce, signRequest } from '../../src-main/agent/directory/request-signer.js';
import { loadDeviceIdentity } from '../../src-main/agent/identity/device-identity.js';
import { NONCE_PATTERN, SIGNATURE_HEADERS } from '../../src-shared/checkin-protocol.js';

const USER = 'guarded.user@example.com';
const USERNAME = 'guarded.user';
const SKEW_MS = 6 * 60_000;

let dir: LiveDirectory;
let fleet: Fleet;
let userId: string;
const taps: RequestTap[] = [];
let honest: FleetAgent;
let skewed: FleetAgent;
let revoked: FleetAgent;

const auditBy = (deviceId: string) =>
  listAuditRecords(dir.dataDir, undefined).filter((r) => r.actor === `device:${deviceId}`);
const reportOf = (deviceId: string) => {
  const report = deviceReports(dir.dataDir).find((d) => d.id === deviceId);
  if (!report) throw new Error(`no report for ${deviceId}`);
  return report;
};
const errorMessage = (answer: string | null) =>
  (JSON.parse(answer ?? '{}') as { error?: { message?: string } }).error?.message ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  dir = await startLiveDirectory();
  userId = await dir.createUser(USER);
  fleet = await enrollFleet(dir, 3, (index) => {
    const tap = createRequestTap();
    taps[index] = tap;
    return { fetch: tap.fetch, ...(index === 1 ? { now: () => Date.now() + SKEW_MS } : {}) };
  });
  [honest, skewed, revoked] = fleet.agents as [FleetAgent, FleetAgent, FleetAgent];
  fleet.bindAll(USER);
  await fleet.startAll();
  await waitFor(
    () =>
      [honest, revoked].every(
        (a) => a.platform.accounts.has(USERNAME) && a.agent.snapshot().outbox.length === 0,
      ),
    'the honest and the to-be-revoked agent to create the account and report it',
  );
}, 60_000);

afterAll(async () => {
  await fleet?.dispose();
  await dir?.close();
});

describe('requests the directory refuses', () => {
  it('a replayed request (the exact bytes an agent sent) gets 401 and records nothing', async () => {
    const original = taps[0]!.requests.find((r) => r.url.endsWith('/results') && r.status === 200);
    expect(original, 'the agent reported its create-account result').toBeDefined();
    const before = auditBy(honest.deviceId);
    expect(before.filter((r) => r.action === 'device.create-account')).toHaveLength(1);

    const replay = await fetch(original!.url, {
      method: original!.method,
      headers: original!.headers,
      body: original!.body,
    });
    expect(replay.status).toBe(401);
    expect(errorMessage(await replay.text())).toMatch(/nonce was already used.*replayed/);
    expect(auditBy(honest.deviceId)).toEqual(before);
  });

  it('a device whose clock is more than 5 minutes off gets 401 with the reason, and is not recorded as checked in', async () => {
    await waitFor(
      () => skewed.agent.snapshot().connection.state === 'offline',
      'the skewed agent to give up connecting',
    );
    const status = await skewed.agent.apiFor(USERNAME).getStatus();
    expect(status.connection.lastError).toMatch(/clock is 36\d s off/);
    const refused = taps[1]!.requests.filter((r) => r.url.endsWith('/checkin'));
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(errorMessage(r.answer)).toMatch(/more than 5 minutes is refused/);
    }
    // Bookkeeping is written every 500 ms; give it the chance to (wrongly) record the check-in.
    await sleep(700);
    const report = reportOf(skewed.deviceId);
    expect(report.lastCheckinAt).toBeNull();
    expect(report.users[0]).toMatchObject({ appliedState: null, behind: true });
    expect(reportOf(honest.deviceId).lastCheckinAt).not.toBeNull();
    // It never learned whom to manage, so it touched no account.
    expect(skewed.platform.accounts.size).toBe(0);
    expect(auditBy(skewed.deviceId)).toEqual([]);
  });

  it('a revoked device has its held long-poll ended with 401 and learns nothing more', async () => {
    revokeDevice(dir.dataDir, revoked.deviceId);
    const revokedAt = Date.now();
    await waitFor(
      () => revoked.agent.snapshot().connection.state === 'offline',
      'the revoked agent to be cut off',
      3_000,
    );
    console.log(
      `[integration] revoked device cut off ${Date.now() - revokedAt} ms after the revoke`,
    );
    expect(revoked.agent.snapshot().connection.lastError).toMatch(/revoked by an administrator/);
    const cutOff = taps[2]!.requests.at(-1)!;
    expect(cutOff).toMatchObject({ status: 401 });

    const auditBefore = auditBy(revoked.deviceId);
    await dir.pushPassword(userId, 'Guarded-Password-1');
    await waitFor(
      () => honest.agent.snapshot().desired[0]?.passwordVersion === 1,
      'the honest agent to receive version 1',
    );
    revoked.agent.checkInNow();
    await sleep(300);
    expect(revoked.agent.snapshot().desired[0]?.passwordVersion).toBe(0);
    const report = reportOf(revoked.deviceId);
    expect(report.revoked).toBe(true);
    expect(auditBy(revoked.deviceId)).toEqual(auditBefore);
  });

  it('a request with one body byte changed on the wire gets 401; only the genuine retry is recorded', async () => {
    let tampered = '';
    taps[0]!.tamperNext('/results', (body) => {
      // One byte: the last millisecond digit of the result's time.
      tampered = body.replace(
        /("at":"[^"]*)(\d)(Z")/,
        (_m, head: string, d: string, tail: string) => `${head}${(Number(d) + 1) % 10}${tail}`,
      );
      return tampered;
    });
    await dir.setActive(userId, false);
    await waitFor(
      () => auditBy(honest.deviceId).some((r) => r.action === 'device.suspend'),
      'the honest agent to report the suspension',
    );

    const altered = taps[0]!.requests.find((r) => r.body === tampered);
    expect(altered, 'the tampered request went out').toBeDefined();
    expect(altered!.status).toBe(401);
    expect(errorMessage(altered!.answer)).toMatch(/signature does not match/);
    const tamperedAt = (JSON.parse(tampered) as { results: Array<{ at: string }> }).results[0]!.at;
    const suspends = auditBy(honest.deviceId).filter((r) => r.action === 'device.suspend');
    expect(suspends).toHaveLength(1);
    expect(suspends[0]!.detail?.['reportedAt']).not.toBe(tamperedAt);
    expect(reportOf(honest.deviceId).users[0]).toMatchObject({
      appliedState: 'suspended',
      lastAction: 'suspend',
      lastOutcome: 'applied',
    });
    // The revoked device was not told to suspend anyone.
    expect(revoked.platform.calls.some((c) => c.method === 'disableAccount')).toBe(false);
  });
});

describe('both sides hold to the shared signing contract (checkin-protocol.ts)', () => {
  /** A check-in signed with the device's real key by the agent's own signer, then adjusted. */
  async function sendCheckin(adjust: { nonce?: string; signature?: (standard: string) => string }) {
    const identity = await loadDeviceIdentity(honest.stateDir);
    const url = apiUrl(dir.url, `/devices/${honest.deviceId}/checkin`);
    const body = JSON.stringify({
      cursor: null,
      waitSeconds: 0,
      applied: [],
      agentVersion: 'integration',
    });
    const headers = signRequest({
      deviceId: honest.deviceId,
      privateKey: identity!.privateKey,
      method: 'POST',
      pathWithQuery: url.pathname,
      body,
      nowMs: Date.now(),
      ...(adjust.nonce === undefined ? {} : { nonce: adjust.nonce }),
    });
    if (adjust.signature)
      headers[SIGNATURE_HEADERS.signature] = adjust.signature(
        headers[SIGNATURE_HEADERS.signature]!,
      );
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, message: errorMessage(await res.text()) };
  }

  it('the agent makes nonces the contract allows, and a correctly signed request is accepted', async () => {
    for (let i = 0; i < 20; i++) expect(newNonce()).toMatch(NONCE_PATTERN);
    expect((await sendCheckin({})).status).toBe(200);
  });

  it('a nonce longer than the contract allows (65–128 characters) is refused, even when properly signed', async () => {
    const long = 'n'.repeat(100);
    expect(NONCE_PATTERN.test(long)).toBe(false);
    const res = await sendCheckin({ nonce: long });
    expect(res.status).toBe(401);
    expect(res.message).toMatch(/nonce must be 16 to 64/);
  });

  it('a signature in another encoding than standard base64 is refused', async () => {
    const res = await sendCheckin({
      signature: (b64) => Buffer.from(b64, 'base64').toString('base64url'),
    });
    expect(res.status).toBe(401);
    expect(res.message).toMatch(/signature does not match/);
  });
});
