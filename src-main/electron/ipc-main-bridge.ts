/**
 * The only file that touches `ipcMain`: every channel of the contract is handled through the
 * router, which checks the sender (our window, main frame, app origin) and the payload.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { IpcRouter } from '../tray/ipc-router.js';
import type { IpcSender } from '../tray/ipc-sender.js';
import type { WindowManager } from './window-manager.js';

export function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    kind: 'electron',
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
  };
}

export function registerIpc(
  ipcMain: IpcMain,
  router: IpcRouter,
  windows: WindowManager,
): () => void {
  for (const channel of router.channels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const sender = senderOf(event);
      const outcome = await router.handle(
        { sender, closeWindow: () => windows.closeByWebContentsId(event.sender.id) },
        channel,
        payload,
      );
      // The page learns only that it was refused, not why (the log has the reason).
      if (!outcome.ok) throw new Error('refused');
      return outcome.result;
    });
  }
  return () => {
    for (const channel of router.channels) ipcMain.removeHandler(channel);
  };
}
