/**
 * `lockstep agent enroll`: enrolls this device with a directory. The token is read from stdin or
 * a file, never from the command line.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { EnrollRequest } from '../../src-shared/checkin-protocol.js';
import { version } from '../version.js';
import { CliError, printJson, readStdin } from '../cli-support.js';
import { DirectoryError } from '../../src-main/agent/directory/directory-error.js';
import { AlreadyEnrolledError, enrollDevice } from '../../src-main/agent/identity/enroll-device.js';

async function readToken(tokenFile: string | undefined): Promise<string> {
  let text: string;
  if (tokenFile) {
    text = await readFile(tokenFile, 'utf8').catch(() => {
      throw new CliError(`cannot read --token-file ${tokenFile}`);
    });
  } else if (process.stdin.isTTY) {
    process.stderr.write('Enrollment token: ');
    const rl = createInterface({ input: process.stdin, terminal: false });
    text = await new Promise<string>((done) => rl.once('line', (line) => (rl.close(), done(line))));
  } else {
    text = await readStdin();
  }
  const token = text.trim();
  if (!EnrollRequest.shape.token.safeParse(token).success) {
    throw new CliError(
      'the enrollment token must be 16 to 256 characters; copy the whole token printed by `lockstep directory enroll-token create`',
    );
  }
  return token;
}

interface EnrollFlags {
  directory: string;
  state: string;
  tokenFile?: string;
  caFile?: string;
  force?: boolean;
  json?: boolean;
}

export function registerEnrollCommand(agent: Command): void {
  agent
    .command('enroll')
    .description('Enroll this device with a Lockstep directory and print its device id.')
    .requiredOption('--directory <url>', 'the directory, e.g. https://lockstep.example.com')
    .requiredOption('--state <dir>', 'the agent state folder (created with mode 0700)')
    .option('--token-file <file>', 'read the enrollment token from this file instead of stdin')
    .option(
      '--ca-file <file>',
      'PEM file with the CA that signed the directory certificate (self-signed directories)',
    )
    .option('--force', 'replace an existing enrollment in --state with a new device')
    .option('--json', 'print the enrollment as JSON')
    .addHelpText(
      'after',
      '\nThe enrollment token is a secret, so it is read from stdin or --token-file and never taken as an\n' +
        'argument: arguments are visible to every user in the process list and stay in shell history.\n' +
        '  lockstep agent enroll --directory https://dir.example.com --state /var/lib/lockstep < token.txt\n',
    )
    .action(async (flags: EnrollFlags) => {
      const token = await readToken(flags.tokenFile);
      try {
        const { record, warning } = await enrollDevice({
          directoryUrl: flags.directory,
          token,
          stateDir: resolve(flags.state),
          caFile: flags.caFile ? resolve(flags.caFile) : null,
          force: flags.force === true,
          agentVersion: version,
        });
        if (warning) process.stderr.write(`lockstep: warning: ${warning}\n`);
        if (flags.json) return printJson(record);
        process.stdout.write(
          `Enrolled ${record.hostname} with ${record.directoryUrl}\n${record.deviceId}\n`,
        );
      } catch (error) {
        if (error instanceof AlreadyEnrolledError || error instanceof DirectoryError)
          throw new CliError(error.message);
        if (error instanceof TypeError && /Invalid URL/i.test(error.message)) {
          throw new CliError(
            `--directory "${flags.directory}" is not a URL; use e.g. https://lockstep.example.com`,
          );
        }
        throw error;
      }
    });
}
