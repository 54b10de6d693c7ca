import type { ScimResource } from 'scim-patch';
import { SCIM_USER_SCHEMA, ScimUserInput } from '../../src-shared/scim-user.js';
import type { UserRecord } from '../store/user-types.js';
import { shapeOf } from './attribute-names.js';
import { applyPatch, parsePatchRequest, type PatchOp } from './patch-operations.js';
import { omit } from './omit.js';
import { badRequest } from './scim-error.js';
import { parseUserInput } from './user-input.js';

const USER_SHAPE = shapeOf(ScimUserInput) ?? {};

/**
 * A User PATCH, split into its attribute changes and the pushed password.
 *
 * The password is taken out before scim-patch runs, so it never enters the resource that is
 * validated, stored or echoed: Okta sends it either as `{"path":"password"}` or inside a
 * path-less `replace` value.
 */
export function patchUser(
  user: UserRecord,
  body: unknown,
): { input: ScimUserInput; password: string | null } {
  const ops = parsePatchRequest(body, USER_SHAPE, SCIM_USER_SCHEMA);
  let password: string | null = null;
  const rest: PatchOp[] = [];
  for (const [i, op] of ops.entries()) {
    if (op.path === 'password') {
      if (op.op === 'remove')
        throw badRequest(
          `Operations[${i}]: the password cannot be removed, only replaced`,
          'mutability',
        );
      password = requirePassword(op.value, i);
      continue;
    }
    if (op.path === undefined && isObject(op.value) && 'password' in op.value) {
      const { password: pushed, ...others } = op.value;
      password = requirePassword(pushed, i);
      if (Object.keys(others).length > 0) rest.push({ ...op, value: others });
      continue;
    }
    rest.push(coerceActive(op));
  }
  const resource = {
    ...user.attributes,
    schemas: user.attributes.schemas,
    id: user.id,
    userName: user.userName,
    active: user.state === 'active',
    meta: { created: new Date(user.createdAt), lastModified: new Date(user.updatedAt) },
  } as ScimResource;
  const patched = rest.length === 0 ? resource : applyPatch(resource, rest);
  if ((patched as { id?: unknown }).id !== user.id)
    throw badRequest('"id" is assigned by the directory and cannot be changed', 'mutability');
  return { input: parseUserInput(omit(patched, ['meta'])), password };
}

function requirePassword(value: unknown, i: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024) {
    throw badRequest(`Operations[${i}]: "password" must be a string of 1 to 1024 characters`);
  }
  return value;
}

/** Entra sends `"active": "False"`; accept the two spellings of a boolean, nothing else. */
function coerceActive(op: PatchOp): PatchOp {
  const fix = (v: unknown) =>
    typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v;
  if (op.path === 'active') return { ...op, value: fix(op.value) };
  if (op.path === undefined && isObject(op.value) && 'active' in op.value) {
    return { ...op, value: { ...op.value, active: fix(op.value['active']) } };
  }
  return op;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
