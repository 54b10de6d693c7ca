import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CliError, parseDuration, printJson, printTable } from '../cli-support.js';
import { listAuditRecords, listUserSummaries } from '../../src-server/admin/directory-reports.js';
import { adminCall } from './token-commands.js';

export function registerReportCommands(directory: Command): void {
  directory
    .command('users')
    .description('List users with their state and password version')
    .requiredOption('--data <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action((o: { data: string; json?: boolean }) => {
      const users = adminCall(() => listUserSummaries(resolve(o.data)));
      if (o.json) return printJson(users);
      printTable(
        users.map((u) => ({ ...u })),
        [
          { key: 'userName', title: 'USERNAME' },
          { key: 'deviceUsername', title: 'DEVICE USERNAME' },
          { key: 'state', title: 'STATE' },
          { key: 'passwordVersion', title: 'PASSWORD VERSION' },
          { key: 'passwordChangedAt', title: 'PASSWORD CHANGED' },
          { key: 'id', title: 'ID' },
        ],
        'No users yet; Okta creates them when you assign people to the Lockstep app.',
      );
    });

  directory
    .command('audit')
    .description('Print the audit log (JSON Lines with --json, ready for a SIEM)')
    .requiredOption('--data <dir>', 'data folder')
    .option('--json', 'print one JSON object per line')
    .option(
      '--since <when>',
      'an ISO time (2025-01-31T00:00:00Z) or a duration back from now (15m, 24h, 7d)',
    )
    .action((o: { data: string; json?: boolean; since?: string }) => {
      const since = o.since === undefined ? undefined : sinceToIso(o.since);
      const records = adminCall(() => listAuditRecords(resolve(o.data), since));
      if (o.json) {
        for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      printTable(
        records.map((r) => ({ ...r, detail: r.detail ? JSON.stringify(r.detail) : '' })),
        [
          { key: 'at', title: 'TIME' },
          { key: 'actor', title: 'ACTOR' },
          { key: 'action', title: 'ACTION' },
          { key: 'target', title: 'TARGET' },
          { key: 'outcome', title: 'OUTCOME' },
          { key: 'detail', title: 'DETAIL' },
        ],
        'The audit log is empty for this period.',
      );
    });
}

function sinceToIso(text: string): string {
  if (/^\d+\s*(ms|s|m|h|d)$/.test(text.trim()))
    return new Date(Date.now() - parseDuration(text)).toISOString();
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new CliError(
      `--since "${text}" is neither an ISO time (2025-01-31T00:00:00Z) nor a duration (24h)`,
    );
  return new Date(t).toISOString();
}
