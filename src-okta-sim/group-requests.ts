/**
 * Builders for Okta's Group Push requests (Okta SCIM 2.0 reference, "SCIM Group operations"):
 * POST with no members, then membership and name changes as PATCH (OIN template apps) or as a
 * full PUT (custom apps from the App Integration Wizard).
 */
import { SCIM_SCHEMA, type JsonObject, type ScimRequest } from './scim-request.js';

export interface GroupMember {
  /** The member's SCIM user id. */
  value: string;
  /** Okta sends the member's userName here. */
  display: string;
}

export function findGroupByName(displayName: string): ScimRequest {
  const filter = encodeURIComponent(`displayName eq "${displayName}"`);
  return { method: 'GET', path: `/Groups?filter=${filter}&startIndex=1&count=100`, role: 'lookup' };
}

export function listGroups(startIndex: number, count = 100): ScimRequest {
  return { method: 'GET', path: `/Groups?startIndex=${startIndex}&count=${count}`, role: 'okta' };
}

export function getGroup(id: string, role: ScimRequest['role'] = 'okta'): ScimRequest {
  return { method: 'GET', path: `/Groups/${encodeURIComponent(id)}`, role };
}

/** Okta pushes a new group empty and sends its members afterwards. */
export function createGroup(displayName: string): ScimRequest {
  return {
    method: 'POST',
    path: '/Groups',
    body: { schemas: [SCIM_SCHEMA.group], displayName, members: [] },
    role: 'okta',
  };
}

/** Template apps rename with the group id inside `value`, exactly as Okta's reference shows. */
export function patchGroupName(id: string, displayName: string): ScimRequest {
  return patchGroup(id, [{ op: 'replace', value: { id, displayName } }]);
}

/** Template apps: removals by `members[value eq "…"]`, then one `add` with the new members. */
export function patchGroupMembers(
  id: string,
  change: { add?: GroupMember[]; remove?: string[] },
): ScimRequest {
  const operations: JsonObject[] = (change.remove ?? []).map((userId) => ({
    op: 'remove',
    path: `members[value eq "${userId}"]`,
  }));
  if (change.add && change.add.length > 0) {
    operations.push({ op: 'add', path: 'members', value: change.add.map((m) => ({ ...m })) });
  }
  return patchGroup(id, operations);
}

/** A full membership push: `replace` on `members`. */
export function patchGroupReplaceMembers(id: string, members: GroupMember[]): ScimRequest {
  return patchGroup(id, [
    { op: 'replace', path: 'members', value: members.map((m) => ({ ...m })) },
  ]);
}

/** Wizard apps: the whole group, name and complete membership, in one PUT. */
export function replaceGroup(id: string, displayName: string, members: GroupMember[]): ScimRequest {
  return {
    method: 'PUT',
    path: `/Groups/${encodeURIComponent(id)}`,
    body: {
      schemas: [SCIM_SCHEMA.group],
      id,
      displayName,
      members: members.map((m) => ({ ...m })),
    },
    role: 'okta',
  };
}

/** Okta's "Unlink pushed group → Delete the group in the target app". */
export function deleteGroup(id: string): ScimRequest {
  return { method: 'DELETE', path: `/Groups/${encodeURIComponent(id)}`, role: 'okta' };
}

function patchGroup(id: string, operations: JsonObject[]): ScimRequest {
  return {
    method: 'PATCH',
    path: `/Groups/${encodeURIComponent(id)}`,
    body: { schemas: [SCIM_SCHEMA.patchOp], Operations: operations },
    role: 'okta',
  };
}
