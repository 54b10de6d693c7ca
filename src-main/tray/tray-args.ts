/**
 * The tray's own switches, read the same way by `lockstep tray` and by the Electron main process
 * (which receives them on its command line): `--agent in-process|socket[:PATH]`, `--state DIR`,
 * and `--demo-accounts FILE` (`lockstep start`'s demo: accounts in a file, not the OS).
 */
import os from 'node:os';
import path from 'node:path';
import { parseAgentChoice } from './agent-choice.js';
import type { AgentChoice } from './agent-choice.js';

export interface TrayArgs {
  agent: AgentChoice;
  stateDir: string;
  demoAccounts: string | null;
}

export function defaultStateDir(): string {
  return path.join(os.homedir(), '.lockstep', 'agent');
}

export function parseTrayArgs(argv: readonly string[]): TrayArgs {
  const value = (name: string): string | null => {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] ?? '';
      if (arg === name) return argv[i + 1] ?? null;
      if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    }
    return null;
  };
  return {
    agent: parseAgentChoice(value('--agent') ?? 'socket'),
    stateDir: value('--state') ?? defaultStateDir(),
    demoAccounts: value('--demo-accounts'),
  };
}
