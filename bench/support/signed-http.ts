/**
 * One signed device request over node:http with a keep-alive pool, signed by the agent's own
 * signer. Cheap enough that thousands of lightweight agents fit in one load-generator process.
 */
import { request, type Agent } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { signRequest } from '../../src-main/agent/directory/request-signer.js';
import { API_PREFIX } from '../../src-shared/checkin-protocol.js';

export interface SignedAnswer {
  status: number;
  retryAfter: string | null;
  text: string;
  /** Wall clock when the last byte arrived (ms since epoch, sub-ms). */
  receivedAt: number;
}

export interface SignedTarget {
  host: string;
  port: number;
  agent: Agent;
  /** Source address on 127.0.0.0/8, to spread connections past one address's ephemeral ports. */
  localAddress?: string;
}

/**
 * Runs follow-up work a few items per event-loop turn, so each turn's I/O phase (which stamps the
 * answers that arrived) comes between them.
 */
const followUps: Array<() => void> = [];
let followUpHead = 0;
const FOLLOW_UPS_PER_TURN = 8;

function afterArrivals(work: () => void): void {
  followUps.push(work);
  if (followUps.length - followUpHead === 1) setImmediate(runFollowUps);
}

function runFollowUps(): void {
  const end = Math.min(followUps.length, followUpHead + FOLLOW_UPS_PER_TURN);
  while (followUpHead < end) (followUps[followUpHead++] as () => void)();
  if (followUpHead < followUps.length) setImmediate(runFollowUps);
  else followUps.length = followUpHead = 0;
}

export const wallNow = () => performance.timeOrigin + performance.now();

export function postSigned(
  target: SignedTarget,
  deviceId: string,
  privateKey: KeyObject,
  action: string,
  payload: unknown,
  signal?: AbortSignal,
): Promise<SignedAnswer> {
  const body = JSON.stringify(payload);
  const path = `${API_PREFIX}/devices/${deviceId}/${action}`;
  const headers = signRequest({
    deviceId,
    privateKey,
    method: 'POST',
    pathWithQuery: path,
    body,
    nowMs: Date.now(),
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'POST',
        agent: target.agent,
        ...(target.localAddress ? { localAddress: target.localAddress } : {}),
        ...(signal ? { signal } : {}),
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          const answer = {
            status: res.statusCode ?? 0,
            retryAfter: typeof retry === 'string' ? retry : null,
            text: Buffer.concat(chunks).toString('utf8'),
            receivedAt: wallNow(),
          };
          // One process simulates thousands of agents that would each have their own machine: the
          // caller's work on this answer (parse, validate, sign the next poll) must not delay the
          // stamping of answers still arriving for the other agents.
          afterArrivals(() => resolve(answer));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Spreads sockets over 127.0.0.2 … 127.0.0.(1+count). */
export function loopbackSource(index: number, count: number): string | undefined {
  return count <= 0 ? undefined : `127.0.0.${2 + (index % count)}`;
}
