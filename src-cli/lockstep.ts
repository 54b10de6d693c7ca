/**
 * The `lockstep` command line: one program, a subcommand group per component.
 *
 * Each component registers its own commands (`register*Commands`) so this file only wires them
 * together and turns failures into a one-line reason and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-support.js';
import { version } from './version.js';
import { registerTrayCommands } from '../src-main/tray-core/tray-commands.js';
import { registerAgentCommands } from '../src-main/agent/cli/agent-commands.js';
import { registerOktaSimCommands } from '../src-okta-sim/okta-sim-command.js';
import { registerDirectoryCommands } from '../src-server/cli/directory-commands.js';
import { registerStartCommand } from './start/start-command.js';

export function buildProgram(): Command {
  const program = new Command('lockstep')
    .description('Keeps local device accounts in lockstep with Okta.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // Components add their command groups below, one line each.
  registerDirectoryCommands(program);
  registerAgentCommands(program);
  registerTrayCommands(program);
  registerOktaSimCommands(program);
  registerStartCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `lockstep … | head`: the reader went away; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help or its own one-line reason.
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`lockstep: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lockstep: ${message}\n`);
    process.exitCode = 1;
  }
}
