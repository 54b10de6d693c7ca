/**
 * Microsoft's "SCIM Tests" Postman collection, run with newman against a live directory.
 * Expectations written for Entra ID that do not apply to an Okta-facing server are listed, with
 * the reason, in ms-entra-only-expectations.json; every other assertion must pass, and the
 * standard form of each excluded request is checked here instead.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MS_POSTMAN_COLLECTION,
  referenceFile,
} from '../../src-okta-sim/runscope/reference-files.js';
import { createGroup, getGroup, patchGroupMembers } from '../../src-okta-sim/group-requests.js';
import type { ScimRequest } from '../../src-okta-sim/scim-request.js';
import { createUser, findUserByUserName } from '../../src-okta-sim/user-requests.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';
import { runPostmanCollection, type PostmanOutcome } from './support/run-postman.js';
import { ScimSession } from './support/scim-session.js';
import { REFERENCE_DIR } from './support/reference-dir.js';

const listed = z
  .object({
    expectations: z.array(
      z.object({
        folder: z.string(),
        request: z.string(),
        occurrence: z.number().int().positive().optional(),
        assertion: z.string(),
        reason: z.string().min(40, 'say why the expectation does not apply'),
      }),
    ),
  })
  .parse(
    JSON.parse(readFileSync(new URL('./ms-entra-only-expectations.json', import.meta.url), 'utf8')),
  ).expectations;

type Listed = (typeof listed)[number];
const matches = (e: Listed, o: PostmanOutcome) =>
  e.folder === o.folder &&
  e.request === o.request &&
  e.assertion === o.assertion &&
  (e.occurrence ?? o.occurrence) === o.occurrence;
const label = (o: PostmanOutcome) =>
  `${o.folder} / ${o.request} #${o.occurrence} / ${o.assertion} (HTTP ${o.status ?? '-'}): ${o.message ?? 'passed'}`;

/** How many `pm.test(...)` the collection declares, to notice assertions a script error skipped. */
function declaredTests(collectionPath: string): number {
  const text = readFileSync(collectionPath, 'utf8');
  const collection = JSON.parse(text) as { item: unknown[] };
  const count = (items: unknown[]): number =>
    items.reduce<number>((n, raw) => {
      const item = raw as {
        item?: unknown[];
        event?: Array<{ listen: string; script: { exec: string[] } }>;
      };
      if (item.item) return n + count(item.item);
      const tests = (item.event ?? [])
        .filter((e) => e.listen === 'test')
        .map((e) => e.script.exec.join('\n'));
      return n + tests.reduce((m, t) => m + (t.match(/pm\.test\(/g) ?? []).length, 0);
    }, 0);
  return count(collection.item);
}

describe("Microsoft's SCIM Tests collection (newman)", () => {
  let dir: LiveDirectory;
  let outcomes: PostmanOutcome[] = [];
  const collection = referenceFile(MS_POSTMAN_COLLECTION, REFERENCE_DIR);

  beforeAll(async () => {
    dir = await startLiveDirectory();
    const url = new URL(dir.url);
    outcomes = await runPostmanCollection({
      collection,
      environment: {
        Protocol: url.protocol.replace(':', ''),
        Server: url.hostname,
        Port: `:${url.port}`,
        Api: 'scim/v2',
      },
      data: { token: dir.token },
    });
    const failed = outcomes.filter((o) => !o.passed);
    const notApplicable = failed.filter((o) => listed.some((e) => matches(e, o))).length;
    const lines = outcomes.map(
      (o) =>
        `${o.passed ? 'PASS' : listed.some((e) => matches(e, o)) ? 'N/A ' : 'FAIL'}  ${label(o)}`,
    );
    process.stdout.write(
      `${lines.join('\n')}\n${outcomes.length - failed.length} passed, ${failed.length - notApplicable} failed, ` +
        `${notApplicable} not applicable (Entra-only)\n`,
    );
  }, 120_000);
  afterAll(async () => {
    await dir?.close();
  });

  it('ran every assertion the collection declares, with no request or script errors', () => {
    expect(outcomes.filter((o) => o.assertion.startsWith('(')).map(label)).toEqual([]);
    expect(outcomes).toHaveLength(declaredTests(collection));
  });

  it('passes every assertion except the listed Entra-only expectations', () => {
    expect(
      outcomes.filter((o) => !o.passed && !listed.some((e) => matches(e, o))).map(label),
    ).toEqual([]);
  });

  it('lists only expectations the collection really has', () => {
    expect(listed.filter((e) => !outcomes.some((o) => matches(e, o)))).toEqual([]);
  });

  it('lists only expectations that still fail (a listed one that now passes is stale)', () => {
    expect(listed.filter((e) => outcomes.some((o) => o.passed && matches(e, o)))).toEqual([]);
  });

  describe('the standard form of each excluded request', () => {
    let session: ScimSession;
    beforeAll(() => {
      session = new ScimSession(dir);
    });
    const get = (path: string): ScimRequest => ({ method: 'GET', path, role: 'okta' });
    const filter = (f: string) => get(`/Users?filter=${encodeURIComponent(f)}`);

    it('serves /Users and /ServiceProviderConfig (with PATCH supported)', async () => {
      expect(await session.expect(get('/Users'), 200)).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      });
      expect(await session.expect(get('/ServiceProviderConfig'), 200)).toMatchObject({
        patch: { supported: true },
      });
    });

    it("filters on DisplayName with '+' for spaces, and with quoted sw, co/and/or and gt values", async () => {
      expect(
        (await session.expect(get('/Users?filter=DisplayName+eq+%22BobIsAmazing%22'), 200))[
          'totalResults'
        ],
      ).toBeGreaterThan(0);
      expect((await session.expect(filter('userName sw "O"'), 200))['totalResults']).toBe(1);
      const employees =
        'name.familyName eq "Employee" and (emails.value co "example.com" or emails.value co "example.org")';
      expect((await session.expect(filter(employees), 200))['totalResults']).toBeGreaterThan(0);
      expect(
        (await session.expect(filter('meta.created gt "2015-10-10T14:38:21.8617979-07:00"'), 200))[
          'totalResults'
        ],
      ).toBeGreaterThan(0);
      const unquoted = await session.expect(filter('userName sw O'), 400);
      expect(unquoted).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    });

    it('refuses a string boolean and a member that is no user with a 400 that says why', async () => {
      const created = createUser(
        {
          userName: 'strict.bool@example.com',
          email: 'strict.bool@example.com',
          givenName: 'S',
          familyName: 'B',
        },
        'x1y2z3w4',
      );
      const stringBool = await session.expect(
        { ...created, body: { ...created.body, active: 'True' } },
        400,
      );
      expect(String(stringBool['detail'])).toMatch(/active/);
      expect(
        (await session.expect(findUserByUserName('strict.bool@example.com'), 200))['totalResults'],
      ).toBe(0);
      const group = await session.expect(createGroup('standard members'), 201);
      const bogus = await session.expect(
        patchGroupMembers(String(group['id']), { add: [{ value: 'string id 1', display: 'x' }] }),
        400,
      );
      expect(String(bogus['detail'])).toContain('string id 1');
    });

    it("stores and returns a member's display", async () => {
      const user = await session.expect(
        createUser(
          {
            userName: 'new.user@example.com',
            email: 'new.user@example.com',
            givenName: 'N',
            familyName: 'U',
          },
          'a1b2c3d4',
        ),
        201,
      );
      const group = await session.expect(createGroup('display check'), 201);
      const groupId = String(group['id']);
      const { response } = await session.send(
        patchGroupMembers(groupId, { add: [{ value: String(user['id']), display: 'new User' }] }),
      );
      expect([200, 204]).toContain(response.status);
      expect(await session.expect(getGroup(groupId), 200)).toMatchObject({
        members: [{ value: user['id'], display: 'new User' }],
      });
    });
  });
});
