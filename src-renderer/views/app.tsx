import { useEffect } from 'react';
import type { WindowKind } from '../../src-shared/ipc-contract.js';
import { useAppState } from '../app-context.js';
import { selectOpenWindow, selectShowTrayPanel } from '../store/selectors.js';
import { AboutView } from './about-view.js';
import { ChangePasswordView } from './change-password-view.js';
import { PromptView } from './prompt-view.js';
import { TrayPanel } from './tray-panel.js';

const TITLES: Record<WindowKind, string> = {
  prompt: 'Update your device password',
  'change-password': 'Change your password',
  about: 'About Lockstep',
};

/** One page for every window: the window kind picks the view; the web shell adds the tray panel. */
export function App() {
  const kind = useAppState(selectOpenWindow);
  const showTrayPanel = useAppState(selectShowTrayPanel);

  useEffect(() => {
    document.title = kind ? `${TITLES[kind]} — Lockstep` : 'Lockstep';
  }, [kind]);

  return (
    <main className={showTrayPanel ? 'layout shell' : 'layout'}>
      {showTrayPanel && <TrayPanel />}
      {kind === 'prompt' && <PromptView />}
      {kind === 'change-password' && <ChangePasswordView />}
      {kind === 'about' && <AboutView />}
    </main>
  );
}
