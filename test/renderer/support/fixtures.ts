import type { AgentStatus } from '../../../src-shared/agent-api.js';
import type { SubmitResult, TrayView } from '../../../src-shared/ipc-contract.js';
import { DEFAULT_POLICY, type Policy } from '../../../src-shared/policy.js';

type Account = NonNullable<AgentStatus['account']>;

export function makeStatus(
  over: {
    policy?: Partial<Policy>;
    account?: Partial<Account> | null;
    connection?: Partial<AgentStatus['connection']>;
  } = {},
): AgentStatus {
  return {
    agentVersion: '0.1.0',
    device: {
      deviceId: 'dev_7f3a',
      hostname: 'jane-laptop',
      directoryUrl: 'https://directory.acme.test',
    },
    connection: {
      state: 'connected',
      lastCheckInAt: '2025-03-01T09:58:00.000Z',
      lastError: null,
      ...over.connection,
    },
    policy: { ...DEFAULT_POLICY, ...over.policy },
    account:
      over.account === null
        ? null
        : {
            userId: 'u_1',
            deviceUsername: 'jane.doe',
            displayName: 'Jane Doe',
            state: 'active',
            appliedPasswordVersion: 1,
            pendingPasswordChange: { version: 2, changedAt: '2025-03-01T09:55:00.000Z' },
            ...over.account,
          },
  };
}

export const NOW = new Date('2025-03-01T10:00:00.000Z');

export function failure(
  error: Extract<SubmitResult, { ok: false }>['error'],
  over: Partial<Extract<SubmitResult, { ok: false }>> = {},
): SubmitResult {
  return {
    ok: false,
    error,
    message: '',
    field: null,
    rules: [],
    retryAfterSeconds: null,
    ...over,
  };
}

export const TRAY: TrayView = {
  icon: 'action-needed',
  tooltip: 'Lockstep: update your device password',
  menu: [
    { id: 'update-password', label: 'Update password…', enabled: true },
    { id: 'change-password', label: 'Change password…', enabled: true },
    { id: 'check-in', label: 'Check in now', enabled: true },
    { id: 'about', label: 'About Lockstep', enabled: true },
    { id: 'quit', label: 'Quit Lockstep', enabled: true },
  ],
};
