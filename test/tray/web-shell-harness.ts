/** Starts the web shell on 127.0.0.1:0 with a fake agent and platform, plus a WebSocket client helper. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { AgentStatus } from '../../src-shared/agent-api.js';
import { startWebShell } from '../../src-main/web-shell/web-shell-server.js';
import { createFakeAgent, createFakeClock, createFakePlatform, makeStatus } from './fakes.js';
import { captureLogs } from '../support/log-capture.js';

export async function startTestShell(
  opts: { status?: AgentStatus; rendererDir?: string; helloTimeoutMs?: number } = {},
) {
  let rendererDir = opts.rendererDir;
  if (!rendererDir) {
    rendererDir = mkdtempSync(path.join(tmpdir(), 'lockstep-web-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  }
  const agent = createFakeAgent(opts.status ?? makeStatus({ pendingVersion: 2 }));
  const platform = createFakePlatform();
  const { logger, raw: logs } = captureLogs('info', 'lockstep-tray');
  let quit = 0;
  const shell = await startWebShell({
    host: '127.0.0.1',
    port: 0,
    rendererDir,
    agent,
    platform,
    clock: createFakeClock(),
    logger,
    onQuit: () => void quit++,
    helloTimeoutMs: opts.helloTimeoutMs,
  });
  const token = new URL(shell.url).hash.replace('#token=', '');
  return { shell, agent, platform, logs, token, quits: () => quit };
}

export interface TestSocket {
  ws: WebSocket;
  frames: unknown[];
  closed: Promise<number>;
  send(frame: unknown): void;
  next(match: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

export function openSocket(
  origin: string,
  headers: Record<string, string> = { Origin: origin },
): Promise<TestSocket> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc`, { headers });
  const frames: unknown[] = [];
  const waiters: Array<{
    match: (f: Record<string, unknown>) => boolean;
    resolve: (f: Record<string, unknown>) => void;
  }> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    frames.push(frame);
    for (const w of [...waiters])
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        closed,
        send: (frame) => ws.send(JSON.stringify(frame)),
        next: (match) =>
          new Promise((res) => {
            const found = frames.find((f) => match(f as Record<string, unknown>));
            if (found) res(found as Record<string, unknown>);
            else waiters.push({ match, resolve: res });
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

export async function helloSocket(origin: string, token: string): Promise<TestSocket> {
  const s = await openSocket(origin);
  s.send({ id: 0, channel: 'shell:hello', payload: { token } });
  await s.next((f) => f.id === 0);
  return s;
}
