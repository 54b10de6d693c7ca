/**
 * `lockstep agent run`: the agent in the foreground, for systemd / launchd / a Windows service.
 * JSON log lines on stdout; SIGTERM or SIGINT ends the open long-poll, saves state, exits 0.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-support.js';
import { version } from '../version.js';
import { createLogger } from '../../src-shared/logger.js';
import { createAgent, type Agent } from '../../src-main/agent/create-agent.js';
import { readDeviceRecord } from '../../src-main/agent/identity/device-identity.js';
import { choosePlatform, defaultPlatformName, PLATFORM_NAMES } from './platform-choice.js';
import { keepUserBridges } from '../../src-main/bridge/bridge-keeper.js';

interface RunFlags {
  state: string;
  platform?: string;
  caFile?: string;
  logLevel: string;
  bridge: boolean;
  bridgeDir?: string;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export function registerRunCommand(agent: Command): void {
  agent
    .command('run')
    .description(
      'Run the device agent in the foreground (JSON log lines; stops cleanly on SIGTERM/SIGINT).',
    )
    .requiredOption('--state <dir>', 'the agent state folder written by `lockstep agent enroll`')
    .option(
      '--platform <name>',
      `how local accounts are changed: ${PLATFORM_NAMES.join(' | ')} (fake changes nothing)`,
    )
    .option(
      '--ca-file <file>',
      'PEM CA file for the directory (overrides the one given at enrollment)',
    )
    .option('--log-level <level>', `${LEVELS.join(' | ')}`, 'info')
    .option(
      '--bridge-dir <dir>',
      'folder for the per-user tray sockets (<uid>.sock), instead of /run/lockstep/users',
    )
    .option('--no-bridge', 'serve no tray sockets (headless devices)')
    .action(async (flags: RunFlags) => {
      if (!LEVELS.includes(flags.logLevel))
        throw new CliError(`--log-level must be one of ${LEVELS.join(', ')}`);
      const stateDir = resolve(flags.state);
      const record = await readDeviceRecord(stateDir).catch((error: Error) => {
        throw new CliError(error.message);
      });
      if (!record)
        throw new CliError(
          `${stateDir} is not enrolled; run \`lockstep agent enroll --directory URL --state ${flags.state}\` first`,
        );
      const logger = createLogger({ service: 'lockstep-agent', level: flags.logLevel });
      const platform = choosePlatform(flags.platform ?? defaultPlatformName(), (note) =>
        logger.warn({ note }, 'account script note'),
      );
      const agent = createAgent({
        stateDir,
        platform,
        logger,
        agentVersion: version,
        ...(flags.caFile ? { caFile: resolve(flags.caFile) } : {}),
      });
      const stopped = new Promise<void>((done) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGTERM', stop).off('SIGINT', stop);
          logger.info({ signal }, 'stopping');
          agent.stop().then(done, (error: unknown) => {
            logger.error(
              { err: error instanceof Error ? error.message : String(error) },
              'stopping failed',
            );
            process.exitCode = 1;
            done();
          });
        };
        process.on('SIGTERM', stop).on('SIGINT', stop);
      });
      const bridges = flags.bridge
        ? keepUserBridges(
            {
              apiFor: (username) => agent.apiFor(username),
              boundUsernames: () => agent.snapshot().desired.map((u) => u.deviceUsername),
              onCheckIn: (listener) => bridgeSyncTriggers(agent, listener),
            },
            {
              logger,
              ...(flags.bridgeDir
                ? {
                    socketPathFor: (user) =>
                      join(resolve(flags.bridgeDir ?? ''), `${user.uid ?? user.username}.sock`),
                  }
                : {}),
            },
          )
        : null;
      await agent.start();
      // The last known bindings get their sockets at once, even before the directory answers.
      await bridges?.sync();
      await stopped;
      await bridges?.close();
    });
}

/**
 * When the tray sockets may need to change: a check-in that brought new bindings, or an applied
 * action (an account created, taken over or re-enabled). Not every long-poll renewal: while a bound
 * user has no local account, each sync looks it up with two `id` processes, every 50 s, for nothing.
 */
function bridgeSyncTriggers(agent: Agent, listener: () => void): () => void {
  const offCheckin = agent.on('checkin', (checkin) => {
    if (checkin.changed) listener();
  });
  const offResult = agent.on('result', (result) => {
    if (result.outcome === 'applied') listener();
  });
  return () => {
    offCheckin();
    offResult();
  };
}
