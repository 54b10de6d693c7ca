import { DirectoryClusterMessage } from '../../src-shared/directory-cluster-protocol.js';

/**
 * The other processes of a directory cluster (`directory serve --workers N`), as one directory
 * process sees them: they share the data folder, and tell each other about commits so that held
 * check-ins everywhere are woken at once.
 */
export interface DirectoryPeers {
  /** Tells the other processes that this one committed a change devices may need. */
  announceChange(): void;
  /** Calls `listener` whenever another process announces a change. */
  onChange(listener: () => void): void;
}

/** From a cluster worker to its primary; dropped once the primary is gone (the worker is stopping then). */
export function sendToPrimary(message: DirectoryClusterMessage): void {
  if (process.connected) process.send?.(message);
}

/** The peers of a cluster worker: announcements go to the primary, which relays them. */
export function clusterWorkerPeers(): DirectoryPeers {
  return {
    announceChange: () => sendToPrimary({ type: 'lockstep:directory-changed' }),
    onChange: (listener) => {
      process.on('message', (raw: unknown) => {
        const m = DirectoryClusterMessage.safeParse(raw);
        if (m.success && m.data.type === 'lockstep:directory-changed') listener();
      });
    },
  };
}
