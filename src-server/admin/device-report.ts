import { withExistingStore } from './directory-reports.js';

export interface DeviceUserReport {
  userId: string;
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

export interface DeviceReport {
  id: string;
  hostname: string;
  os: string;
  osVersion: string;
  agentVersion: string;
  enrolledAt: string;
  lastCheckinAt: string | null;
  revoked: boolean;
  users: DeviceUserReport[];
}

/** Each device's last check-in and, per bound user, what it applied versus what it should have. */
export function deviceReports(dataDir: string): DeviceReport[] {
  return withExistingStore(dataDir, (store) =>
    store.devices.allDevices().map((d) => {
      const status = new Map(store.devices.statusOf(d.id).map((s) => [s.userId, s]));
      const users = store.devices.bindingsOf(d.id).flatMap((b) => {
        const u = store.users.get(b.userId);
        if (!u) return [];
        const s = status.get(u.id);
        const appliedPasswordVersion = s?.appliedPasswordVersion ?? 0;
        const appliedState = s?.appliedState ?? null;
        return [
          {
            userId: u.id,
            userName: u.userName,
            deviceUsername: u.deviceUsername,
            desiredState: u.state,
            desiredPasswordVersion: u.password.version,
            appliedState,
            appliedPasswordVersion,
            behind: appliedState !== u.state || appliedPasswordVersion < u.password.version,
            lastAction: s?.lastAction ?? null,
            lastOutcome: s?.lastOutcome ?? null,
            lastReason: s?.lastReason ?? null,
          },
        ];
      });
      return {
        id: d.id,
        hostname: d.hostname,
        os: d.os,
        osVersion: d.osVersion,
        agentVersion: d.agentVersion,
        enrolledAt: d.enrolledAt,
        lastCheckinAt: d.lastCheckinAt,
        revoked: d.revokedAt !== null,
        users,
      };
    }),
  );
}
