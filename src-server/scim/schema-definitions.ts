import { SCIM_GROUP_SCHEMA, ScimGroupInput } from '../../src-shared/scim-group.js';
import {
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_USER_SCHEMA,
  ScimUserInput,
} from '../../src-shared/scim-user.js';
import { shapeOf, type AttributeShape } from './attribute-names.js';

const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const MULTI_VALUED = new Set([
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
  'members',
  'groups',
]);
const BOOLEAN = new Set(['active', 'primary']);
const SKIP = new Set(['schemas', 'meta', 'id', SCIM_ENTERPRISE_USER_SCHEMA]);

interface AttributeDefinition {
  name: string;
  type: 'string' | 'boolean' | 'complex';
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: 'readWrite' | 'writeOnly' | 'readOnly' | 'immutable';
  returned: 'default' | 'never';
  uniqueness: 'none' | 'server';
  subAttributes?: AttributeDefinition[];
}

/** Attribute definitions generated from the same zod schemas that validate requests, so they cannot drift. */
function attributes(shape: AttributeShape, required: readonly string[]): AttributeDefinition[] {
  return Object.entries(shape)
    .filter(([name]) => !SKIP.has(name))
    .map(([name, child]) => ({
      name,
      type: child !== null ? 'complex' : BOOLEAN.has(name) ? 'boolean' : 'string',
      multiValued: MULTI_VALUED.has(name),
      required: required.includes(name),
      caseExact: false,
      mutability: name === 'password' ? 'writeOnly' : name === 'groups' ? 'readOnly' : 'readWrite',
      returned: name === 'password' ? 'never' : 'default',
      uniqueness: name === 'userName' ? 'server' : 'none',
      ...(child === null ? {} : { subAttributes: attributes(child, ['value']) }),
    }));
}

const userShape = shapeOf(ScimUserInput) ?? {};
const enterpriseShape = (userShape[SCIM_ENTERPRISE_USER_SCHEMA] ?? {}) as AttributeShape;

export const SCHEMA_DEFINITIONS = [
  {
    schemas: [SCHEMA_SCHEMA],
    id: SCIM_USER_SCHEMA,
    name: 'User',
    description: 'User Account',
    attributes: attributes(userShape, ['userName']),
  },
  {
    schemas: [SCHEMA_SCHEMA],
    id: SCIM_ENTERPRISE_USER_SCHEMA,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: attributes(enterpriseShape, []),
  },
  {
    schemas: [SCHEMA_SCHEMA],
    id: SCIM_GROUP_SCHEMA,
    name: 'Group',
    description: 'Group',
    attributes: attributes(shapeOf(ScimGroupInput) ?? {}, ['displayName']),
  },
];
