import type { FastifyReply } from 'fastify';
import type { ChangeWatcher, Hold } from './change-watcher.js';
import type { CheckinBatch } from './checkin-batch.js';
import { unauthorized, type DeviceHttpError } from './device-errors.js';

export interface HeldCheckin {
  deviceId: string;
  /** The cursor the device sent: the answer it already has. */
  cursor: string;
  /** When the device's long-poll is up (ms since epoch). */
  deadline: number;
  reply: FastifyReply;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TCP_KEEPALIVE_MS = 45_000;

/**
 * Holds a check-in outside Fastify's send path until its answer differs from the device's cursor
 * or its time is up. A wake-up answers thousands of these in a row, so the answer goes straight to
 * the socket (Fastify's onResponse hooks still run: the request is logged and counted). A hundred
 * thousand of these may be held at once, so each keeps only this closure and its hold besides what
 * Node and Fastify keep per request; the body, already acted on, is let go.
 */
export function holdCheckin(watcher: ChangeWatcher<CheckinBatch>, h: HeldCheckin): void {
  const { reply } = h;
  reply.hijack();
  reply.request.body = undefined;
  reply.request.rawBody = '';
  const res = reply.raw;
  // Holds may last up to an hour (policy long-poll-seconds): TCP keep-alive probes keep NAT and
  // firewall mappings of an idle held connection open without waking either side's code.
  res.socket?.setKeepAlive(true, TCP_KEEPALIVE_MS);
  let held: Hold<CheckinBatch> | null = null;
  const wait = () => {
    held = watcher.hold(h.deviceId, h.deadline - Date.now(), onWake);
  };
  const onWake = (batch: CheckinBatch) => {
    if (res.destroyed) return;
    if (!batch.isLive(h.deviceId))
      return refuse(
        reply,
        unauthorized('this device has been revoked by an administrator; enroll it again'),
      );
    const built = batch.answerFor(h.deviceId);
    // Woken for a change that leaves this device's answer as it was: keep holding.
    if (built.cursor === h.cursor && Date.now() < h.deadline && !watcher.isClosed) return wait();
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': built.body.length });
    res.end(built.body);
  };
  // The device went away (or its connection broke) while held: nothing to answer. ('close' comes
  // once; `on` spares the wrapper `once` would keep for every held poll.)
  res.on('close', () => held !== null && watcher.release(held));
  wait();
}

function refuse(reply: FastifyReply, e: DeviceHttpError): void {
  reply.log.info(
    { reqId: reply.request.id, status: e.status, reason: e.message },
    'device request refused',
  );
  const body = Buffer.from(JSON.stringify(e.body()), 'utf8');
  reply.raw.writeHead(e.status, {
    ...e.headers,
    'content-type': JSON_TYPE,
    'content-length': body.length,
  });
  reply.raw.end(body);
}
