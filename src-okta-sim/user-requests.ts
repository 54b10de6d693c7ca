/**
 * Builders for the SCIM user requests Okta sends, in the shapes of Okta's SCIM 2.0 reference
 * (developer.okta.com/docs/reference/scim/scim-20): filter by userName, create with a
 * placeholder password, GET-then-PUT updates, and PATCH `replace` without a `path` for
 * activation, deactivation and password sync in OIN template apps.
 */
import { createHash, randomInt } from 'node:crypto';
import { SCIM_SCHEMA, type JsonObject, type JsonValue, type ScimRequest } from './scim-request.js';

/** What Okta knows about an assigned user: its app user profile. */
export interface OktaUserProfile {
  userName: string;
  givenName: string;
  familyName: string;
  email: string;
  displayName?: string;
  locale?: string;
  /** Okta's own user id (`00u…`); Okta sends it as `externalId`. */
  externalId?: string;
  /** Further mapped attributes (title, phoneNumbers, addresses, the enterprise extension…). */
  extra?: JsonObject;
}

/** Okta's query for an existing user, as in its reference: `eq`, URL-encoded, first page of 100. */
export function findUserByUserName(
  userName: string,
  role: ScimRequest['role'] = 'okta',
): ScimRequest {
  const filter = encodeURIComponent(`userName eq "${userName}"`);
  return { method: 'GET', path: `/Users?filter=${filter}&startIndex=1&count=100`, role };
}

/** One page of Okta's user import (`count=100` in Okta; smaller pages in tests). */
export function listUsers(startIndex: number, count = 100): ScimRequest {
  return { method: 'GET', path: `/Users?startIndex=${startIndex}&count=${count}`, role: 'okta' };
}

export function getUser(id: string): ScimRequest {
  return { method: 'GET', path: `/Users/${encodeURIComponent(id)}`, role: 'okta' };
}

/**
 * Okta's create request. Okta always sends a password here, even without password sync: a
 * placeholder that must not become a password devices act on.
 */
export function createUser(profile: OktaUserProfile, placeholderPassword: string): ScimRequest {
  const extra = profile.extra ?? {};
  const schemas: JsonValue[] = [SCIM_SCHEMA.user];
  if (SCIM_SCHEMA.enterpriseUser in extra) schemas.push(SCIM_SCHEMA.enterpriseUser);
  const body: JsonObject = {
    schemas,
    userName: profile.userName,
    name: { givenName: profile.givenName, familyName: profile.familyName },
    emails: [{ primary: true, value: profile.email, type: 'work' }],
    displayName: profile.displayName ?? `${profile.givenName} ${profile.familyName}`,
    locale: profile.locale ?? 'en-US',
    externalId: profile.externalId ?? oktaUserId(profile.userName),
    groups: [],
    ...extra,
    password: placeholderPassword,
    active: true,
  };
  return { method: 'POST', path: '/Users', body, role: 'okta' };
}

/**
 * Okta's PUT: the body it just read with GET, with the changed attributes replaced (nested
 * objects such as `name` merged), everything else sent back as it came.
 */
export function replaceUser(current: JsonObject, changes: JsonObject): ScimRequest {
  const id = current['id'];
  if (typeof id !== 'string') throw new Error('the user the directory returned has no string "id"');
  return {
    method: 'PUT',
    path: `/Users/${encodeURIComponent(id)}`,
    body: mergeChanges(current, changes),
    role: 'okta',
  };
}

/** OIN template apps: `{"op":"replace","value":{"active":…}}`, no `path`, as Okta sends it. */
export function patchUserActive(id: string, active: boolean): ScimRequest {
  return patchUser(id, [{ op: 'replace', value: { active } }]);
}

/** OIN template apps: password sync as a `replace` of `{password}` without a `path`. */
export function patchUserPassword(id: string, password: string): ScimRequest {
  return patchUser(id, [{ op: 'replace', value: { password } }]);
}

export function patchUser(id: string, operations: JsonObject[]): ScimRequest {
  return {
    method: 'PATCH',
    path: `/Users/${encodeURIComponent(id)}`,
    body: { schemas: [SCIM_SCHEMA.patchOp], Operations: operations },
    role: 'okta',
  };
}

/** Okta never sends this (it deactivates instead); other clients and the tests do. */
export function deleteUser(id: string): ScimRequest {
  return { method: 'DELETE', path: `/Users/${encodeURIComponent(id)}`, role: 'okta' };
}

/** A stable Okta-style user id (`00u` + 17 characters) derived from the userName. */
export function oktaUserId(userName: string): string {
  return `00u${base62(createHash('sha256').update(userName.toLowerCase()).digest()).slice(0, 17)}`;
}

/** Okta's create-time placeholder: 8 random lowercase letters and digits (e.g. `1mz050nq`). */
export function oktaPlaceholderPassword(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function mergeChanges(current: JsonObject, changes: JsonObject): JsonObject {
  const merged: JsonObject = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    const old = merged[key];
    merged[key] = isPlainObject(old) && isPlainObject(value) ? mergeChanges(old, value) : value;
  }
  return merged;
}

export function isPlainObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function base62(bytes: Buffer): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return [...bytes].map((b) => alphabet[b % 62]).join('');
}
