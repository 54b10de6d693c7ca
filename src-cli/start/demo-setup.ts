/**
 * What `lockstep start` sets up, each step done once and reused on the next run: a SCIM token for
 * the simulator, the demo user as Okta would assign it, the device account as it was before
 * Lockstep, an enrollment of the in-process agent, and the binding of the user to the device.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindUser, createEnrollToken, revokeDevice } from '../../src-server/admin/device-admin.js';
import { createScimToken } from '../../src-server/admin/scim-tokens.js';
import { enrollDevice } from '../../src-main/agent/identity/enroll-device.js';
import { readDeviceRecord } from '../../src-main/agent/identity/device-identity.js';
import type { DemoAccountPlatform } from '../../src-main/platform/demo-account-platform.js';
import { OktaSimulator } from '../../src-okta-sim/okta-simulator.js';
import { profileFromEmail } from '../../src-okta-sim/profile-from-email.js';
import { scimBaseUrl } from '../../src-okta-sim/scim-request.js';
import { ScimClient } from '../../src-okta-sim/scim-client.js';
import { version } from '../version.js';

export const DEMO_USER = {
  email: 'demo.user@example.com',
  username: 'demo.user',
  firstName: 'Demo',
  lastName: 'User',
  /** The demo device account's password before Lockstep: the "previous password" in the prompt. */
  devicePassword: 'Device-Pass-1',
} as const;

export interface DemoPaths {
  data: string;
  directoryData: string;
  agentState: string;
  tokenFile: string;
  accountsFile: string;
  /** The tray socket, for the Electron tray (a separate process). */
  bridgeSocket: string;
}

export function demoPaths(data: string): DemoPaths {
  return {
    data,
    directoryData: join(data, 'directory'),
    agentState: join(data, 'agent'),
    tokenFile: join(data, 'demo', 'scim-token'),
    accountsFile: join(data, 'demo', 'accounts.json'),
    bridgeSocket: join(data, 'run', 'tray.sock'),
  };
}

/** Sets up (or finds) everything the demo needs; returns the device id. */
export async function prepareDemo(
  paths: DemoPaths,
  directoryUrl: string,
  accounts: DemoAccountPlatform,
): Promise<string> {
  mkdirSync(join(paths.data, 'demo'), { recursive: true, mode: 0o700 });
  if (!existsSync(paths.tokenFile)) {
    writeFileSync(paths.tokenFile, `${createScimToken(paths.directoryData, 'demo-okta-sim')}\n`, {
      mode: 0o600,
    });
  }
  const client = new ScimClient({
    baseUrl: scimBaseUrl(directoryUrl),
    token: readFileSync(paths.tokenFile, 'utf8').trim(),
  });
  await new OktaSimulator(client, 'template').assign(
    profileFromEmail(DEMO_USER.email, DEMO_USER.firstName, DEMO_USER.lastName),
  );
  await accounts.seed(
    DEMO_USER.username,
    `${DEMO_USER.firstName} ${DEMO_USER.lastName}`,
    DEMO_USER.devicePassword,
  );

  const enrolled = await readDeviceRecord(paths.agentState);
  if (enrolled && new URL(enrolled.directoryUrl).href === new URL(directoryUrl).href)
    return enrolled.deviceId;
  // First run, or the directory moved (another --listen): enroll this device afresh and bind the
  // demo user to it, taking over the existing demo account as an admin would. The old enrollment
  // is revoked so it does not linger as a device that never catches up.
  if (enrolled) {
    try {
      revokeDevice(paths.directoryData, enrolled.deviceId);
    } catch {
      // Not known to this directory (its data was deleted): nothing to revoke.
    }
  }
  const token = createEnrollToken(paths.directoryData, { uses: 1, expiresInMs: 10 * 60_000 });
  const { record } = await enrollDevice({
    directoryUrl,
    token,
    stateDir: paths.agentState,
    caFile: null,
    force: true,
    agentVersion: version,
  });
  bindUser(paths.directoryData, DEMO_USER.email, record.deviceId, true);
  return record.deviceId;
}
