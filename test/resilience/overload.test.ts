/**
 * Past capacity the directory says "busy" (429 with Retry-After) instead of queuing, never 5xx,
 * serves everyone again on its own once the burst is over, and does not grow its memory with
 * repeated bursts.
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindAll, privateKeyOf, seedDevices } from '../../bench/support/fleet.js';
import { postSigned, type SignedAnswer } from '../../bench/support/signed-http.js';
import { heapAfterGc } from './support/gc.js';
import { inProcessDirectory, type InProcessDirectory } from './support/in-process-directory.js';

const DEVICES = 120;
const HELD_LIMIT = 40;
let dir: InProcessDirectory;
let devices: Array<{ id: string; key: ReturnType<typeof privateKeyOf> }>;
let userId: string;
/** Writes to one user are serialized; a hashing burst needs several users. */
const pushTargets: string[] = [];
const http = new Agent({ keepAlive: true, maxSockets: Infinity });

beforeAll(async () => {
  dir = await inProcessDirectory({
    maxHeldPolls: HELD_LIMIT,
    maxInFlight: 8,
    hashWorkers: 1,
    maxHashQueue: 1,
  });
  await dir.listen();
  const seeded = seedDevices(dir.dataDir, DEVICES);
  devices = seeded.map((d) => ({ id: d.id, key: privateKeyOf(d) }));
  const created = await scim('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'busy@example.com',
    active: true,
  });
  userId = (created.body as { id: string }).id;
  bindAll(dir.dataDir, userId, seeded);
  for (let i = 0; i < 6; i++) {
    const other = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `burst${i}@example.com`,
      active: true,
    });
    pushTargets.push((other.body as { id: string }).id);
  }
});
afterAll(async () => {
  http.destroy();
  await dir.close();
});

async function scim(method: string, path: string, body: unknown) {
  const res = await fetch(`${dir.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${dir.token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as unknown,
  };
}

function checkin(i: number, waitSeconds: number): Promise<SignedAnswer> {
  const d = devices[i % DEVICES] as (typeof devices)[number];
  const url = new URL(dir.url);
  return postSigned(
    { host: url.hostname, port: Number(url.port), agent: http },
    d.id,
    d.key,
    'checkin',
    { cursor: null, waitSeconds, applied: [], agentVersion: 'test' },
  );
}

/** Every answer is a success or a well-formed "busy"; never a 5xx. */
function tally(answers: Array<{ status: number; retryAfter: string | null }>) {
  const ok = answers.filter((a) => a.status === 200).length;
  const busy = answers.filter((a) => a.status === 429);
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  expect(ok + busy.length).toBe(answers.length);
  for (const b of busy) expect(Number(b.retryAfter)).toBeGreaterThanOrEqual(1);
  return { ok, busy: busy.length };
}

describe('overload', () => {
  it('answers 429 with Retry-After past capacity, recovers by itself, and keeps memory bounded over repeated bursts', async () => {
    const heap: number[] = [];
    let password = 1;
    for (let round = 0; round < 4; round++) {
      // More long-polls than may be held: the first HELD_LIMIT wait (cursor null answers at once,
      // so hold with the cursor each device just got), the rest are told to come back later.
      const cursors = await Promise.all(
        devices.map((_, i) =>
          checkin(i, 0).then((a) => (JSON.parse(a.text) as { cursor: string }).cursor),
        ),
      );
      const held = await Promise.all(
        devices.map((d, i) => {
          const url = new URL(dir.url);
          return postSigned(
            { host: url.hostname, port: Number(url.port), agent: http },
            d.id,
            d.key,
            'checkin',
            { cursor: cursors[i], waitSeconds: 1, applied: [], agentVersion: 'test' },
          );
        }),
      );
      const polls = tally(held);
      expect(polls.ok).toBeGreaterThanOrEqual(HELD_LIMIT);
      expect(polls.busy).toBeGreaterThan(0);

      // A burst of immediate check-ins far above the in-flight limit.
      tally(await Promise.all(Array.from({ length: 600 }, (_, i) => checkin(i, 0))));

      // A burst of password pushes on a one-thread, one-slot hashing queue.
      const pushes = await Promise.all(
        pushTargets.map((id) =>
          scim('PATCH', `/Users/${id}`, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [
              { op: 'replace', path: 'password', value: `Overload-${password++}-Pass!` },
            ],
          }),
        ),
      );
      const scimTally = tally(pushes);
      expect(scimTally.busy).toBeGreaterThan(0);

      // Recovery without help: after the longest Retry-After given, everyone is served again.
      const wait = Math.max(...pushes.map((p) => Number(p.retryAfter ?? 0)), 1);
      await new Promise((r) => setTimeout(r, wait * 1000));
      const after = await Promise.all(devices.map((_, i) => checkin(i, 0)));
      expect(after.map((a) => a.status)).toEqual(devices.map(() => 200));
      const retry = await scim('PATCH', `/Users/${userId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: `Overload-${password++}-Pass!` }],
      });
      expect(retry.status).toBe(200);
      heap.push(heapAfterGc());
    }
    // Bounded: later rounds do not keep adding to what round one left behind.
    const growthMiB = ((heap.at(-1) as number) - (heap[0] as number)) / 2 ** 20;
    expect(growthMiB).toBeLessThan(16);
  }, 120_000);
});
