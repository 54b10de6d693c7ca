/** A bridge server on a temp socket with a fake agent, and a raw line client for attack tests. */
import { chmodSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBridgeServer } from '../../src-main/bridge/bridge-server.js';
import type { SocketOwner } from '../../src-main/bridge/socket-file.js';
import { silentLogger } from '../../src-shared/logger.js';
import { createFakeAgent, makeStatus } from '../tray/fakes.js';

export async function startTestBridge(
  opts: { token?: string; owner?: SocketOwner; dirMode?: number } = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-bridge-'));
  chmodSync(dir, opts.dirMode ?? 0o755);
  const socketPath = path.join(dir, 'users', '1000.sock');
  const agent = createFakeAgent(makeStatus({ pendingVersion: 2 }));
  const server = await startBridgeServer({
    socketPath,
    api: agent,
    token: opts.token,
    owner: opts.owner,
    logger: silentLogger,
    helloTimeoutMs: 300,
  });
  return { dir, socketPath, agent, server };
}

export interface RawClient {
  lines: Array<Record<string, unknown>>;
  closed: Promise<void>;
  write(text: string | Buffer): void;
  next(): Promise<Record<string, unknown>>;
}

export function rawClient(socketPath: string): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(socketPath);
    const lines: Array<Record<string, unknown>> = [];
    const waiters: Array<(l: Record<string, unknown>) => void> = [];
    let buffer = '';
    s.on('data', (chunk) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
        buffer = buffer.slice(nl + 1);
        const waiter = waiters.shift();
        if (waiter) waiter(line);
        else lines.push(line);
      }
    });
    s.on('error', () => undefined);
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    s.once('connect', () =>
      resolve({
        lines,
        closed,
        write: (text) => s.write(text),
        next: () => new Promise((r) => (lines.length ? r(lines.shift()!) : waiters.push(r))),
      }),
    );
    s.once('error', reject);
  });
}
