import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../src-shared/logger.js';
import { readFileSync } from 'node:fs';
import type { HashPool } from './passwords/hash-pool.js';
import { PasswordService } from './passwords/password-service.js';
import { ScimGroupService } from './scim/group-service.js';
import { scimPlugin } from './scim/scim-plugin.js';
import { ScimUserService } from './scim/user-service.js';
import { devicePlugin } from './devices/device-plugin.js';
import type { SqliteDirectoryStore } from './store/sqlite/sqlite-directory-store.js';
import type { DirectoryPeers } from './cluster/directory-peers.js';
import { API_PREFIX } from '../src-shared/checkin-protocol.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered requests of this route are logged at debug, not info (high-volume device traffic). */
    routine?: boolean;
  }
}

export interface DirectoryAppDeps {
  /** SCIM goes through the DirectoryStore interface; the device API still uses SQLite directly. */
  store: SqliteDirectoryStore;
  hashPool: HashPool;
  logger: Logger;
  tls?: { certPath: string; keyPath: string };
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  maxHeldPolls?: number;
  maxInFlight?: number;
  /** Set in each process of a directory cluster (`directory serve --workers N`). */
  peers?: DirectoryPeers;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Builds the directory's HTTP app without listening (tests use `inject`). */
export async function buildDirectoryApp(deps: DirectoryAppDeps): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const common = {
    loggerInstance: deps.logger,
    bodyLimit,
    // One line per request from onResponse below instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // No pino child per request: up to 100,000 long-polls are held at once and each child costs
    // memory for as long as it is held. Our log lines carry `reqId` themselves.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    // `/Users/?filter=…` is `/Users`, not a request for the user with an empty id.
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    return503OnClosing: true,
  };
  const app = (deps.tls
    ? Fastify({
        ...common,
        https: { cert: readFileSync(deps.tls.certPath), key: readFileSync(deps.tls.keyPath) },
      })
    : Fastify(common)) as unknown as FastifyInstance;

  app.addHook('onResponse', async (request, reply) => {
    // A fleet renews its long-polls around the clock: an answered check-in is routine (the device's
    // last check-in is in `directory devices`), so only its refusals and failures reach info.
    const level =
      reply.statusCode < 400 && request.routeOptions.config.routine === true ? 'debug' : 'info';
    request.log[level](
      {
        reqId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  const passwords = new PasswordService(deps.hashPool);
  await app.register(scimPlugin, {
    prefix: '/scim/v2',
    store: deps.store,
    users: new ScimUserService(deps.store, passwords),
    groups: new ScimGroupService(deps.store),
    bodyLimit,
  });
  await app.register(devicePlugin, {
    prefix: API_PREFIX,
    store: deps.store,
    passwords,
    ...(deps.maxHeldPolls === undefined ? {} : { maxHeldPolls: deps.maxHeldPolls }),
    ...(deps.maxInFlight === undefined ? {} : { maxInFlight: deps.maxInFlight }),
    ...(deps.peers === undefined ? {} : { peers: deps.peers }),
  });
  return app;
}
