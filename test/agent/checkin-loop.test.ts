/**
 * The check-in loop's behaviour as an operator sees it: timing of retries, what is logged, and
 * that the device keeps enforcing while the directory is away.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src-main/agent/create-agent.js';
import { createNodeFetch, type FetchLike } from '../../src-main/agent/directory/node-fetch.js';
import { FakeDirectory } from './support/fake-directory.js';
import { enrolledAgent, removeTempDirs, waitFor } from './support/agent-harness.js';
import { captureLogs } from '../support/log-capture.js';

const jane = { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane Doe' };
let directory: FakeDirectory;
let running: Agent[] = [];
const start = async (agent: Agent) => {
  running.push(agent);
  await agent.start();
  return agent;
};
const checkins = (deviceId: string) => directory.device(deviceId).checkins;

/** Records when each request left the agent and how it ended. */
function timedFetch(): { fetch: FetchLike; attempts: Array<{ atMs: number; ok: boolean }> } {
  const base = createNodeFetch();
  const attempts: Array<{ atMs: number; ok: boolean }> = [];
  return {
    attempts,
    fetch: async (url, init) => {
      const atMs = Date.now();
      try {
        const res = await base(url, init);
        attempts.push({ atMs, ok: res.ok });
        return res;
      } catch (error) {
        attempts.push({ atMs, ok: false });
        throw error;
      }
    },
  };
}

beforeEach(async () => {
  directory = new FakeDirectory();
  await directory.start();
});
afterEach(async () => {
  await Promise.all(running.map((a) => a.stop()));
  running = [];
  await directory.stop();
  await removeTempDirs();
});

describe('check-in loop', () => {
  it('checkInNow ends the open long-poll and checks in at once', async () => {
    const h = await enrolledAgent(directory);
    await start(h.agent);
    await waitFor(() => directory.held === 1, 'long-poll open');
    const before = checkins(h.deviceId).length;
    const asked = Date.now();
    h.agent.checkInNow();
    await waitFor(() => checkins(h.deviceId).length > before, 'new check-in');
    expect(Date.now() - asked).toBeLessThan(500);
    expect(checkins(h.deviceId)[before]?.waitSeconds).toBe(0);
  });

  it("holds its long-polls as long as the policy's long-poll-seconds says", async () => {
    const h = await enrolledAgent(directory);
    await start(h.agent);
    await waitFor(() => directory.held === 1, 'long-poll open');
    expect(checkins(h.deviceId).at(-1)?.waitSeconds).toBe(50);
    const before = checkins(h.deviceId).length;
    directory.setPolicy({ longPollSeconds: 900 });
    await waitFor(
      () => checkins(h.deviceId).length > before && directory.held === 1,
      'the next long-poll',
    );
    expect(checkins(h.deviceId).at(-1)?.waitSeconds).toBe(900);
  });

  it('honours Retry-After: no request before the directory said', async () => {
    const t = timedFetch();
    const h = await enrolledAgent(directory, { fetch: t.fetch });
    directory.rateLimit(1, 1);
    await start(h.agent);
    await waitFor(() => t.attempts.length >= 2, 'second attempt', 5_000);
    const [first, second] = t.attempts;
    expect(first?.ok).toBe(false);
    expect(second!.atMs - first!.atMs).toBeGreaterThanOrEqual(1_000);
    expect(second!.atMs - first!.atMs).toBeLessThan(5_000); // at most twice Retry-After, plus a busy machine
  });

  it('backs off with jitter under the cap while the directory is down, and logs the outage once', async () => {
    const { logger, lines } = captureLogs('debug');
    const h = await enrolledAgent(directory, { logger });
    await directory.stop();
    await start(h.agent);
    await new Promise((r) => setTimeout(r, 2_000));
    // The waits the loop chose (debug lines), not wall-clock gaps, so a busy machine cannot fail this.
    const waits = lines.filter((l) => l.msg === 'check-in failed').map((l) => Number(l.retryInMs));
    expect(waits.length).toBeGreaterThanOrEqual(5); // base 40 ms, cap 300 ms
    expect(Math.max(...waits)).toBeLessThanOrEqual(300);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(50);
    expect(new Set(waits).size).toBeGreaterThan(1); // jittered, not a fixed rhythm
    const infoAndAbove = lines.filter((l) => l.level >= 30);
    const outage = infoAndAbove.filter((l) => l.msg.startsWith('lost the directory'));
    expect(outage).toHaveLength(1);
    expect(String(outage[0]?.err)).toContain('ECONNREFUSED');
    expect(h.agent.snapshot().connection).toMatchObject({
      state: 'offline',
      lastError: expect.stringContaining('cannot reach the directory'),
    });

    await directory.start();
    await waitFor(() => h.agent.snapshot().connection.state === 'connected', 'back online', 3_000);
    expect(lines.filter((l) => l.msg === 'back online with the directory')).toHaveLength(1);
    // Everything an operator sees at the default level: start, one outage line, one recovery line.
    expect(lines.filter((l) => l.level >= 30).map((l) => l.msg)).toEqual([
      'agent started',
      'lost the directory; enforcing the last known state until it is back',
      'back online with the directory',
    ]);
  });

  it('survives a directory restart and still gets changes instantly afterwards', async () => {
    const h = await enrolledAgent(directory);
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(
      () => h.platform.accounts.has('jane') && directory.held === 1,
      'synced and long-polling',
    );
    await directory.restart(300);
    await waitFor(() => directory.held === 1, 'long-polling the restarted directory', 5_000);
    const changedAt = Date.now();
    directory.setState('u1', 'suspended');
    await waitFor(
      () => h.platform.accounts.get('jane')?.disabled === true,
      'suspended after restart',
    );
    expect(Date.now() - changedAt).toBeLessThan(1_000);
  });

  it('starts offline from its last known state and enforces it', async () => {
    const h = await enrolledAgent(directory);
    directory.bind(h.deviceId, jane);
    directory.setState('u1', 'suspended');
    await start(h.agent);
    await waitFor(() => h.platform.accounts.get('jane')?.disabled === true, 'suspended');
    await h.agent.stop();
    running = [];
    await directory.stop();
    // Someone re-enables the account while the agent is down and the directory unreachable.
    h.platform.accounts.get('jane')!.disabled = false;
    const again = await start(h.restart());
    expect(h.platform.accounts.get('jane')?.disabled).toBe(true); // enforced during start(), before any answer
    expect((await again.apiFor('jane').getStatus()).account?.state).toBe('suspended');
    await waitFor(() => again.snapshot().connection.state === 'offline', 'offline');
  });

  it('falls back to the policy interval when the directory does not hold long-polls', async () => {
    directory.holdLongPolls = false;
    const h = await enrolledAgent(directory);
    await start(h.agent);
    await new Promise((r) => setTimeout(r, 1_000));
    // Without the fallback this would be hundreds of requests; the interval is 60 s.
    expect(checkins(h.deviceId).length).toBeLessThanOrEqual(3);
    expect(h.agent.snapshot().connection.state).toBe('connected');
  });

  it('stops promptly during a long-poll and records a clean stop', async () => {
    const h = await enrolledAgent(directory);
    await start(h.agent);
    await waitFor(() => directory.held === 1, 'long-poll open');
    const asked = Date.now();
    await h.agent.stop();
    running = [];
    expect(Date.now() - asked).toBeLessThan(500);
    expect(h.agent.snapshot().runningPid).toBeNull();
  });

  it('refuses a corrupted state file, keeps the key, and re-syncs from the directory', async () => {
    const { logger, lines } = captureLogs('info');
    const h = await enrolledAgent(directory, { logger });
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => h.platform.accounts.has('jane'), 'synced');
    await h.agent.stop();
    running = [];
    await writeFile(join(h.stateDir, 'state.json'), '{"schema":1,"cursor":');
    const before = checkins(h.deviceId).length;
    const again = await start(h.restart({ logger }));
    await waitFor(() => again.snapshot().desired.length === 1, 're-synced');
    const refusal = lines.find((l) => l.msg.startsWith('refused the agent state file'));
    expect(refusal).toMatchObject({ level: 50, reason: expect.stringContaining('not valid JSON') });
    expect(checkins(h.deviceId)[before]?.cursor).toBeNull(); // full re-sync, same device key
    expect(h.platform.calls.filter((c) => c.method === 'createAccount')).toHaveLength(1); // the account was recognised, not recreated
  });
});
