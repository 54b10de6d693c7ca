import cluster from 'node:cluster';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CliError, parseListen } from '../cli-support.js';
import { MAX_DIRECTORY_WORKERS } from '../../src-shared/directory-cluster-protocol.js';
import {
  runDirectoryWorker,
  startDirectoryCluster,
} from '../../src-server/cluster/directory-cluster.js';
import { startDirectory } from '../../src-server/directory-server.js';
import { createLogger } from '../../src-shared/logger.js';

interface ServeFlags {
  listen: string;
  data: string;
  tlsCert?: string;
  tlsKey?: string;
  logLevel: string;
  workers: string;
}

export function registerServeCommand(directory: Command): void {
  directory
    .command('serve')
    .description('Run the directory: SCIM 2.0 for Okta and the device API (JSON logs on stderr)')
    .requiredOption(
      '--listen <host:port>',
      'address to listen on; port 0 picks a free port',
      '127.0.0.1:8080',
    )
    .requiredOption('--data <dir>', 'data folder (created if missing)')
    .option('--tls-cert <file>', 'PEM certificate chain; Okta only talks HTTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--log-level <level>', 'trace, debug, info, warn or error', 'info')
    .option(
      '--workers <n>',
      `directory processes sharing the port (1-${MAX_DIRECTORY_WORKERS}): more cores for check-ins, more held connections`,
      '1',
    )
    .action(async (o: ServeFlags) => {
      const { host, port } = parseListen(o.listen);
      const workers = parseWorkers(o.workers);
      if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) {
        throw new CliError(
          'give --tls-cert and --tls-key together, or neither for plain HTTP on loopback',
        );
      }
      const options = {
        dataDir: resolve(o.data),
        host,
        port,
        logLevel: o.logLevel,
        logDestination: process.stderr,
        ...(o.tlsCert && o.tlsKey ? { tls: { certPath: o.tlsCert, keyPath: o.tlsKey } } : {}),
      };
      if (workers > 1 && cluster.isWorker) return runDirectoryWorker(options, workers);
      // Listened for before start-up: a signal during it stops what has started once it has
      // (with workers being started, the primary must not die and leave them behind).
      let signalled = false;
      let onSignal = () => void (signalled = true);
      const signal = () => onSignal();
      process.on('SIGTERM', signal);
      process.on('SIGINT', signal);
      let running: { url: string; close(): Promise<void>; stopped?: Promise<number> };
      try {
        running =
          workers > 1
            ? await startDirectoryCluster({
                dataDir: options.dataDir,
                workers,
                logger: createLogger({
                  service: 'lockstep-directory',
                  level: o.logLevel,
                  destination: 'stderr',
                  fields: { role: 'primary' },
                }),
              })
            : await startDirectory(options);
      } catch (error) {
        process.off('SIGTERM', signal);
        process.off('SIGINT', signal);
        throw error;
      }
      process.stdout.write(`listening on ${running.url}\n`);
      await new Promise<void>((done) => {
        onSignal = () => {
          process.off('SIGTERM', signal);
          process.off('SIGINT', signal);
          void running.close().then(done, done);
        };
        if (signalled) onSignal();
        void running.stopped?.then((code) => {
          process.exitCode = code;
          onSignal();
        });
      });
    });
}

function parseWorkers(text: string): number {
  const n = /^\d{1,3}$/.test(text.trim()) ? Number(text) : NaN;
  if (!(n >= 1 && n <= MAX_DIRECTORY_WORKERS)) {
    throw new CliError(
      `--workers "${text}" must be a whole number from 1 to ${MAX_DIRECTORY_WORKERS} (one per core is a good start)`,
    );
  }
  return n;
}
