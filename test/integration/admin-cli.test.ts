/**
 * Admin commands run from the command line in another process while agents long-poll: a policy
 * change wakes them at once, and `devices --json` shows what each device reported back after a
 * suspension and a reactivation from Okta.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceReports, type DeviceReport } from '../../src-server/admin/device-report.js';
import { enrollFleet, percentile, waitFor, type Fleet } from './support/agent-fleet.js';
import { ensureBuilt, lockstep } from './support/admin-cli.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';

const AGENTS = 20;
const USER = 'cli.user@example.com';
const USERNAME = 'cli.user';

let dir: LiveDirectory;
let fleet: Fleet;
let userId: string;

const allInSync = (state: 'active' | 'suspended') =>
  deviceReports(dir.dataDir).every(
    (d) => d.users.length === 1 && d.users[0]!.appliedState === state && !d.users[0]!.behind,
  );

async function devicesFromCli(): Promise<DeviceReport[]> {
  const run = await lockstep(['directory', 'devices', '--data', dir.dataDir, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as DeviceReport[];
}

beforeAll(async () => {
  ensureBuilt();
  dir = await startLiveDirectory();
  userId = await dir.createUser(USER);
  fleet = await enrollFleet(dir, AGENTS);
  fleet.bindAll(USER);
  await fleet.startAll();
  await waitFor(
    () => allInSync('active') && fleet.agents.every((a) => a.agent.snapshot().outbox.length === 0),
    'every device to create the account and report it',
    20_000,
  );
}, 120_000);

afterAll(async () => {
  await fleet?.dispose();
  await dir?.close();
});

describe('admin commands from another process', () => {
  it('`policy set password-authority directory` wakes the long-polls: every agent has the new policy at once', async () => {
    const seenAt = new Map<number, number>();
    for (const a of fleet.agents) {
      expect(a.agent.snapshot().policy.passwordAuthority).toBe('okta');
      a.agent.on('checkin', () => {
        if (!seenAt.has(a.index) && a.agent.snapshot().policy.passwordAuthority === 'directory')
          seenAt.set(a.index, Date.now());
      });
    }
    const run = await lockstep([
      'directory',
      'policy',
      'set',
      '--data',
      dir.dataDir,
      'password-authority',
      'directory',
    ]);
    const committedBy = Date.now();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('password-authority set');
    // Held polls last up to 50 s and the interval is 60 s: only a wake-up delivers within seconds.
    await waitFor(
      () => seenAt.size === AGENTS,
      () => `every agent to see the policy (${seenAt.size}/${AGENTS})`,
      5_000,
    );
    const lags = [...seenAt.values()].map((t) => Math.max(0, t - committedBy));
    console.log(
      `[integration] CLI policy change reached ${AGENTS} agents: p50 ${percentile(lags, 50)} ms, max ${Math.max(...lags)} ms after the command exited`,
    );
    for (const a of fleet.agents)
      expect((await a.agent.apiFor(USERNAME).getStatus()).policy.passwordAuthority).toBe(
        'directory',
      );
  });

  it('Okta deactivation disables the account and ends its sessions on every device; `devices --json` shows it applied', async () => {
    for (const a of fleet.agents) a.platform.accounts.get(USERNAME)!.sessions = 2;
    await dir.setActive(userId, false);
    await waitFor(() => allInSync('suspended'), 'every device to report the suspension');
    for (const a of fleet.agents) {
      const calls = a.platform.calls.filter((c) => c.username === USERNAME).map((c) => c.method);
      expect(calls).toContain('disableAccount');
      expect(calls.indexOf('endSessions')).toBeGreaterThan(calls.indexOf('disableAccount'));
      expect(a.platform.accounts.get(USERNAME)).toMatchObject({ disabled: true, sessions: 0 });
      expect((await a.agent.apiFor(USERNAME).getStatus()).account?.state).toBe('suspended');
    }
    const devices = await devicesFromCli();
    expect(devices).toHaveLength(AGENTS);
    for (const d of devices) {
      expect(d.lastCheckinAt).not.toBeNull();
      expect(d.users).toEqual([
        expect.objectContaining({
          userId,
          deviceUsername: USERNAME,
          desiredState: 'suspended',
          appliedState: 'suspended',
          behind: false,
          lastAction: 'suspend',
          lastOutcome: 'applied',
        }),
      ]);
    }
  });

  it('reactivation re-enables the account everywhere and `devices --json` shows it restored', async () => {
    await dir.setActive(userId, true);
    await waitFor(() => allInSync('active'), 'every device to report the restore');
    for (const a of fleet.agents) {
      expect(a.platform.calls.at(-1)).toEqual({ method: 'enableAccount', username: USERNAME });
      expect(a.platform.accounts.get(USERNAME)?.disabled).toBe(false);
    }
    for (const d of await devicesFromCli()) {
      expect(d.users[0]).toMatchObject({
        desiredState: 'active',
        appliedState: 'active',
        behind: false,
        lastAction: 'restore',
        lastOutcome: 'applied',
      });
    }
  });
});
