/**
 * The `lockstep` command line: one program, a subcommand group per component.
 *
 * Each component registers its own commands (`register*Commands`) so this file only wires them
 * together and turns failures into a one-line reason and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-support.js';
import { version } from './version.js';

type Register = (program: Command) => void;

/**
 * Command groups, loaded only when used: `lockstep agent run` is a long-lived service and must not
 * carry the directory's SQLite and hashing modules (or the tray's) in its memory and start-up time.
 */
const COMMAND_GROUPS: Record<string, () => Promise<Register>> = {
  directory: async () =>
    (await import('./directory/directory-commands.js')).registerDirectoryCommands,
  agent: async () => (await import('./agent/agent-commands.js')).registerAgentCommands,
  tray: async () => (await import('./tray/tray-commands.js')).registerTrayCommands,
  'okta-sim': async () => (await import('./okta-sim/okta-sim-command.js')).registerOktaSimCommands,
  start: async () => (await import('./start/start-command.js')).registerStartCommand,
};

/** The program with the group `argv` names, or every group (for `--help` and unknown commands). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('lockstep')
    .description('Keeps local device accounts in lockstep with Okta.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const named = argv[2];
  const groups =
    named !== undefined && named in COMMAND_GROUPS ? [named] : Object.keys(COMMAND_GROUPS);
  for (const name of groups) (await COMMAND_GROUPS[name]!())(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // `lockstep … | head`: the reader went away; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const program = await buildProgram(argv);
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
