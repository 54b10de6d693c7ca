import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./fake-electron.js'));
import { BrowserWindow, ipcMain, Notification, protocol, Tray } from './fake-electron.js';
import { startFakeElectronTray } from './electron-harness.js';
import { makeStatus } from './fakes.js';

let stop: (() => void) | null = null;
beforeEach(() => {
  BrowserWindow.all = [];
  Notification.shown = [];
});
afterEach(() => stop?.());

describe('Electron tray (fake electron module)', () => {
  it('draws the tray from the agent state: badge icon, tooltip, exact menu labels', async () => {
    const { tray } = await startFakeElectronTray(
      makeStatus({ pendingVersion: 2, policy: { passwordAuthority: 'directory' } }),
    );
    stop = tray.stop;
    const icon = Tray.last?.image as { path: string };
    expect(icon.path).toMatch(/tray-action-needed(Template)?\.png$/);
    expect(Tray.last?.tooltip).toContain('password was changed');
    expect(Tray.last?.menu.filter((m) => m.label).map((m) => m.label)).toEqual([
      'Update password…',
      'Change password…',
      'Check in now',
      'About Lockstep',
      'Quit Lockstep',
    ]);
  });

  it('shows the notification; clicking it opens the prompt window from lockstep://app', async () => {
    const { tray } = await startFakeElectronTray();
    stop = tray.stop;
    expect(Notification.shown[0]?.options.body).toBe(
      'Your Okta password was changed. Update this device so you can keep signing in with it.',
    );
    Notification.shown[0]?.emit('click');
    const win = BrowserWindow.all[0];
    expect(win?.loadedUrl).toBe('lockstep://app/index.html?window=prompt');
    expect((win?.options.webPreferences as Record<string, unknown>).sandbox).toBe(true);
    win?.emit('ready-to-show');
    expect(win?.visible).toBe(true);
  });

  it('a menu click opens one window per kind (a second click focuses it)', async () => {
    const { tray } = await startFakeElectronTray();
    stop = tray.stop;
    Tray.last?.menu.find((m) => m.label === 'About Lockstep')?.click?.();
    Tray.last?.menu.find((m) => m.label === 'About Lockstep')?.click?.();
    expect(BrowserWindow.all).toHaveLength(1);
  });

  it('closing a window destroys it and forgets it (no hidden window keeps a form alive)', async () => {
    const { tray } = await startFakeElectronTray();
    stop = tray.stop;
    tray.windows.open('prompt');
    const win = BrowserWindow.all[0]!;
    const id = win.webContents.id;
    expect(tray.windows.createdIds.has(id)).toBe(true);
    await ipcMain.invoke('window:close', {}, { contents: win.webContents });
    expect(win.destroyed).toBe(true);
    expect(tray.windows.isOpen('prompt')).toBe(false);
    expect(tray.windows.createdIds.has(id)).toBe(false);
  });

  it('IPC from our prompt window runs the password flow end to end', async () => {
    const { tray, platform } = await startFakeElectronTray();
    stop = tray.stop;
    tray.windows.open('prompt');
    const win = BrowserWindow.all[0]!;
    const result = await ipcMain.invoke(
      'prompt:submit',
      { newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' },
      { contents: win.webContents },
    );
    expect(result).toMatchObject({ ok: true, message: 'This device now uses your Okta password' });
    expect(platform.localPassword).toBe('N3w-0kta-pass!');
    expect(Tray.last?.menu.map((m) => m.label)).not.toContain('Update password…');
    expect(win.webContents.sent.some((m) => m.channel === 'tray:changed')).toBe(true);
  });

  it('serves the renderer through lockstep://app with the CSP header', async () => {
    const { tray } = await startFakeElectronTray();
    stop = tray.stop;
    const handler = protocol.handlers.get('lockstep')!;
    const ok = await handler(new Request('lockstep://app/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await handler(new Request('lockstep://app/../../etc/passwd'))).status).toBe(404);
    expect((await handler(new Request('lockstep://other/index.html'))).status).toBe(404);
  });
});
