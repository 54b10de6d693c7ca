/** Hands the store, the bridge and the platform to components (no module-level singletons). */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from './bridge.js';
import type { AppState, AppStore } from './store/app-store.js';
import type { DevicePlatform } from './text/platform.js';

interface AppDeps {
  store: AppStore;
  bridge: Bridge;
  platform: DevicePlatform;
  /** The clock, so tests can fix "now". */
  now: () => Date;
}

const AppContext = createContext<AppDeps | null>(null);

export function AppProvider({ deps, children }: { deps: AppDeps; children: ReactNode }) {
  return <AppContext.Provider value={deps}>{children}</AppContext.Provider>;
}

function useDeps(): AppDeps {
  const deps = useContext(AppContext);
  if (!deps) throw new Error('AppProvider is missing');
  return deps;
}

export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useDeps().store, selector);
}

export const useBridge = () => useDeps().bridge;
export const usePlatform = () => useDeps().platform;
export const useClock = () => useDeps().now;
