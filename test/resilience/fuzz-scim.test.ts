/**
 * Hostile input on SCIM: random and mutated Okta requests (Users, Groups, PATCH operations,
 * filters), with good and bad tokens and content types. Never a 5xx, never a crash, and a
 * refused request changes nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inProcessDirectory,
  storeSnapshot,
  type InProcessDirectory,
} from './support/in-process-directory.js';

let dir: InProcessDirectory;
const ids: Record<'user' | 'group', string> = { user: '', group: '' };
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  dir = await inProcessDirectory();
  const headers = { authorization: `Bearer ${dir.token}`, 'content-type': 'application/scim+json' };
  const user = await dir.app.inject({
    method: 'POST',
    url: '/scim/v2/Users',
    headers,
    payload: {
      schemas: [USER],
      userName: 'target@example.com',
      name: { givenName: 'T', familyName: 'Arget' },
      active: true,
    },
  });
  ids.user = user.json<{ id: string }>().id;
  const group = await dir.app.inject({
    method: 'POST',
    url: '/scim/v2/Groups',
    headers,
    payload: { schemas: [GROUP], displayName: 'Engineering', members: [{ value: ids.user }] },
  });
  ids.group = group.json<{ id: string }>().id;
});
afterAll(async () => dir.close());

const weird = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('ünïcødé@例え.jp', 'a'.repeat(300), '../../etc', '" or 1=1 --', '\u0000'),
);

/** An Okta-shaped user with some fields replaced, dropped or added. */
const userBody = fc
  .record(
    {
      schemas: fc.oneof(fc.constant([USER]), weird),
      userName: fc.oneof(fc.emailAddress(), fc.constant('target@example.com'), weird),
      name: fc.oneof(
        fc.record({ givenName: weird, familyName: weird }, { requiredKeys: [] }),
        weird,
      ),
      emails: fc.oneof(
        fc.array(
          fc.record(
            {
              primary: fc.boolean(),
              value: fc.oneof(fc.emailAddress(), weird),
              type: fc.constantFrom('work', 'home', 'x'),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
        weird,
      ),
      displayName: weird,
      active: fc.oneof(fc.boolean(), weird),
      externalId: weird,
      // Rare: a valid create with a password costs an argon2 hash.
      password: fc.oneof(
        { weight: 19, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
      ),
      extra: weird,
    },
    { requiredKeys: ['schemas'] },
  )
  .map(({ password, ...rest }) => (password === undefined ? rest : { ...rest, password }));

const patchBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([PATCH]), weird),
    Operations: fc.oneof(
      fc.array(
        fc.record(
          {
            op: fc.oneof(fc.constantFrom('add', 'replace', 'remove', 'Replace', 'move'), weird),
            path: fc.oneof(
              fc.constantFrom(
                'active',
                'name.givenName',
                'emails[type eq "work"].value',
                'members',
                'members[value eq "x"]',
                'userName',
                'displayName',
                'id',
                'meta.created',
                '',
              ),
              weird,
            ),
            value: fc.oneof(
              fc.boolean(),
              fc.record({ active: fc.boolean() }),
              fc.array(fc.record({ value: fc.oneof(fc.constant('USER'), weird) }), {
                maxLength: 3,
              }),
              weird,
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      weird,
    ),
  },
  { requiredKeys: [] },
);

const groupBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([GROUP]), weird),
    displayName: fc.oneof(fc.string({ maxLength: 30 }), weird),
    members: fc.oneof(
      fc.array(fc.record({ value: fc.oneof(fc.constant('USER'), weird) }), { maxLength: 3 }),
      weird,
    ),
  },
  { requiredKeys: [] },
);

const target = fc.oneof(
  fc.constant('USER'),
  fc.constant('GROUP'),
  fc.uuid(),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
const request = fc.oneof(
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/Users'),
    body: fc.oneof(userBody, weird),
  }),
  fc.record({
    method: fc.constantFrom('PUT', 'PATCH'),
    path: target.map((t) => `/Users/${t}`),
    body: fc.oneof(userBody, patchBody, weird),
  }),
  fc.record({
    method: fc.constantFrom('POST', 'PUT', 'PATCH'),
    path: fc.oneof(
      fc.constant('/Groups'),
      target.map((t) => `/Groups/${t}`),
    ),
    body: fc.oneof(groupBody, patchBody, weird),
  }),
  fc.record({
    method: fc.constantFrom('GET', 'DELETE'),
    path: fc.oneof(
      target.map((t) => `/Users/${t}`),
      target.map((t) => `/Groups/${t}`),
    ),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc
      .oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(
          'userName eq "target@example.com"',
          'userName sw "t"',
          'emails[type eq "work" and value co "@"]',
          'userName eq',
          '((((',
          'meta.lastModified gt "x"',
        ),
      )
      .map((f) => `/Users?filter=${encodeURIComponent(f)}&startIndex=1&count=5`),
    body: fc.constant(undefined),
  }),
  fc.record({
    method: fc.constantFrom('GET', 'POST', 'OPTIONS', 'HEAD'),
    path: fc.string({ maxLength: 40 }).map((p) => `/${encodeURIComponent(p)}`),
    body: fc.oneof(fc.constant(undefined), weird),
  }),
);

describe('SCIM under hostile input', () => {
  it('never answers 5xx, and a refused request leaves users, groups and the change feed as they were', async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        request,
        fc.constantFrom('good', 'good', 'good', 'good', 'none', 'wrong'),
        fc.constantFrom(
          'application/scim+json',
          'application/json',
          'text/plain',
          'application/xml',
        ),
        async (r, auth, contentType) => {
          const payload =
            r.body === undefined
              ? undefined
              : (JSON.stringify(r.body, (_k, v: unknown) => (v === 'USER' ? ids.user : v)) ??
                'null');
          const before = storeSnapshot(dir.store);
          const res = await dir.app.inject({
            method: r.method as 'GET',
            url: `/scim/v2${r.path.replace('/USER', `/${ids.user}`).replace('/GROUP', `/${ids.group}`)}`,
            headers: {
              ...(auth === 'good'
                ? { authorization: `Bearer ${dir.token}` }
                : auth === 'wrong'
                  ? { authorization: 'Bearer lockstep_scim_not-a-real-token' }
                  : {}),
              ...(payload === undefined ? {} : { 'content-type': contentType }),
            },
            ...(payload === undefined ? {} : { payload }),
          });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (auth !== 'good') expect(res.statusCode).toBe(401);
          if (res.statusCode >= 400) {
            seen.refused++;
            expect(storeSnapshot(dir.store)).toBe(before);
          } else seen.accepted++;
        },
      ),
      { numRuns: 2000 },
    );
    // The generators reach past the front door: some requests are accepted, most refused.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(500);
    // Still serving.
    const list = await dir.app.inject({
      method: 'GET',
      url: '/scim/v2/Users?count=1',
      headers: { authorization: `Bearer ${dir.token}` },
    });
    expect(list.statusCode).toBe(200);
  });
});
