import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  type TestDirectory,
} from './support/test-directory.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
let dir: TestDirectory;
const ids: string[] = [];
beforeAll(async () => {
  dir = await startTestDirectory();
  for (const n of ['g1', 'g2', 'g3'])
    ids.push((await dir.scim('POST', '/Users', oktaUser(`${n}@example.com`))).body.id as string);
});
afterAll(async () => dir.close());

const memberIds = (body: { members: Array<{ value: string }> }) =>
  body.members.map((m) => m.value).sort();

describe('SCIM Groups as Okta group push uses them', () => {
  it('creates a group with members and returns the membership', async () => {
    const res = await dir.scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Engineering',
      members: [{ value: ids[0], display: 'g1' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      displayName: 'Engineering',
      members: [{ value: ids[0], display: 'g1' }],
    });
    const found = await dir.scim(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}`,
    );
    expect(found.body.Resources.map((g: { id: string }) => g.id)).toEqual([res.body.id]);
  });

  it('adds, removes by filter and replaces members with PATCH, and renames with the id inside value', async () => {
    const id = (await dir.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Sales' })).body
      .id as string;
    let res = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: ids[0] }, { value: ids[1] }] }),
    );
    expect(memberIds(res.body)).toEqual([ids[0], ids[1]].sort());
    res = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'remove', path: `members[value eq "${ids[0]}"]` }),
    );
    expect(memberIds(res.body)).toEqual([ids[1]]);
    res = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'replace', path: 'members', value: [{ value: ids[2] }] }),
    );
    expect(memberIds(res.body)).toEqual([ids[2]]);
    res = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'replace', value: { id, displayName: 'Sales EMEA' } }),
    );
    expect(res.body.displayName).toBe('Sales EMEA');
    res = await dir.scim('PATCH', `/Groups/${id}`, patchOp({ op: 'Remove', path: 'members' }));
    expect(res.body.members).toEqual([]);
    const got = await dir.scim('GET', `/Groups/${id}`);
    expect(got.body).toMatchObject({ displayName: 'Sales EMEA', members: [] });
  });

  it('replaces a group with PUT and deletes it', async () => {
    const id = (await dir.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Temp' })).body
      .id as string;
    const put = await dir.scim('PUT', `/Groups/${id}`, {
      schemas: [GROUP],
      id,
      displayName: 'Temp 2',
      members: [{ value: ids[0] }, { value: ids[1] }],
    });
    expect(put.status).toBe(200);
    expect(memberIds(put.body)).toEqual([ids[0], ids[1]].sort());
    expect(
      (await dir.scim('GET', `/Groups/${id}?excludedAttributes=members`)).body.members,
    ).toBeUndefined();
    expect((await dir.scim('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await dir.scim('GET', `/Groups/${id}`)).status).toBe(404);
    expect((await dir.scim('DELETE', `/Groups/${id}`)).status).toBe(404);
  });

  it('keeps a suspended user in the groups they belong to', async () => {
    const id = (
      await dir.scim('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Keep',
        members: [{ value: ids[1] }],
      })
    ).body.id as string;
    await dir.scim('DELETE', `/Users/${ids[1]}`);
    expect(memberIds((await dir.scim('GET', `/Groups/${id}`)).body)).toEqual([ids[1]]);
  });

  it('refuses members that are not users, a missing displayName and a changed id', async () => {
    const id = (await dir.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Strict' })).body
      .id as string;
    const bad = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('"no-such-user"');
    const str = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'add', path: 'members', value: 'string id 1' }),
    );
    expect(str.status).toBe(400);
    expect((await dir.scim('POST', '/Groups', { schemas: [GROUP] })).status).toBe(400);
    const moved = await dir.scim(
      'PATCH',
      `/Groups/${id}`,
      patchOp({ op: 'replace', value: { id: 'elsewhere', displayName: 'x' } }),
    );
    expect(moved.status).toBe(400);
    expect((await dir.scim('GET', `/Groups/${id}`)).body.displayName).toBe('Strict');
  });
});

describe('discovery endpoints', () => {
  it('ServiceProviderConfig says PATCH and filter are supported', async () => {
    const res = await dir.scim('GET', '/ServiceProviderConfig');
    expect(res.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
    });
  });
  it('ResourceTypes lists Users then Groups', async () => {
    const res = await dir.scim('GET', '/ResourceTypes');
    expect(res.body.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual([
      '/Users',
      '/Groups',
    ]);
    expect((await dir.scim('GET', '/ResourceTypes/User')).body.schema).toBe(
      'urn:ietf:params:scim:schemas:core:2.0:User',
    );
  });
  it('Schemas describes the User Account with userName unique and password write-only', async () => {
    const res = await dir.scim('GET', '/Schemas');
    expect(res.text).toContain('User Account');
    const user = res.body.Resources.find(
      (s: { id: string }) => s.id === 'urn:ietf:params:scim:schemas:core:2.0:User',
    );
    const attr = (n: string) => user.attributes.find((a: { name: string }) => a.name === n);
    expect(attr('userName')).toMatchObject({ required: true, uniqueness: 'server' });
    expect(attr('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(attr('emails').multiValued).toBe(true);
  });
});
