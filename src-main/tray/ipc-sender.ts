/**
 * Who sent an IPC message, and whether the app trusts it.
 *
 * Electron: only the main frame of a window this app created, showing a page of the app's own
 * protocol (VS Code's ipcMain check). Web shell: only a WebSocket that completed the token hello.
 */
import { APP_HOST, APP_SCHEME } from './app-assets.js';

export type IpcSender =
  | { kind: 'electron'; webContentsId: number; frameUrl: string | null; isMainFrame: boolean }
  | { kind: 'web-shell'; connectionId: number; authenticated: boolean };

export function isTrustedElectronSender(
  sender: Extract<IpcSender, { kind: 'electron' }>,
  createdWebContentsIds: ReadonlySet<number>,
): boolean {
  if (!createdWebContentsIds.has(sender.webContentsId) || !sender.isMainFrame || !sender.frameUrl)
    return false;
  try {
    // Compared by parts: WHATWG URL gives custom schemes an opaque ("null") origin.
    const url = new URL(sender.frameUrl);
    return (
      url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password
    );
  } catch {
    return false;
  }
}

export function isTrustedSender(
  sender: IpcSender,
  createdWebContentsIds: ReadonlySet<number>,
): boolean {
  return sender.kind === 'electron'
    ? isTrustedElectronSender(sender, createdWebContentsIds)
    : sender.authenticated;
}
