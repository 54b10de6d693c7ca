/**
 * The agent side of the local bridge: one socket (or named pipe) per local user, newline-delimited
 * JSON, every line checked against src-shared/agent-api.ts. Whatever connects to a user's socket
 * acts as that user (the socket's permissions decide who can), so `api` is already that user's.
 *
 * A malformed or oversized line gets one error line and the connection is closed: a well-behaved
 * client never sends one, so there is nothing to recover.
 */
import net from 'node:net';
import {
  AgentApiError,
  AgentStatus,
  BRIDGE_MAX_LINE_BYTES,
  BridgeRequest,
} from '../../src-shared/agent-api.js';
import type { AgentApi, AgentApiErrorCode } from '../../src-shared/agent-api.js';
import type { Logger } from '../../src-shared/logger.js';
import { describeIssues, dispatch } from './bridge-methods.js';
import { BridgeHello, tokensMatch } from './bridge-token.js';
import { createLineSplitter } from './line-splitter.js';
import { listenPrivately, removeSocketFile } from './socket-file.js';
import type { SocketOwner } from './socket-file.js';

export interface BridgeServerOptions {
  socketPath: string;
  api: AgentApi;
  /** Who may connect: the socket is chowned to this user (mode 0600). */
  owner?: SocketOwner;
  /** When set, the first line must be `{"token":"…"}` with this value (Windows named pipes). */
  token?: string;
  logger: Logger;
  maxConnections?: number;
  /** How long a client has to send its token line. */
  helloTimeoutMs?: number;
}

export interface BridgeServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

/** Requests in flight per connection; more is a misbehaving client. */
const MAX_IN_FLIGHT = 16;

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { logger, socketPath } = options;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, options);
  });
  server.maxConnections = options.maxConnections ?? 16;
  await listenPrivately(server, socketPath, options.owner);
  logger.info({ socketPath, uid: options.owner?.uid ?? null }, 'bridge listening');
  return {
    socketPath,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await removeSocketFile(socketPath);
    },
  };
}

function serveConnection(socket: net.Socket, options: BridgeServerOptions): void {
  const { api, logger, token } = options;
  let authenticated = token === undefined;
  let inFlight = 0;
  let unsubscribe: (() => void) | null = null;

  const send = (message: unknown) => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
  };
  const refuse = (id: number, code: AgentApiErrorCode, message: string) => {
    logger.warn({ code, reason: message }, 'bridge connection refused');
    send({ id, error: { code, message } });
    socket.end();
    socket.destroySoon();
  };
  const helloTimer = authenticated
    ? null
    : setTimeout(
        () => refuse(0, 'invalid-request', 'No token line arrived in time.'),
        options.helloTimeoutMs ?? 5_000,
      );

  const onLine = (line: string) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return refuse(
        0,
        'invalid-request',
        'A line was not JSON; each line must be one JSON object.',
      );
    }
    if (!authenticated) {
      const hello = BridgeHello.safeParse(json);
      if (!hello.success || !tokensMatch(token ?? '', hello.data.token)) {
        return refuse(0, 'invalid-request', 'The first line must carry the right bridge token.');
      }
      authenticated = true;
      if (helloTimer) clearTimeout(helloTimer);
      return;
    }
    const parsed = BridgeRequest.safeParse(json);
    if (!parsed.success) return refuse(idOf(json), 'invalid-request', describeIssues(parsed.error));
    const request = parsed.data;
    if (request.method === 'subscribe') {
      unsubscribe ??= api.onStatus((status) => {
        const checked = AgentStatus.safeParse(status);
        if (checked.success) send({ event: 'status', data: checked.data });
        else
          logger.error(
            { reason: describeIssues(checked.error) },
            'agent produced a malformed status; not sent',
          );
      });
      return send({ id: request.id, result: null });
    }
    if (inFlight >= MAX_IN_FLIGHT)
      return refuse(request.id, 'invalid-request', 'Too many requests at once.');
    inFlight++;
    dispatch(api, request)
      .then((result) => send({ id: request.id, result }))
      .catch((error: unknown) =>
        send({ id: request.id, error: wireError(error, logger, request.method) }),
      )
      .finally(() => inFlight--);
  };

  const splitter = createLineSplitter(BRIDGE_MAX_LINE_BYTES, onLine);
  socket.on('data', (chunk: Buffer) => {
    if (!splitter.push(chunk))
      refuse(0, 'invalid-request', `A line was longer than ${BRIDGE_MAX_LINE_BYTES} bytes.`);
  });
  socket.on('error', () => socket.destroy());
  socket.once('close', () => {
    if (helloTimer) clearTimeout(helloTimer);
    unsubscribe?.();
  });
}

function idOf(json: unknown): number {
  const id = typeof json === 'object' && json !== null && 'id' in json ? json.id : 0;
  return Number.isInteger(id) ? (id as number) : 0;
}

function wireError(
  error: unknown,
  logger: Logger,
  method: string,
): { code: AgentApiErrorCode; message: string } {
  if (error instanceof AgentApiError) return { code: error.code, message: error.message };
  // Unexpected failures stay in the agent's log; the user gets a sentence, not a stack.
  logger.error(
    { method, error: error instanceof Error ? error.message : 'unknown' },
    'bridge call failed',
  );
  return {
    code: 'internal',
    message: 'The Lockstep service hit an unexpected error; its log has the details.',
  };
}
