/**
 * `lockstep tray`: starts the Electron tray, or with `--web` (or when Electron cannot start here)
 * the web shell on loopback, which prints the address to open.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError, parseListen } from '../cli-support.js';
import { version } from '../version.js';
import { startWebShell } from '../../src-main/web-shell/web-shell-server.js';
import { loadAccountPlatform } from '../../src-main/tray/account-platform-loader.js';
import { formatAgentChoice, parseAgentChoice } from '../../src-main/tray/agent-choice.js';
import type { AgentChoice } from '../../src-main/tray/agent-choice.js';
import { connectAgent } from '../../src-main/tray/agent-connection.js';
import { systemClock } from '../../src-main/tray/clock.js';
import { findElectronBinary } from './electron-binary.js';
import { createLogger } from '../../src-shared/logger.js';
import { defaultStateDir } from '../../src-main/tray/tray-args.js';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface TrayCommandOptions {
  web?: boolean;
  listen: string;
  agent: string;
  state: string;
  renderer: string;
}

export function registerTrayCommands(program: Command): void {
  program
    .command('tray')
    .description('Start the Lockstep tray app (Electron), or its web shell with --web')
    .option('--web', 'serve the tray UI on loopback for a browser instead of starting Electron')
    .option(
      '--listen <host:port>',
      'web shell address (loopback only; port 0 picks a free port)',
      '127.0.0.1:0',
    )
    .option(
      '--agent <mode>',
      'in-process, socket, or socket:PATH (the agent service bridge)',
      'socket',
    )
    .option('--state <dir>', 'agent state folder for --agent in-process', defaultStateDir())
    .option('--renderer <dir>', 'renderer bundle to serve', path.join(appRoot, 'dist', 'renderer'))
    .action(async (opts: TrayCommandOptions) => {
      const agent = parseChoice(opts.agent);
      if (!opts.web) {
        const electron = findElectronBinary();
        if (electron.ok) return runElectron(electron.path, agent, opts.state);
        process.stderr.write(
          `lockstep: Electron cannot start here: ${electron.reason}. Starting the web shell instead.\n`,
        );
      }
      await runWebShell(opts, agent);
    });
}

function parseChoice(text: string): AgentChoice {
  try {
    return parseAgentChoice(text);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

async function runElectron(binary: string, agent: AgentChoice, stateDir: string): Promise<void> {
  const env = { ...process.env };
  // The tray must run as Electron, never as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [appRoot, '--agent', formatAgentChoice(agent), '--state', stateDir], {
    stdio: 'inherit',
    env,
  });
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new CliError(`the Electron tray exited with code ${code}`, code);
}

async function runWebShell(opts: TrayCommandOptions, agentChoice: AgentChoice): Promise<void> {
  const { host, port } = parseListen(opts.listen);
  if (!existsSync(path.join(opts.renderer, 'index.html'))) {
    throw new CliError(`${opts.renderer} has no index.html; run \`npm run build\` first`);
  }
  const logger = createLogger({
    service: 'lockstep-tray',
    destination: 'stderr',
    fields: { shell: 'web' },
  });
  const platform = await loadAccountPlatform();
  const connection = await connectAgent(agentChoice, {
    stateDir: opts.state,
    platform,
    logger,
    version,
  });
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const shell = await startWebShell({
    host,
    port,
    rendererDir: opts.renderer,
    agent: connection.agent,
    platform,
    clock: systemClock,
    logger,
    onQuit: () => stop(),
  }).catch((error: unknown) => {
    throw new CliError(`the web shell could not start: ${(error as Error).message}`);
  });
  process.stdout.write(`open ${shell.url}\n`);
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  await stopped;
  await shell.close();
  await connection.close();
}
