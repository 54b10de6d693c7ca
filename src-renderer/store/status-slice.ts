import type { StateCreator } from 'zustand';
import type { AgentStatus } from '../../src-shared/agent-api.js';
import type { AppState } from './app-store.js';

/** The agent's state as main last reported it. Never holds a password: AgentStatus has none. */
export interface StatusSlice {
  status: AgentStatus | null;
  setStatus: (status: AgentStatus) => void;
}

export const createStatusSlice: StateCreator<AppState, [], [], StatusSlice> = (set) => ({
  status: null,
  setStatus: (status) => set({ status }),
});
