import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CheckinRequest,
  DevicePasswordChangeRequest,
  EnrollRequest,
  ResultsRequest,
} from '../../src-shared/checkin-protocol.js';
import type { z } from 'zod';
import { HashQueueFullError } from '../passwords/hash-pool.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import { describeIssues } from '../scim/zod-detail.js';
import { DeviceBookkeeping } from './device-bookkeeping.js';
import { DEFAULT_MAX_HELD_POLLS } from './held-poll-capacity.js';
import { DeviceHttpError, deviceBadRequest } from './device-errors.js';
import { ChangeWatcher } from './change-watcher.js';
import { RequestVerifier } from './request-verifier.js';
import { enrollDevice } from './enrollment.js';
import { handleCheckin } from './checkin-handler.js';
import { CheckinBatch } from './checkin-batch.js';
import { recordResults } from './results-handler.js';
import { changeDevicePassword } from './password-change-handler.js';
import type { PasswordService } from '../passwords/password-service.js';
import type { DirectoryPeers } from '../cluster/directory-peers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: device signatures cover these bytes. */
    rawBody: string;
  }
}

export interface DevicePluginOptions {
  store: SqliteDirectoryStore;
  passwords: PasswordService;
  /** Held long-polls beyond this get 429 instead of queuing forever. */
  maxHeldPolls?: number;
  /** Device requests being worked on (not held) beyond this get 429. */
  maxInFlight?: number;
  /** Held check-ins answered per event-loop turn when a change wakes many at once. */
  wakeBatchSize?: number;
  /** The other processes of a directory cluster, told of this one's changes and telling it of theirs. */
  peers?: DirectoryPeers;
}

export interface DeviceRuntime {
  watcher: ChangeWatcher<CheckinBatch>;
  bookkeeping: DeviceBookkeeping;
  verifier: RequestVerifier;
}

/** The device API under /api/v1: enrollment, signed check-ins with long-poll, results. */
export async function devicePlugin(app: FastifyInstance, opts: DevicePluginOptions): Promise<void> {
  const { store } = opts;
  const bookkeeping = new DeviceBookkeeping(store.devices, store.nonces);
  const watcher = new ChangeWatcher(store.db, store.changes, store.devices, {
    newBatch: (ids) => new CheckinBatch(store, ids),
    ...(opts.wakeBatchSize ? { batchSize: opts.wakeBatchSize } : {}),
    ...(opts.peers ? { announce: () => opts.peers?.announceChange() } : {}),
  });
  store.changes.onRecord(() => watcher.poke());
  opts.peers?.onChange(() => watcher.othersChanged());
  const verifier = new RequestVerifier(store.devices, bookkeeping);
  const maxHeld = opts.maxHeldPolls ?? DEFAULT_MAX_HELD_POLLS;
  const maxInFlight = opts.maxInFlight ?? 512;
  let inFlight = 0;
  // Held polls are answered (with current state) before the server waits for open requests.
  app.addHook('preClose', async () => watcher.close());
  app.addHook('onClose', async () => bookkeeping.close());

  app.decorateRequest('rawBody', '');
  app.removeAllContentTypeParsers();
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    request.rawBody = text;
    if (text === '') done(null, undefined);
    else void json(request, text, done);
  });

  const counted = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    if (inFlight >= maxInFlight) throw overloaded(1);
    // Admitted. Before any parsing or signature work, devices still waiting for a wake-up round go
    // first; waiting here costs nothing but the socket, so like a held poll it is not work in flight.
    if (request.routeOptions.url?.endsWith('/devices/:id/checkin')) await watcher.deliveryDone();
    inFlight++;
    counted.add(request);
  });
  app.addHook('onResponse', async (request) => {
    if (counted.delete(request)) inFlight--;
  });

  app.setErrorHandler(async (error, request, reply) => {
    const e = toDeviceError(error);
    if (e.status >= 500)
      request.log.error({ reqId: request.id, err: error }, 'device request failed');
    else
      request.log.info(
        { reqId: request.id, status: e.status, reason: e.message },
        'device request refused',
      );
    return reply.code(e.status).headers(e.headers).send(e.body());
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send(
        new DeviceHttpError(
          404,
          'not-found',
          `no device endpoint answers ${request.method} ${request.url.split('?')[0]}`,
        ).body(),
      ),
  );

  const signed = (request: FastifyRequest<{ Params: { id: string } }>) =>
    verifier.verify(request, request.params.id);

  app.post('/devices/enroll', async (request) =>
    enrollDevice(store, parse(EnrollRequest, request.body, 'enrollment request')),
  );

  app.post<{ Params: { id: string } }>(
    '/devices/:id/checkin',
    { config: { routine: true } },
    async (request, reply: FastifyReply) => {
      const device = signed(request);
      const body = parse(CheckinRequest, request.body, 'check-in');
      return handleCheckin({
        store,
        watcher,
        bookkeeping,
        deviceId: device.id,
        body,
        reply,
        admitHold: () => {
          if (watcher.heldCount >= maxHeld) throw overloaded(5, { closeConnection: true });
        },
        // A held poll is not work in flight; it leaves the count here rather than in onResponse.
        onHeld: () => {
          if (counted.delete(request)) inFlight--;
        },
      });
    },
  );

  app.post<{ Params: { id: string } }>('/devices/:id/results', async (request) => {
    const device = signed(request);
    return recordResults(store, device.id, parse(ResultsRequest, request.body, 'results'));
  });

  app.post<{ Params: { id: string } }>('/devices/:id/password-change', async (request) => {
    const device = signed(request);
    const body = parse(DevicePasswordChangeRequest, request.body, 'password change');
    return changeDevicePassword({ store, passwords: opts.passwords, deviceId: device.id, body });
  });
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw deviceBadRequest(describeIssues(r.error, what));
  return r.data;
}

/**
 * `closeConnection` for a refusal because the held polls are at their limit: an open socket is
 * then what the directory is short of (held polls are bounded by open files), and the device's
 * retry may reach another directory process or instance (a load balancer, or the kernel spreading
 * a shared port) instead of returning to this one on the same keep-alive connection. Other
 * overloads (requests in flight, the hash queue) are CPU: a new connection would only add work.
 */
const overloaded = (seconds: number, o: { closeConnection?: boolean } = {}) =>
  new DeviceHttpError(429, 'overloaded', `the directory is busy; retry after ${seconds} s`, {
    'retry-after': String(seconds),
    ...(o.closeConnection ? { connection: 'close' } : {}),
  });

function toDeviceError(error: unknown): DeviceHttpError {
  if (error instanceof DeviceHttpError) return error;
  if (error instanceof HashQueueFullError) return overloaded(error.retryAfterSeconds);
  const e = (error ?? {}) as { code?: string; statusCode?: number };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new DeviceHttpError(413, 'bad-request', 'the body is too large');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new DeviceHttpError(415, 'bad-request', 'send Content-Type: application/json');
  if (error instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return deviceBadRequest('the body is not valid JSON');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return new DeviceHttpError(e.statusCode, 'bad-request', 'the request is malformed');
  return new DeviceHttpError(
    500,
    'internal',
    'the directory failed to handle this request; the error is in its log',
  );
}
