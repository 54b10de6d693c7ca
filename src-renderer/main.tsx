/** Entry: pick the link to main, build the store, subscribe once, render the window. */
import './zod-setup.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider } from './app-context.js';
import { connectBridge, createTransport } from './bridge.js';
import { createAppStore } from './store/app-store.js';
import { openBrowserSocket } from './web-shell-client.js';
import { detectPlatform } from './text/platform.js';
import { App } from './views/app.js';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const picked = createTransport(window, openBrowserSocket);
const store = createAppStore({
  openWindow: picked.ok ? picked.transport.windowKind : null,
  showTrayPanel: !picked.ok || picked.transport.kind === 'web-shell',
});
if (picked.ok) {
  const bridge = connectBridge(store, picked.transport);
  createRoot(root).render(
    <StrictMode>
      <AppProvider
        deps={{
          store,
          bridge,
          platform: detectPlatform(navigator.userAgent),
          now: () => new Date(),
        }}
      >
        <App />
      </AppProvider>
    </StrictMode>,
  );
} else {
  store.getState().setLink('closed', picked.problem);
  root.textContent = picked.problem;
  root.className = 'fatal';
}
