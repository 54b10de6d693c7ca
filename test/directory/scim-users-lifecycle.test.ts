import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peekUser } from './support/store-peek.js';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  type TestDirectory,
} from './support/test-directory.js';

let dir: TestDirectory;
beforeAll(async () => {
  dir = await startTestDirectory();
});
afterAll(async () => dir.close());

const byUserName = (u: string) => `/Users?filter=${encodeURIComponent(`userName eq "${u}"`)}`;

async function create(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await dir.scim('POST', '/Users', oktaUser(userName, extra));
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

describe('SCIM Users lifecycle as Okta drives it', () => {
  it('finds nobody before a create, creates, and finds the user case-insensitively', async () => {
    const miss = await dir.scim('GET', byUserName('jane.doe@example.com'));
    expect(miss.status).toBe(200);
    expect(miss.body.totalResults).toBe(0);
    expect(miss.headers.get('content-type')).toMatch(/^application\/scim\+json/);

    const created = await dir.scim('POST', '/Users', oktaUser('jane.doe@example.com'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${dir.url}/scim/v2/Users/${created.body.id}`);
    expect(created.body.active).toBe(true);
    expect(created.body.password).toBeUndefined();
    expect(created.text).not.toContain('Placeholder-1234!');

    const hit = await dir.scim('GET', '/Users?filter=userName+eq+%22JANE.DOE%40EXAMPLE.COM%22');
    expect(hit.body.totalResults).toBe(1);
    expect(hit.body.Resources[0].id).toBe(created.body.id);
  });

  it('answers 409 uniqueness for a duplicate userName in any case', async () => {
    const dup = await dir.scim('POST', '/Users', oktaUser('Jane.Doe@Example.com'));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
    });
    expect(dup.body.detail).toContain('already taken');
  });

  it('refuses a second user whose device username would collide', async () => {
    const res = await dir.scim('POST', '/Users', oktaUser('jane.doe@other.example'));
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('device username "jane.doe"');
  });

  it('pages imports with startIndex/count in a stable order', async () => {
    for (const n of ['pa', 'pb', 'pc', 'pd']) await create(`${n}@page.example`);
    const all = await dir.scim('GET', '/Users?startIndex=1&count=100');
    const total = all.body.totalResults as number;
    const seen: string[] = [];
    for (let start = 1; start <= total; start += 2) {
      const page = await dir.scim('GET', `/Users?startIndex=${start}&count=2`);
      expect(page.body).toMatchObject({ startIndex: start, totalResults: total });
      expect(page.body.itemsPerPage).toBe(page.body.Resources.length);
      seen.push(...page.body.Resources.map((r: { id: string }) => r.id));
    }
    expect(seen).toEqual(all.body.Resources.map((r: { id: string }) => r.id));
    const empty = await dir.scim('GET', '/Users?startIndex=1&count=0');
    expect(empty.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
  });

  it('keeps every attribute Okta sends through a GET-then-PUT round trip', async () => {
    const full = oktaUser('round.trip@example.com', {
      name: {
        givenName: 'Round',
        familyName: 'Trip',
        middleName: 'M',
        honorificPrefix: 'Dr.',
        formatted: 'Dr. Round M Trip',
      },
      title: 'Engineer',
      nickName: 'rt',
      locale: 'fr-FR',
      preferredLanguage: 'fr',
      timezone: 'Europe/Paris',
      userType: 'Employee',
      phoneNumbers: [{ value: '+33 1 23 45 67 89', type: 'work', primary: true }],
      addresses: [
        {
          streetAddress: '1 rue X',
          locality: 'Paris',
          region: 'IDF',
          postalCode: '75001',
          country: 'FR',
          type: 'work',
          primary: true,
        },
      ],
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        employeeNumber: '42',
        department: 'R&D',
        costCenter: 'CC1',
        organization: 'Org',
        division: 'Div',
        manager: { value: 'boss-id', displayName: 'The Boss' },
      },
    });
    const id = await create('round.trip@example.com', full);
    const got = await dir.scim('GET', `/Users/${id}`);
    const sent = Object.fromEntries(
      Object.entries(full).filter(([k]) => k !== 'password' && k !== 'groups'),
    );
    expect(got.body).toMatchObject(sent);
    const put = await dir.scim('PUT', `/Users/${id}`, got.body);
    expect(put.status).toBe(200);
    const again = await dir.scim('GET', `/Users/${id}`);
    const strip = (b: Record<string, unknown>) => ({ ...b, meta: undefined });
    expect(strip(again.body)).toEqual(strip(got.body));
  });

  it('updates a profile with PUT (custom app) and PATCH (template app)', async () => {
    const id = await create('profile@example.com');
    const got = await dir.scim('GET', `/Users/${id}`);
    const put = await dir.scim('PUT', `/Users/${id}`, { ...got.body, title: 'Manager' });
    expect(put.body.title).toBe('Manager');
    const patched = await dir.scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'Replace', path: 'name.givenName', value: 'Renamed' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body.name.givenName).toBe('Renamed');
    expect(patched.body.title).toBe('Manager');
  });

  it('deactivates with a path-less PATCH; the user stays readable and findable, then reactivates', async () => {
    const id = await create('leaver@example.com');
    const off = await dir.scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', value: { active: false } }),
    );
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(peekUser(dir.dataDir, id).state).toBe('suspended');
    const get = await dir.scim('GET', `/Users/${id}`);
    expect(get.status).toBe(200);
    expect(get.body.active).toBe(false);
    const found = await dir.scim('GET', byUserName('leaver@example.com'));
    expect(found.body.Resources[0]).toMatchObject({ id, active: false });
    const on = await dir.scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'REPLACE', path: 'active', value: true }),
    );
    expect(on.body.active).toBe(true);
    expect(peekUser(dir.dataDir, id).state).toBe('active');
  });

  it('deactivates and reactivates with PUT (custom app)', async () => {
    const id = await create('put.leaver@example.com');
    const got = await dir.scim('GET', `/Users/${id}`);
    expect(
      (await dir.scim('PUT', `/Users/${id}`, { ...got.body, active: false })).body.active,
    ).toBe(false);
    expect(peekUser(dir.dataDir, id).state).toBe('suspended');
    expect((await dir.scim('PUT', `/Users/${id}`, { ...got.body, active: true })).body.active).toBe(
      true,
    );
  });

  it('suspends on DELETE instead of deleting; GET still answers 200 active:false', async () => {
    const id = await create('deleted@example.com');
    const del = await dir.scim('DELETE', `/Users/${id}`);
    expect(del.status).toBe(204);
    const get = await dir.scim('GET', `/Users/${id}`);
    expect(get.status).toBe(200);
    expect(get.body.active).toBe(false);
    expect((await dir.scim('GET', byUserName('deleted@example.com'))).body.totalResults).toBe(1);
    expect(
      (
        await dir.scim(
          'PATCH',
          `/Users/${id}`,
          patchOp({ op: 'replace', path: 'active', value: true }),
        )
      ).body.active,
    ).toBe(true);
  });

  it('answers 404 with a SCIM error for an unknown id', async () => {
    for (const [method, body] of [
      ['GET'],
      ['PUT', oktaUser('x@example.com')],
      ['PATCH', patchOp({ op: 'replace', path: 'active', value: false })],
      ['DELETE'],
    ] as const) {
      const res = await dir.scim(method, '/Users/010101001010101011001010101011', body);
      expect(res.status, method).toBe(404);
      expect(res.body).toMatchObject({
        status: '404',
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      });
      expect(res.body.detail).toContain('not found');
    }
  });

  it('does not create a user pushed as inactive, and says why', async () => {
    const res = await dir.scim(
      'POST',
      '/Users',
      oktaUser('inactive@example.com', { active: false }),
    );
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('inactive');
    expect((await dir.scim('GET', byUserName('inactive@example.com'))).body.totalResults).toBe(0);
  });

  it('follows a userName change with the device username while the user is not bound', async () => {
    const id = await create('before@example.com');
    expect(peekUser(dir.dataDir, id).deviceUsername).toBe('before');
    await dir.scim(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'userName', value: 'after@example.com' }),
    );
    expect(peekUser(dir.dataDir, id).deviceUsername).toBe('after');
  });

  it('applies filters beyond userName (and/or, co, sw, meta dates)', async () => {
    const sw = await dir.scim('GET', `/Users?filter=${encodeURIComponent('userName sw "pa@"')}`);
    expect(sw.body.totalResults).toBe(1);
    const or = await dir.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "pa@page.example" or userName eq "pb@page.example"')}`,
    );
    expect(or.body.totalResults).toBe(2);
    const co = await dir.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('emails.value co "PAGE.example" and name.familyName eq "tester"')}`,
    );
    expect(co.body.totalResults).toBe(4);
    const dates = await dir.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('meta.created gt "2015-10-10T14:38:21.8617979-07:00"')}`,
    );
    expect(dates.body.totalResults).toBe((await dir.scim('GET', '/Users')).body.totalResults);
  });

  it('returns only the requested attributes', async () => {
    const res = await dir.scim('GET', '/Users?attributes=userName&count=1');
    expect(Object.keys(res.body.Resources[0]).sort()).toEqual([
      'id',
      'meta',
      'schemas',
      'userName',
    ]);
  });
});
