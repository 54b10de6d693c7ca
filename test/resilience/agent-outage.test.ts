/**
 * Hours without the directory, in compressed time (fake timers): the agent keeps
 * retrying with its real backoff (never more than 5 minutes apart, never a tight loop), logs the
 * outage once, keeps the last known state, and is back at the first attempt after the directory
 * returns. (Short outages, restarts and a corrupted state file are covered in test/agent.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BACKOFF } from '../../src-main/agent/checkin/backoff.js';
import { createNodeFetch, type FetchLike } from '../../src-main/agent/directory/node-fetch.js';
import { FakeDirectory } from '../agent/support/fake-directory.js';
import { enrolledAgent, removeTempDirs } from '../agent/support/agent-harness.js';
import { captureLogs } from '../support/log-capture.js';

const realSetTimeout = setTimeout;
const settle = () => new Promise((r) => realSetTimeout(r, 5));
const HOURS = 6;

afterEach(async () => {
  vi.useRealTimers();
  await removeTempDirs();
});

describe('agent: directory unreachable for hours', () => {
  it('retries at most 5 minutes apart without flooding its log, keeps the last known state, and reconnects when the directory returns', async () => {
    const directory = new FakeDirectory();
    await directory.start();
    const base = createNodeFetch();
    let down = false;
    let attempts = 0;
    const fetch: FetchLike = async (url, init) => {
      attempts++;
      if (down)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), { code: 'ECONNREFUSED' });
      return base(url, init);
    };
    const { logger, lines } = captureLogs('debug');
    const h = await enrolledAgent(directory, {
      logger,
      fetch,
      timing: { longPollSeconds: 50, backoff: DEFAULT_BACKOFF },
    });
    directory.bind(h.deviceId, { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane Doe' });
    directory.setState('u1', 'suspended');
    await h.agent.start();
    const synced = Date.now() + 10_000;
    // Synced and settled: the account is suspended and the agent is back on its long-poll.
    while (
      (h.platform.accounts.get('jane')?.disabled !== true || directory.held !== 1) &&
      Date.now() < synced
    )
      await settle();
    expect(h.platform.accounts.get('jane')?.disabled).toBe(true);

    // The directory goes away; from here on time is compressed.
    // Timers only: the clock stays real, so signatures and the directory's skew check agree.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    down = true;
    h.agent.checkInNow();
    const firstLine = lines.length;
    const firstAttempt = attempts;
    for (let minute = 0; minute < HOURS * 60; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      await settle();
    }
    const during = attempts - firstAttempt;
    // The waits the loop chose (its debug lines), not fake-clock gaps, which also hold the real file I/O between steps.
    const outageLines = lines.slice(firstLine);
    const waits = outageLines
      .filter((l) => l.msg === 'check-in failed')
      .map((l) => Number(l.retryInMs));
    expect(during).toBeGreaterThanOrEqual((HOURS * 60) / 5); // at least one try per 5 minutes on average
    expect(during).toBeLessThan(2_000); // and no tight loop
    expect(Math.max(...waits)).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
    expect(waits.filter((w) => w > DEFAULT_BACKOFF.capMs / 2).length).toBeGreaterThan(
      waits.length / 4,
    ); // it reached the cap and stays jittered under it
    const loud = outageLines.filter((l) => l.level >= 30);
    expect(loud.map((l) => l.msg)).toEqual([
      'lost the directory; enforcing the last known state until it is back',
    ]);
    expect(h.agent.snapshot().connection.state).toBe('offline');
    expect(h.platform.accounts.get('jane')?.disabled).toBe(true);
    expect((await h.agent.apiFor('jane').getStatus()).account?.state).toBe('suspended');

    // Back: the next attempt (at most 5 minutes later) reconnects.
    down = false;
    for (
      let minute = 0;
      minute < 6 && h.agent.snapshot().connection.state !== 'connected';
      minute++
    ) {
      await vi.advanceTimersByTimeAsync(60_000);
      for (let i = 0; i < 50 && h.agent.snapshot().connection.state !== 'connected'; i++)
        await settle();
    }
    expect(h.agent.snapshot().connection.state, JSON.stringify(lines.slice(-3))).toBe('connected');
    vi.useRealTimers();
    await h.agent.stop();
    await directory.stop();
  }, 120_000);
});
