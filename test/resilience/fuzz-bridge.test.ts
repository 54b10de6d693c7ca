/**
 * Hostile input on the local agent bridge (startBridgeServer with a fake AgentApi): random lines,
 * mutated valid requests, wrong hello tokens. Every bad line is refused with an error and the
 * connection closed, nothing reaches the agent from a refused line, and the server keeps serving.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeRequest } from '../../src-shared/agent-api.js';
import { startTestBridge } from '../bridge/bridge-harness.js';

type TestBridge = Awaited<ReturnType<typeof startTestBridge>>;
let open: TestBridge;
let guarded: TestBridge;
const TOKEN = 'fuzz-token-0123456789abcdef0123456789';

beforeAll(async () => {
  open = await startTestBridge();
  guarded = await startTestBridge({ token: TOKEN });
});
afterAll(async () => {
  for (const b of [open, guarded]) {
    await b.server.close();
    rmSync(b.dir, { recursive: true, force: true });
  }
});

/**
 * Sends a payload on a fresh connection; resolves once the server closed it, or at the first
 * reply when `firstReplyEnough`, or after `timeoutMs`.
 */
function exchange(
  socketPath: string,
  payload: string | Buffer,
  firstReplyEnough = false,
  timeoutMs = 2_000,
): Promise<{ replies: Array<Record<string, unknown>>; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    const replies: Array<Record<string, unknown>> = [];
    let buffer = '';
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies, closed });
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        replies.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
        buffer = buffer.slice(nl + 1);
      }
      if (firstReplyEnough && replies.length > 0) finish(false);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => finish(true));
    socket.once('connect', () => socket.write(payload));
  });
}

const version = fc.oneof(
  fc.integer({ min: 1, max: 3 }),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 5 }),
);
const validish = fc.oneof(
  fc.record({ id: fc.nat(), method: fc.constant('getStatus'), params: fc.constant({}) }),
  fc.record({ id: fc.nat(), method: fc.constant('checkInNow'), params: fc.constant({}) }),
  fc.record({
    id: fc.nat(),
    method: fc.constant('verifyNewPassword'),
    params: fc.record({ password: fc.string({ maxLength: 20 }), version }),
  }),
  fc.record({
    id: fc.nat(),
    method: fc.constant('reportPasswordApplied'),
    params: fc.record({
      version,
      outcome: fc.constantFrom('applied', 'failed', 'maybe'),
      reason: fc.oneof(fc.constant(null), fc.string({ maxLength: 600 })),
    }),
  }),
  fc.record({
    id: fc.nat(),
    method: fc.constant('resetPassword'),
    params: fc.record({ password: fc.string({ maxLength: 20 }), version }),
  }),
  fc.record({
    id: fc.nat(),
    method: fc.constant('requestPasswordChange'),
    params: fc.record({ newPassword: fc.string({ maxLength: 20 }) }),
  }),
);
/** A valid-looking request with one thing broken: a key dropped, a value of the wrong type, an extra key, an unknown method. */
const mutated = fc
  .tuple(validish, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 12 }))
  .map(([req, pick, junk, name]) => {
    const r = structuredClone(req) as Record<string, unknown>;
    const keys = ['id', 'method', 'params'];
    const key = keys[pick % keys.length] as string;
    switch (pick % 4) {
      case 0:
        delete r[key];
        break;
      case 1:
        r[key] = junk;
        break;
      case 2:
        r[name || 'extra'] = junk;
        break;
      default:
        r['method'] = `${String(r['method'])}${name}`;
    }
    return r;
  });
const line = fc.oneof(
  validish.map((r) => `${JSON.stringify(r)}\n`),
  mutated.map((r) => `${JSON.stringify(r)}\n`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => `${JSON.stringify(v)}\n`),
  fc.string({ maxLength: 200 }).map((s) => `${s}\n`),
  // One line of arbitrary bytes (no newline inside, so it is exactly one line).
  fc
    .uint8Array({ maxLength: 200 })
    .map((b) => Buffer.concat([Buffer.from(b.filter((x) => x !== 0x0a)), Buffer.from('\n')])),
  // Longer than the 64 KiB line limit.
  fc.constant(
    `${JSON.stringify({ id: 1, method: 'verifyNewPassword', params: { password: 'x'.repeat(70_000), version: 1 } })}\n`,
  ),
);

describe('bridge under hostile input', () => {
  it('refuses every line that is not a valid request, closes that connection, and never calls the agent for it', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(line, async (payload) => {
        const text = payload.toString();
        let valid = false;
        try {
          valid = BridgeRequest.safeParse(JSON.parse(text)).success;
        } catch {
          valid = false;
        }
        const callsBefore = open.agent.calls.length;
        if (text.replace(/\r?\n$/, '').trim() === '') {
          // A blank line is skipped: the next request is the first thing answered, and the only call.
          const { replies } = await exchange(
            open.socketPath,
            Buffer.concat([
              Buffer.from(payload),
              Buffer.from('{"id":4242,"method":"getStatus","params":{}}\n'),
            ]),
            true,
          );
          expect(replies[0]).toMatchObject({ id: 4242 });
          expect(open.agent.calls.slice(callsBefore)).toEqual(['getStatus']);
          return;
        }
        if (valid) {
          const { replies } = await exchange(open.socketPath, payload, true);
          expect(replies[0]).toHaveProperty('id');
          return;
        }
        const { replies, closed } = await exchange(open.socketPath, payload);
        refused++;
        expect(closed).toBe(true);
        expect(replies).toHaveLength(1);
        expect(replies[0]).toMatchObject({
          error: { code: 'invalid-request', message: expect.any(String) },
        });
        expect(open.agent.calls.length).toBe(callsBefore);
      }),
      { numRuns: 1500 },
    );
    expect(refused).toBeGreaterThan(500);
    const alive = await exchange(open.socketPath, '{"id":7,"method":"getStatus","params":{}}\n');
    expect(alive.replies[0]).toMatchObject({ id: 7, result: expect.any(Object) });
  });

  it('refuses any hello that is not the token, before any request reaches the agent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 64 }).map((t) => JSON.stringify({ token: t })),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.constant(JSON.stringify({ token: `${TOKEN}x` })),
        ),
        validish,
        async (hello, request) => {
          const callsBefore = guarded.agent.calls.length;
          const { replies, closed } = await exchange(
            guarded.socketPath,
            `${hello}\n${JSON.stringify(request)}\n`,
          );
          expect(closed).toBe(true);
          expect(replies[0]).toMatchObject({ error: { code: 'invalid-request' } });
          expect(guarded.agent.calls.length).toBe(callsBefore);
        },
      ),
      { numRuns: 300 },
    );
    const ok = await exchange(
      guarded.socketPath,
      `${JSON.stringify({ token: TOKEN })}\n{"id":1,"method":"getStatus","params":{}}\n`,
    );
    expect(ok.replies[0]).toMatchObject({ id: 1, result: expect.any(Object) });
  });
});
