/**
 * SCIM 2.0 protocol messages (RFC 7644): PatchOp, ListResponse, Error. Shared by the directory
 * and the Okta simulator. No Node imports.
 */
import { z } from 'zod';

export const SCIM_PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** One PATCH operation. `op` is matched case-insensitively (Okta sends "replace", Entra "Replace"). */
export const ScimPatchOperation = z.object({
  op: z.string().max(16),
  path: z.string().max(1000, 'must be at most 1000 characters').optional(),
  value: z.unknown().optional(),
});
export type ScimPatchOperation = z.infer<typeof ScimPatchOperation>;

export const ScimPatchRequest = z.object({
  schemas: z
    .array(z.string())
    .refine((s) => s.includes(SCIM_PATCH_OP_SCHEMA), `must contain "${SCIM_PATCH_OP_SCHEMA}"`),
  Operations: z
    .array(ScimPatchOperation)
    .min(1, 'must hold at least one operation')
    .max(1000, 'must hold at most 1000 operations'),
});
export type ScimPatchRequest = z.infer<typeof ScimPatchRequest>;

export const ScimListResponse = <T extends z.ZodType>(resource: T) =>
  z.object({
    schemas: z.array(z.literal(SCIM_LIST_RESPONSE_SCHEMA)),
    totalResults: z.number().int().min(0),
    startIndex: z.number().int().min(1),
    itemsPerPage: z.number().int().min(0),
    Resources: z.array(resource),
  });

/** The SCIM Error body. `status` is a string (RFC 7644 §3.12); `detail` says what to fix. */
export const ScimErrorBody = z.object({
  schemas: z.tuple([z.literal(SCIM_ERROR_SCHEMA)]),
  status: z.string().regex(/^\d{3}$/),
  scimType: z.string().optional(),
  detail: z.string(),
});
export type ScimErrorBody = z.infer<typeof ScimErrorBody>;
