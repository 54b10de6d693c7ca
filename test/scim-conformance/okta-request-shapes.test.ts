/**
 * The simulator's requests have Okta's documented shapes (Okta SCIM 2.0 reference), and no
 * password ever reaches the printed transcript.
 */
import { describe, expect, it } from 'vitest';
import { formatExchange, toRecord } from '../../src-okta-sim/exchange-printer.js';
import {
  patchGroupMembers,
  patchGroupName,
  replaceGroup,
} from '../../src-okta-sim/group-requests.js';
import { redactPasswords } from '../../src-okta-sim/redact.js';
import { scimBaseUrl, type JsonObject } from '../../src-okta-sim/scim-request.js';
import {
  createUser,
  findUserByUserName,
  oktaPlaceholderPassword,
  patchUserActive,
  patchUserPassword,
  replaceUser,
} from '../../src-okta-sim/user-requests.js';

describe("Okta's user requests", () => {
  it('looks users up with an encoded eq filter on the first page of 100, as Okta does', () => {
    expect(findUserByUserName('test.user@okta.local').path).toBe(
      '/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100',
    );
  });

  it('creates with the profile, an Okta user id as externalId, and a placeholder password', () => {
    const req = createUser(
      {
        userName: 'jane@example.com',
        email: 'jane@example.com',
        givenName: 'Jane',
        familyName: 'Doe',
      },
      'ab12cd34',
    );
    expect(req).toMatchObject({ method: 'POST', path: '/Users' });
    expect(req.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@example.com',
      name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ primary: true, value: 'jane@example.com', type: 'work' }],
      displayName: 'Jane Doe',
      locale: 'en-US',
      groups: [],
      password: 'ab12cd34',
      active: true,
    });
    expect(req.body?.['externalId']).toMatch(/^00u[0-9A-Za-z]{17}$/);
  });

  it('adds the enterprise schema when the profile carries enterprise attributes', () => {
    const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const req = createUser(
      {
        userName: 'a@b.c',
        email: 'a@b.c',
        givenName: 'A',
        familyName: 'B',
        extra: { [ext]: { department: 'R&D' } },
      },
      'x',
    );
    expect(req.body?.['schemas']).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ext]);
  });

  it('makes placeholders like Okta: 8 lowercase letters and digits, different each time', () => {
    const a = oktaPlaceholderPassword();
    expect(a).toMatch(/^[a-z0-9]{8}$/);
    expect(new Set(Array.from({ length: 20 }, oktaPlaceholderPassword)).size).toBeGreaterThan(1);
  });

  it('deactivates and syncs passwords in template apps with a path-less replace', () => {
    expect(patchUserActive('u1', false).body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(patchUserPassword('u1', 'S3cret!').body?.['Operations']).toEqual([
      { op: 'replace', value: { password: 'S3cret!' } },
    ]);
  });

  it('PUTs back everything it read, with only the changed attributes replaced', () => {
    const current = {
      id: 'u1',
      userName: 'jane@example.com',
      name: { givenName: 'Jane', familyName: 'Doe', middleName: 'Q' },
      phoneNumbers: [{ value: '+1 555', type: 'work' }],
      meta: { resourceType: 'User' },
    };
    const req = replaceUser(current, { title: 'CTO', name: { givenName: 'Janet' } });
    expect(req).toMatchObject({ method: 'PUT', path: '/Users/u1' });
    expect(req.body).toEqual({
      ...current,
      title: 'CTO',
      name: { givenName: 'Janet', familyName: 'Doe', middleName: 'Q' },
    });
  });
});

describe("Okta's group requests", () => {
  it('renames with the id inside value, and changes members with remove-by-filter then add', () => {
    expect(patchGroupName('g1', 'Eng').body?.['Operations']).toEqual([
      { op: 'replace', value: { id: 'g1', displayName: 'Eng' } },
    ]);
    expect(
      patchGroupMembers('g1', { remove: ['u9'], add: [{ value: 'u1', display: 'a@b.c' }] }).body?.[
        'Operations'
      ],
    ).toEqual([
      { op: 'remove', path: 'members[value eq "u9"]' },
      { op: 'add', path: 'members', value: [{ value: 'u1', display: 'a@b.c' }] },
    ]);
  });

  it('PUTs the whole group for wizard apps', () => {
    expect(replaceGroup('g1', 'Eng', [{ value: 'u1', display: 'a@b.c' }]).body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'Eng',
      members: [{ value: 'u1', display: 'a@b.c' }],
    });
  });
});

describe('what the simulator prints', () => {
  it('replaces passwords anywhere in a body, including PATCH operations with path "password"', () => {
    const body: JsonObject = {
      password: 'a',
      nested: { Password: 'b' },
      Operations: [
        { op: 'replace', value: { password: 'c' } },
        { op: 'Replace', path: 'password', value: 'd' },
        { op: 'replace', path: 'title', value: 'kept' },
      ],
    };
    const text = JSON.stringify(redactPasswords(body));
    for (const secret of ['"a"', '"b"', '"c"', '"d"']) expect(text).not.toContain(secret);
    expect(text).toContain('"kept"');
  });

  it('shows method, path, redacted body and the answer', () => {
    const exchange = {
      request: patchUserPassword('u1', 'Tr0ub4dor&3'),
      response: { status: 200, body: { id: 'u1', userName: 'jane@example.com' } },
    };
    const text = formatExchange(exchange);
    expect(text).toContain('> PATCH /Users/u1');
    expect(text).toContain('"password": "***"');
    expect(text).toContain('< 200');
    expect(text).not.toContain('Tr0ub4dor&3');
    expect(JSON.stringify(toRecord(exchange))).not.toContain('Tr0ub4dor&3');
  });
});

describe('--directory', () => {
  it('accepts the server URL or the SCIM base URL', () => {
    expect(scimBaseUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/scim/v2');
    expect(scimBaseUrl('https://dir.example.com/scim/v2/')).toBe('https://dir.example.com/scim/v2');
    expect(() => scimBaseUrl('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => scimBaseUrl('not a url')).toThrow(/is not a URL/);
  });
});
