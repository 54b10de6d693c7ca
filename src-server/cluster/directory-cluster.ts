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
import type { Logger } from '../../src-shared/logger.js';
import { DirectoryClusterMessage } from '../../src-shared/directory-cluster-protocol.js';
import {
  startDirectory,
  type RunningDirectory,
  type StartDirectoryOptions,
} from '../directory-server.js';
import { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import { SqliteNonces } from '../store/sqlite/sqlite-nonces.js';
import { clusterWorkerPeers, sendToPrimary } from './directory-peers.js';

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
  /** Resolves with an exit code if the cluster stops by itself (workers kept exiting). */
  stopped: Promise<number>;
}

const send = (worker: Worker, message: DirectoryClusterMessage) => {
  if (worker.isConnected()) worker.send(message);
};

/**
 * Runs in the primary process; the workers run this process's script with its command line
 * (cluster.fork's defaults), so they must end up in runDirectoryWorker. Call it before anything
 * else uses node:cluster: the scheduling policy it sets is frozen by the first fork.
 */
export async function startDirectoryCluster(o: {
  dataDir: string;
  workers: number;
  logger: Logger;
}): Promise<DirectoryCluster> {
  // Migrations and the nonce file, once, before any worker opens the folder.
  await SqliteDirectoryStore.open(o.dataDir).close();
  SqliteNonces.open(o.dataDir).close();

  // The kernel hands each new connection to a worker. Node's default on Linux (round-robin) has
  // the primary accept every connection and pass it over IPC, one acknowledgement at a time: far
  // too slow for a fleet reconnecting at once after a restart.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const live = new Set<Worker>();
  /** Workers listening (and so listening for the shutdown message too). */
  const serving = new WeakSet<Worker>();
  const unexpectedExits: number[] = [];
  let started = false;
  let stopping = false;
  let finish: (code: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => (finish = resolve));

  const replace = (worker: Worker, code: number | null, signal: string | null) => {
    // A moment first: a service manager signals every process of the group at once, and a worker
    // may exit before the primary has handled its own signal; then this is no failure at all.
    setTimeout(() => {
      if (stopping) return;
      const now = Date.now();
      unexpectedExits.push(now);
      while ((unexpectedExits[0] as number) < now - CRASH_WINDOW_MS) unexpectedExits.shift();
      if (unexpectedExits.length > CRASH_LIMIT) {
        o.logger.fatal(
          { worker: worker.id, code, signal, exitsInLastMinute: unexpectedExits.length },
          'directory workers keep exiting; stopping the directory',
        );
        void close().then(() => finish(1));
        return;
      }
      if (code === 0 && signal === null)
        o.logger.warn({ worker: worker.id }, 'directory worker stopped; starting a new one');
      else
        o.logger.error(
          { worker: worker.id, code, signal },
          'directory worker crashed; starting a new one',
        );
      fork().catch((error: Error) =>
        o.logger.error({ err: error.message }, 'replacement directory worker failed'),
      );
    }, RESTART_DELAY_MS);
  };

  /** Starts one worker; resolves with its URL once it listens. */
  const fork = (): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const worker = cluster.fork();
      live.add(worker);
      const timer = setTimeout(() => {
        reject(
          new Error(
            `directory worker ${worker.id} did not start listening within ${START_TIMEOUT_MS / 1000} s`,
          ),
        );
        // A hung worker would otherwise leave the cluster one short for good; killed, it is replaced.
        worker.process.kill('SIGKILL');
      }, START_TIMEOUT_MS);
      worker.on('message', (raw: unknown) => {
        const m = DirectoryClusterMessage.safeParse(raw);
        if (!m.success) return;
        if (m.data.type === 'lockstep:directory-changed') {
          for (const w of live) if (w !== worker) send(w, m.data);
        } else if (m.data.type === 'lockstep:directory-ready') {
          clearTimeout(timer);
          serving.add(worker);
          resolve(m.data.url);
        }
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        live.delete(worker);
        // Before start-up is done, a failed worker fails the start (below), and is not replaced.
        if (started && !stopping) replace(worker, code, signal);
        // Only before it listened does this settle anything.
        reject(
          new Error(
            `directory worker ${worker.id} exited during start-up (${signal ?? `exit code ${code}`}); its reason is logged above`,
          ),
        );
      });
    });

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
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= stopAll());

  let urls: string[];
  try {
    urls = await Promise.all(Array.from({ length: o.workers }, () => fork()));
  } catch (error) {
    await close();
    throw error;
  }
  started = true;
  o.logger.info(
    { url: urls[0], workers: o.workers, dataDir: o.dataDir },
    'directory cluster listening',
  );
  return { url: urls[0] as string, close, stopped };
}

/** Password-hashing threads for each of `workers` processes: they share the cores (at most 4 each, as one process). */
export function hashThreadsPerWorker(workers: number): number {
  return Math.max(1, Math.min(4, Math.floor(availableParallelism() / workers)));
}

/**
 * Runs in each worker process: one directory on the shared port, with the cluster's peers.
 * Resolves once it has closed (asked by the primary, a signal, or the primary going away).
 */
export async function runDirectoryWorker(
  options: Omit<StartDirectoryOptions, 'peers' | 'logFields' | 'hashWorkers'>,
  workers: number,
): Promise<void> {
  const id = cluster.worker?.id ?? 0;
  let running: RunningDirectory;
  try {
    running = await startDirectory({
      ...options,
      peers: clusterWorkerPeers(),
      logFields: { worker: id },
      hashWorkers: hashThreadsPerWorker(workers),
    });
  } catch (error) {
    // The CLI prints why and sets a non-zero exit code; the open channel to the primary must not
    // keep this process alive, and disconnecting would exit 0 (Node's cluster does so).
    process.channel?.unref();
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
    // The primary is gone (killed): nobody would stop or replace this worker. It may have gone
    // while this one was starting, before anyone listened.
    process.on('disconnect', stop);
    if (!process.connected) stop();
    // Ctrl-C and service managers signal every process of the group; the primary expects that.
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  if (process.connected) process.disconnect();
}
