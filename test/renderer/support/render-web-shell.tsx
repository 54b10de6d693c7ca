import { render } from '@testing-library/react';
import { AppProvider } from '../../../src-renderer/app-context.js';
import { connectBridge, createTransport } from '../../../src-renderer/bridge.js';
import { createAppStore } from '../../../src-renderer/store/app-store.js';
import { App } from '../../../src-renderer/views/app.js';
import { FakeSocket, fakeShellServer } from './fake-socket.js';
import { NOW } from './fixtures.js';

/** Renders the page as the web shell serves it: no preload, a token in the URL, a WebSocket to main. */
export function renderWebShell(
  url: string,
  handlers: Record<string, (payload: unknown) => unknown>,
) {
  window.history.replaceState(null, '', url);
  const sockets: FakeSocket[] = [];
  const picked = createTransport(window, (socketUrl) => {
    const socket = new FakeSocket(socketUrl, fakeShellServer('s3cret-token', handlers));
    sockets.push(socket);
    queueMicrotask(() => socket.open());
    return socket;
  });
  if (!picked.ok) throw new Error(picked.problem);
  const store = createAppStore({ openWindow: picked.transport.windowKind, showTrayPanel: true });
  const bridge = connectBridge(store, picked.transport);
  render(
    <AppProvider deps={{ store, bridge, platform: 'linux', now: () => NOW }}>
      <App />
    </AppProvider>,
  );
  const socket = sockets[0];
  if (!socket) throw new Error('the page opened no socket');
  return { socket, store };
}
