/**
 * Hardening every web contents the app ever gets (windows, and anything unexpected): no
 * navigation, no new windows (https links go to the browser), no <webview>, no permissions.
 * Registered on app 'web-contents-created', so no window can be created without it.
 */
import type { Session, WebContents } from 'electron';
import { externalUrlFor, mayNavigate } from '../tray/navigation-policy.js';
import type { Logger } from '../../src-shared/logger.js';

export function hardenWebContents(
  contents: WebContents,
  deps: { openExternal: (url: string) => void; logger: Logger },
): void {
  const refuse = (what: string) =>
    deps.logger.warn({ webContentsId: contents.id, what }, 'blocked in an app window');
  contents.on('will-navigate', (event) => {
    if (!mayNavigate()) {
      event.preventDefault();
      refuse('navigation');
    }
  });
  contents.on('will-frame-navigate', (event) => {
    if (!mayNavigate()) {
      event.preventDefault();
      refuse('frame navigation');
    }
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    refuse('redirect');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlFor(url);
    if (external) deps.openExternal(external);
    else refuse('window.open');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    refuse('webview');
  });
}

/** Every permission (camera, notifications from pages, clipboard, USB, …) is denied, asked or checked. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
