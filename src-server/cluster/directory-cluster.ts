/**
 * `lockstep directory serve --workers N`: N directory processes sharing one port and one data
 * folder, for more than one core's worth of check-ins and more held connections than one
 * process may keep open. The primary process prepares the data folder, starts the workers,
 * relays their change announcements, replaces a worker that crashes and stops them all on a signal.
 *
 * Everything a worker decides that another must respect lives in the data folder: the database
 * (WAL, many processes), the nonce file (replays are refused whichever process they reach) and
 * the change feed (each worker wakes its own held check-ins; the announcement only makes it
 * immediate instead of at the next `PRAGMA data_version` look).
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { DirectoryClusterMessage } from '../../src-shared/directory-cluster-protocol.js';
import { startDirectory, type RunningDirectory, type StartDirectoryOptions } from '../directory-server.js';
import { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import { clusterWorkerPeers } from './directory-peers.js';

/** A worker that has not said it listens by then is taken as failed. */
const START_TIMEOUT_MS = 60_000;
/** A worker that does not finish its graceful close by then is killed. */
const STOP_TIMEOUT_MS = 30_000;
/** More crashes than this inside the window means something is wrong that a restart will not fix. */
const CRASH_LIMIT = 5;
const CRASH_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

export interface DirectoryCluster {
  url: string;
  /** Stops every worker gracefully (held check-ins answered, bookkeeping flushed). */
  close(): Promise<void>;
  /** Resolves with an exit code if the cluster stops by itself (workers kept crashing, or all stopped). */
  stopped: Promise<number>;
}

const send = (worker: Worker, message: DirectoryClusterMessage) => {
  if (worker.isConnected()) worker.send(message);
};
const sendToPrimary = (message: DirectoryClusterMessage) => {
  if (process.connected) process.send?.(message);
};

/**
 * Runs in the primary process; the workers run this process's script with its command line
 * (cluster.fork's defaults), so they must end up in runDirectoryWorker. Call it before anything
 * else uses node:cluster: the scheduling policy it sets is frozen by the first fork.
 */
export async function startDirectoryCluster(o: { dataDir: string; workers: number; logger: Logger }): Promise<DirectoryCluster> {
  // Migrations and the nonce file, once, before any worker opens the folder.
  const store = SqliteDirectoryStore.open(o.dataDir);
  try {
    void store.nonces;
  } finally {
    await store.close();
  }

  // The kernel hands each new connection to a worker. Node's default on Linux (round-robin) has
  // the primary accept every connection and pass it over IPC, one acknowledgement at a time: far
  // too slow for a fleet reconnecting at once after a restart.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const live = new Set<Worker>();
  /** Workers listening (and so listening for the shutdown message too). */
  const serving = new WeakSet<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let finish: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (finish = resolve));

  const relay = (from: Worker, raw: unknown) => {
    const m = DirectoryClusterMessage.safeParse(raw);
    if (!m.success || m.data.type !== 'lockstep:directory-changed') return;
    for (const w of live) if (w !== from) send(w, m.data);
  };

  const fork = (): { worker: Worker; ready: Promise<string> } => {
    const worker = cluster.fork();
    live.add(worker);
    worker.on('message', (raw: unknown) => relay(worker, raw));
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`directory worker ${worker.id} did not start listening within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      worker.on('message', (raw: unknown) => {
        const m = DirectoryClusterMessage.safeParse(raw);
        if (m.success && m.data.type === 'lockstep:directory-ready') {
          clearTimeout(timer);
          serving.add(worker);
          resolve(m.data.url);
        }
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`directory worker ${worker.id} exited during start-up (${signal ?? `exit code ${code}`}); its reason is logged above`));
      });
    });
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      if (code === 0 && signal === null) {
        // Stopped on purpose (a signal to that process alone): not replaced.
        o.logger.warn({ worker: worker.id }, 'directory worker stopped');
        if (live.size === 0) finish(0);
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && (crashes[0] as number) < now - CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > CRASH_LIMIT) {
        o.logger.fatal({ worker: worker.id, code, signal, crashes: crashes.length }, 'directory workers keep crashing; stopping the directory');
        void stopAll().then(() => finish(1));
        return;
      }
      o.logger.error({ worker: worker.id, code, signal }, 'directory worker crashed; starting a new one');
      setTimeout(() => {
        if (!stopping) fork().ready.catch((error: Error) => o.logger.error({ err: error.message }, 'replacement directory worker failed'));
      }, RESTART_DELAY_MS).unref();
    });
    return { worker, ready };
  };

  const stopAll = async () => {
    stopping = true;
    await Promise.all(
      [...live].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            const timer = setTimeout(() => w.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            // One still starting (a replacement) has no held check-ins yet, and may not be
            // listening for messages: a signal stops it either way.
            if (serving.has(w)) send(w, { type: 'lockstep:directory-shutdown' });
            else w.process.kill('SIGTERM');
          }),
      ),
    );
  };

  let urls: string[];
  try {
    urls = await Promise.all(Array.from({ length: o.workers }, () => fork().ready));
  } catch (error) {
    await stopAll();
    throw error;
  }
  o.logger.info({ url: urls[0], workers: o.workers, dataDir: o.dataDir }, 'directory cluster listening');
  let closing: Promise<void> | null = null;
  return {
    url: urls[0] as string,
    close: () => (closing ??= stopAll()),
    stopped,
  };
}

/**
 * Runs in each worker process: one directory on the shared port, with the cluster's peers.
 * Resolves once it has closed (asked by the primary, a signal, or the primary going away).
 */
export async function runDirectoryWorker(options: Omit<StartDirectoryOptions, 'peers' | 'logFields' | 'hashWorkers'>, workers: number): Promise<void> {
  const id = cluster.worker?.id ?? 0;
  let running: RunningDirectory;
  try {
    running = await startDirectory({
      ...options,
      peers: clusterWorkerPeers(),
      logFields: { worker: id },
      // The cores are shared by the workers: one hashing thread each unless there are cores to spare.
      hashWorkers: Math.max(1, Math.min(4, Math.floor(availableParallelism() / workers))),
    });
  } catch (error) {
    process.disconnect?.();
    throw error;
  }
  sendToPrimary({ type: 'lockstep:directory-ready', url: running.url });
  await new Promise<void>((done) => {
    let closing = false;
    const stop = () => {
      if (closing) return;
      closing = true;
      void running.close().then(done, done);
    };
    process.on('message', (raw: unknown) => {
      const m = DirectoryClusterMessage.safeParse(raw);
      if (m.success && m.data.type === 'lockstep:directory-shutdown') stop();
    });
    // The primary is gone (killed): nobody would stop or replace this worker.
    process.on('disconnect', stop);
    // Ctrl-C and service managers signal every process of the group; the primary expects that.
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  if (process.connected) process.disconnect();
}
