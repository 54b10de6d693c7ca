/**
 * The renderer's one link to main: subscribes to main's events once, feeds the store, and offers
 * typed, validated calls. In Electron it uses `window.lockstep` (the preload's RendererApi); in
 * the web shell it opens a WebSocket to the same origin.
 *
 * Web-shell handshake (the same text is in src-shared/ipc-contract.ts; change both together):
 * 1. The page is opened at `http://127.0.0.1:PORT/#token=TOKEN` (optionally `?window=KIND`); the
 *    token stays in the fragment, so it never reaches a URL the server sees or logs.
 * 2. The page opens `ws://<same host:port>/ipc` with no query string; the server should refuse an
 *    upgrade whose Origin is not its own.
 * 3. First frame, page → server: `{"id":0,"channel":"shell:hello","payload":{"token":"TOKEN"}}`.
 *    The server compares in constant time and replies `{"id":0,"result":{"ok":true}}`; a wrong
 *    token or any other first frame closes the socket with code 4401, no hello in 5 s with 4408.
 * 4. Then requests `{id ≥ 1, channel, payload}`, replies `{id, result}` or `{id, error}`, and
 *    events `{event, data}`. Every frame, result and event is checked with the zod schemas here.
 */
import {
  IPC_CHANNELS,
  IPC_EVENTS,
  WEB_SHELL_PATH,
  WindowKind,
  type IpcChannel,
  type IpcPayload,
  type IpcResult,
  type RendererApi,
} from '../src-shared/ipc-contract.js';
import type { AppStore } from './store/app-store.js';
import type { Transport } from './transport.js';
import { createWebShellTransport, type ShellSocket } from './web-shell-client.js';

const STATUS_UNREADABLE =
  'Lockstep could not read this device’s status. Close this window and try again in a moment.';

export interface Bridge {
  readonly kind: Transport['kind'];
  /** Validates the payload before sending and the result before returning it. */
  invoke<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResult<C>>;
  /** Closes the current window: Electron closes it; the web shell hides it. */
  closeWindow(): void;
  dispose(): void;
}

export function connectBridge(store: AppStore, transport: Transport): Bridge {
  const state = () => store.getState();
  const offs = [
    transport.on('status:changed', (data) => {
      const parsed = IPC_EVENTS['status:changed'].safeParse(data);
      if (!parsed.success) return;
      state().setStatus(parsed.data);
      if (transport.kind === 'electron') state().setLink('open');
    }),
    transport.on('tray:changed', (data) => {
      const parsed = IPC_EVENTS['tray:changed'].safeParse(data);
      if (parsed.success) state().setTray(parsed.data);
    }),
    transport.on('window:open', (data) => {
      const parsed = IPC_EVENTS['window:open'].safeParse(data);
      if (parsed.success) state().setOpenWindow(parsed.data.kind);
    }),
    transport.onLink((link, problem) => state().setLink(link, problem)),
  ];

  async function invoke<C extends IpcChannel>(
    channel: C,
    payload: IpcPayload<C>,
  ): Promise<IpcResult<C>> {
    const [payloadSchema, resultSchema] = IPC_CHANNELS[channel];
    if (!payloadSchema.safeParse(payload).success)
      throw new Error(`Refused to send an invalid ${channel} request.`);
    const parsed = resultSchema.safeParse(await transport.invoke(channel, payload));
    if (!parsed.success)
      throw new Error(`Lockstep sent an answer to ${channel} that this window cannot read.`);
    return parsed.data as IpcResult<C>;
  }

  const bridge: Bridge = {
    kind: transport.kind,
    invoke,
    closeWindow() {
      if (transport.kind === 'web-shell') state().setOpenWindow(null);
      invoke('window:close', {}).catch(() => undefined);
    },
    dispose() {
      for (const off of offs) off();
    },
  };

  // The preload is there from the start; the web shell reports open once the hello is answered.
  if (transport.kind === 'electron') state().setLink('open');
  invoke('status:get', {})
    .then((status) => state().setStatus(status))
    .catch(() => {
      if (transport.kind === 'electron' && !state().status)
        state().setLink('closed', STATUS_UNREADABLE);
    });
  if (transport.kind === 'web-shell') {
    invoke('tray:get', {})
      .then((tray) => state().setTray(tray))
      .catch(() => undefined);
  }
  return bridge;
}

/** Picks the link to main for this page: the preload's API in Electron, else the web shell's socket. */
export function createTransport(
  win: Window,
  openSocket: (url: string) => ShellSocket,
): { ok: true; transport: Transport } | { ok: false; problem: string } {
  const api = (win as Window & { lockstep?: RendererApi }).lockstep;
  if (api) {
    const kind = WindowKind.safeParse(api.windowKind);
    return { ok: true, transport: fromRendererApi(api, kind.success ? kind.data : 'about') };
  }
  const token = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (!token) {
    return {
      ok: false,
      problem:
        'This page needs its access key. Open the address that `lockstep tray --web` printed, including the part after #.',
    };
  }
  const requested = WindowKind.safeParse(new URLSearchParams(win.location.search).get('window'));
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = createWebShellTransport({
    url: `${scheme}//${win.location.host}${WEB_SHELL_PATH}`,
    token,
    windowKind: requested.success ? requested.data : null,
    openSocket,
  });
  return { ok: true, transport };
}

function fromRendererApi(api: RendererApi, windowKind: WindowKind): Transport {
  return {
    kind: 'electron',
    windowKind,
    invoke: (channel, payload) => api.invoke(channel, payload as IpcPayload<typeof channel>),
    on: (event, listener) => api.on(event, listener),
    onLink: () => () => undefined,
  };
}
