/**
 * Creates the app's windows (one per kind), remembers which web contents are ours for the IPC
 * sender check, and forgets them when they close. Closing destroys the window: nothing that held
 * a password form stays alive hidden.
 */
import { BrowserWindow } from 'electron';
import type { IpcEvent, WindowKind } from '../../src-shared/ipc-contract.js';
import { APP_ORIGIN } from '../tray/app-assets.js';
import { getWindowOptions } from '../tray/window-options.js';

export interface WindowManager {
  open(kind: WindowKind): void;
  isOpen(kind: WindowKind): boolean;
  /** Web contents ids of windows this app created and that are still open. */
  readonly createdIds: ReadonlySet<number>;
  closeByWebContentsId(id: number): void;
  broadcast(event: IpcEvent, data: unknown): void;
  closeAll(): void;
}

export function createWindowManager(deps: {
  preloadPath: string;
  devTools: boolean;
}): WindowManager {
  const windows = new Map<WindowKind, BrowserWindow>();
  const createdIds = new Set<number>();

  return {
    open(kind) {
      const existing = windows.get(kind);
      if (existing && !existing.isDestroyed()) {
        existing.show();
        existing.focus();
        return;
      }
      const win = new BrowserWindow(getWindowOptions(kind, deps));
      const id = win.webContents.id;
      windows.set(kind, win);
      createdIds.add(id);
      win.once('ready-to-show', () => {
        win.show();
        win.focus();
      });
      win.once('closed', () => {
        windows.delete(kind);
        createdIds.delete(id);
      });
      void win.loadURL(`${APP_ORIGIN}/index.html?window=${kind}`);
    },
    isOpen: (kind) => windows.has(kind),
    createdIds,
    closeByWebContentsId(id) {
      for (const win of windows.values()) if (win.webContents.id === id) win.close();
    },
    broadcast(event, data) {
      for (const win of windows.values()) if (!win.isDestroyed()) win.webContents.send(event, data);
    },
    closeAll() {
      for (const win of windows.values()) win.destroy();
    },
  };
}
