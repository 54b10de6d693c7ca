/**
 * SCIM 2.0 Group resource on the wire (RFC 7643 §4.2). Shared by the directory and the Okta
 * simulator. No Node imports.
 */
import { z } from 'zod';

export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export const ScimGroupMember = z.object({
  value: z
    .string()
    .min(1, 'must be a user id')
    .max(64, 'must be a user id (at most 64 characters)'),
  display: z.string().max(512).nullable().optional(),
  $ref: z.string().max(2048).nullable().optional(),
  type: z.string().max(64).nullable().optional(),
});

export const ScimGroupInput = z.object({
  schemas: z.array(z.string().max(200)).min(1, 'must list the core Group schema').max(10),
  id: z.string().max(64).optional(),
  displayName: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters'),
  externalId: z.string().max(256).nullable().optional(),
  members: z.array(ScimGroupMember).max(10_000, 'must list at most 10000 members').optional(),
  meta: z.unknown().optional(),
});
export type ScimGroupInput = z.infer<typeof ScimGroupInput>;

export const ScimGroup = z.object({
  schemas: z.array(z.string()),
  id: z.string(),
  displayName: z.string(),
  externalId: z.string().nullable().optional(),
  members: z.array(
    z.object({
      value: z.string(),
      display: z.string().nullable().optional(),
      $ref: z.string().optional(),
    }),
  ),
  meta: z.object({
    resourceType: z.literal('Group'),
    created: z.string(),
    lastModified: z.string(),
    location: z.string(),
    version: z.string(),
  }),
});
export type ScimGroup = z.infer<typeof ScimGroup>;
