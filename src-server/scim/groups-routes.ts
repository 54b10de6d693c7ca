import type { FastifyInstance } from 'fastify';
import { SCIM_GROUP_SCHEMA, type ScimGroup } from '../../src-shared/scim-group.js';
import type { DirectoryStore } from '../store/directory-store.js';
import type { GroupRecord } from '../store/group-types.js';
import type { ScimGroupService } from './group-service.js';
import { parseListQuery, project } from './list-query.js';
import { matches, parseFilter } from './scim-filter.js';
import { listResponse, scimBaseUrl, sendScim } from './scim-reply.js';

export function toScimGroup(group: GroupRecord, base: string): ScimGroup {
  return {
    schemas: [SCIM_GROUP_SCHEMA],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId === null ? {} : { externalId: group.externalId }),
    members: group.members.map((m) => ({
      value: m.value,
      ...(m.display === null ? {} : { display: m.display }),
      $ref: `${base}/Users/${m.value}`,
    })),
    meta: {
      resourceType: 'Group',
      created: group.createdAt,
      lastModified: group.updatedAt,
      location: `${base}/Groups/${group.id}`,
      version: `W/"${group.revision}"`,
    },
  };
}

export function registerGroupRoutes(
  app: FastifyInstance,
  store: DirectoryStore,
  groups: ScimGroupService,
): void {
  app.get('/Groups', async (request, reply) => {
    const q = parseListQuery(request.query);
    const base = scimBaseUrl(request);
    if (q.filter === null) {
      const [page, total] = await Promise.all([
        store.listGroups(q.startIndex - 1, q.count),
        store.countGroups(),
      ]);
      return sendScim(
        reply,
        200,
        listResponse(
          page.map((g) => project(toScimGroup(g, base), q)),
          total,
          q.startIndex,
        ),
      );
    }
    const filter = parseFilter(q.filter);
    const found: ScimGroup[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await store.listGroups(offset, 500);
      for (const g of page) {
        const resource = toScimGroup(g, base);
        if (matches(resource, filter)) found.push(resource);
      }
      if (page.length < 500) break;
    }
    const page = found
      .slice(q.startIndex - 1, q.startIndex - 1 + q.count)
      .map((g) => project(g, q));
    return sendScim(reply, 200, listResponse(page, found.length, q.startIndex));
  });

  app.get<{ Params: { id: string } }>('/Groups/:id', async (request, reply) => {
    const q = parseListQuery(request.query);
    return sendScim(
      reply,
      200,
      project(toScimGroup(await groups.get(request.params.id), scimBaseUrl(request)), q),
    );
  });

  app.post('/Groups', async (request, reply) => {
    const group = toScimGroup(
      await groups.create(request.body, request.scimActor),
      scimBaseUrl(request),
    );
    return sendScim(reply.header('location', group.meta.location), 201, group);
  });

  app.put<{ Params: { id: string } }>('/Groups/:id', async (request, reply) => {
    const group = await groups.replace(request.params.id, request.body, request.scimActor);
    return sendScim(reply, 200, toScimGroup(group, scimBaseUrl(request)));
  });

  app.patch<{ Params: { id: string } }>('/Groups/:id', async (request, reply) => {
    const group = await groups.patch(request.params.id, request.body, request.scimActor);
    return sendScim(reply, 200, toScimGroup(group, scimBaseUrl(request)));
  });

  app.delete<{ Params: { id: string } }>('/Groups/:id', async (request, reply) => {
    await groups.delete(request.params.id, request.scimActor);
    return reply.code(204).send();
  });
}
