/**
 * SCIM 2.0 User resource on the wire (RFC 7643 §4.1 plus the enterprise extension).
 *
 * Shared by the directory (validates what Okta sends) and the Okta simulator (builds requests).
 * Attribute names here are the canonical spelling; SCIM names are case-insensitive, so the
 * directory canonicalizes before validating. No Node imports.
 */
import { z } from 'zod';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_ENTERPRISE_USER_SCHEMA =
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const text = (max = 2048) =>
  z.string().max(max, `must be at most ${max} characters`).nullable().optional();

export const ScimMultiValued = z.object({
  value: text(),
  display: text(),
  type: text(64),
  primary: z.boolean().optional(),
});

export const ScimAddress = z.object({
  formatted: text(),
  streetAddress: text(),
  locality: text(256),
  region: text(256),
  postalCode: text(64),
  country: text(256),
  type: text(64),
  primary: z.boolean().optional(),
});

export const ScimName = z.object({
  formatted: text(),
  familyName: text(256),
  givenName: text(256),
  middleName: text(256),
  honorificPrefix: text(64),
  honorificSuffix: text(64),
});

export const ScimEnterpriseUser = z.object({
  employeeNumber: text(256),
  costCenter: text(256),
  organization: text(256),
  division: text(256),
  department: text(256),
  manager: z
    .object({ value: text(256), $ref: text(), displayName: text(512) })
    .nullable()
    .optional(),
});

const multi = (max: number) =>
  z.array(ScimMultiValued).max(max, `must list at most ${max} entries`).optional();

/** Every stored User attribute (what a GET returns, minus id, meta and groups). */
export const ScimUserAttributes = z.object({
  schemas: z.array(z.string().max(200)).min(1, 'must list at least the core User schema').max(10),
  userName: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(256, 'must be at most 256 characters'),
  externalId: text(256),
  name: ScimName.nullable().optional(),
  displayName: text(512),
  nickName: text(256),
  profileUrl: text(),
  title: text(256),
  userType: text(256),
  preferredLanguage: text(64),
  locale: text(64),
  timezone: text(64),
  active: z.boolean().optional(),
  emails: multi(50),
  phoneNumbers: multi(50),
  ims: multi(50),
  photos: multi(20),
  addresses: z.array(ScimAddress).max(20, 'must list at most 20 entries').optional(),
  entitlements: multi(100),
  roles: multi(100),
  x509Certificates: multi(20),
  [SCIM_ENTERPRISE_USER_SCHEMA]: ScimEnterpriseUser.nullable().optional(),
});
export type ScimUserAttributes = z.infer<typeof ScimUserAttributes>;

/** A POST or PUT body: the attributes plus the write-only password and ignored read-only fields. */
export const ScimUserInput = ScimUserAttributes.extend({
  id: z.string().max(64).optional(),
  password: z
    .string()
    .min(1, 'must not be empty')
    .max(1024, 'must be at most 1024 characters')
    .optional(),
  meta: z.unknown().optional(),
  groups: z.unknown().optional(),
});
export type ScimUserInput = z.infer<typeof ScimUserInput>;

/** A User as the directory answers it. */
export const ScimUser = ScimUserAttributes.extend({
  id: z.string(),
  active: z.boolean(),
  groups: z
    .array(
      z.object({
        value: z.string(),
        display: z.string().nullable().optional(),
        $ref: z.string().optional(),
      }),
    )
    .optional(),
  meta: z.object({
    resourceType: z.literal('User'),
    created: z.string(),
    lastModified: z.string(),
    location: z.string(),
    version: z.string(),
  }),
});
export type ScimUser = z.infer<typeof ScimUser>;
