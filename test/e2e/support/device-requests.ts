/**
 * Requests signed with an enrolled device's own key (from its agent state folder), so a test can
 * ask the directory what a device would, bypassing the agent's own policy checks: this is how the
 * suite shows that the directory itself, not just the agent, refuses.
 */
import { DirectoryClient } from '../../../src-main/agent/directory/directory-client.js';
import { loadDeviceIdentity } from '../../../src-main/agent/identity/device-identity.js';

export async function deviceClient(stateDir: string): Promise<DirectoryClient> {
  const identity = await loadDeviceIdentity(stateDir);
  if (!identity) throw new Error(`${stateDir} is not enrolled`);
  return new DirectoryClient({
    directoryUrl: identity.record.directoryUrl,
    deviceId: identity.record.deviceId,
    privateKey: identity.privateKey,
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
  });
}
