/**
 * The tray's path through the real agent to the real directory, at the AgentApi level: check the
 * typed new password, report it applied, and self-service change gated by password-authority.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPolicy } from '../../src-server/admin/device-admin.js';
import { deviceReports } from '../../src-server/admin/device-report.js';
import { listAuditRecords, listUserSummaries } from '../../src-server/admin/directory-reports.js';
import { AgentApiError, type AgentApi } from '../../src-shared/agent-api.js';
import { DirectoryClient } from '../../src-main/agent/directory/directory-client.js';
import { DirectoryError } from '../../src-main/agent/directory/directory-error.js';
import { createNodeFetch } from '../../src-main/agent/directory/node-fetch.js';
import { loadDeviceIdentity } from '../../src-main/agent/identity/device-identity.js';
import { enrollFleet, waitFor, type Fleet, type FleetAgent } from './support/agent-fleet.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';

const USER = 'tray.user@example.com';
const USERNAME = 'tray.user';
const OKTA_PASSWORD = 'Okta-Pushed-Password-1';
const SELF_SERVICE_PASSWORD = 'Chosen-On-Device-Password-2';

let dir: LiveDirectory;
let fleet: Fleet;
let device: FleetAgent;
let api: AgentApi;
let userId: string;

const versionInDirectory = () =>
  listUserSummaries(dir.dataDir).find((u) => u.id === userId)?.passwordVersion;
const report = () => deviceReports(dir.dataDir).find((d) => d.id === device.deviceId)?.users[0];
const pendingVersion = async () =>
  (await api.getStatus()).account?.pendingPasswordChange?.version ?? null;

async function rejection(promise: Promise<unknown>): Promise<AgentApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AgentApiError))
    throw new Error(`expected an AgentApiError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  dir = await startLiveDirectory();
  userId = await dir.createUser(USER);
  fleet = await enrollFleet(dir, 1);
  device = fleet.agents[0]!;
  api = device.agent.apiFor(USERNAME);
  fleet.bindAll(USER);
  await fleet.startAll();
  await waitFor(
    () => device.platform.accounts.has(USERNAME) && device.agent.snapshot().outbox.length === 0,
    'the device to create the account',
  );
}, 60_000);

afterAll(async () => {
  await fleet?.dispose();
  await dir?.close();
});

describe('the tray-facing AgentApi against the live directory', () => {
  it('checks the typed new password against the verifier Okta’s push produced', async () => {
    await dir.pushPassword(userId, OKTA_PASSWORD);
    await waitFor(
      () => device.agent.snapshot().desired[0]?.passwordVersion === 1,
      'the pending change to arrive',
    );
    expect(await pendingVersion()).toBe(1);
    expect(
      await api.verifyNewPassword({ password: 'Okta-Pushed-Password-X', version: 1 }),
    ).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await api.verifyNewPassword({ password: OKTA_PASSWORD, version: 1 })).toEqual({
      ok: true,
    });
  });

  it('a reported apply reaches the directory’s devices report', async () => {
    await api.reportPasswordApplied({ version: 1, outcome: 'applied', reason: null });
    expect((await api.getStatus()).account).toMatchObject({
      appliedPasswordVersion: 1,
      pendingPasswordChange: null,
    });
    await waitFor(
      () => report()?.appliedPasswordVersion === 1,
      'the directory to record the applied version',
    );
    expect(report()).toMatchObject({
      desiredPasswordVersion: 1,
      appliedPasswordVersion: 1,
      behind: false,
      lastAction: 'password-apply',
      lastOutcome: 'applied',
    });
  });

  it('self-service change is refused while Okta is the password authority, by the agent and by the directory', async () => {
    expect((await api.getStatus()).policy.passwordAuthority).toBe('okta');
    const refused = await rejection(
      api.requestPasswordChange({ newPassword: SELF_SERVICE_PASSWORD }),
    );
    expect(refused.code).toBe('refused-by-policy');
    expect(refused.message).toMatch(/managed in Okta/);

    // A device that skips its own check (or has a stale policy) is refused by the directory too.
    const identity = await loadDeviceIdentity(device.stateDir);
    const client = new DirectoryClient({
      directoryUrl: dir.url,
      deviceId: device.deviceId,
      privateKey: identity!.privateKey,
      fetch: createNodeFetch(),
      now: Date.now,
    });
    const error = await client
      .requestPasswordChange(userId, SELF_SERVICE_PASSWORD, AbortSignal.timeout(10_000))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect((error as DirectoryError).status).toBe(403);
    expect((error as DirectoryError).message).toMatch(/password-authority is okta/);
    expect(versionInDirectory()).toBe(1);
    expect(
      listAuditRecords(dir.dataDir, undefined).filter((r) => r.action === 'device.password-change'),
    ).toEqual([
      expect.objectContaining({ actor: `device:${device.deviceId}`, outcome: 'failure' }),
    ]);
  });

  it('with password-authority directory the change is accepted, the version bumps, and the new verifier matches', async () => {
    setPolicy(dir.dataDir, 'password-authority', 'directory', null);
    await waitFor(
      () => device.agent.snapshot().policy.passwordAuthority === 'directory',
      'the device to receive the policy',
    );
    expect(await api.requestPasswordChange({ newPassword: SELF_SERVICE_PASSWORD })).toEqual({
      version: 2,
    });
    expect(versionInDirectory()).toBe(2);
    await waitFor(
      () => device.agent.snapshot().desired[0]?.passwordVersion === 2,
      'the device to learn version 2',
    );
    expect(await pendingVersion()).toBe(2);
    expect(await api.verifyNewPassword({ password: SELF_SERVICE_PASSWORD, version: 2 })).toEqual({
      ok: true,
    });
    expect(report()).toMatchObject({
      desiredPasswordVersion: 2,
      appliedPasswordVersion: 1,
      behind: true,
    });
  });
});
