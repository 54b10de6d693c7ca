/**
 * The Electron face of the tray: tray icon, native notifications, real windows.
 */
import { app, Notification } from 'electron';
import type { TrayUi } from '../tray/tray-controller.js';
import type { TrayIcon } from './tray-icon.js';
import type { WindowManager } from './window-manager.js';

export function createElectronUi(deps: {
  windows: WindowManager;
  trayIcon: () => TrayIcon | null;
}): TrayUi {
  // Held so the click handler is not garbage-collected while the notification is on screen.
  let current: Notification | null = null;
  return {
    setTray: (view) => deps.trayIcon()?.update(view),
    notify(text, onClick) {
      if (!Notification.isSupported()) return;
      current?.close();
      current = new Notification({ title: text.title, body: text.body, silent: false });
      current.on('click', onClick);
      current.show();
    },
    openWindow: (kind) => deps.windows.open(kind),
    isWindowOpen: (kind) => deps.windows.isOpen(kind),
    broadcast: (event, data) => deps.windows.broadcast(event, data),
    quit: () => app.quit(),
  };
}
