/**
 * A stand-in for the whole `electron` module (Electron Fiddle's tests/setup.ts habit), so the
 * main-process glue runs under plain Node. It records what the glue asks Electron to do and lets
 * tests play the part of Chromium (fire events, invoke IPC as some sender).
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  static nextId = 100;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { url: '' };
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  sent: Array<{ channel: string; data: unknown }> = [];
  session = fakeSession();
  setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, data: unknown) {
    this.sent.push({ channel, data });
  }
  /** Fires a cancelable Electron event and says whether the glue prevented it. */
  fire(name: string, extra: Record<string, unknown> = {}): boolean {
    let prevented = false;
    const event = { ...extra, preventDefault: () => void (prevented = true) };
    this.emit(name, event, extra.url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  destroyed = false;
  visible = false;
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show() {
    this.visible = true;
  }
  focus() {}
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

function fakeSession() {
  return {
    permissionRequest: null as Handler | null,
    permissionCheck: null as Handler | null,
    devicePermission: null as Handler | null,
    displayMedia: null as Handler | null,
    setPermissionRequestHandler(h: Handler) {
      this.permissionRequest = h;
    },
    setPermissionCheckHandler(h: Handler) {
      this.permissionCheck = h;
    },
    setDevicePermissionHandler(h: Handler) {
      this.devicePermission = h;
    },
    setDisplayMediaRequestHandler(h: Handler) {
      this.displayMedia = h;
    },
  };
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  quitCalls = 0;
  quit() {
    this.quitCalls++;
  }
  exit() {}
  whenReady() {
    return Promise.resolve();
  }
  requestSingleInstanceLock() {
    return true;
  }
}
export const app = new FakeApp();

export const session = { defaultSession: fakeSession() };

export const ipcMain = {
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  handle(channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) {
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
  /** Plays Chromium delivering `ipcRenderer.invoke` from a frame of `contents`. */
  invoke(
    channel: string,
    payload: unknown,
    from: { contents: FakeWebContents; frame?: { url: string } | null },
  ) {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    const senderFrame = from.frame === undefined ? from.contents.mainFrame : from.frame;
    return handler({ sender: from.contents, senderFrame }, payload);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, fn: (request: Request) => Promise<Response>) {
    this.handlers.set(scheme, fn);
  },
};

export class Tray {
  static last: Tray | null = null;
  image: unknown;
  tooltip = '';
  menu: Array<{
    id?: string;
    label?: string;
    enabled?: boolean;
    type?: string;
    click?: () => void;
  }> = [];
  constructor(image: unknown) {
    this.image = image;
    Tray.last = this;
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: Tray['menu']) {
    this.menu = menu;
  }
  destroy() {}
}

export const Menu = { buildFromTemplate: (template: unknown[]) => template };
export const nativeImage = { createFromPath: (p: string) => ({ path: p }) };

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static isSupported() {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    Notification.shown.push(this);
  }
  close() {}
}

export const shell = {
  opened: [] as string[],
  openExternal: async (url: string) => void shell.opened.push(url),
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = {
  invoked: [] as Array<{ channel: string; payload: unknown }>,
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
  async invoke(channel: string, payload: unknown) {
    this.invoked.push({ channel, payload });
    return { ok: true };
  },
  on(channel: string, fn: (...args: unknown[]) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(fn);
  },
  removeListener(channel: string, fn: (...args: unknown[]) => void) {
    this.listeners.get(channel)?.delete(fn);
  },
  emit(channel: string, data: unknown) {
    for (const fn of this.listeners.get(channel) ?? [])
      fn({ senderId: 0, sender: 'ipc-renderer-event' }, data);
  },
};

export default {
  app,
  session,
  ipcMain,
  protocol,
  Tray,
  Menu,
  nativeImage,
  Notification,
  shell,
  contextBridge,
  ipcRenderer,
  BrowserWindow,
};
