import {
  ScimError,
  scimPatch,
  type ScimPatchOperation as LibOperation,
  type ScimResource,
} from 'scim-patch';
import { ScimPatchRequest, type ScimPatchOperation } from '../../src-shared/scim-messages.js';
import { canonicalize, canonicalPath, type AttributeShape } from './attribute-names.js';
import { badRequest, type ScimType } from './scim-error.js';
import { describeIssues } from './zod-detail.js';

export type PatchOp = { op: 'add' | 'replace' | 'remove'; path?: string; value?: unknown };

/** Validates the PatchOp envelope and normalizes op names (any case) and attribute paths. */
export function parsePatchRequest(
  body: unknown,
  shape: AttributeShape,
  coreSchema: string,
): PatchOp[] {
  const parsed = ScimPatchRequest.safeParse(body);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error, 'PatchOp'), 'invalidSyntax');
  return parsed.data.Operations.map((o, i) => normalizeOperation(o, i, shape, coreSchema));
}

function normalizeOperation(
  o: ScimPatchOperation,
  i: number,
  shape: AttributeShape,
  core: string,
): PatchOp {
  const op = o.op.toLowerCase();
  if (op !== 'add' && op !== 'replace' && op !== 'remove') {
    throw badRequest(
      `Operations[${i}].op ${JSON.stringify(o.op)} is not supported; use "add", "replace" or "remove"`,
      'invalidSyntax',
    );
  }
  if (op !== 'remove' && !('value' in o)) {
    throw badRequest(`Operations[${i}] (${op}) needs a "value"`, 'invalidSyntax');
  }
  if (op === 'remove' && (o.path === undefined || o.path.trim() === '')) {
    throw badRequest(`Operations[${i}] (remove) needs a "path" naming what to remove`, 'noTarget');
  }
  const path =
    o.path === undefined || o.path.trim() === ''
      ? undefined
      : normalizePath(o.path.trim(), shape, core, i);
  const value = path === undefined ? canonicalize(o.value, shape) : o.value;
  return {
    op,
    ...(path === undefined ? {} : { path }),
    ...(o.value === undefined ? {} : { value }),
  };
}

function normalizePath(path: string, shape: AttributeShape, core: string, i: number): string {
  const withoutCore = path.toLowerCase().startsWith(`${core.toLowerCase()}:`)
    ? path.slice(core.length + 1)
    : path;
  const bracket = withoutCore.indexOf('[');
  const head = bracket === -1 ? withoutCore : withoutCore.slice(0, bracket);
  const canonical = canonicalPath(head, shape);
  if (canonical === null) {
    throw badRequest(
      `Operations[${i}].path ${JSON.stringify(path)} names no attribute of this resource`,
      'invalidPath',
    );
  }
  return bracket === -1 ? canonical : canonical + withoutCore.slice(bracket);
}

/** Applies operations with scim-patch; its refusals become 400s that name the operation's problem. */
export function applyPatch<T extends ScimResource>(resource: T, ops: PatchOp[]): T {
  try {
    return scimPatch(resource, ops as LibOperation[], {
      mutateDocument: false,
      treatMissingAsAdd: true,
    });
  } catch (error) {
    if (error instanceof ScimError) {
      const scimType = (error.scimCode as ScimType | undefined) ?? 'invalidValue';
      throw badRequest(`the patch cannot be applied: ${error.message}`, scimType);
    }
    throw error;
  }
}
