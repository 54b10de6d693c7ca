/**
 * The parts of the admin commands' `--json` output the E2E suite reads (`directory users`,
 * `directory devices`, `directory audit`, `agent status`). Only what the tests look at is typed.
 */
export interface DirectoryUser {
  id: string;
  userName: string;
  deviceUsername: string;
  state: 'active' | 'suspended';
  passwordVersion: number;
}

export interface DeviceUserView {
  userName: string;
  deviceUsername: string;
  desiredState: string;
  desiredPasswordVersion: number;
  appliedState: string | null;
  appliedPasswordVersion: number;
  behind: boolean;
  lastAction: string | null;
  lastOutcome: string | null;
  lastReason: string | null;
}

export interface DeviceView {
  id: string;
  lastCheckinAt: string | null;
  users: DeviceUserView[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: 'success' | 'failure';
  detail: Record<string, unknown>;
}

export interface AgentStatusView {
  agent: { running: boolean; pid: number | null };
  connection: { state: string; lastCheckInAt: string | null } | null;
  policy: { passwordAuthority: string; applyMode: string } | null;
  users: Array<{
    deviceUsername: string;
    desiredState: string;
    appliedState: string | null;
    desiredPasswordVersion: number;
    appliedPasswordVersion: number;
    pendingPasswordChange: { version: number; applyMode: string } | null;
  }>;
}
