/**
 * `lockstep okta-sim …`: drive a Lockstep directory with exactly the SCIM requests Okta sends.
 *
 * The issue sketched `--token TOKEN`; the token is a secret, so it comes from `--token-file` or
 * `--token-stdin` instead (argv is visible to every local user in `ps` and lands in shell
 * history). Passwords are read from stdin only.
 */
import { Command, Option } from 'commander';
import { CliError, printJson, readStdin } from '../cli-support.js';
import { formatExchange, toRecord } from '../../src-okta-sim/exchange-printer.js';
import { OktaSimulator, type OktaStyle } from '../../src-okta-sim/okta-simulator.js';
import { registerSpecTestCommand } from './spec-test-command.js';
import type { JsonObject, ScimExchange } from '../../src-okta-sim/scim-request.js';
import { passwordFromStdin } from './secret-input.js';
import { profileFromEmail } from '../../src-okta-sim/profile-from-email.js';
import { connect, type ConnectionOptions } from './sim-connection.js';

interface SimOptions extends ConnectionOptions {
  style: OktaStyle;
  json?: boolean;
}

const SECRET_HELP = `
Secrets: the SCIM token is never taken as an argument or from the environment (both are
visible to other local users); give --token-file FILE (readable only by you: chmod 600) or
--token-stdin. push-password and sign-in read the password from stdin, so with them the token
must come from --token-file. Printed bodies show every password as "***".`;

export function registerOktaSimCommands(program: Command): void {
  const group = program
    .command('okta-sim')
    .description("Send a Lockstep directory exactly the SCIM requests Okta sends, in Okta's order")
    .addOption(
      new Option('--directory <url>', 'the directory URL (…/scim/v2 is added when missing)'),
    )
    .addOption(new Option('--token-file <file>', 'file holding the SCIM bearer token (mode 600)'))
    .addOption(new Option('--token-stdin', 'read the SCIM bearer token from stdin'))
    // Accepted only to refuse it with the reason, instead of commander's bare "unknown option".
    .addOption(new Option('--token <token>').hideHelp())
    .addOption(
      new Option(
        '--style <style>',
        'template: an OIN template app (PATCH for activate, deactivate, password); ' +
          "wizard: a custom app from Okta's App Integration Wizard (GET then PUT for everything)",
      )
        .choices(['template', 'wizard'])
        .default('template'),
    )
    .option('--json', 'print the exchanges and the result as JSON')
    .addHelpText('after', SECRET_HELP);

  group
    .command('assign <email>')
    .description(
      'Assign a user to the app: filter by userName, then POST with a placeholder password if missing',
    )
    .option('--first <name>', 'given name (default: from the email)')
    .option('--last <name>', 'family name (default: from the email)')
    .action(async (email: string, o: { first?: string; last?: string }, cmd: Command) => {
      await run(cmd, false, async (sim) => {
        const { created, user } = await sim.assign(profileFromEmail(email, o.first, o.last));
        return {
          summary: `${email}: ${created ? 'created' : 'already in the directory'} (id ${String(user['id'])})`,
          result: user,
        };
      });
    });

  group
    .command('push-password <email>')
    .description("Push the user's new Okta password (read from stdin)")
    .action(async (email: string, _o: unknown, cmd: Command) => {
      await run(cmd, true, async (sim, password) => ({
        summary: `${email}: password pushed`,
        result: await sim.pushPassword(email, password),
      }));
    });

  group
    .command('sign-in <email>')
    .description(
      'Re-push the password the user typed at Okta sign-in (read from stdin); unchanged passwords change nothing',
    )
    .action(async (email: string, _o: unknown, cmd: Command) => {
      await run(cmd, true, async (sim, password) => ({
        summary: `${email}: sign-in password re-pushed`,
        result: await sim.pushPassword(email, password),
      }));
    });

  group
    .command('update <email>')
    .description('Push a profile change (GET then PUT, as Okta does for both app styles)')
    .option('--title <title>', 'job title')
    .option('--first <name>', 'given name')
    .option('--last <name>', 'family name')
    .action(
      async (email: string, o: { title?: string; first?: string; last?: string }, cmd: Command) => {
        await run(cmd, false, async (sim) => ({
          summary: `${email}: profile updated`,
          result: await sim.update(email, {
            title: o.title,
            givenName: o.first,
            familyName: o.last,
          }),
        }));
      },
    );

  for (const [name, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    group
      .command(`${name} <email>`)
      .description(
        active
          ? 'Reactivate the user in the app'
          : 'Deactivate the user (unassignment, suspension or deactivation in Okta)',
      )
      .action(async (email: string, _o: unknown, cmd: Command) => {
        await run(cmd, false, async (sim) => ({
          summary: `${email}: ${name}d`,
          result: await sim.setActive(email, active),
        }));
      });
  }

  group
    .command('push-group <name> <emails...>')
    .description(
      'Group Push: create the group if missing, then make its members exactly these users',
    )
    .action(async (name: string, emails: string[], _o: unknown, cmd: Command) => {
      await run(cmd, false, async (sim) => ({
        summary: `group "${name}": ${emails.length} member(s) pushed`,
        result: await sim.pushGroup(name, emails),
      }));
    });

  registerSpecTestCommand(group);
}

type SimAction = (
  sim: OktaSimulator,
  password: string,
) => Promise<{ summary: string; result: JsonObject | null }>;

async function run(cmd: Command, needsPassword: boolean, action: SimAction): Promise<void> {
  const options = cmd.optsWithGlobals<SimOptions>();
  const exchanges: ScimExchange[] = [];
  const onExchange = (e: ScimExchange) => {
    exchanges.push(e);
    if (!options.json) process.stdout.write(formatExchange(e));
  };
  const { client } = await connect(options, needsPassword, onExchange);
  const password = needsPassword ? passwordFromStdin(await readPasswordStdin()) : '';
  try {
    const { summary, result } = await action(new OktaSimulator(client, options.style), password);
    if (options.json)
      printJson({ style: options.style, exchanges: exchanges.map(toRecord), result });
    else process.stdout.write(`${summary}\n`);
  } catch (error) {
    if (options.json)
      printJson({
        style: options.style,
        exchanges: exchanges.map(toRecord),
        error: errorMessage(error),
      });
    throw new CliError(errorMessage(error));
  }
}

async function readPasswordStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError(
      'pipe the password on stdin (typing it at a terminal would echo it), e.g. from your password manager',
    );
  }
  return readStdin();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
