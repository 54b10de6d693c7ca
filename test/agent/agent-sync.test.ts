/**
 * The agent against a directory: what reaches the device, what the device does once, and what it
 * reports back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryPlatform } from '../../src-main/platform/memory-platform.js';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import type { Agent } from '../../src-main/agent/create-agent.js';
import { FakeDirectory } from './support/fake-directory.js';
import { enrolledAgent, removeTempDirs, waitFor, type Harness } from './support/agent-harness.js';

const jane = { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane Doe' };

class FlakyPlatform extends MemoryPlatform {
  failCreate = false;
  override async createAccount(
    username: string,
    opts: { fullName: string; userId: string },
  ): Promise<void> {
    if (this.failCreate) {
      this.calls.push({ method: 'createAccount', username });
      throw new PlatformError(
        'failed',
        'useradd exited with status 9: the group "staff" does not exist',
      );
    }
    return super.createAccount(username, opts);
  }
}

let directory: FakeDirectory;
let running: Agent[] = [];
const start = async (agent: Agent) => {
  running.push(agent);
  await agent.start();
  return agent;
};
const callsOf = (p: MemoryPlatform, method: string) =>
  p.calls.filter((c) => c.method === method).length;
const resultsOf = (h: Harness) => directory.device(h.deviceId).results;

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

describe('agent sync', () => {
  it('creates the account of a newly bound user once and reports it', async () => {
    const h = await enrolledAgent(directory);
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => resultsOf(h).length === 1, 'create-account result');
    expect(resultsOf(h)[0]).toMatchObject({
      userId: 'u1',
      action: 'create-account',
      outcome: 'applied',
      reason: null,
    });
    expect(h.platform.accounts.get('jane')).toMatchObject({
      managedFor: 'u1',
      fullName: 'Jane Doe',
    });
    // The applied state travels on the following check-ins.
    h.agent.checkInNow();
    await waitFor(
      () =>
        directory.device(h.deviceId).checkins.some((c) => c.applied.some((a) => a.userId === 'u1')),
      'applied state sent',
    );
    expect(callsOf(h.platform, 'createAccount')).toBe(1);
  });

  it('delivers a suspension on the open long-poll within a second, once, and survives a restart without redoing it', async () => {
    const h = await enrolledAgent(directory);
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => h.platform.accounts.has('jane'), 'account created');
    await waitFor(() => directory.held === 1, 'long-poll open');
    h.platform.accounts.get('jane')!.sessions = 2;
    const changedAt = Date.now();
    directory.setState('u1', 'suspended');
    await waitFor(
      () =>
        h.platform.accounts.get('jane')?.disabled === true &&
        h.platform.accounts.get('jane')?.sessions === 0,
      'suspended',
    );
    expect(Date.now() - changedAt).toBeLessThan(1_000);
    await waitFor(() => resultsOf(h).some((r) => r.action === 'suspend'), 'suspend reported');
    for (let i = 0; i < 3; i++) h.agent.checkInNow();
    await new Promise((r) => setTimeout(r, 200));
    await h.agent.stop();
    running = [];
    await start(h.restart());
    await new Promise((r) => setTimeout(r, 200));
    expect(callsOf(h.platform, 'disableAccount')).toBe(1);
    expect(callsOf(h.platform, 'endSessions')).toBe(1);
    expect(resultsOf(h).filter((r) => r.action === 'suspend')).toHaveLength(1);

    directory.setState('u1', 'active');
    await waitFor(() => h.platform.accounts.get('jane')?.disabled === false, 'restored');
    await waitFor(() => resultsOf(h).some((r) => r.action === 'restore'), 'restore reported');
  });

  it('silent mode applies the crypt hash once and reports the version', async () => {
    const h = await enrolledAgent(directory);
    directory.setPolicy({ applyMode: 'silent' });
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => h.platform.accounts.has('jane'), 'account created');
    await directory.setPassword('u1', 'Correct-Horse-1');
    await waitFor(
      () => resultsOf(h).some((r) => r.action === 'silent-apply'),
      'silent apply reported',
    );
    expect(resultsOf(h).find((r) => r.action === 'silent-apply')).toMatchObject({
      passwordVersion: 1,
      outcome: 'applied',
    });
    expect(h.platform.accounts.get('jane')?.passwordSetBy).toBe('hash');
    h.agent.checkInNow();
    await waitFor(
      () => directory.device(h.deviceId).checkins.at(-1)?.applied[0]?.passwordVersion === 1,
      'applied version sent',
    );
    expect(callsOf(h.platform, 'setPasswordHash')).toBe(1);
  });

  it('refuses to take over an unmanaged account without --takeover and says why, once', async () => {
    const platform = new MemoryPlatform('linux');
    platform.addAccount('jane');
    const h = await enrolledAgent(directory, { platform });
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => resultsOf(h).length === 1, 'refusal reported');
    expect(resultsOf(h)[0]).toMatchObject({ action: 'takeover', outcome: 'failed' });
    expect(resultsOf(h)[0]?.reason).toContain('bind with --takeover');
    h.agent.checkInNow();
    await new Promise((r) => setTimeout(r, 150));
    expect(resultsOf(h)).toHaveLength(1);

    directory.bind(h.deviceId, jane, true);
    await waitFor(() => platform.accounts.get('jane')?.managedFor === 'u1', 'taken over');
    await waitFor(
      () => resultsOf(h).some((r) => r.action === 'takeover' && r.outcome === 'applied'),
      'takeover reported',
    );
  });

  it('reports a platform failure with its reason once, not on every check-in', async () => {
    const platform = new FlakyPlatform('linux');
    platform.failCreate = true;
    const h = await enrolledAgent(directory, { platform });
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => resultsOf(h).length === 1, 'failure reported');
    expect(resultsOf(h)[0]).toMatchObject({
      action: 'create-account',
      outcome: 'failed',
      reason: expect.stringContaining('group "staff" does not exist'),
    });
    for (let i = 0; i < 3; i++) {
      h.agent.checkInNow();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(callsOf(platform, 'createAccount')).toBe(1);
    expect(resultsOf(h)).toHaveLength(1);
  });

  it('queues results while the directory is away and delivers them when it is back', async () => {
    const h = await enrolledAgent(directory);
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => resultsOf(h).length === 1, 'create reported');
    const api = h.agent.apiFor('jane');
    await directory.setPassword('u1', 'Correct-Horse-1');
    await waitFor(() => h.agent.snapshot().desired[0]?.passwordVersion === 1, 'version 1 known');
    await directory.stop();
    await api.reportPasswordApplied({ version: 1, outcome: 'applied', reason: null });
    expect(h.agent.snapshot().outbox).toHaveLength(1);
    await directory.start();
    await waitFor(
      () => resultsOf(h).some((r) => r.action === 'password-apply'),
      'queued result delivered',
      10_000,
    );
    expect(h.agent.snapshot().outbox).toHaveLength(0);
  });

  it('stops following an unbound user without touching the account', async () => {
    const h = await enrolledAgent(directory);
    directory.bind(h.deviceId, jane);
    await start(h.agent);
    await waitFor(() => h.platform.accounts.has('jane'), 'created');
    directory.unbind(h.deviceId, 'u1');
    await waitFor(() => h.agent.snapshot().desired.length === 0, 'unbound');
    expect(h.agent.snapshot().applied).toEqual([]);
    expect(h.platform.accounts.get('jane')?.disabled).toBe(false);
  });
});
