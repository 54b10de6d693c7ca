import type { Command } from 'commander';
import { resolve } from 'node:path';
import { parseListen } from '../../src-cli/cli-support.js';
import { startDirectory } from '../directory-server.js';

export function registerServeCommand(directory: Command): void {
  directory
    .command('serve')
    .description('Run the directory: SCIM 2.0 for Okta and the device API (JSON logs on stderr)')
    .requiredOption('--listen <host:port>', 'address to listen on; port 0 picks a free port', '127.0.0.1:8080')
    .requiredOption('--data <dir>', 'data folder (created if missing)')
    .option('--tls-cert <file>', 'PEM certificate chain; Okta only talks HTTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--log-level <level>', 'trace, debug, info, warn or error', 'info')
    .action(async (o: { listen: string; data: string; tlsCert?: string; tlsKey?: string; logLevel: string }) => {
      const { host, port } = parseListen(o.listen);
      if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) {
        throw new Error('give --tls-cert and --tls-key together, or neither for plain HTTP on loopback');
      }
      const running = await startDirectory({
        dataDir: resolve(o.data),
        host,
        port,
        logLevel: o.logLevel,
        logDestination: process.stderr,
        ...(o.tlsCert && o.tlsKey ? { tls: { certPath: o.tlsCert, keyPath: o.tlsKey } } : {}),
      });
      process.stdout.write(`listening on ${running.url}\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          void running.close().then(done, done);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });
}
