/**
 * The renderer's one store, built from slices. It holds only what main reports and which window
 * is shown: password values live in form-local component state and never reach it.
 */
import { createStore } from 'zustand/vanilla';
import { createStatusSlice, type StatusSlice } from './status-slice.js';
import { createTraySlice, type TraySlice } from './tray-slice.js';
import { createUiSlice, type UiInitial, type UiSlice } from './ui-slice.js';

export type AppState = StatusSlice & TraySlice & UiSlice;

export function createAppStore(initial: UiInitial) {
  return createStore<AppState>()((...a) => ({
    ...createStatusSlice(...a),
    ...createTraySlice(...a),
    ...createUiSlice(initial)(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
