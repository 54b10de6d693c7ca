/**
 * Hostile input on the device API: random and mutated requests, unsigned and correctly signed.
 * Whatever arrives, the directory answers 4xx (never 5xx), keeps running, and a refused request
 * changes nothing in the store.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyObject } from 'node:crypto';
import { signRequest } from '../../src-main/agent/directory/request-signer.js';
import { API_PREFIX, SIGNATURE_HEADERS } from '../../src-shared/checkin-protocol.js';
import { bindAll, privateKeyOf, seedDevices } from '../../bench/support/fleet.js';
import {
  inProcessDirectory,
  storeSnapshot,
  type InProcessDirectory,
} from './support/in-process-directory.js';

let dir: InProcessDirectory;
let device: { id: string; key: KeyObject };
let userId: string;

beforeAll(async () => {
  dir = await inProcessDirectory();
  const [seeded] = seedDevices(dir.dataDir, 1);
  if (!seeded) throw new Error('no device seeded');
  device = { id: seeded.id, key: privateKeyOf(seeded) };
  const created = await dir.app.inject({
    method: 'POST',
    url: '/scim/v2/Users',
    headers: { authorization: `Bearer ${dir.token}`, 'content-type': 'application/scim+json' },
    payload: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'fuzz@example.com',
      active: true,
    },
  });
  userId = created.json<{ id: string }>().id;
  bindAll(dir.dataDir, userId, [seeded]);
});
afterAll(async () => dir.close());

const ACTIONS = ['checkin', 'results', 'password-change', 'enroll', 'nope'] as const;

/** Bodies near the valid ones (so validation, not just JSON parsing, is exercised) and far from them. */
const bodyArb = fc.oneof(
  fc.record(
    {
      cursor: fc.oneof(fc.constant(null), fc.string({ maxLength: 140 }), fc.integer()),
      waitSeconds: fc.oneof(
        fc.constant(0),
        fc.integer({ min: -5, max: 100 }),
        fc.double(),
        fc.string(),
      ),
      applied: fc.oneof(
        fc.array(
          fc.record({
            userId: fc.oneof(fc.constant('USER'), fc.string({ maxLength: 70 })),
            state: fc.constantFrom('active', 'suspended', 'gone'),
            passwordVersion: fc.oneof(fc.nat(), fc.integer({ min: -3, max: 3 }), fc.double()),
          }),
          { maxLength: 4 },
        ),
        fc.anything(),
      ),
      agentVersion: fc.oneof(fc.constant('0.1.0'), fc.string({ maxLength: 60 })),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      results: fc.array(
        fc.record(
          {
            userId: fc.constant('USER'),
            action: fc.constantFrom('suspend', 'password-apply', 'x'),
            passwordVersion: fc.oneof(fc.constant(null), fc.integer({ min: -1, max: 5 })),
            outcome: fc.constantFrom('applied', 'failed', '?'),
            reason: fc.oneof(fc.constant(null), fc.string({ maxLength: 600 })),
            at: fc.oneof(fc.constant(new Date().toISOString()), fc.string()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    { userId: fc.constant('USER'), newPassword: fc.string({ maxLength: 40 }) },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const toText = (body: unknown) =>
  JSON.stringify(body, (_k, v: unknown) => (v === 'USER' ? userId : v)) ?? 'null';

describe('device API under hostile input', () => {
  it('refuses unsigned and wrongly signed requests with 4xx and applies nothing', async () => {
    const before = storeSnapshot(dir.store);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        bodyArb,
        fc.record(
          {
            device: fc.oneof(fc.constant(device.id), fc.string({ maxLength: 80 })),
            timestamp: fc.oneof(
              fc.constant(String(Date.now())),
              fc.string({ maxLength: 20 }),
              fc.integer().map(String),
            ),
            nonce: fc.oneof(
              fc.string({ minLength: 16, maxLength: 70 }),
              fc.string({ maxLength: 10 }),
            ),
            signature: fc.oneof(
              fc.base64String({ minLength: 88, maxLength: 88 }),
              fc.string({ maxLength: 100 }),
            ),
          },
          { requiredKeys: [] },
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
        async (action, body, headers, contentType) => {
          const url =
            action === 'enroll'
              ? `${API_PREFIX}/devices/enroll`
              : `${API_PREFIX}/devices/${encodeURIComponent(headers.device ?? device.id)}/${action}`;
          const res = await dir.app.inject({
            method: 'POST',
            url,
            headers: {
              ...(contentType ? { 'content-type': contentType } : {}),
              ...Object.fromEntries(
                Object.entries(headers).map(([k, v]) => [
                  SIGNATURE_HEADERS[k as keyof typeof SIGNATURE_HEADERS],
                  v,
                ]),
              ),
            },
            payload: toText(body),
          });
          expect(res.statusCode).toBeLessThan(500);
          // An unsigned or badly signed request to a device route is never applied.
          if (action !== 'enroll') expect(res.statusCode).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 1500 },
    );
    expect(storeSnapshot(dir.store)).toBe(before);
  });

  it('answers correctly signed hostile bodies with 4xx or a valid answer, and a refusal changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('checkin', 'results', 'password-change'),
        bodyArb,
        fc.integer({ min: 0, max: 3 }),
        async (action, body, mutation) => {
          let text = toText(body);
          // Mutation after signing (one more byte, still valid JSON): the signature must no longer hold.
          const path = `${API_PREFIX}/devices/${device.id}/${action}`;
          const headers = signRequest({
            deviceId: device.id,
            privateKey: device.key,
            method: 'POST',
            pathWithQuery: path,
            body: text,
            nowMs: Date.now(),
          });
          if (mutation === 1) text = `${text} `;
          const before = storeSnapshot(dir.store);
          const res = await dir.app.inject({
            method: 'POST',
            url: path,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: text,
          });
          expect(res.statusCode).toBeLessThan(500);
          if (mutation === 1) expect(res.statusCode).toBe(401);
          if (res.statusCode >= 400) expect(storeSnapshot(dir.store)).toBe(before);
          // Waiting check-ins are not what this property is about; a valid one must answer at once.
          if (action === 'checkin' && res.statusCode === 200)
            expect(res.json<{ cursor: string }>().cursor).toEqual(expect.any(String));
        },
      ),
      { numRuns: 1000 },
    );
    const ok = await dir.app.inject({
      method: 'POST',
      url: `${API_PREFIX}/devices/${device.id}/checkin`,
      headers: {
        ...signRequest({
          deviceId: device.id,
          privateKey: device.key,
          method: 'POST',
          pathWithQuery: `${API_PREFIX}/devices/${device.id}/checkin`,
          body: '{"cursor":null,"waitSeconds":0,"applied":[],"agentVersion":"1"}',
          nowMs: Date.now(),
        }),
        'content-type': 'application/json',
      },
      payload: '{"cursor":null,"waitSeconds":0,"applied":[],"agentVersion":"1"}',
    });
    expect(ok.statusCode).toBe(200);
  });
});
