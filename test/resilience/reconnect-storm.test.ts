/**
 * A directory restart with many agents connected: each agent (the real check-in loop with its
 * real full-jitter backoff) is current again within 60 s, nobody sees a 5xx, and the agents come
 * back spread out rather than in one wave. The bench flag scales this to 10,000 agents
 * (`npm run bench:propagation` covers delivery; this covers the restart).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScimToken } from '../../src-server/admin/scim-tokens.js';
import { startDirectory, type RunningDirectory } from '../../src-server/directory-server.js';
import { bindAll, privateKeyOf, seedDevices } from '../../bench/support/fleet.js';
import { emptyCounts, PollingAgent } from '../../bench/support/polling-agent.js';

const AGENTS = Number(process.env['LOCKSTEP_STORM_AGENTS'] ?? 500);
const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-storm-'));
const token = createScimToken(dataDir, 'okta');
const http = new Agent({ keepAlive: true, maxSockets: Infinity });
let running: RunningDirectory | null = null;
const agents: PollingAgent[] = [];

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  http.destroy();
  await running?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function scim(url: string, method: string, path: string, body: unknown) {
  const res = await fetch(`${url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { id: string } };
}
const waitUntil = async (condition: () => boolean, what: string, timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('reconnect storm', () => {
  it(`brings ${AGENTS} connected agents back after a directory restart: current within 60 s, no 5xx, spread by jitter`, async () => {
    running = await startDirectory({ dataDir, port: 0, logLevel: 'silent' });
    const url = new URL(running.url);
    const fleet = seedDevices(dataDir, AGENTS);
    const user = await scim(running.url, 'POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'storm@example.com',
      active: true,
    });
    bindAll(dataDir, user.body.id, fleet);
    const push = (base: string, n: number) =>
      scim(base, 'PATCH', `/Users/${user.body.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: `Storm-Password-${n}!` }],
      });
    expect((await push(running.url, 1)).status).toBe(200);

    const counts = emptyCounts();
    let restartedAt = Infinity;
    const backAt: number[] = [];
    const retries: number[] = [];
    for (const d of fleet) {
      let back = false;
      const agent = new PollingAgent({
        target: { host: url.hostname, port: Number(url.port), agent: http },
        deviceId: d.id,
        privateKey: privateKeyOf(d),
        counts,
        onRetry: (ms) => retries.push(ms),
        onAnswer: (o) => {
          if (!back && o.receivedAt >= restartedAt) {
            back = true;
            backAt.push(o.receivedAt - restartedAt);
          }
        },
      });
      agents.push(agent);
      agent.start();
    }
    await waitUntil(
      () => agents.every((a) => a.passwordVersion === 1),
      'every agent on version 1',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 500)); // all of them long-polling

    await running.close();
    await new Promise((r) => setTimeout(r, 1500)); // down: agents fail and back off
    running = await startDirectory({ dataDir, port: Number(url.port), logLevel: 'silent' });
    restartedAt = performance.timeOrigin + performance.now();
    expect((await push(running.url, 2)).status).toBe(200);
    const pushedAt = Date.now();
    await waitUntil(
      () => agents.every((a) => a.passwordVersion === 2),
      'every agent on version 2',
      60_000,
    );
    const allCurrentMs = Date.now() - pushedAt;

    expect(allCurrentMs).toBeLessThan(60_000);
    expect(backAt).toHaveLength(AGENTS);
    expect(counts.serverErrors).toBe(0);
    expect(counts.otherStatus).toBe(0);
    // Jitter: retry delays take many values, and no 250 ms slice holds most of the returning agents.
    expect(new Set(retries).size).toBeGreaterThan(AGENTS / 4);
    const buckets = new Map<number, number>();
    for (const t of backAt)
      buckets.set(Math.floor(t / 250), (buckets.get(Math.floor(t / 250)) ?? 0) + 1);
    expect(Math.max(...buckets.values())).toBeLessThan(AGENTS * 0.5);
  }, 120_000);
});
