/**
 * Starts the tray inside Electron once the app is ready: permissions, the app protocol, windows,
 * IPC, tray icon, then the controller that follows the agent. Everything it needs comes in as
 * parameters, so tests run it against a fake `electron` module and a fake agent.
 */
import { app, ipcMain, protocol, session, shell } from 'electron';
import type { AgentApi } from '../../src-shared/agent-api.js';
import type { Clock } from '../tray/clock.js';
import { createIpcRouter } from '../tray/ipc-router.js';
import { isTrustedSender } from '../tray/ipc-sender.js';
import type { Logger } from '../../src-shared/logger.js';
import { createTrayController } from '../tray/tray-controller.js';
import type { TrayController, TrayPlatform } from '../tray/tray-controller.js';
import { handleAppProtocol } from './app-protocol.js';
import { createElectronUi } from './electron-ui.js';
import { denyAllPermissions, hardenWebContents } from './harden-web-contents.js';
import { registerIpc } from './ipc-main-bridge.js';
import { createTrayIcon } from './tray-icon.js';
import type { TrayIcon } from './tray-icon.js';
import { createWindowManager } from './window-manager.js';
import type { WindowManager } from './window-manager.js';

export interface TrayAppOptions {
  agent: AgentApi;
  platform: TrayPlatform;
  rendererDir: string;
  preloadPath: string;
  iconDir: string;
  clock: Clock;
  logger: Logger;
}

export interface TrayApp {
  controller: TrayController;
  windows: WindowManager;
  stop(): void;
}

export async function startTrayApp(options: TrayAppOptions): Promise<TrayApp> {
  // Before any window exists, so no web contents can ever miss it.
  const harden = (_event: unknown, contents: Electron.WebContents) =>
    hardenWebContents(contents, {
      openExternal: (url) => void shell.openExternal(url),
      logger: options.logger,
    });
  app.on('web-contents-created', harden);
  denyAllPermissions(session.defaultSession);
  handleAppProtocol(protocol, options.rendererDir);
  const windows = createWindowManager({
    preloadPath: options.preloadPath,
    devTools: !app.isPackaged,
  });
  let trayIcon: TrayIcon | null = null;
  const controller = createTrayController({
    agent: options.agent,
    platform: options.platform,
    clock: options.clock,
    ui: createElectronUi({ windows, trayIcon: () => trayIcon }),
    logger: options.logger,
  });
  const router = createIpcRouter({
    handlers: controller.handlers,
    isTrusted: (sender) => isTrustedSender(sender, windows.createdIds),
    logger: options.logger,
  });
  const unregister = registerIpc(ipcMain, router, windows);
  trayIcon = createTrayIcon({
    iconDir: options.iconDir,
    onClick: (id) => void controller.menuClick(id),
  });
  await controller.start();
  return {
    controller,
    windows,
    stop() {
      controller.stop();
      unregister();
      windows.closeAll();
      trayIcon?.destroy();
      app.off('web-contents-created', harden);
    },
  };
}
