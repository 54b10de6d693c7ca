/**
 * Test doubles for the tray: an agent that behaves like the real one at its API (verifier check
 * with throttling, pending change, status pushes), an OS account with a real password to change,
 * and a clock tests move by hand.
 */
import { AgentApiError } from '../../src-shared/agent-api.js';
import type { AgentApi, AgentStatus, VerifyResult } from '../../src-shared/agent-api.js';
import { DEFAULT_POLICY } from '../../src-shared/policy.js';
import type { Policy } from '../../src-shared/policy.js';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import type { AccountPlatform } from '../../src-main/platform/account-platform.js';
import type { Clock } from '../../src-main/tray/clock.js';

export function makeStatus(
  over: {
    pendingVersion?: number | null;
    applied?: number;
    state?: 'active' | 'suspended';
    connection?: AgentStatus['connection']['state'];
    lastCheckInAt?: string | null;
    policy?: Partial<Policy>;
    account?: null;
  } = {},
): AgentStatus {
  const pendingVersion = over.pendingVersion === undefined ? null : over.pendingVersion;
  return {
    agentVersion: '0.1.0',
    device: { deviceId: 'dev_1', hostname: 'laptop-7', directoryUrl: 'https://dir.example.test' },
    connection: {
      state: over.connection ?? 'connected',
      lastCheckInAt:
        over.lastCheckInAt === undefined ? '2025-03-01T10:00:00.000Z' : over.lastCheckInAt,
      lastError: over.connection === 'offline' ? 'connect ECONNREFUSED' : null,
    },
    policy: { ...DEFAULT_POLICY, ...over.policy },
    account:
      over.account === null
        ? null
        : {
            userId: 'usr_1',
            deviceUsername: 'jane',
            displayName: 'Jane Doe',
            state: over.state ?? 'active',
            appliedPasswordVersion: over.applied ?? 1,
            pendingPasswordChange:
              pendingVersion === null
                ? null
                : { version: pendingVersion, changedAt: '2025-03-01T09:59:00.000Z' },
          },
  };
}

export interface FakeAgent extends AgentApi {
  status: AgentStatus;
  /** The password Okta now has (what verifyNewPassword accepts). */
  oktaPassword: string;
  calls: string[];
  reports: Array<{ version: number; outcome: string }>;
  push(status: AgentStatus): void;
  fail: AgentApiError | null;
}

export function createFakeAgent(status: AgentStatus, oktaPassword = 'N3w-0kta-pass!'): FakeAgent {
  const listeners = new Set<(s: AgentStatus) => void>();
  let wrong = 0;
  const agent: FakeAgent = {
    status,
    oktaPassword,
    calls: [],
    reports: [],
    fail: null,
    push(next) {
      agent.status = next;
      for (const l of listeners) l(next);
    },
    async getStatus() {
      agent.calls.push('getStatus');
      if (agent.fail) throw agent.fail;
      return agent.status;
    },
    async checkInNow() {
      agent.calls.push('checkInNow');
      if (agent.fail) throw agent.fail;
    },
    async verifyNewPassword({ password, version }): Promise<VerifyResult> {
      agent.calls.push('verifyNewPassword');
      if (agent.fail) throw agent.fail;
      if (agent.status.account?.pendingPasswordChange?.version !== version) {
        return {
          ok: false,
          reason: 'no-pending-change',
          retryAfterSeconds: null,
          attemptsLeft: null,
        };
      }
      if (wrong >= 5)
        return {
          ok: false,
          reason: 'throttled',
          retryAfterSeconds: 30 * 2 ** (wrong - 5),
          attemptsLeft: 0,
        };
      if (password === agent.oktaPassword) return { ok: true };
      wrong++;
      return {
        ok: false,
        reason: 'mismatch',
        retryAfterSeconds: null,
        attemptsLeft: Math.max(0, 5 - wrong),
      };
    },
    async reportPasswordApplied(params) {
      agent.calls.push('reportPasswordApplied');
      agent.reports.push({ version: params.version, outcome: params.outcome });
      const account = agent.status.account;
      if (params.outcome === 'applied' && account) {
        agent.push({
          ...agent.status,
          account: {
            ...account,
            appliedPasswordVersion: params.version,
            pendingPasswordChange: null,
          },
        });
      }
    },
    async resetPassword({ version }) {
      agent.calls.push('resetPassword');
      return { lost: 'Your saved keychain items were moved aside.', passwordVersion: version };
    },
    async requestPasswordChange({ newPassword }) {
      agent.calls.push('requestPasswordChange');
      if (agent.status.policy.passwordAuthority === 'okta') {
        throw new AgentApiError('refused-by-policy', 'Okta owns passwords here.');
      }
      agent.oktaPassword = newPassword;
      return { version: (agent.status.account?.appliedPasswordVersion ?? 0) + 1 };
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return agent;
}

export interface FakePlatform extends Pick<AccountPlatform, 'os' | 'changePassword'> {
  localPassword: string;
  changeCalls: number;
  refuse: string[] | null;
}

export function createFakePlatform(
  localPassword = 'old-device-pass',
  os: AccountPlatform['os'] = 'linux',
): FakePlatform {
  const platform: FakePlatform = {
    os,
    localPassword,
    changeCalls: 0,
    refuse: null,
    async changePassword(_username, previous, next) {
      platform.changeCalls++;
      if (previous !== platform.localPassword)
        throw new PlatformError('wrong-previous-password', 'The previous password is wrong.');
      if (platform.refuse)
        throw new PlatformError('policy-refused', 'The OS refused the password.', platform.refuse);
      platform.localPassword = next;
    },
  };
  return platform;
}

export interface FakeClock extends Clock {
  advance(ms: number): void;
  pendingTimers(): number;
}

export function createFakeClock(start = Date.parse('2025-03-01T10:05:00.000Z')): FakeClock {
  let now = start;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let seq = 0;
  return {
    now: () => now,
    after(ms, fn) {
      const id = seq++;
      timers.push({ at: now + ms, fn, id });
      return {
        cancel: () => {
          timers = timers.filter((t) => t.id !== id);
        },
      };
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t.id !== due.id);
        now = due.at;
        due.fn();
      }
      now = end;
    },
    pendingTimers: () => timers.length,
  };
}
