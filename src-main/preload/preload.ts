/**
 * The preload: the renderer's only door to main. Exposes `window.lockstep` (RendererApi) with
 * named functions that accept only the contract's channels and events; `ipcRenderer` itself and
 * Electron's event objects never reach the page. Bundled to CommonJS (dist/preload.cjs) because
 * sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_CHANNELS,
  IPC_EVENTS,
  WINDOW_KIND_ARG,
  WindowKind,
} from '../../src-shared/ipc-contract.js';
import type { IpcChannel, IpcEvent, RendererApi } from '../../src-shared/ipc-contract.js';

const has = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

function windowKindFrom(argv: readonly string[]): WindowKind {
  const arg = argv.find((a) => a.startsWith(WINDOW_KIND_ARG));
  return WindowKind.parse(arg?.slice(WINDOW_KIND_ARG.length));
}

export function buildRendererApi(argv: readonly string[]): RendererApi {
  return {
    windowKind: windowKindFrom(argv),
    invoke(channel, payload) {
      if (typeof channel !== 'string' || !has(IPC_CHANNELS, channel)) {
        return Promise.reject(new Error(`unknown channel ${String(channel)}`));
      }
      return ipcRenderer.invoke(channel satisfies IpcChannel, payload);
    },
    on(event, listener) {
      if (typeof event !== 'string' || !has(IPC_EVENTS, event) || typeof listener !== 'function') {
        throw new Error(`unknown event ${String(event)}`);
      }
      const relay = (_event: unknown, data: unknown) => {
        const parsed = IPC_EVENTS[event as IpcEvent].safeParse(data);
        if (parsed.success) (listener as (d: unknown) => void)(parsed.data);
      };
      ipcRenderer.on(event, relay);
      return () => {
        ipcRenderer.removeListener(event, relay);
      };
    },
  };
}

contextBridge.exposeInMainWorld('lockstep', buildRendererApi(process.argv));
