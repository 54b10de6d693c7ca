/**
 * The web shell's link to main: one WebSocket carrying WebShellRequest / WebShellReply frames.
 * The handshake is written out in src-shared/ipc-contract.ts (next to the WebShell schemas) and at
 * the top of bridge.ts. Frames that do not parse are dropped; nothing here trusts the server.
 */
import {
  WEB_SHELL_CLOSE,
  WEB_SHELL_HELLO_CHANNEL,
  WebShellHelloResult,
  WebShellReply,
  type IpcChannel,
  type IpcEvent,
  type WindowKind,
} from '../src-shared/ipc-contract.js';
import type { Transport } from './transport.js';

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface ShellSocket {
  onopen: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  onclose: ((close: { code: number }) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface WebShellOptions {
  url: string;
  token: string;
  windowKind: WindowKind | null;
  openSocket: (url: string) => ShellSocket;
  /** A request main has not answered by then fails, so no form waits forever. */
  timeoutMs?: number;
}

const MAX_FRAME_CHARS = 1_000_000;
const UNAUTHORIZED =
  'This page’s access key was refused. Open the address that `lockstep tray --web` printed, including the part after #.';
const LOST =
  'The connection to Lockstep was lost. Make sure `lockstep tray --web` is still running, then reload this page.';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function createWebShellTransport(options: WebShellOptions): Transport & { close(): void } {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(data: unknown) => void>>();
  const linkListeners = new Set<(state: 'open' | 'closed', problem: string | null) => void>();
  const queued: string[] = [];
  let phase: 'hello' | 'open' | 'closed' = 'hello';
  let nextId = 1;

  const socket = options.openSocket(options.url);
  const setLink = (state: 'open' | 'closed', problem: string | null) => {
    for (const listener of linkListeners) listener(state, problem);
  };
  const shut = (problem: string) => {
    if (phase === 'closed') return;
    phase = 'closed';
    for (const [, p] of pending) {
      clearTimeout(p.timer);
      p.reject(new Error(problem));
    }
    pending.clear();
    queued.length = 0;
    setLink('closed', problem);
  };

  socket.onopen = () => {
    socket.send(
      JSON.stringify({
        id: 0,
        channel: WEB_SHELL_HELLO_CHANNEL,
        payload: { token: options.token },
      }),
    );
  };
  socket.onclose = (close) =>
    shut(close.code === WEB_SHELL_CLOSE.unauthorized ? UNAUTHORIZED : LOST);
  socket.onmessage = (message) => {
    const frame = parseFrame(message.data);
    if (!frame || phase === 'closed') return;
    if ('event' in frame) {
      for (const listener of eventListeners.get(frame.event) ?? []) listener(frame.data);
      return;
    }
    if (frame.id === 0) {
      if (
        phase === 'hello' &&
        'result' in frame &&
        WebShellHelloResult.safeParse(frame.result).success
      ) {
        phase = 'open';
        setLink('open', null);
        for (const text of queued.splice(0)) socket.send(text);
      }
      return;
    }
    const waiting = pending.get(frame.id);
    if (!waiting) return;
    pending.delete(frame.id);
    clearTimeout(waiting.timer);
    if ('result' in frame) waiting.resolve(frame.result);
    else waiting.reject(new Error(`Lockstep refused the request (${frame.error}).`));
  };

  return {
    kind: 'web-shell',
    windowKind: options.windowKind,
    invoke(channel: IpcChannel, payload: unknown) {
      if (phase === 'closed') return Promise.reject(new Error(LOST));
      const id = nextId++;
      const text = JSON.stringify({ id, channel, payload });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('Lockstep did not answer in time.'));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        if (phase === 'open') socket.send(text);
        else queued.push(text);
      });
    },
    on(event: IpcEvent, listener: (data: unknown) => void) {
      const set = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    onLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    close() {
      shut(LOST);
      socket.close(1000);
    },
  };
}

function parseFrame(data: unknown) {
  if (typeof data !== 'string' || data.length > MAX_FRAME_CHARS) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const frame = WebShellReply.safeParse(json);
  return frame.success ? frame.data : null;
}

/** The browser's WebSocket behind the ShellSocket shape. */
export function openBrowserSocket(url: string): ShellSocket {
  const ws = new WebSocket(url);
  const socket: ShellSocket = {
    onopen: null,
    onmessage: null,
    onclose: null,
    send: (data) => ws.send(data),
    close: (code) => ws.close(code),
  };
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (event) => socket.onmessage?.({ data: event.data });
  ws.onclose = (event) => socket.onclose?.({ code: event.code });
  return socket;
}
