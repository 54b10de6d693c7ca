/**
 * `lockstep tray --web`: the renderer over HTTP on loopback and the IPC contract over a WebSocket
 * at /ipc, driving the same tray controller and IPC router as Electron, under plain Node.
 *
 * The page loads without the token (it holds nothing); /ipc requires it as the first frame. Host
 * and Origin are checked on every request so a rebinding DNS name cannot reach the server.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { AgentApi } from '../../src-shared/agent-api.js';
import { WEB_SHELL_PATH } from '../../src-shared/ipc-contract.js';
import type { IpcEvent } from '../../src-shared/ipc-contract.js';
import { readAppAsset } from '../tray/app-assets.js';
import type { Clock } from '../tray/clock.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../tray/content-security-policy.js';
import { createIpcRouter } from '../tray/ipc-router.js';
import type { Logger } from '../../src-shared/logger.js';
import { createTrayController } from '../tray/tray-controller.js';
import type { TrayController, TrayPlatform } from '../tray/tray-controller.js';
import { serveIpcSocket } from './ipc-socket.js';
import type { ShellConnection } from './ipc-socket.js';
import {
  allowedHostHeaders,
  isAllowedHost,
  isAllowedOrigin,
  isLoopbackHost,
} from './loopback-guard.js';
import { createWebShellUi } from './web-shell-ui.js';

export interface WebShellOptions {
  host: string;
  port: number;
  rendererDir: string;
  agent: AgentApi;
  platform: TrayPlatform;
  clock: Clock;
  logger: Logger;
  onQuit?: () => void;
  /** Tests only: a fixed token instead of a random one. */
  token?: string;
  helloTimeoutMs?: number;
  maxConnections?: number;
}

export interface WebShell {
  /** `http://HOST:PORT/#token=…`: what the user opens. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly controller: TrayController;
  close(): Promise<void>;
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  if (!isLoopbackHost(options.host))
    throw new Error(`the web shell listens on loopback only, not ${options.host}`);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const connections = new Set<ShellConnection>();
  const send = (event: IpcEvent, data: unknown) => {
    for (const c of connections) c.send({ event, data });
  };
  const ui = createWebShellUi({ send, logger: options.logger, onQuit: () => options.onQuit?.() });
  const controller = createTrayController({
    agent: options.agent,
    platform: options.platform,
    clock: options.clock,
    ui,
    logger: options.logger,
  });
  const router = createIpcRouter({
    handlers: controller.handlers,
    isTrusted: (s) => s.kind === 'web-shell' && s.authenticated,
    logger: options.logger,
  });

  let allowed = new Set<string>();
  let csp = contentSecurityPolicy();
  const server = http.createServer((req, res) => {
    void serveHttp(req, res);
  });
  const serveHttp = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!isAllowedHost(req.headers.host, allowed)) return end(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'Method not allowed');
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const asset = await readAppAsset(options.rendererDir, pathname);
    if (asset.status !== 200) return end(res, 404, 'Not found');
    res.writeHead(200, {
      'Content-Type': asset.contentType,
      'Content-Security-Policy': csp,
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let nextConnectionId = 1;
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number) => {
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
    };
    if (req.url !== WEB_SHELL_PATH) return refuse(404);
    if (!isAllowedHost(req.headers.host, allowed) || !isAllowedOrigin(req.headers.origin, allowed))
      return refuse(403);
    if (wss.clients.size >= (options.maxConnections ?? 8)) return refuse(503);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = serveIpcSocket(ws, {
        connectionId: nextConnectionId++,
        token,
        router,
        logger: options.logger,
        helloTimeoutMs: options.helloTimeoutMs ?? 5_000,
        onAuthenticated: (c) => {
          connections.add(c);
          c.send({ event: 'tray:changed', data: controller.currentView() });
        },
        onWindowClose: () => ui.closedAll(),
      });
      ws.once('close', () => connections.delete(connection));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHostHeaders(options.host, port);
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${hostPart}:${port}`;
  csp = contentSecurityPolicy({ connectSrc: [`ws://${hostPart}:${port}`] });
  await controller.start();
  options.logger.info({ origin }, 'web shell listening');

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    controller,
    async close() {
      controller.stop();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function end(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(text);
}
