/**
 * The web shell's face of the tray: the page shows the tray view as a panel, "windows" are views
 * the page switches to on `window:open`, and notifications become log lines (a browser tab has no
 * tray to notify from; the panel's badge says the same).
 */
import type { IpcEvent, WindowKind } from '../../src-shared/ipc-contract.js';
import type { Logger } from '../../src-shared/logger.js';
import type { TrayUi } from '../tray/tray-controller.js';

export interface WebShellUi extends TrayUi {
  /** Called when a page closes its view (window:close). */
  closedAll(): void;
}

export function createWebShellUi(deps: {
  send: (event: IpcEvent, data: unknown) => void;
  logger: Logger;
  onQuit: () => void;
}): WebShellUi {
  const open = new Set<WindowKind>();
  return {
    setTray: () => undefined,
    notify: (text) => deps.logger.info({ title: text.title, body: text.body }, 'notification'),
    openWindow(kind) {
      open.add(kind);
      deps.send('window:open', { kind });
    },
    isWindowOpen: (kind) => open.has(kind),
    broadcast: (event, data) => deps.send(event, data),
    quit: () => deps.onQuit(),
    closedAll: () => open.clear(),
  };
}
