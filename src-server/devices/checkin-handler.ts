import type { FastifyReply } from 'fastify';
import type { CheckinRequest } from '../../src-shared/checkin-protocol.js';
import type { StatusRow } from '../store/sqlite/sqlite-devices.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import type { ChangeWatcher } from './change-watcher.js';
import { CheckinBatch } from './checkin-batch.js';
import type { DeviceBookkeeping } from './device-bookkeeping.js';
import { holdCheckin } from './held-checkin.js';

export interface CheckinContext {
  store: SqliteDirectoryStore;
  watcher: ChangeWatcher<CheckinBatch>;
  bookkeeping: DeviceBookkeeping;
  deviceId: string;
  body: CheckinRequest;
  reply: FastifyReply;
  /** Refuses (throws) when no more check-ins may be held. */
  admitHold: () => void;
  /** The request is now held: it is no longer work in flight. */
  onHeld: () => void;
}

/**
 * Answers at once when the device's cursor is stale, otherwise holds the request until a change
 * concerning this device arrives or `waitSeconds` pass. The answer is a CheckinResponse already
 * serialized: devices woken together share the same bytes.
 */
export function handleCheckin(ctx: CheckinContext): Buffer | FastifyReply {
  const { store, deviceId, body, reply } = ctx;
  ctx.bookkeeping.touch(deviceId, body.agentVersion);
  recordApplied(store, deviceId, body);
  const built = new CheckinBatch(store).answerFor(deviceId);
  if (built.cursor !== body.cursor || body.waitSeconds === 0 || ctx.watcher.isClosed) {
    reply.type('application/json; charset=utf-8');
    return built.body;
  }
  ctx.admitHold();
  ctx.onHeld();
  holdCheckin(ctx.watcher, {
    deviceId,
    cursor: body.cursor,
    deadline: Date.now() + body.waitSeconds * 1000,
    reply,
  });
  return reply;
}

/** The device's own account of what it applied, written only where it differs from what we have. */
function recordApplied(store: SqliteDirectoryStore, deviceId: string, body: CheckinRequest): void {
  if (body.applied.length === 0) return;
  const known = new Map(store.devices.statusOf(deviceId).map((s) => [s.userId, s]));
  const bound = new Set(store.devices.bindingsOf(deviceId).map((b) => b.userId));
  const changed: StatusRow[] = [];
  for (const a of body.applied) {
    if (!bound.has(a.userId)) continue;
    const k = known.get(a.userId);
    if (k && k.appliedState === a.state && k.appliedPasswordVersion === a.passwordVersion) continue;
    changed.push({
      deviceId,
      userId: a.userId,
      appliedState: a.state,
      appliedPasswordVersion: a.passwordVersion,
      lastAction: null,
      lastOutcome: null,
      lastReason: k?.lastReason ?? null,
      updatedAt: new Date().toISOString(),
    });
  }
  store.devices.writeStatus(changed);
}
