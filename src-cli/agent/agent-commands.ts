/**
 * `lockstep agent …`: enroll, run, status.
 */
import type { Command } from 'commander';
import { registerEnrollCommand } from './enroll-command.js';
import { registerRunCommand } from './run-command.js';
import { registerStatusCommand } from './status-command.js';

export function registerAgentCommands(program: Command): void {
  const agent = program
    .command('agent')
    .description('The device agent: enroll this device, run it, show its status.');
  registerEnrollCommand(agent);
  registerRunCommand(agent);
  registerStatusCommand(agent);
}
