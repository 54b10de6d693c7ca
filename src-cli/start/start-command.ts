/**
 * `lockstep start` (`npm start`): the whole product on one machine in one command — the directory
 * on embedded SQLite, a demo user provisioned as Okta would, an in-process agent enrolled and
 * bound, and the tray (Electron where its binary exists, otherwise the web shell). Logs go to
 * <data>/logs/lockstep.log so the terminal shows only the guide. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { startDirectory } from '../../src-server/directory-server.js';
import { createAgent } from '../../src-main/agent/create-agent.js';
import { createLogger } from '../../src-shared/logger.js';
import { DemoAccountPlatform } from '../../src-main/platform/demo-account-platform.js';
import { startBridgeServer } from '../../src-main/bridge/bridge-server.js';
import { createInProcessAgentApi } from '../../src-main/bridge/in-process-api.js';
import { systemClock } from '../../src-main/tray/clock.js';
import { findElectronBinary } from '../tray/electron-binary.js';
import { startWebShell } from '../../src-main/web-shell/web-shell-server.js';
import { CliError, parseListen } from '../cli-support.js';
import { projectRoot, version } from '../version.js';
import { demoGuide } from './demo-guide.js';
import { DEMO_USER, demoPaths, prepareDemo } from './demo-setup.js';

interface StartOptions {
  data: string;
  listen: string;
  tray: string;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'Run Lockstep on embedded defaults: directory, demo user, in-process agent and tray (what `npm start` runs)',
    )
    .option('--data <dir>', 'data folder (reused on the next run)', 'lockstep-data')
    .option('--listen <host:port>', 'directory address', '127.0.0.1:7420')
    .option(
      '--tray <kind>',
      'auto (Electron when its binary exists, else the web shell) | electron | web',
      'auto',
    )
    .action((opts: StartOptions) => runStart(opts));
}

async function runStart(opts: StartOptions): Promise<void> {
  if (!['auto', 'electron', 'web'].includes(opts.tray))
    throw new CliError('--tray must be auto, electron or web');
  const root = projectRoot();
  const rendererDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new CliError('the tray UI is not built; run `npm run build` first');
  const electron = findElectronBinary();
  if (opts.tray === 'electron' && !electron.ok)
    throw new CliError(`Electron cannot start here: ${electron.reason}; use --tray web`);

  const paths = demoPaths(resolve(opts.data));
  const { host, port } = parseListen(opts.listen);
  const logFile = join(paths.data, 'logs', 'lockstep.log');
  mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 });
  const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
  const logger = createLogger({ service: 'lockstep-agent', destination: log });
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse())
      await Promise.resolve(cleanup()).catch(() => undefined);
    await new Promise<void>((done) => log.end(done));
  };

  try {
    const directory = await startDirectory({
      dataDir: paths.directoryData,
      host,
      port,
      logDestination: log,
    }).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(
        error.code === 'EADDRINUSE'
          ? `${opts.listen} is already in use (is another \`npm start\` running?); pass --listen 127.0.0.1:PORT`
          : `the directory could not start: ${error.message}`,
      );
    });
    cleanups.push(() => directory.close());

    const accounts = new DemoAccountPlatform(paths.accountsFile);
    const deviceId = await prepareDemo(paths, directory.url, accounts);
    const agent = createAgent({
      stateDir: paths.agentState,
      platform: accounts,
      logger,
      agentVersion: version,
    });
    await agent.start();
    cleanups.push(() => agent.stop());
    const api = createInProcessAgentApi(agent.apiFor(DEMO_USER.username));

    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((done) => (stop = done));
    let tray: { kind: 'web'; url: string } | { kind: 'electron' };
    if (opts.tray !== 'web' && electron.ok) {
      const bridge = await startBridgeServer({ socketPath: paths.bridgeSocket, api, logger });
      cleanups.push(() => bridge.close());
      const child = startElectronTray(electron.path, root, paths.bridgeSocket, paths.accountsFile);
      cleanups.push(() => child.kill('SIGTERM'));
      child.once('exit', () => stop());
      tray = { kind: 'electron' };
    } else {
      if (opts.tray === 'auto' && !electron.ok) {
        process.stdout.write(
          `Electron cannot start here (${electron.reason}), so the tray runs as a web page.\n`,
        );
      }
      const shell = await startWebShell({
        host: '127.0.0.1',
        port: 0,
        rendererDir,
        agent: api,
        platform: accounts,
        clock: systemClock,
        logger,
        onQuit: () => stop(),
      });
      cleanups.push(() => shell.close());
      tray = { kind: 'web', url: shell.url };
    }
    process.stdout.write(
      demoGuide({ paths, directoryUrl: directory.url, deviceId, tray, cwd: process.cwd() }),
    );
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
    await stopped;
    process.stdout.write('Stopping Lockstep…\n');
  } finally {
    await stopAll();
  }
}

function startElectronTray(
  binary: string,
  appRoot: string,
  socket: string,
  accountsFile: string,
): ChildProcess {
  const env = { ...process.env };
  // The tray must run as Electron, never as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  return spawn(binary, [appRoot, '--agent', `socket:${socket}`, '--demo-accounts', accountsFile], {
    stdio: 'inherit',
    env,
  });
}
