import { render } from '@testing-library/react';
import type { AgentStatus } from '../../../src-shared/agent-api.js';
import type { IpcChannel, WindowKind } from '../../../src-shared/ipc-contract.js';
import { AppProvider } from '../../../src-renderer/app-context.js';
import { connectBridge, createTransport, type Bridge } from '../../../src-renderer/bridge.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import type { DevicePlatform } from '../../../src-renderer/text/platform.js';
import { App } from '../../../src-renderer/views/app.js';
import type { ShellSocket } from '../../../src-renderer/web-shell-client.js';
import { FakeRendererApi } from './fake-renderer-api.js';
import { NOW } from './fixtures.js';

export interface Rendered {
  api: FakeRendererApi;
  store: AppStore;
  bridge: Bridge;
  unmount: () => void;
}

/** Renders the page as Electron would: `window.lockstep` present, the window kind from the preload. */
export function renderElectronWindow(
  windowKind: WindowKind,
  status: AgentStatus,
  handlers: Partial<Record<IpcChannel, (payload: unknown) => unknown>> = {},
  platform: DevicePlatform = 'macos',
): Rendered {
  const api = new FakeRendererApi(windowKind, { 'status:get': () => status, ...handlers });
  Object.assign(window, { lockstep: api });
  const picked = createTransport(window, noSocket);
  if (!picked.ok) throw new Error(picked.problem);
  const store = createAppStore({ openWindow: picked.transport.windowKind, showTrayPanel: false });
  const bridge = connectBridge(store, picked.transport);
  const view = render(
    <AppProvider deps={{ store, bridge, platform, now: () => NOW }}>
      <App />
    </AppProvider>,
  );
  return { api, store, bridge, unmount: view.unmount };
}

export function removeLockstep(): void {
  Reflect.deleteProperty(window, 'lockstep');
}

const noSocket = (): ShellSocket => {
  throw new Error('Electron windows never open a socket');
};
