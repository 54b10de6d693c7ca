/**
 * The tray side of the local bridge: an `AgentApi` that talks to the agent service over the
 * user's socket (or named pipe). Connects on first use, reconnects with backoff while someone
 * listens for status, and checks every line it receives.
 *
 * When the service is gone, calls fail at once with `agent-unreachable` (a sentence the tray can
 * show) instead of hanging.
 */
import net from 'node:net';
import {
  AgentApiError,
  AgentApiErrorCode,
  BRIDGE_MAX_LINE_BYTES,
  BridgeEvent,
  BridgeResponse,
} from '../../src-shared/agent-api.js';
import type { AgentApi, AgentStatus } from '../../src-shared/agent-api.js';
import { silentLogger } from '../../src-shared/logger.js';
import type { Logger } from '../../src-shared/logger.js';
import { agentApiCalls, checkRequest, checkResult } from './bridge-methods.js';
import type { BridgeMethod, BridgeResult } from './bridge-methods.js';
import { createLineSplitter } from './line-splitter.js';

export interface BridgeClient extends AgentApi {
  close(): void;
}

export interface BridgeClientOptions {
  token?: string;
  logger?: Logger;
  reconnectDelaysMs?: readonly number[];
  callTimeoutMs?: number;
}

const UNREACHABLE =
  "Lockstep's background service is not answering. It starts with the device; try again in a minute, and contact your IT team if this stays.";
const DEFAULT_DELAYS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

type Pending = {
  method: BridgeMethod;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
};

export function connectBridge(socketPath: string, options: BridgeClientOptions = {}): BridgeClient {
  const logger = options.logger ?? silentLogger;
  const delays = options.reconnectDelaysMs ?? DEFAULT_DELAYS;
  const listeners = new Set<(status: AgentStatus) => void>();
  const pending = new Map<number, Pending>();
  let socket: net.Socket | null = null;
  let connecting: Promise<net.Socket> | null = null;
  let nextId = 1;
  let attempt = 0;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  const open = (): Promise<net.Socket> => {
    if (closed) return Promise.reject(new AgentApiError('agent-unreachable', UNREACHABLE));
    if (socket) return Promise.resolve(socket);
    connecting ??= new Promise<net.Socket>((resolve, reject) => {
      const s = net.createConnection(socketPath);
      const splitter = createLineSplitter(BRIDGE_MAX_LINE_BYTES, (line) => receive(s, line));
      s.once('connect', () => {
        if (options.token !== undefined) s.write(`${JSON.stringify({ token: options.token })}\n`);
        socket = s;
        connecting = null;
        attempt = 0;
        resolve(s);
        if (listeners.size > 0) void resubscribe();
      });
      s.on('data', (chunk: Buffer) => {
        if (!splitter.push(chunk)) s.destroy();
      });
      s.on('error', (error) =>
        logger.warn(
          { code: (error as NodeJS.ErrnoException).code ?? 'unknown' },
          'bridge socket error',
        ),
      );
      s.once('close', () => {
        if (socket === s) socket = null;
        if (connecting) {
          connecting = null;
          reject(new AgentApiError('agent-unreachable', UNREACHABLE));
        }
        failAll();
        scheduleReconnect();
      });
    });
    return connecting;
  };

  const receive = (s: net.Socket, line: string) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return s.destroy();
    }
    const event = BridgeEvent.safeParse(json);
    if (event.success) {
      for (const listener of listeners) listener(event.data.data);
      return;
    }
    const response = BridgeResponse.safeParse(json);
    if (!response.success) return s.destroy();
    const call = pending.get(response.data.id);
    if (!call) {
      // An error for id 0 is the server refusing the connection (bad token, bad line).
      if ('error' in response.data)
        logger.warn({ code: response.data.error.code }, 'bridge refused the connection');
      return;
    }
    pending.delete(response.data.id);
    clearTimeout(call.timer);
    if ('error' in response.data) {
      const { code, message } = response.data.error;
      return call.reject(new AgentApiError(AgentApiErrorCode.parse(code), message));
    }
    try {
      call.resolve(checkResult(call.method, response.data.result));
    } catch (error) {
      call.reject(error as Error);
    }
  };

  const failAll = () => {
    for (const [id, call] of pending) {
      clearTimeout(call.timer);
      call.reject(new AgentApiError('agent-unreachable', UNREACHABLE));
      pending.delete(id);
    }
  };

  const scheduleReconnect = () => {
    if (closed || listeners.size === 0 || retry) return;
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 30_000;
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      open().catch(() => undefined);
    }, delay);
    retry.unref();
  };

  const resubscribe = async () => {
    try {
      await call('subscribe', {});
      const status = await call('getStatus', {});
      for (const listener of listeners) listener(status);
    } catch (error) {
      logger.warn(
        { code: error instanceof AgentApiError ? error.code : 'unknown' },
        'bridge subscribe failed',
      );
    }
  };

  async function call<M extends BridgeMethod>(method: M, params: object): Promise<BridgeResult<M>> {
    const request = checkRequest(method, params);
    const s = await open();
    const id = nextId++;
    return new Promise<BridgeResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new AgentApiError('agent-unreachable', UNREACHABLE));
      }, options.callTimeoutMs ?? 120_000);
      pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      s.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  return {
    ...agentApiCalls(call),
    onStatus(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        if (socket) void resubscribe();
        else open().catch(() => scheduleReconnect());
      }
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.destroy();
      failAll();
    },
  };
}
