/**
 * Runs the directory in its own process (directory-process.ts) and talks to it over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { profilingArgs } from './workers.js';

export interface DirectoryProcessOptions {
  dataDir: string;
  logFile: string;
  logLevel: string;
  port?: number;
  maxHeldPolls?: number;
  maxInFlight?: number;
  hashWorkers?: number;
  /** Directory processes sharing the port, as `directory serve --workers N` runs them. */
  processes?: number;
  /**
   * Further loopback addresses (127.0.0.x) served on the same port, so load generators can spread
   * connections over destinations: the kernel picks a free source port per destination cheaply on
   * connect(), where bind() to a chosen source address scans for one (~1.5 ms each at 15,000 sockets).
   */
  extraHosts?: string[];
}

export interface ProcessStats {
  /** user + system CPU time of the whole process (worker threads included), microseconds. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  external: number;
  /** Wall clock (ms since epoch, sub-ms). */
  at: number;
}

export type DirectoryProcessMessage = { type: 'stats'; gc?: boolean } | { type: 'close' };

export interface DirectoryHandle {
  url: string;
  /** `url` first, then the same server on each of `extraHosts`. */
  urls: string[];
  child: ChildProcess;
  stats(gc?: boolean): Promise<ProcessStats>;
  /** Graceful close (held polls answered, bookkeeping flushed). */
  close(): Promise<void>;
  kill(): Promise<void>;
}

export async function forkDirectory(
  options: DirectoryProcessOptions,
  nodeArgs: string[] = [],
): Promise<DirectoryHandle> {
  const child = fork(join(import.meta.dirname, 'directory-process.js'), [JSON.stringify(options)], {
    execArgv: ['--expose-gc', ...profilingArgs(), ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the directory process did not start within 30 s')),
      30_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`the directory process exited with ${code} before listening`)),
    );
    child.on('message', (m: { type: string; url?: string }) => {
      if (m.type === 'ready' && m.url) {
        clearTimeout(timer);
        resolve(m.url);
      }
    });
  });
  const port = new URL(url).port;
  return {
    url,
    urls: [url, ...(options.extraHosts ?? []).map((host) => `http://${host}:${port}`)],
    child,
    stats: (gc = false) =>
      new Promise((resolve) => {
        const on = (m: { type: string; stats?: ProcessStats }) => {
          if (m.type !== 'stats' || !m.stats) return;
          child.off('message', on);
          resolve(m.stats);
        };
        child.on('message', on);
        child.send({ type: 'stats', gc } satisfies DirectoryProcessMessage);
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' } satisfies DirectoryProcessMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
