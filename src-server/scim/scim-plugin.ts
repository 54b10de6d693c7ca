import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SCIM_CONTENT_TYPE } from '../../src-shared/scim-messages.js';
import { matchSecretToken } from '../security/secret-tokens.js';
import type { DirectoryStore } from '../store/directory-store.js';
import { registerDiscoveryRoutes } from './discovery-routes.js';
import type { ScimGroupService } from './group-service.js';
import { registerGroupRoutes } from './groups-routes.js';
import { ScimHttpError } from './scim-error.js';
import { toScimError } from './scim-errors-map.js';
import { sendScim } from './scim-reply.js';
import { registerUserRoutes } from './users-routes.js';
import type { ScimUserService } from './user-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made this SCIM request, for the audit log: "scim-token:<name>". */
    scimActor: string;
  }
}

export interface ScimPluginOptions {
  store: DirectoryStore;
  users: ScimUserService;
  groups: ScimGroupService;
  bodyLimit: number;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]{1,512})[ \t]*$/i;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** SCIM 2.0 under /scim/v2: bearer auth, SCIM media types, SCIM errors for every failure. */
export async function scimPlugin(app: FastifyInstance, opts: ScimPluginOptions): Promise<void> {
  const { store } = opts;
  app.decorateRequest('scimActor', '');
  // SCIM bodies are JSON; anything else is a 415, not a string handed to the routes.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  const json = app.getDefaultJsonParser('error', 'error');
  // Clients send Content-Type on bodiless DELETEs and GETs too; an empty body is no body, not bad JSON.
  const parser: typeof json = (request, body, done) =>
    body === '' ? done(null, undefined) : json(request, body, done);
  app.addContentTypeParser([SCIM_CONTENT_TYPE, 'application/json'], { parseAs: 'string' }, parser);

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const m = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!m?.[1]) {
      throw new ScimHttpError(
        401,
        'send "Authorization: Bearer <token>" with a token from `lockstep directory token create`',
        undefined,
        {
          'www-authenticate': 'Bearer realm="lockstep"',
        },
      );
    }
    const match = matchSecretToken(m[1], await store.activeScimTokenHashes());
    if (!match) {
      throw new ScimHttpError(
        401,
        'the bearer token is unknown or revoked; create a new one with `lockstep directory token create`',
        undefined,
        {
          'www-authenticate': 'Bearer realm="lockstep", error="invalid_token"',
        },
      );
    }
    request.scimActor = `scim-token:${match.name}`;
  });

  app.setErrorHandler(async (error, request, reply) => {
    const scimError = toScimError(error, opts.bodyLimit);
    if (scimError.status >= 500)
      request.log.error({ reqId: request.id, err: error }, 'SCIM request failed');
    else
      request.log.info(
        { reqId: request.id, status: scimError.status, detail: scimError.detail },
        'SCIM request refused',
      );
    if (MUTATING.has(request.method) && request.scimActor !== '')
      await auditRefusal(store, request, scimError);
    reply.headers(scimError.headers);
    return sendScim(reply, scimError.status, scimError.body());
  });

  app.setNotFoundHandler(async (request, reply) => {
    const e = new ScimHttpError(
      404,
      `no SCIM endpoint answers ${request.method} ${request.url.split('?')[0]}; see /scim/v2/ResourceTypes`,
    );
    return sendScim(reply, 404, e.body());
  });

  registerUserRoutes(app, store, opts.users);
  registerGroupRoutes(app, store, opts.groups);
  registerDiscoveryRoutes(app);
}

async function auditRefusal(
  store: DirectoryStore,
  request: FastifyRequest,
  error: ScimHttpError,
): Promise<void> {
  const [, resource = 'unknown', id] = /^\/scim\/v2\/(\w+)(?:\/([^/?]+))?/.exec(request.url) ?? [];
  const verb =
    { POST: 'create', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' }[request.method] ??
    request.method;
  try {
    await store.appendAudit({
      actor: request.scimActor,
      action: `${resource.toLowerCase().replace(/s$/, '')}.${verb}`,
      target: id ?? null,
      outcome: 'failure',
      detail: { status: error.status, reason: error.detail },
    });
  } catch (auditError) {
    request.log.error(
      { reqId: request.id, err: auditError },
      'could not write the audit entry for a refused request',
    );
  }
}
