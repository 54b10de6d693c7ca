import type { Command } from 'commander';
import { resolve } from 'node:path';
import { parseDuration, printJson, printTable } from '../cli-support.js';
import {
  bindUser,
  createEnrollToken,
  revokeDevice,
  setPolicy,
  showPolicy,
  unbindUser,
} from '../../src-server/admin/device-admin.js';
import { deviceReports } from '../../src-server/admin/device-report.js';
import { adminCall } from './token-commands.js';

export function registerDeviceCommands(directory: Command): void {
  directory
    .command('enroll-token')
    .description('Enrollment tokens for devices')
    .command('create')
    .description('Create an enrollment token; printed once as the last line, only its hash is kept')
    .requiredOption('--data <dir>', 'data folder')
    .option('--uses <n>', 'how many devices may enroll with it', '1')
    .option('--expires <duration>', 'lifetime, e.g. 30m, 24h, 7d', '24h')
    .action((o: { data: string; uses: string; expires: string }) => {
      const expiresInMs = parseDuration(o.expires);
      const token = adminCall(() =>
        createEnrollToken(resolve(o.data), { uses: Number(o.uses), expiresInMs }),
      );
      process.stderr.write(
        `Enrollment token for ${o.uses} device(s), valid for ${o.expires}. It is not shown again.\n`,
      );
      process.stdout.write(`${token}\n`);
    });

  directory
    .command('bind')
    .description(
      'Bind a user to a device: the device creates (or with --takeover adopts) their local account',
    )
    .requiredOption('--data <dir>', 'data folder')
    .requiredOption('--user <userName>', 'the Okta userName (or user id)')
    .requiredOption('--device <id>', 'the device id')
    .option(
      '--takeover',
      'adopt an existing local account with the same name (only if no other user manages it)',
    )
    .action((o: { data: string; user: string; device: string; takeover?: boolean }) => {
      adminCall(() => bindUser(resolve(o.data), o.user, o.device, o.takeover === true));
      process.stdout.write(`bound ${o.user} to ${o.device}\n`);
    });

  directory
    .command('unbind')
    .description('Remove a user from a device')
    .requiredOption('--data <dir>', 'data folder')
    .requiredOption('--user <userName>', 'the Okta userName (or user id)')
    .requiredOption('--device <id>', 'the device id')
    .action((o: { data: string; user: string; device: string }) => {
      adminCall(() => unbindUser(resolve(o.data), o.user, o.device));
      process.stdout.write(`unbound ${o.user} from ${o.device}\n`);
    });

  const policy = directory
    .command('policy')
    .description('Device policy (global, or per device with --device)');
  policy
    .command('set')
    .description(
      'Set a policy key: password-authority, apply-mode, checkin-interval, long-poll-seconds, password-complexity, branding',
    )
    .requiredOption('--data <dir>', 'data folder')
    .option('--device <id>', 'set it for one device only')
    .argument('<key>', 'policy key')
    .argument('<value>', 'value (JSON for password-complexity and branding)')
    .action((key: string, value: string, o: { data: string; device?: string }) => {
      adminCall(() => setPolicy(resolve(o.data), key, value, o.device ?? null));
      process.stdout.write(`${key} set${o.device ? ` for ${o.device}` : ''}\n`);
    });
  policy
    .command('show')
    .description('Print the effective policy (JSON)')
    .requiredOption('--data <dir>', 'data folder')
    .option('--device <id>', 'the policy one device gets')
    .option('--json', 'print JSON (the default)')
    .action((o: { data: string; device?: string }) =>
      printJson(adminCall(() => showPolicy(resolve(o.data), o.device ?? null))),
    );

  directory
    .command('devices')
    .description(
      "List devices: last check-in and, per bound user, applied vs desired state — who's behind",
    )
    .requiredOption('--data <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action((o: { data: string; json?: boolean }) => {
      const devices = adminCall(() => deviceReports(resolve(o.data)));
      if (o.json) return printJson(devices);
      const rows = devices.flatMap((d) => {
        const base = {
          id: d.id,
          hostname: d.hostname,
          os: d.os,
          lastCheckinAt: d.lastCheckinAt,
          status: d.revoked ? 'revoked' : 'enrolled',
        };
        if (d.users.length === 0) return [{ ...base }];
        return d.users.map((u) => ({
          ...base,
          user: u.deviceUsername,
          applied: `${u.appliedState ?? '-'} v${u.appliedPasswordVersion}`,
          desired: `${u.desiredState} v${u.desiredPasswordVersion}`,
          sync: u.behind
            ? `BEHIND${u.lastOutcome === 'failed' && u.lastReason ? ` (${u.lastReason})` : ''}`
            : 'in sync',
        }));
      });
      printTable(
        rows,
        [
          { key: 'id', title: 'DEVICE' },
          { key: 'hostname', title: 'HOST' },
          { key: 'os', title: 'OS' },
          { key: 'status', title: 'STATUS' },
          { key: 'lastCheckinAt', title: 'LAST CHECK-IN' },
          { key: 'user', title: 'USER' },
          { key: 'applied', title: 'APPLIED' },
          { key: 'desired', title: 'DESIRED' },
          { key: 'sync', title: 'SYNC' },
        ],
        'No devices yet; enroll one with `lockstep agent enroll` and a token from `lockstep directory enroll-token create`.',
      );
    });

  directory
    .command('device')
    .description('One device')
    .command('revoke')
    .description('Revoke a device: its requests get 401 at once and its held check-ins end')
    .requiredOption('--data <dir>', 'data folder')
    .argument('<device-id>', 'the device id')
    .action((id: string, o: { data: string }) => {
      adminCall(() => revokeDevice(resolve(o.data), id));
      process.stdout.write(`revoked ${id}\n`);
    });
}
