import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeScimToken, createScimToken } from '../../src-server/admin/scim-tokens.js';
import { peekUser } from './support/store-peek.js';
import {
  oktaUser,
  patchOp,
  startTestDirectory,
  type ScimResponse,
  type TestDirectory,
} from './support/test-directory.js';

let dir: TestDirectory;
let userId: string;
beforeAll(async () => {
  dir = await startTestDirectory();
  userId = (await dir.scim('POST', '/Users', oktaUser('target@example.com'))).body.id as string;
});
afterAll(async () => dir.close());

function expectScimError(res: ScimResponse, status: number, detail?: RegExp | string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe('string');
  if (detail !== undefined) expect(res.body.detail).toMatch(detail);
}

const auth = () => ({
  authorization: `Bearer ${dir.token}`,
  'content-type': 'application/scim+json',
});

describe('bad tokens get 401 with a SCIM error', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer lockstep_scim_not-a-real-token' }],
    ['Basic auth', { authorization: 'Basic b2t0YTpva3Rh' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a token with spaces and junk', { authorization: 'Bearer a b c' }],
  ])('%s', async (_name, headers) => {
    const res = await dir.raw('GET', '/scim/v2/Users', {
      headers: headers as Record<string, string>,
    });
    expectScimError(res, 401, /token/);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('a revoked token stops working at once, while the server runs', async () => {
    const second = createScimToken(dir.dataDir, 'second');
    const ok = await dir.raw('GET', '/scim/v2/Users', {
      headers: { authorization: `Bearer ${second}` },
    });
    expect(ok.status).toBe(200);
    revokeScimToken(dir.dataDir, 'second');
    expectScimError(
      await dir.raw('GET', '/scim/v2/Users', { headers: { authorization: `Bearer ${second}` } }),
      401,
      /revoked/,
    );
  });
});

describe('malformed bodies get 400/413/415 and never echo the body', () => {
  it('malformed JSON', async () => {
    const res = await dir.raw('POST', '/scim/v2/Users', {
      headers: auth(),
      body: '{"userName": "x@example.com", "password": "Leaky-Secret-1!"',
    });
    expectScimError(res, 400, /not valid JSON/);
    expect(res.text).not.toContain('Leaky-Secret-1!');
    expect(dir.logs.join('')).not.toContain('Leaky-Secret-1!');
  });

  it('an empty body, an array body, a JSON string body', async () => {
    expectScimError(await dir.raw('POST', '/scim/v2/Users', { headers: auth(), body: '' }), 400);
    expectScimError(
      await dir.raw('POST', '/scim/v2/Users', { headers: auth(), body: '[]' }),
      400,
      /JSON object/,
    );
    expectScimError(
      await dir.raw('POST', '/scim/v2/Users', { headers: auth(), body: '"x"' }),
      400,
      /JSON object/,
    );
  });

  it('a prototype-poisoning body', async () => {
    const res = await dir.raw('POST', '/scim/v2/Users', {
      headers: auth(),
      body: '{"__proto__": {"admin": true}, "userName": "p@example.com"}',
    });
    expectScimError(res, 400, /not valid JSON, or holds a forbidden "__proto__"/);
  });

  it('an unsupported content type', async () => {
    expectScimError(
      await dir.raw('POST', '/scim/v2/Users', {
        headers: { ...auth(), 'content-type': 'text/plain' },
        body: 'hi',
      }),
      415,
      /application\/scim\+json/,
    );
  });

  it('accepts application/json as well as application/scim+json', async () => {
    const res = await dir.raw('POST', '/scim/v2/Users', {
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify(oktaUser('plain.json@example.com')),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  });

  it('a huge body', async () => {
    const huge = JSON.stringify(
      oktaUser('huge@example.com', { title: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expectScimError(
      await dir.raw('POST', '/scim/v2/Users', { headers: auth(), body: huge }),
      413,
      /larger than/,
    );
  });
});

describe('invalid Users get 400 naming the attribute', () => {
  it.each([
    ['active as a string', { active: 'yes' }, /active/],
    ['userName as a number', { userName: 5 }, /userName/],
    ['emails not a list', { emails: 'a@b.c' }, /emails/],
    ['an overlong title', { title: 'x'.repeat(300) }, /title: must be at most 256/],
    ['missing userName', { userName: undefined }, /userName/],
    ['the same attribute twice in different case', { USERNAME: 'dup@example.com' }, /given twice/],
  ])('%s', async (_name, extra, detail) => {
    const body = { ...oktaUser('typed@example.com'), ...extra };
    expectScimError(await dir.scim('POST', '/Users', body), 400, detail);
  });

  it('an unknown schema, or attributes of an unknown extension', async () => {
    expectScimError(
      await dir.scim('POST', '/Users', {
        ...oktaUser('s@example.com'),
        schemas: ['urn:example:unknown'],
      }),
      400,
      /unknown schema "urn:example:unknown"/,
    );
    expectScimError(
      await dir.scim('POST', '/Users', {
        ...oktaUser('s@example.com'),
        'urn:example:ext:2.0:User': { x: 1 },
      }),
      400,
      /unknown schema "urn:example:ext:2.0:User"/,
    );
    expectScimError(
      await dir.scim('POST', '/Users', { ...oktaUser('s@example.com'), schemas: 'core' }),
      400,
      /schemas/,
    );
  });

  it.each([
    ['1jane@example.com', /must start with a letter/],
    ['a23456789012345678901234567890x@example.com', /31 characters long; the limit is 30/],
    ['jane+doe@example.com', /contains "\+"/],
    ['jané@example.com', /contains "é"/],
  ])('device username rule: %s', async (userName, detail) => {
    const res = await dir.scim('POST', '/Users', oktaUser(userName));
    expectScimError(res, 400, detail);
    expect(res.body.detail).toContain(JSON.stringify(userName));
  });

  it('a userName change that breaks the device username rule is refused and nothing changes', async () => {
    const res = await dir.scim(
      'PATCH',
      `/Users/${userId}`,
      patchOp({ op: 'replace', path: 'userName', value: '9lives@example.com' }),
    );
    expectScimError(res, 400, /must start with a letter/);
    expect(peekUser(dir.dataDir, userId).userName).toBe('target@example.com');
  });
});

describe('bad PATCH requests get 400 and change nothing', () => {
  it.each([
    [
      'an unsupported op',
      patchOp({ op: 'move', path: 'title', value: 'x' }),
      /"move" is not supported/,
    ],
    ['a remove without path', patchOp({ op: 'remove' }), /needs a "path"/],
    ['an add without value', patchOp({ op: 'add', path: 'title' }), /needs a "value"/],
    [
      'a path to no attribute',
      patchOp({ op: 'replace', path: 'favouriteColour', value: 'red' }),
      /names no attribute/,
    ],
    [
      'no PatchOp schema',
      { schemas: [], Operations: [{ op: 'replace', path: 'title', value: 'x' }] },
      /PatchOp/,
    ],
    ['no operations', patchOp(), /at least one operation/],
    ['a changed id', patchOp({ op: 'replace', value: { id: 'other' } }), /cannot be changed/],
    [
      'a wrong type after patching',
      patchOp({ op: 'replace', path: 'active', value: 'perhaps' }),
      /active/,
    ],
  ])('%s', async (_name, body, detail) => {
    const before = peekUser(dir.dataDir, userId);
    expectScimError(await dir.scim('PATCH', `/Users/${userId}`, body), 400, detail);
    expect(peekUser(dir.dataDir, userId).revision).toBe(before.revision);
  });

  it('a good operation followed by a bad one is not half-applied', async () => {
    const body = patchOp(
      { op: 'replace', path: 'title', value: 'Half' },
      { op: 'replace', path: 'active', value: 42 },
    );
    expectScimError(await dir.scim('PATCH', `/Users/${userId}`, body), 400);
    expect(peekUser(dir.dataDir, userId).attributes.title).not.toBe('Half');
  });
});

describe('hostile filters and query strings get 400, never a crash', () => {
  it.each([
    ['unterminated string', 'userName eq "abc'],
    ['missing value', 'userName eq'],
    ['unknown operator', 'userName like "a"'],
    ['deep nesting', `${'('.repeat(500)}userName eq "a"${')'.repeat(500)}`],
    ['very long', `userName eq "${'a'.repeat(5000)}"`],
    ['garbage', '"]]][[[(((\u0000'],
  ])('%s', async (_name, filter) => {
    expectScimError(
      await dir.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`),
      400,
      /filter/,
    );
  });

  it('non-integer paging', async () => {
    expectScimError(await dir.scim('GET', '/Users?startIndex=abc'), 400, /startIndex/);
    expectScimError(await dir.scim('GET', '/Users?count=1e9'), 400, /count/);
  });

  it('an unknown endpoint gets a SCIM 404', async () => {
    expectScimError(await dir.scim('GET', '/Nope'), 404, /no SCIM endpoint/);
  });

  it('is still serving after all of that', async () => {
    expect((await dir.scim('GET', `/Users/${userId}`)).status).toBe(200);
  });
});
