import type { FastifyInstance } from 'fastify';
import { SCIM_GROUP_SCHEMA } from '../../src-shared/scim-group.js';
import { SCIM_ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA } from '../../src-shared/scim-user.js';
import { MAX_PAGE_SIZE } from './list-query.js';
import { notFound } from './scim-error.js';
import { listResponse, scimBaseUrl, sendScim } from './scim-reply.js';
import { SCHEMA_DEFINITIONS } from './schema-definitions.js';

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RT_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

/** ServiceProviderConfig, ResourceTypes and Schemas (RFC 7644 §4): what Okta reads to learn our features. */
export function registerDiscoveryRoutes(app: FastifyInstance): void {
  app.get('/ServiceProviderConfig', async (request, reply) =>
    sendScim(reply, 200, {
      schemas: [SPC_SCHEMA],
      documentationUri: 'https://github.com/lockstep/lockstep#connect-okta',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_PAGE_SIZE },
      changePassword: { supported: true },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer token',
          description:
            'A token from `lockstep directory token create`, sent as "Authorization: Bearer <token>"',
          primary: true,
        },
      ],
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: `${scimBaseUrl(request)}/ServiceProviderConfig`,
      },
    }),
  );

  const resourceTypes = (base: string) => [
    {
      schemas: [RT_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: SCIM_USER_SCHEMA,
      schemaExtensions: [{ schema: SCIM_ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: [RT_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: SCIM_GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];

  app.get('/ResourceTypes', async (request, reply) => {
    const all = resourceTypes(scimBaseUrl(request));
    return sendScim(reply, 200, listResponse(all, all.length, 1));
  });
  app.get<{ Params: { id: string } }>('/ResourceTypes/:id', async (request, reply) => {
    const found = resourceTypes(scimBaseUrl(request)).find(
      (r) => r.id.toLowerCase() === request.params.id.toLowerCase(),
    );
    if (!found) throw notFound('ResourceType', request.params.id);
    return sendScim(reply, 200, found);
  });

  const schemas = (base: string) =>
    SCHEMA_DEFINITIONS.map((s) => ({
      ...s,
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
    }));
  app.get('/Schemas', async (request, reply) => {
    const all = schemas(scimBaseUrl(request));
    return sendScim(reply, 200, listResponse(all, all.length, 1));
  });
  app.get<{ Params: { id: string } }>('/Schemas/:id', async (request, reply) => {
    const found = schemas(scimBaseUrl(request)).find(
      (s) => s.id.toLowerCase() === request.params.id.toLowerCase(),
    );
    if (!found) throw notFound('Schema', request.params.id);
    return sendScim(reply, 200, found);
  });
}
