import type { StateCreator } from 'zustand';
import type { WindowKind } from '../../src-shared/ipc-contract.js';
import type { AppState } from './app-store.js';

/** `connecting` until main has answered once; `closed` when the link to main is gone for good. */
export type LinkState = 'connecting' | 'open' | 'closed';

export interface UiInitial {
  /** The window this page shows first; null in a web shell opened without `?window=`. */
  openWindow: WindowKind | null;
  /** True only in the web shell, where the page stands in for the tray icon and menu. */
  showTrayPanel: boolean;
}

export interface UiSlice extends UiInitial {
  link: LinkState;
  /** Why the link is closed, in words for the user. */
  linkProblem: string | null;
  setOpenWindow: (kind: WindowKind | null) => void;
  setLink: (link: LinkState, problem?: string | null) => void;
}

export function createUiSlice(initial: UiInitial): StateCreator<AppState, [], [], UiSlice> {
  return (set) => ({
    ...initial,
    link: 'connecting',
    linkProblem: null,
    setOpenWindow: (openWindow) => set({ openWindow }),
    setLink: (link, problem = null) => set({ link, linkProblem: problem }),
  });
}
