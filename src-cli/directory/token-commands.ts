import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CliError, printJson, printTable } from '../cli-support.js';
import {
  createScimToken,
  listScimTokens,
  revokeScimToken,
} from '../../src-server/admin/scim-tokens.js';

export function registerTokenCommands(directory: Command): void {
  const token = directory.command('token').description('SCIM bearer tokens for Okta');

  token
    .command('create')
    .description(
      'Create a SCIM token; it is printed once, as the last line, and only its hash is kept',
    )
    .requiredOption('--data <dir>', 'data folder')
    .requiredOption('--name <name>', 'a label for the token, e.g. okta')
    .action((o: { data: string; name: string }) => {
      const plaintext = adminCall(() => createScimToken(resolve(o.data), o.name));
      process.stderr.write(
        'SCIM token created. Paste it into Okta (Provisioning > Integration > API Token); it is not shown again.\n',
      );
      process.stdout.write(`${plaintext}\n`);
    });

  token
    .command('list')
    .description('List SCIM tokens (names and dates, never the tokens)')
    .requiredOption('--data <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action((o: { data: string; json?: boolean }) => {
      const tokens = adminCall(() => listScimTokens(resolve(o.data)));
      if (o.json) return printJson(tokens);
      printTable(
        tokens.map((t) => ({ ...t, status: t.revokedAt ? 'revoked' : 'active' })),
        [
          { key: 'id', title: 'ID' },
          { key: 'name', title: 'NAME' },
          { key: 'status', title: 'STATUS' },
          { key: 'createdAt', title: 'CREATED' },
          { key: 'revokedAt', title: 'REVOKED' },
        ],
        'No SCIM tokens yet; create one with `lockstep directory token create --name okta`.',
      );
    });

  token
    .command('revoke')
    .description('Revoke a SCIM token by id or name; requests with it get 401 at once')
    .requiredOption('--data <dir>', 'data folder')
    .argument('<id-or-name>', 'the token id or name from `token list`')
    .action((idOrName: string, o: { data: string }) => {
      const n = adminCall(() => revokeScimToken(resolve(o.data), idOrName));
      process.stdout.write(`revoked ${n} token${n === 1 ? '' : 's'}\n`);
    });
}

/** Runs an admin operation and turns its failure into a one-line CLI reason. */
export function adminCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}
