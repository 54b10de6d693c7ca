/**
 * BrowserWindow options for each window, as plain data so tests can read every setting.
 *
 * Structurally what Electron's `BrowserWindowConstructorOptions` accepts; the Electron glue passes
 * it through unchanged. Every security setting is spelled out even where it is Electron's default,
 * so a default that changes upstream cannot silently weaken a window.
 */
import { WINDOW_KIND_ARG, type WindowKind } from '../../src-shared/ipc-contract.js';

export interface WindowOptions {
  title: string;
  width: number;
  height: number;
  resizable: boolean;
  minimizable: boolean;
  maximizable: boolean;
  fullscreenable: boolean;
  show: boolean;
  center: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    additionalArguments: string[];
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webviewTag: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    experimentalFeatures: boolean;
    navigateOnDragDrop: boolean;
    spellcheck: boolean;
    safeDialogs: boolean;
    devTools: boolean;
  };
}

const SIZES: Record<WindowKind, { title: string; width: number; height: number }> = {
  prompt: { title: 'Update your device password', width: 460, height: 560 },
  'change-password': { title: 'Change password', width: 460, height: 620 },
  about: { title: 'About Lockstep', width: 420, height: 420 },
};

export function getWindowOptions(
  kind: WindowKind,
  opts: { preloadPath: string; devTools: boolean },
): WindowOptions {
  const size = SIZES[kind];
  return {
    ...size,
    resizable: false,
    minimizable: kind !== 'prompt',
    maximizable: false,
    fullscreenable: false,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    center: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: opts.preloadPath,
      additionalArguments: [`${WINDOW_KIND_ARG}${kind}`],
      // The preload's world is separate from the page's, so the page cannot reach what it holds.
      contextIsolation: true,
      // The renderer runs in Chromium's OS sandbox; a renderer exploit does not get the user's files.
      sandbox: true,
      // The page gets no require/process: it only sees the named functions the preload exposes.
      nodeIntegration: false,
      // Web workers get no Node either.
      nodeIntegrationInWorker: false,
      // Nor do frames, should one ever be embedded.
      nodeIntegrationInSubFrames: false,
      // <webview> could load foreign content with its own preferences; we never need it.
      webviewTag: false,
      // Keep the same-origin policy: our pages never read other origins.
      webSecurity: true,
      // No http content inside our secure app pages.
      allowRunningInsecureContent: false,
      // No unreleased Blink features in a window that handles passwords.
      experimentalFeatures: false,
      // A file dropped on the window must not navigate it away from the app.
      navigateOnDragDrop: false,
      // Password fields must not be sent to a spelling service or dictionary.
      spellcheck: false,
      // A page cannot trap the user in a loop of dialogs.
      safeDialogs: true,
      // Developer tools only in development builds.
      devTools: opts.devTools,
    },
  };
}

export const getPromptWindowOptions = (o: { preloadPath: string; devTools: boolean }) =>
  getWindowOptions('prompt', o);
export const getChangePasswordWindowOptions = (o: { preloadPath: string; devTools: boolean }) =>
  getWindowOptions('change-password', o);
export const getAboutWindowOptions = (o: { preloadPath: string; devTools: boolean }) =>
  getWindowOptions('about', o);
