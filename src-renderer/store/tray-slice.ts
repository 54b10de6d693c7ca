import type { StateCreator } from 'zustand';
import type { TrayView } from '../../src-shared/ipc-contract.js';
import type { AppState } from './app-store.js';

/** What the tray icon, tooltip and menu show (web shell only; Electron draws a native tray). */
export interface TraySlice {
  tray: TrayView | null;
  setTray: (tray: TrayView) => void;
}

export const createTraySlice: StateCreator<AppState, [], [], TraySlice> = (set) => ({
  tray: null,
  setTray: (tray) => set({ tray }),
});
