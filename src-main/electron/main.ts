/**
 * Electron entry point (package.json "main"). Thin: single-instance lock, the app scheme (which
 * must be registered before the app is ready), then `startTrayApp`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, protocol } from 'electron';
import { loadAccountPlatform } from '../tray/account-platform-loader.js';
import { connectAgent } from '../tray/agent-connection.js';
import { systemClock } from '../tray/clock.js';
import { createLogger } from '../../src-shared/logger.js';
import { parseTrayArgs } from '../tray/tray-args.js';
import { registerAppScheme } from './app-protocol.js';
import { startTrayApp } from './tray-app.js';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const logger = createLogger({ service: 'lockstep-tray', destination: 'stderr' });

registerAppScheme(protocol);
// A tray app lives on with no window open; only `Quit Lockstep` ends it.
app.on('window-all-closed', () => undefined);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(async () => {
      const args = parseTrayArgs(process.argv);
      const platform = await loadAccountPlatform({
        demoAccounts: args.demoAccounts,
        ...(app.isPackaged ? { resourcesPath: process.resourcesPath } : {}),
      });
      const connection = await connectAgent(args.agent, {
        stateDir: args.stateDir,
        platform,
        logger,
        version: app.getVersion(),
      });
      const tray = await startTrayApp({
        agent: connection.agent,
        platform,
        rendererDir: path.join(appRoot, 'dist', 'renderer'),
        preloadPath: path.join(appRoot, 'dist', 'preload.cjs'),
        iconDir: path.join(appRoot, 'packaging', 'icons'),
        clock: systemClock,
        logger,
      });
      app.on('second-instance', () => tray.windows.open('about'));
      app.on('before-quit', () => {
        tray.stop();
        void connection.close();
      });
    })
    .catch((error: unknown) => {
      logger.error(
        { error: error instanceof Error ? error.message : String(error) },
        'tray failed to start',
      );
      app.exit(1);
    });
}
