/**
 * A stand-in for the web-shell server, enough to drive the built page in a real browser: serves
 * the bundle with a strict CSP header and speaks the handshake and frames from ipc-contract.ts.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

export const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

export type ShellHandler = (
  payload: unknown,
  push: (event: string, data: unknown) => void,
) => unknown;

export async function startFakeWebShell(
  dir: string,
  token: string,
  handlers: Record<string, ShellHandler>,
) {
  const http: Server = createServer((req, res) => {
    const name =
      req.url === '/' || req.url?.startsWith('/?') ? 'index.html' : (req.url ?? '').slice(1);
    const ext = /\.[a-z]+$/.exec(name)?.[0] ?? '';
    if (!['index.html', 'app.js', 'app.css'].includes(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'text/plain',
      'content-security-policy': STRICT_CSP,
    });
    res.end(readFileSync(join(dir, name)));
  });
  const wss = new WebSocketServer({ server: http, path: '/ipc' });
  wss.on('connection', (ws: WebSocket) => {
    let helloed = false;
    const push = (event: string, data: unknown) => ws.send(JSON.stringify({ event, data }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { id: number; channel: string; payload: unknown };
      if (!helloed) {
        const ok =
          frame.id === 0 &&
          frame.channel === 'shell:hello' &&
          (frame.payload as { token?: string }).token === token;
        if (!ok) return ws.close(4401);
        helloed = true;
        return ws.send(JSON.stringify({ id: 0, result: { ok: true } }));
      }
      const handler = handlers[frame.channel];
      const reply = handler
        ? { id: frame.id, result: handler(frame.payload, push) }
        : { id: frame.id, error: 'unknown channel' };
      ws.send(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
