/**
 * Entry of the forked directory process used by benches: the real app (buildDirectoryApp) on one
 * Node process, so the figures are those of one server process, with load coming from others.
 *
 * Mirrors startDirectory, plus the capacity knobs (held polls, in-flight requests) it does not
 * expose. With `processes` > 1 it is the primary of the directory's own cluster
 * (startDirectoryCluster, as `directory serve --workers N`) whose workers run this same file.
 * Answers `stats` messages with CPU time and memory (summed over the workers).
 */
import cluster, { type Worker } from 'node:cluster';
import { createWriteStream } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { DirectoryClusterMessage } from '../../src-shared/directory-cluster-protocol.js';
import {
  hashThreadsPerWorker,
  startDirectoryCluster,
} from '../../src-server/cluster/directory-cluster.js';
import { clusterWorkerPeers } from '../../src-server/cluster/directory-peers.js';
import { buildDirectoryApp } from '../../src-server/directory-app.js';
import { createLogger } from '../../src-shared/logger.js';
import { HashPool } from '../../src-server/passwords/hash-pool.js';
import { SqliteDirectoryStore } from '../../src-server/store/sqlite/sqlite-directory-store.js';
import type {
  DirectoryProcessOptions,
  DirectoryProcessMessage,
  ProcessStats,
} from './directory-handle.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as DirectoryProcessOptions;

function ownStats(): ProcessStats {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    external: mem.external,
    at: performance.timeOrigin + performance.now(),
  };
}

async function serve(): Promise<void> {
  const inCluster = cluster.isWorker;
  const logger = createLogger({
    service: 'lockstep-directory',
    level: opts.logLevel,
    destination: createWriteStream(opts.logFile, { flags: 'a' }),
    ...(inCluster ? { fields: { worker: cluster.worker?.id ?? 0 } } : {}),
  });
  const store = SqliteDirectoryStore.open(opts.dataDir);
  const hashWorkers =
    opts.hashWorkers ?? (inCluster ? hashThreadsPerWorker(opts.processes ?? 1) : undefined);
  const hashPool = new HashPool(hashWorkers === undefined ? {} : { workers: hashWorkers });
  const app = await buildDirectoryApp({
    store,
    hashPool,
    logger,
    ...(inCluster ? { peers: clusterWorkerPeers() } : {}),
    ...(opts.maxHeldPolls === undefined ? {} : { maxHeldPolls: opts.maxHeldPolls }),
    ...(opts.maxInFlight === undefined ? {} : { maxInFlight: opts.maxInFlight }),
  });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0, backlog: 65_535 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  // The same HTTP server on more addresses: Node's documented way to hand it a connection
  // accepted elsewhere is to emit 'connection' with the socket.
  const extra: Server[] = [];
  for (const host of opts.extraHosts ?? []) {
    // The socket options Node's HTTP server gives its own connections.
    const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
      app.server.emit('connection', socket),
    );
    await new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen({ host, port, backlog: 65_535 }, resolve),
    );
    // Accept failures (EMFILE at the open-file limit) are the kernel's to retry, as on the main listener.
    server.on('error', (error) =>
      logger.warn({ err: error.message, host }, 'extra listener error'),
    );
    extra.push(server);
  }
  const close = () => {
    for (const server of extra) server.close();
    void app.close().then(async () => {
      await hashPool.close();
      await store.close();
      process.exit(0);
    });
  };
  process.on('message', (m: DirectoryProcessMessage | DirectoryClusterMessage) => {
    if (m.type === 'stats') {
      if (m.gc === true && typeof globalThis.gc === 'function') globalThis.gc();
      process.send?.({ type: 'stats', stats: ownStats() });
    } else if (m.type === 'close' || m.type === 'lockstep:directory-shutdown') close();
  });
  const url = `http://127.0.0.1:${port}`;
  process.send?.(
    inCluster
      ? ({ type: 'lockstep:directory-ready', url } satisfies DirectoryClusterMessage)
      : { type: 'ready', url },
  );
}

async function primary(count: number): Promise<void> {
  // Workers run this file with this command line (cluster.fork's defaults).
  const logger = createLogger({
    service: 'lockstep-directory',
    level: opts.logLevel,
    destination: createWriteStream(opts.logFile, { flags: 'a' }),
    fields: { role: 'primary' },
  });
  const running = await startDirectoryCluster({ dataDir: opts.dataDir, workers: count, logger });
  const workers = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const ask = (w: Worker, gc: boolean) =>
    new Promise<ProcessStats>((resolve) => {
      const on = (m: { type: string; stats?: ProcessStats }) => {
        if (m.type !== 'stats' || !m.stats) return;
        w.off('message', on);
        resolve(m.stats);
      };
      w.on('message', on);
      w.send({ type: 'stats', gc } satisfies DirectoryProcessMessage);
    });
  process.on('message', (m: DirectoryProcessMessage) => {
    if (m.type === 'stats') {
      void Promise.all(workers().map((w) => ask(w, m.gc === true))).then((all) => {
        const mine = ownStats();
        const sum = (k: 'cpuMicros' | 'rss' | 'heapUsed' | 'external') =>
          all.reduce((n, s) => n + s[k], mine[k]);
        process.send?.({
          type: 'stats',
          stats: {
            cpuMicros: sum('cpuMicros'),
            rss: sum('rss'),
            heapUsed: sum('heapUsed'),
            external: sum('external'),
            at: mine.at,
          },
        });
      });
    } else if (m.type === 'close') {
      void running.close().then(() => process.exit(0));
    }
  });
  // Workers that keep crashing stop the cluster: the bench must fail, not wait for it.
  void running.stopped.then((code) => {
    process.stderr.write(`the bench directory's workers kept exiting (see ${opts.logFile})\n`);
    process.exit(code);
  });
  process.send?.({ type: 'ready', url: running.url });
}

if (cluster.isPrimary && (opts.processes ?? 1) > 1) await primary(opts.processes ?? 1);
else await serve();
