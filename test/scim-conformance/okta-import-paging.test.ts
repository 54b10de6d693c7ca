/**
 * Okta's import: pages of `startIndex`/`count` until `totalResults`, with integer counts and
 * the same order whatever the page size (Okta SCIM 2.0 reference, "Retrieve Users").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listGroups } from '../../src-okta-sim/group-requests.js';
import { OktaSimulator } from '../../src-okta-sim/okta-simulator.js';
import { profileFromEmail } from '../../src-okta-sim/profile-from-email.js';
import { listUsers } from '../../src-okta-sim/user-requests.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';
import { ScimSession } from './support/scim-session.js';

const USERS = 7;
let dir: LiveDirectory;
let session: ScimSession;

beforeAll(async () => {
  dir = await startLiveDirectory();
  session = new ScimSession(dir);
  const sim = new OktaSimulator(session.client, 'template');
  for (let i = 0; i < USERS; i++) await sim.assign(profileFromEmail(`import.user${i}@example.com`));
  await sim.setActive('import.user3@example.com', false);
});
afterAll(async () => {
  await dir?.close();
});

/** Reads every page the way Okta does and returns the ids in order. */
async function importAll(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let startIndex = 1; ; startIndex += count) {
    const page = await session.expect(listUsers(startIndex, count), 200);
    const resources = page['Resources'] as Array<{ id: string }>;
    expect(page).toMatchObject({ totalResults: USERS, startIndex, itemsPerPage: resources.length });
    expect(resources.length).toBeLessThanOrEqual(count);
    ids.push(...resources.map((r) => r.id));
    if (startIndex + count > USERS) return ids;
  }
}

describe("Okta's user import", () => {
  it('pages through every user exactly once, with integer counts, deactivated users included', async () => {
    const ids = await importAll(3);
    expect(ids).toHaveLength(USERS);
    expect(new Set(ids).size).toBe(USERS);
    const all = await session.expect(listUsers(1, 100), 200);
    const inactive = (all['Resources'] as Array<{ active: boolean }>).filter((u) => !u.active);
    expect(inactive).toHaveLength(1);
  });

  it('keeps the same order whatever the page size and on every pass', async () => {
    const byThree = await importAll(3);
    expect(await importAll(5)).toEqual(byThree);
    expect(await importAll(100)).toEqual(byThree);
    expect(await importAll(3)).toEqual(byThree);
  });

  it('answers past the end with no resources and the real total', async () => {
    const page = await session.expect(listUsers(USERS + 5, 10), 200);
    expect(page).toMatchObject({ totalResults: USERS, itemsPerPage: 0, Resources: [] });
  });

  it('lists groups for the group import with integer counts', async () => {
    const page = await session.expect(listGroups(1, 100), 200);
    expect(page).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    expect(page['schemas']).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  });
});
