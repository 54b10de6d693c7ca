import type { FastifyInstance } from 'fastify';
import type { ScimUser } from '../../src-shared/scim-user.js';
import type { DirectoryStore } from '../store/directory-store.js';
import type { UserRecord } from '../store/user-types.js';
import { parseListQuery, project } from './list-query.js';
import { matches, parseFilter, userNameEquality } from './scim-filter.js';
import { listResponse, scimBaseUrl, sendScim } from './scim-reply.js';
import { parseUserInput } from './user-input.js';
import { toScimUser } from './user-mapping.js';
import type { ScimUserService } from './user-service.js';

const SCAN_PAGE = 500;

export function registerUserRoutes(
  app: FastifyInstance,
  store: DirectoryStore,
  users: ScimUserService,
): void {
  app.get('/Users', async (request, reply) => {
    const q = parseListQuery(request.query);
    const base = scimBaseUrl(request);
    const show = (u: UserRecord) => project(toScimUser(u, base), q);
    if (q.filter === null) {
      const [page, total] = await Promise.all([
        store.listUsers(q.startIndex - 1, q.count),
        store.countUsers(),
      ]);
      return sendScim(reply, 200, listResponse(page.map(show), total, q.startIndex));
    }
    const filter = parseFilter(q.filter);
    const userName = userNameEquality(filter);
    let found: ScimUser[];
    if (userName !== null) {
      const user = await store.findUserByUserName(userName);
      found = user ? [toScimUser(user, base)] : [];
    } else {
      found = [];
      for (let offset = 0; ; offset += SCAN_PAGE) {
        const page = await store.listUsers(offset, SCAN_PAGE);
        for (const u of page) {
          const resource = toScimUser(u, base);
          if (matches(resource, filter)) found.push(resource);
        }
        if (page.length < SCAN_PAGE) break;
      }
    }
    const page = found
      .slice(q.startIndex - 1, q.startIndex - 1 + q.count)
      .map((u) => project(u, q));
    return sendScim(reply, 200, listResponse(page, found.length, q.startIndex));
  });

  app.get<{ Params: { id: string } }>('/Users/:id', async (request, reply) => {
    const q = parseListQuery(request.query);
    return sendScim(
      reply,
      200,
      project(toScimUser(await users.get(request.params.id), scimBaseUrl(request)), q),
    );
  });

  app.post('/Users', async (request, reply) => {
    const user = await users.create(parseUserInput(request.body), request.scimActor);
    const resource = toScimUser(user, scimBaseUrl(request));
    return sendScim(reply.header('location', resource.meta.location), 201, resource);
  });

  app.put<{ Params: { id: string } }>('/Users/:id', async (request, reply) => {
    const user = await users.replace(
      request.params.id,
      parseUserInput(request.body),
      request.scimActor,
    );
    return sendScim(reply, 200, toScimUser(user, scimBaseUrl(request)));
  });

  app.patch<{ Params: { id: string } }>('/Users/:id', async (request, reply) => {
    const user = await users.patch(request.params.id, request.body, request.scimActor);
    return sendScim(reply, 200, toScimUser(user, scimBaseUrl(request)));
  });

  app.delete<{ Params: { id: string } }>('/Users/:id', async (request, reply) => {
    await users.suspend(request.params.id, request.scimActor);
    return reply.code(204).send();
  });
}
