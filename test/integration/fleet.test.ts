/**
 * 200 real agents long-polling one real directory: a password pushed by Okta reaches all of them,
 * and a directory restart is survived with reconnects spread by jitter, not in one wave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUserSummaries } from '../../src-server/admin/directory-reports.js';
import { createNodeFetch, type FetchLike } from '../../src-main/agent/directory/node-fetch.js';
import { enrollFleet, inBatches, percentile, waitFor, type Fleet } from './support/agent-fleet.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';

const AGENTS = 200;
const USER = 'fleet.user@example.com';
const USERNAME = 'fleet.user';
/** Generous bound for "reached everyone"; the figures themselves are printed, not asserted. */
const DELIVERY_BOUND_MS = 10_000;

interface Seen {
  at: number;
  version: number;
}

let dir: LiveDirectory;
let fleet: Fleet;
let userId: string;
/** Every check-in answer each agent stored: when, and which password version it held. */
const checkins: Seen[][] = [];
const connections: Array<Array<{ at: number; state: string }>> = [];
/** Every check-in each agent sent: when it left, and the status it got (null: no answer). */
const sent: Array<Array<{ at: number; status: number | null }>> = [];

/** The agent's real HTTP, noting when each check-in leaves: that is when a herd would hit the server. */
function recordingFetch(index: number): FetchLike {
  const real = createNodeFetch();
  const log: Array<{ at: number; status: number | null }> = [];
  sent[index] = log;
  return async (url, init) => {
    if (!url.endsWith('/checkin')) return real(url, init);
    const entry: { at: number; status: number | null } = { at: Date.now(), status: null };
    log.push(entry);
    const res = await real(url, init);
    entry.status = res.status;
    return res;
  };
}

const versionInDirectory = () =>
  listUserSummaries(dir.dataDir).find((u) => u.id === userId)?.passwordVersion ?? -1;

function firstSeen(index: number, version: number, since: number): number | null {
  return checkins[index]?.find((c) => c.version >= version && c.at >= since)?.at ?? null;
}

function summary(label: string, deltas: number[]): string {
  return `${label}: n=${deltas.length} p50=${percentile(deltas, 50)} ms p99=${percentile(deltas, 99)} ms max=${Math.max(...deltas)} ms`;
}

async function expectPendingEverywhere(version: number): Promise<void> {
  const statuses = await inBatches(fleet.agents, 50, (a) => a.agent.apiFor(USERNAME).getStatus());
  for (const status of statuses) {
    expect(status.connection.state).toBe('connected');
    expect(status.account?.pendingPasswordChange?.version).toBe(version);
  }
}

beforeAll(async () => {
  dir = await startLiveDirectory();
  userId = await dir.createUser(USER);
  fleet = await enrollFleet(dir, AGENTS, (index) => ({ fetch: recordingFetch(index) }));
  fleet.bindAll(USER);
  for (const a of fleet.agents) {
    const seen: Seen[] = [];
    const conn: Array<{ at: number; state: string }> = [];
    checkins[a.index] = seen;
    connections[a.index] = conn;
    a.agent.on('checkin', (e) =>
      seen.push({
        at: e.receivedAtMs,
        version: e.users.find((u) => u.userId === userId)?.passwordVersion ?? -1,
      }),
    );
    a.agent.on('connection', (e) => conn.push({ at: Date.now(), state: e.state }));
  }
  await fleet.startAll();
  // Settled: every device made the account and reported it, so each is now in its long-poll.
  await waitFor(
    () =>
      fleet.agents.every(
        (a) => a.platform.accounts.has(USERNAME) && a.agent.snapshot().outbox.length === 0,
      ),
    () => `all ${AGENTS} agents to create ${USERNAME} and report it`,
    30_000,
  );
  await new Promise((r) => setTimeout(r, 300));
}, 90_000);

afterAll(async () => {
  await fleet?.dispose();
  await dir?.close();
});

describe(`${AGENTS} agents long-polling one directory`, () => {
  it('all enrolled with one multi-use token and hold the placeholder-free state', async () => {
    expect(new Set(fleet.agents.map((a) => a.deviceId)).size).toBe(AGENTS);
    // Okta's create-time placeholder is not a password devices act on.
    expect(versionInDirectory()).toBe(0);
    const status = await fleet.agents[0]!.agent.apiFor(USERNAME).getStatus();
    expect(status.account).toMatchObject({ userId, state: 'active', pendingPasswordChange: null });
  });

  it('a password PATCH from Okta reaches every agent', async () => {
    const { sentAt, answeredAt } = await dir.pushPassword(userId, 'Fleet-Password-Number-1');
    const version = versionInDirectory();
    expect(version).toBe(1);
    await waitFor(
      () => fleet.agents.every((a) => firstSeen(a.index, version, sentAt) !== null),
      () =>
        `every agent to receive version ${version} (${fleet.agents.filter((a) => firstSeen(a.index, version, sentAt) === null).length} still waiting)`,
      DELIVERY_BOUND_MS,
    );
    const fromSent = fleet.agents.map(
      (a) => (firstSeen(a.index, version, sentAt) ?? Number.NaN) - sentAt,
    );
    console.log(`[integration] SCIM PATCH answered in ${answeredAt - sentAt} ms`);
    console.log(`[integration] ${summary('password delivery from PATCH sent', fromSent)}`);
    console.log(
      `[integration] ${summary(
        'password delivery from SCIM response',
        fromSent.map((d) => d - (answeredAt - sentAt)),
      )}`,
    );
    expect(Math.max(...fromSent)).toBeLessThan(DELIVERY_BOUND_MS);
    await expectPendingEverywhere(version);
  });

  it('survives a directory restart: agents reconnect spread by jitter and get a later change', async () => {
    const before = versionInDirectory();
    const down = Date.now();
    await dir.restart(1_000);
    const up = Date.now();
    // Everyone noticed the outage (the held polls were answered at close, the next attempt failed)...
    await waitFor(
      () =>
        fleet.agents.every((a) =>
          connections[a.index]!.some((c) => c.state === 'offline' && c.at >= down),
        ),
      'every agent to notice the directory was gone',
      5_000,
    );
    // ...and came back on its own.
    const offlineAt = (i: number) =>
      connections[i]!.find((c) => c.state === 'offline' && c.at >= down)!.at;
    const backOnline = (i: number) =>
      connections[i]!.some((c) => c.state === 'connected' && c.at >= offlineAt(i));
    await waitFor(
      () => fleet.agents.every((a) => backOnline(a.index)),
      () =>
        `every agent to reconnect (${fleet.agents.filter((a) => !backOnline(a.index)).length} still offline)`,
      20_000,
    );
    // When each agent sent the check-in that got through again: when it reached the server.
    const reconnectSent = (i: number) =>
      sent[i]!.find((r) => r.at >= offlineAt(i) && r.status === 200)?.at ?? Number.NaN;
    const times = fleet.agents.map((a) => reconnectSent(a.index) - up).sort((a, b) => a - b);
    expect(times.every(Number.isFinite)).toBe(true);
    const busiest = busiestWindow(times, 100);
    console.log(
      `[integration] reconnecting check-ins sent after restart: first ${times[0]} ms, p50 ${percentile(times, 50)} ms, last ${times.at(-1)} ms; busiest 100 ms window held ${busiest} of ${AGENTS}`,
    );
    // A herd would come back within a few ms of each other; full jitter spreads them over seconds.
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(500);
    expect(busiest).toBeLessThan(AGENTS / 2);

    const { sentAt } = await dir.pushPassword(userId, 'Fleet-Password-Number-2');
    const version = versionInDirectory();
    expect(version).toBe(before + 1);
    await waitFor(
      () => fleet.agents.every((a) => firstSeen(a.index, version, sentAt) !== null),
      `every agent to receive version ${version} after the restart`,
      DELIVERY_BOUND_MS,
    );
    const deltas = fleet.agents.map(
      (a) => (firstSeen(a.index, version, sentAt) ?? Number.NaN) - sentAt,
    );
    console.log(`[integration] ${summary('delivery after the restart, from PATCH sent', deltas)}`);
    await expectPendingEverywhere(version);
  });
});

/** The most values (sorted ascending) inside any window of `widthMs`. */
function busiestWindow(sorted: readonly number[], widthMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! > widthMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
