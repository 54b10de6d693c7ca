/**
 * Silent apply (headless Linux): with apply-mode silent the directory sends that device the
 * crypt hash, the agent sets it without prompting and reports `silent-apply`; a device left in
 * prompt mode gets no hash and a pending change instead.
 */
import { verify as cryptVerify } from 'unixcrypt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPolicy } from '../../src-server/admin/device-admin.js';
import { deviceReports } from '../../src-server/admin/device-report.js';
import { listAuditRecords } from '../../src-server/admin/directory-reports.js';
import type { ActionResult } from '../../src-shared/checkin-protocol.js';
import { MemoryPlatform } from '../../src-main/platform/memory-platform.js';
import { enrollFleet, waitFor, type Fleet, type FleetAgent } from './support/agent-fleet.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';

const USER = 'headless.user@example.com';
const USERNAME = 'headless.user';
const PASSWORD = 'Headless-Password-7';

/** Keeps the hash it was given, so the test can check it is the pushed password's. */
class HashKeepingPlatform extends MemoryPlatform {
  readonly hashes: string[] = [];
  // Optional only because MemoryPlatform's own signature leaves the hash out.
  override async setPasswordHash(username: string, cryptHash?: string): Promise<void> {
    if (cryptHash !== undefined) this.hashes.push(cryptHash);
    await super.setPasswordHash(username);
  }
}

let dir: LiveDirectory;
let fleet: Fleet;
let userId: string;
let silent: FleetAgent;
let prompting: FleetAgent;
const silentPlatform = new HashKeepingPlatform('linux');
const results: ActionResult[] = [];

beforeAll(async () => {
  dir = await startLiveDirectory();
  userId = await dir.createUser(USER);
  fleet = await enrollFleet(dir, 2, (index) => (index === 0 ? { platform: silentPlatform } : {}));
  [silent, prompting] = fleet.agents as [FleetAgent, FleetAgent];
  fleet.bindAll(USER);
  silent.agent.on('result', (r) => results.push(r));
  await fleet.startAll();
  await waitFor(
    () =>
      fleet.agents.every(
        (a) => a.platform.accounts.has(USERNAME) && a.agent.snapshot().outbox.length === 0,
      ),
    'both devices to create the account',
  );
}, 60_000);

afterAll(async () => {
  await fleet?.dispose();
  await dir?.close();
});

describe('apply-mode silent', () => {
  it('the agent sets the crypt hash itself, reports silent-apply, and the directory shows the device at that version', async () => {
    setPolicy(dir.dataDir, 'apply-mode', 'silent', silent.deviceId);
    await waitFor(
      () => silent.agent.snapshot().policy.applyMode === 'silent',
      'the silent device to receive its policy',
    );
    expect(prompting.agent.snapshot().policy.applyMode).toBe('prompt');

    await dir.pushPassword(userId, PASSWORD);
    await waitFor(
      () => results.some((r) => r.action === 'silent-apply'),
      'the silent device to apply the hash',
    );
    expect(results.find((r) => r.action === 'silent-apply')).toMatchObject({
      userId,
      passwordVersion: 1,
      outcome: 'applied',
      reason: null,
    });
    const platform = silentPlatform;
    expect(platform.calls.filter((c) => c.method === 'setPasswordHash')).toEqual([
      { method: 'setPasswordHash', username: USERNAME },
    ]);
    expect(platform.hashes).toHaveLength(1);
    expect(cryptVerify(PASSWORD, platform.hashes[0]!)).toBe(true);
    expect(platform.accounts.get(USERNAME)?.passwordSetBy).toBe('hash');
    // Nothing left for the tray to prompt about.
    expect((await silent.agent.apiFor(USERNAME).getStatus()).account).toMatchObject({
      appliedPasswordVersion: 1,
      pendingPasswordChange: null,
    });

    await waitFor(
      () =>
        deviceReports(dir.dataDir).find((d) => d.id === silent.deviceId)?.users[0]
          ?.appliedPasswordVersion === 1,
      'the directory to record version 1',
    );
    expect(
      deviceReports(dir.dataDir).find((d) => d.id === silent.deviceId)?.users[0],
    ).toMatchObject({
      desiredPasswordVersion: 1,
      appliedPasswordVersion: 1,
      behind: false,
      lastAction: 'silent-apply',
      lastOutcome: 'applied',
    });
    expect(
      listAuditRecords(dir.dataDir, undefined).filter(
        (r) => r.actor === `device:${silent.deviceId}` && r.action === 'device.silent-apply',
      ),
    ).toEqual([
      expect.objectContaining({
        outcome: 'success',
        target: userId,
        detail: expect.objectContaining({ passwordVersion: 1 }),
      }),
    ]);
  });

  it('a device in prompt mode never receives the crypt hash and gets a pending change instead', async () => {
    await waitFor(
      () => prompting.agent.snapshot().desired[0]?.passwordVersion === 1,
      'the prompting device to receive version 1',
    );
    expect(prompting.agent.snapshot().desired[0]?.cryptHash).toBeNull();
    expect(prompting.platform.calls.some((c) => c.method === 'setPasswordHash')).toBe(false);
    expect(
      (await prompting.agent.apiFor(USERNAME).getStatus()).account?.pendingPasswordChange?.version,
    ).toBe(1);
    expect(
      deviceReports(dir.dataDir).find((d) => d.id === prompting.deviceId)?.users[0],
    ).toMatchObject({ appliedPasswordVersion: 0, behind: true });
  });
});
