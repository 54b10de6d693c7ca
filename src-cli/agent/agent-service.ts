/**
 * The agent service's entry: what systemd, launchd and WinSW start (`lockstep-agent.cjs agent run
 * …`; packaging/ has the command lines). `lockstep agent run` from bin/ is the same command.
 *
 * scripts/build-agent.mjs bundles this file into dist/lockstep-agent.cjs, so the long-lived service
 * loads one tree-shaken file: loading the CLI and ~180 modules one by one (all of zod, with ~60
 * locales) held 7-9 MB more resident memory for as long as it ran. Only `agent run` is
 * registered: the service needs nothing else, and enrollment's modules (node-machine-id) stay out.
 */
import './zod-jitless.js'; // first: before any module builds a schema
import { Command, CommanderError } from 'commander';
import { CliError } from '../cli-support.js';
import { registerRunCommand } from './run-command.js';

const program = new Command('lockstep')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();
registerRunCommand(program.command('agent').description('The device agent service.'));

// No top-level await: the bundle is CommonJS (see scripts/build-agent.mjs).
program.parseAsync(process.argv).catch((error: unknown) => {
  // Commander has already printed help or its own one-line reason for its errors.
  if (!(error instanceof CommanderError))
    process.stderr.write(`lockstep: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode =
    error instanceof CommanderError || error instanceof CliError ? error.exitCode : 1;
});
