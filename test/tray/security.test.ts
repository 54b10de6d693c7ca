/**
 * One group per threat against the tray (Bitwarden's *.security.spec habit): each case states the
 * attack and the refusal a user can rely on.
 */
import http from 'node:http';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', () => import('./fake-electron.js'));
import {
  BrowserWindow,
  contextBridge,
  FakeWebContents,
  ipcMain,
  ipcRenderer,
  Notification,
  session,
  shell,
} from './fake-electron.js';
import { startFakeElectronTray } from './electron-harness.js';
import { helloSocket, openSocket, startTestShell } from './web-shell-harness.js';

type Started = Awaited<ReturnType<typeof startFakeElectronTray>>;
let t: Started;
const submit = { newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' };

beforeEach(async () => {
  BrowserWindow.all = [];
  Notification.shown = [];
  t = await startFakeElectronTray();
  t.tray.windows.open('prompt');
});
afterEach(() => t.tray.stop());
const promptWindow = () => BrowserWindow.all[0]!;

describe('threat: IPC from a web contents the app did not create', () => {
  it('is refused and never reaches the agent or the OS', async () => {
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'lockstep://app/index.html?window=prompt';
    await expect(ipcMain.invoke('prompt:submit', submit, { contents: stranger })).rejects.toThrow(
      'refused',
    );
    expect(t.agent.calls).not.toContain('verifyNewPassword');
    expect(t.platform.changeCalls).toBe(0);
  });
});

describe('threat: IPC from a sub-frame of our window', () => {
  it('is refused even when the frame claims the app origin', async () => {
    const frame = { url: 'lockstep://app/index.html' };
    await expect(
      ipcMain.invoke('status:get', {}, { contents: promptWindow().webContents, frame }),
    ).rejects.toThrow('refused');
  });
  it('is refused when the frame is already gone', async () => {
    await expect(
      ipcMain.invoke('status:get', {}, { contents: promptWindow().webContents, frame: null }),
    ).rejects.toThrow('refused');
  });
});

describe('threat: our window navigated away to a foreign page that then calls IPC', () => {
  it('navigation is cancelled', () => {
    const contents = promptWindow().webContents;
    expect(contents.fire('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-redirect', { url: 'https://evil.example/' })).toBe(true);
  });
  it('IPC from a main frame showing a foreign origin is refused', async () => {
    const contents = promptWindow().webContents;
    contents.mainFrame.url = 'https://evil.example/';
    await expect(ipcMain.invoke('prompt:submit', submit, { contents })).rejects.toThrow('refused');
    contents.mainFrame.url = 'file:///etc/passwd';
    await expect(ipcMain.invoke('status:get', {}, { contents })).rejects.toThrow('refused');
  });
});

describe('threat: window.open / target=_blank', () => {
  it('never opens an app window; only https goes to the system browser', () => {
    const open = promptWindow().webContents.windowOpenHandler!;
    expect(open({ url: 'https://help.example.com/password' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://plain.example.com/' })).toEqual({ action: 'deny' });
    expect(BrowserWindow.all).toHaveLength(1);
    expect(shell.opened).toEqual(['https://help.example.com/password']);
  });
});

describe('threat: a page attaches a <webview> or asks for permissions', () => {
  it('webview attach is prevented', () => {
    expect(promptWindow().webContents.fire('will-attach-webview')).toBe(true);
  });
  it('every permission request and check is denied', () => {
    const granted: boolean[] = [];
    session.defaultSession.permissionRequest?.(
      ...([null, 'media', (ok: boolean) => granted.push(ok), {}] as never[]),
    );
    expect(granted).toEqual([false]);
    expect(
      session.defaultSession.permissionCheck?.(
        ...([null, 'clipboard-read', 'lockstep://app', {}] as never[]),
      ),
    ).toBe(false);
    expect(session.defaultSession.devicePermission?.(...([{}] as never[]))).toBe(false);
  });
});

describe('threat: a payload with extra or malformed fields', () => {
  it.each([
    ['an extra field', { ...submit, extra: 'x' }],
    ['a missing field', { newPassword: 'only-one' }],
    ['a wrong type', { newPassword: 42, previousPassword: 'x' }],
    ['an oversized password', { newPassword: 'a'.repeat(1025), previousPassword: 'x' }],
    ['a string instead of an object', 'not an object'],
  ])('%s is refused before any handler runs', async (_what, payload) => {
    await expect(
      ipcMain.invoke('prompt:submit', payload, { contents: promptWindow().webContents }),
    ).rejects.toThrow('refused');
    expect(t.agent.calls).toEqual(expect.not.arrayContaining(['verifyNewPassword']));
  });
  it('the refusal is logged without the password', async () => {
    await ipcMain
      .invoke('prompt:submit', { ...submit, extra: 1 }, { contents: promptWindow().webContents })
      .catch(() => undefined);
    expect(t.logs.join('\n')).toContain('invalid-payload');
    expect(t.logs.join('\n')).not.toContain('N3w-0kta-pass!');
  });
  it('an unknown channel has no handler at all', async () => {
    await expect(
      ipcMain.invoke('shell:exec', {}, { contents: promptWindow().webContents }),
    ).rejects.toThrow(/No handler/);
  });
});

describe('threat: a closed window is reused to send IPC', () => {
  it('is refused once the window is destroyed', async () => {
    const contents = promptWindow().webContents;
    promptWindow().close();
    await expect(ipcMain.invoke('status:get', {}, { contents })).rejects.toThrow('refused');
  });
});

describe('threat: the page reaches raw ipcRenderer through the preload', () => {
  let api: Record<string, unknown>;
  beforeAll(async () => {
    process.argv.push('--lockstep-window-kind=prompt');
    await import('../../src-main/preload/preload.js');
    api = contextBridge.exposed.get('lockstep') as Record<string, unknown>;
  });
  it('only named functions and the window kind are exposed', () => {
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'windowKind']);
    expect(api.windowKind).toBe('prompt');
    expect(contextBridge.exposed.size).toBe(1);
  });
  it('invoke refuses channels outside the contract without touching ipcRenderer', async () => {
    const invoke = api.invoke as (c: string, p: unknown) => Promise<unknown>;
    await expect(invoke('shell:exec', {})).rejects.toThrow('unknown channel');
    expect(ipcRenderer.invoked).toEqual([]);
    await invoke('status:get', {});
    expect(ipcRenderer.invoked).toEqual([{ channel: 'status:get', payload: {} }]);
  });
  it('listeners get validated data only, never the Electron event', () => {
    const on = api.on as (e: string, l: (d: unknown) => void) => () => void;
    expect(() => on('ipc:anything', () => undefined)).toThrow('unknown event');
    const seen: unknown[] = [];
    const off = on('window:open', (d) => seen.push(d));
    ipcRenderer.emit('window:open', { kind: 'about' });
    ipcRenderer.emit('window:open', { kind: 'about', extra: true });
    off();
    ipcRenderer.emit('window:open', { kind: 'prompt' });
    expect(seen).toEqual([{ kind: 'about' }]);
  });
});

describe('threat: another local process or web page drives the web shell', () => {
  let shell: Awaited<ReturnType<typeof startTestShell>>;
  beforeEach(async () => {
    shell = await startTestShell({ helloTimeoutMs: 300 });
  });
  afterEach(() => shell.shell.close());

  it('a WebSocket without the token hello is closed with 4401 and handles nothing', async () => {
    const s = await openSocket(shell.shell.origin);
    s.send({ id: 1, channel: 'prompt:submit', payload: submit });
    expect(await s.closed).toBe(4401);
    expect(shell.agent.calls).toEqual(['getStatus']);
  });
  it('a wrong token is closed with 4401', async () => {
    const s = await openSocket(shell.shell.origin);
    s.send({ id: 0, channel: 'shell:hello', payload: { token: 'A'.repeat(43) } });
    expect(await s.closed).toBe(4401);
  });
  it('silence is closed with 4408', async () => {
    const s = await openSocket(shell.shell.origin);
    expect(await s.closed).toBe(4408);
  });
  it('a foreign Origin (a web page in the browser) is refused at the upgrade', async () => {
    await expect(
      openSocket(shell.shell.origin, { Origin: 'https://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    await expect(openSocket(shell.shell.origin, {})).rejects.toThrow('HTTP 403');
  });
  it('a rebinding DNS name (foreign Host) is refused for pages and the socket', async () => {
    const status = await new Promise<number>((resolve) => {
      http
        .get(
          `${shell.shell.origin}/`,
          { headers: { Host: `evil.example:${shell.shell.port}` } },
          (res) => resolve(res.statusCode ?? 0),
        )
        .end();
    });
    expect(status).toBe(421);
    await expect(
      openSocket(shell.shell.origin, {
        Host: `evil.example:${shell.shell.port}`,
        Origin: `http://evil.example:${shell.shell.port}`,
      }),
    ).rejects.toThrow('HTTP 403');
  });
  it('after a valid hello, frames with extra fields are refused', async () => {
    const s = await helloSocket(shell.shell.origin, shell.token);
    s.send({ id: 5, channel: 'prompt:submit', payload: { ...submit, extra: true } });
    expect((await s.next((f) => f.id === 5)).error).toBe('refused');
    expect(shell.platform.changeCalls).toBe(0);
    s.ws.close();
  });
});
