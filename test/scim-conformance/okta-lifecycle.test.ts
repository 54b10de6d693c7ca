/**
 * Okta's user lifecycle, replayed request by request for both app styles against a live
 * directory: an OIN template app (PATCH for activate, deactivate, password) and a custom app
 * from Okta's App Integration Wizard (GET then PUT for everything). Each step checks the SCIM
 * answers and what an admin sees in `lockstep directory users --json`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimErrorBody } from '../../src-shared/scim-messages.js';
import { ScimUser } from '../../src-shared/scim-user.js';
import { OktaSimulator, type OktaStyle } from '../../src-okta-sim/okta-simulator.js';
import type { JsonObject } from '../../src-okta-sim/scim-request.js';
import {
  createUser,
  deleteUser,
  findUserByUserName,
  getUser,
  oktaUserId,
  patchUser,
  replaceUser,
  type OktaUserProfile,
} from '../../src-okta-sim/user-requests.js';
import { adminUser } from './support/admin-view.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';
import { passwordKeys, ScimSession } from './support/scim-session.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A full Okta app profile: every attribute Okta may map, so a lossy round trip shows. */
function richProfile(userName: string): OktaUserProfile {
  return {
    userName,
    email: userName,
    givenName: 'Jane',
    familyName: 'Doe',
    externalId: oktaUserId(userName),
    extra: {
      title: 'Engineer',
      nickName: 'JD',
      preferredLanguage: 'en',
      timezone: 'Europe/Berlin',
      phoneNumbers: [
        { value: '+1 415 555 0100', type: 'work', primary: true },
        { value: '+1 415 555 0199', type: 'mobile' },
      ],
      addresses: [
        {
          streetAddress: '1 Market St',
          locality: 'San Francisco',
          region: 'CA',
          postalCode: '94105',
          country: 'US',
          type: 'work',
          primary: true,
        },
      ],
      [ENTERPRISE]: {
        employeeNumber: '1001',
        department: 'R&D',
        costCenter: 'CC-7',
        organization: 'Acme',
        division: 'Platform',
        manager: { value: '00umanager0000000001', displayName: 'Pat Boss' },
      },
    },
  };
}

/** A resource without what the server may change on every write. */
function withoutMeta(body: JsonObject): JsonObject {
  const rest: JsonObject = { ...body };
  delete rest['meta'];
  return rest;
}

let dir: LiveDirectory;
beforeAll(async () => {
  dir = await startLiveDirectory();
});
afterAll(async () => {
  await dir?.close();
});

// Admin views run the CLI as a new process; allow for a busy 2-core CI machine.
describe.each<OktaStyle>(['template', 'wizard'])(
  'Okta %s app: a user from assignment to DELETE',
  { timeout: 120_000 },
  (style) => {
    const email = `${style}.jane@example.com`;
    let session: ScimSession;
    let sim: OktaSimulator;
    let id = '';
    beforeAll(() => {
      session = new ScimSession(dir);
      sim = new OktaSimulator(session.client, style);
    });

    it('assignment: a filter miss (integer counts, empty Resources), then a POST that creates the user', async () => {
      const miss = await session.expect(findUserByUserName(email), 200);
      expect(miss).toMatchObject({
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
      const from = session.exchanges.length;
      const { created, user } = await sim.assign(richProfile(email));
      expect(created).toBe(true);
      expect(session.trail(from)).toEqual(['GET /Users', 'POST /Users']);
      expect(session.exchanges.at(-1)?.response.status).toBe(201);
      expect(ScimUser.safeParse(user).error?.issues ?? []).toEqual([]);
      expect(user).toMatchObject({
        userName: email,
        active: true,
        name: { givenName: 'Jane', familyName: 'Doe' },
      });
      id = String(user['id']);
    });

    it("keeps Okta's create-time password as a placeholder: password version 0", async () => {
      expect(await adminUser(dir.dataDir, email)).toMatchObject({
        deviceUsername: `${style}.jane`,
        state: 'active',
        passwordVersion: 0,
        passwordChangedAt: null,
      });
    });

    it('refuses a second create with 409 uniqueness, also when only the letter case differs', async () => {
      for (const userName of [email, email.toUpperCase()]) {
        const { response } = await session.send(
          createUser({ ...richProfile(userName), email }, 'placeholder1'),
        );
        expect(response.status).toBe(409);
        expect(ScimErrorBody.parse(response.body)).toMatchObject({
          status: '409',
          scimType: 'uniqueness',
        });
      }
      const found = await session.expect(findUserByUserName(email.toUpperCase()), 200);
      expect(found['totalResults']).toBe(1);
      const plus = await session.expect(
        {
          method: 'GET',
          path: `/Users?filter=userName+eq+%22${encodeURIComponent(email)}%22`,
          role: 'okta',
        },
        200,
      );
      expect(plus['totalResults']).toBe(1);
    });

    it("survives Okta's GET-then-PUT round trip without losing an attribute", async () => {
      const before = await session.expect(getUser(id), 200);
      expect(before).toMatchObject(richProfile(email).extra ?? {});
      expect(before['externalId']).toBe(oktaUserId(email));
      await session.expect(replaceUser(before, {}), 200);
      const after = await session.expect(getUser(id), 200);
      expect(withoutMeta(after)).toEqual(withoutMeta(before));
    });

    it('a profile update (GET then PUT) changes the title and nothing else', async () => {
      const before = await session.expect(getUser(id), 200);
      const from = session.exchanges.length;
      await sim.update(email, { title: 'Staff Engineer' });
      expect(session.trail(from)).toEqual(['GET /Users', 'GET /Users/' + id, 'PUT /Users/' + id]);
      const after = await session.expect(getUser(id), 200);
      expect(withoutMeta(after)).toEqual({ ...withoutMeta(before), title: 'Staff Engineer' });
    });

    it('a password push creates password version 1', async () => {
      const from = session.exchanges.length;
      await sim.pushPassword(email, 'Correct-Horse-7');
      const sent = session.trail(from).slice(1); // after the id lookup Okta would not need
      expect(sent).toEqual(
        style === 'template' ? [`PATCH /Users/${id}`] : [`GET /Users/${id}`, `PUT /Users/${id}`],
      );
      const after = await adminUser(dir.dataDir, email);
      expect(after).toMatchObject({ state: 'active', passwordVersion: 1 });
      expect(Date.parse(after.passwordChangedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    });

    it('the same password re-pushed at sign-in changes nothing', async () => {
      const { passwordVersion, passwordChangedAt } = await adminUser(dir.dataDir, email);
      await sim.pushPassword(email, 'Correct-Horse-7');
      await sim.pushPassword(email, 'Correct-Horse-7');
      expect(await adminUser(dir.dataDir, email)).toMatchObject({
        passwordVersion,
        passwordChangedAt,
      });
    });

    it('an identical re-push leaves the resource itself unchanged (same meta.version and lastModified)', async () => {
      // Okta re-pushes at every sign-in; a new resource version each time is a write per sign-in.
      const before = await session.expect(getUser(id), 200);
      await sim.pushPassword(email, 'Correct-Horse-7');
      const after = await session.expect(getUser(id), 200);
      expect(after['meta']).toEqual(before['meta']);
    });

    it('a different password makes version 2 (template: also as a PATCH with path "password")', async () => {
      if (style === 'template') {
        await session.expect(
          patchUser(id, [{ op: 'replace', path: 'password', value: 'Battery-Staple-8' }]),
          200,
        );
      } else {
        await sim.pushPassword(email, 'Battery-Staple-8');
      }
      expect(await adminUser(dir.dataDir, email)).toMatchObject({ passwordVersion: 2 });
    });

    it('deactivation suspends the user, who is still found by id and by the userName filter', async () => {
      await sim.setActive(email, false);
      expect(await session.expect(getUser(id), 200)).toMatchObject({ id, active: false });
      const found = await session.expect(findUserByUserName(email), 200);
      expect(found).toMatchObject({ totalResults: 1, Resources: [{ id, active: false }] });
      expect(await adminUser(dir.dataDir, email)).toMatchObject({
        state: 'suspended',
        passwordVersion: 2,
      });
    });

    it('reactivation returns the user to active with the same password version', async () => {
      await sim.setActive(email, true);
      expect(await session.expect(getUser(id), 200)).toMatchObject({ id, active: true });
      expect(await adminUser(dir.dataDir, email)).toMatchObject({
        state: 'active',
        passwordVersion: 2,
      });
    });

    it('DELETE suspends without deleting: GET still answers 200 with active false', async () => {
      expect((await session.send(deleteUser(id))).response.status).toBe(204);
      expect(await session.expect(getUser(id), 200)).toMatchObject({
        id,
        userName: email,
        active: false,
      });
      expect(await session.expect(findUserByUserName(email), 200)).toMatchObject({
        totalResults: 1,
      });
      expect(await adminUser(dir.dataDir, email)).toMatchObject({ state: 'suspended' });
    });

    it('never answered with a password, and always as application/scim+json', () => {
      const leaks = session.exchanges.flatMap((e) =>
        passwordKeys(e.response.body).map((k) => `${e.request.method} ${e.request.path}: ${k}`),
      );
      expect(leaks).toEqual([]);
      const otherTypes = session.exchanges
        .filter(
          (e) =>
            e.response.body !== null &&
            !(e.response.contentType ?? '').startsWith('application/scim+json'),
        )
        .map((e) => `${e.request.method} ${e.request.path}: ${e.response.contentType ?? 'none'}`);
      expect(otherTypes).toEqual([]);
    });
  },
);
