import type { FastifyReply } from 'fastify';
import type { CheckinRequest } from '../../src-shared/checkin-protocol.js';
import type { DeviceRow, StatusRow } from '../store/sqlite/sqlite-devices.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import type { ChangeWatcher } from './change-watcher.js';
import { CheckinBatch } from './checkin-batch.js';
import type { DeviceBookkeeping } from './device-bookkeeping.js';
import { unauthorized } from './device-errors.js';

export interface CheckinContext {
  store: SqliteDirectoryStore;
  watcher: ChangeWatcher<CheckinBatch>;
  bookkeeping: DeviceBookkeeping;
  device: DeviceRow;
  body: CheckinRequest;
  signal: AbortSignal;
  reply: FastifyReply;
}

/**
 * Answers at once when the device's cursor is stale, otherwise holds the request until a change
 * concerning this device arrives or `waitSeconds` pass. The answer is a CheckinResponse already
 * serialized: devices woken together share the same bytes.
 */
export async function handleCheckin(ctx: CheckinContext): Promise<Buffer> {
  const { store, device, body } = ctx;
  ctx.bookkeeping.touch(device.id, body.agentVersion);
  recordApplied(store, device.id, body);
  const deadline = Date.now() + body.waitSeconds * 1000;
  let batch = new CheckinBatch(store);
  for (;;) {
    const built = batch.answerFor(device.id);
    const left = deadline - Date.now();
    if (built.cursor !== body.cursor || left <= 0 || ctx.signal.aborted) {
      ctx.reply.type('application/json; charset=utf-8');
      return built.body;
    }
    batch = (await ctx.watcher.wait(device.id, left, ctx.signal)) ?? new CheckinBatch(store);
    const now = batch.device(device.id);
    if (!now || now.revokedAt !== null) throw unauthorized('this device has been revoked by an administrator; enroll it again');
  }
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
