import type { IpcChannel, IpcEvent, WindowKind } from '../src-shared/ipc-contract.js';

/**
 * A raw link to main. What it returns is untrusted: the bridge validates every result and event
 * against the contract before anything else sees it.
 */
export interface Transport {
  readonly kind: 'electron' | 'web-shell';
  /** The window this page shows first (web shell: from `?window=`, or null for the panel only). */
  readonly windowKind: WindowKind | null;
  invoke(channel: IpcChannel, payload: unknown): Promise<unknown>;
  on(event: IpcEvent, listener: (data: unknown) => void): () => void;
  /** Reports the link's state; the Electron preload link is open from the start. */
  onLink(listener: (state: 'open' | 'closed', problem: string | null) => void): () => void;
}
