/**
 * Starts the Lockstep directory on a data folder: the programmatic entry point used by
 * `lockstep directory serve` and by other components' tests. Keep this signature stable.
 */
import { createLogger } from '../src-shared/logger.js';
import { HashPool } from './passwords/hash-pool.js';
import { SqliteDirectoryStore } from './store/sqlite/sqlite-directory-store.js';
import { readFileSync } from 'node:fs';
import { buildDirectoryApp } from './directory-app.js';
import {
  DEFAULT_MAX_HELD_POLLS,
  heldPollCapacity,
  softOpenFileLimit,
} from './devices/held-poll-capacity.js';
import type { DirectoryPeers } from './cluster/directory-peers.js';

export interface StartDirectoryOptions {
  dataDir: string;
  host?: string;
  port?: number;
  tls?: { certPath: string; keyPath: string };
  logLevel?: string;
  logDestination?: NodeJS.WritableStream;
  /** Fields on every log line (a cluster worker's number). */
  logFields?: Record<string, string | number>;
  /** Password-hashing threads (default: one per core, at most 4). */
  hashWorkers?: number;
  /** Set when this process is one worker of `directory serve --workers N`. */
  peers?: DirectoryPeers;
}

export interface RunningDirectory {
  /** e.g. http://127.0.0.1:41234 — the SCIM base URL is `${url}/scim/v2`. */
  url: string;
  close(): Promise<void>;
}

export async function startDirectory(opts: StartDirectoryOptions): Promise<RunningDirectory> {
  const logger = createLogger({
    service: 'lockstep-directory',
    ...(opts.logLevel === undefined ? {} : { level: opts.logLevel }),
    ...(opts.logDestination === undefined ? {} : { destination: opts.logDestination }),
    ...(opts.logFields === undefined ? {} : { fields: opts.logFields }),
  });
  const openFileLimit = softOpenFileLimit(readLimits());
  const maxHeldPolls = heldPollCapacity(openFileLimit);
  if (openFileLimit !== null && openFileLimit < DEFAULT_MAX_HELD_POLLS) {
    logger.warn(
      { maxHeldPolls, openFileLimit },
      `the open-file limit (ulimit -n) lets this process hold ${maxHeldPolls} device check-ins at once; devices past that are answered 429 and retry later. Raise it (systemd: LimitNOFILE=65536) or add --workers`,
    );
  }
  const store = SqliteDirectoryStore.open(opts.dataDir);
  const hashPool = new HashPool(
    opts.hashWorkers === undefined ? {} : { workers: opts.hashWorkers },
  );
  try {
    const app = await buildDirectoryApp({
      store,
      hashPool,
      logger,
      maxHeldPolls,
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.peers ? { peers: opts.peers } : {}),
    });
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ host, port: opts.port ?? 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 0);
    const shownHost = host.includes(':') ? `[${host}]` : host;
    const url = `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}`;
    logger.info({ url, dataDir: opts.dataDir }, 'directory listening');
    let closing: Promise<void> | null = null;
    return {
      url,
      close: () => {
        closing ??= (async () => {
          await app.close();
          await hashPool.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await hashPool.close();
    await store.close();
    throw error;
  }
}

/** This process's resource limits (Linux); empty elsewhere, where no limit is assumed. */
function readLimits(): string {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}
