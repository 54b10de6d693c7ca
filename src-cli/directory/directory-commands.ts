import type { Command } from 'commander';
import { registerDeviceCommands } from './device-commands.js';
import { registerReportCommands } from './report-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerTokenCommands } from './token-commands.js';

/** `lockstep directory …`: the server and the admin commands that work on its data folder. */
export function registerDirectoryCommands(program: Command): void {
  const directory = program
    .command('directory')
    .description(
      'The Lockstep directory: SCIM for Okta, device enrollment and check-in, admin commands',
    );
  registerServeCommand(directory);
  registerTokenCommands(directory);
  registerReportCommands(directory);
  registerDeviceCommands(directory);
}
