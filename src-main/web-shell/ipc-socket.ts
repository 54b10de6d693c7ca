/**
 * One web-shell WebSocket: the token hello first (as written in src-shared/ipc-contract.ts), then
 * WebShellRequest frames routed through the same IPC router Electron uses.
 */
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import {
  WEB_SHELL_CLOSE,
  WEB_SHELL_HELLO_CHANNEL,
  WebShellHello,
  WebShellRequest,
} from '../../src-shared/ipc-contract.js';
import { tokensMatch } from '../bridge/bridge-token.js';
import type { IpcRouter } from '../tray/ipc-router.js';
import type { Logger } from '../../src-shared/logger.js';

export interface ShellConnection {
  readonly authenticated: boolean;
  send(message: unknown): void;
}

export function serveIpcSocket(
  ws: WebSocket,
  deps: {
    connectionId: number;
    token: string;
    router: IpcRouter;
    logger: Logger;
    helloTimeoutMs: number;
    onAuthenticated: (connection: ShellConnection) => void;
    onWindowClose: () => void;
  },
): ShellConnection {
  let authenticated = false;
  const connection: ShellConnection = {
    get authenticated() {
      return authenticated;
    },
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    },
  };
  const unauthorized = () => ws.close(WEB_SHELL_CLOSE.unauthorized, 'unauthorized');
  const timer = setTimeout(
    () => ws.close(WEB_SHELL_CLOSE.handshakeTimeout, 'no hello'),
    deps.helloTimeoutMs,
  );
  ws.once('close', () => clearTimeout(timer));

  ws.on('message', (raw, isBinary) => {
    const frame = isBinary ? null : parseFrame(raw.toString());
    if (!authenticated) {
      clearTimeout(timer);
      const hello =
        frame && frame.id === 0 && frame.channel === WEB_SHELL_HELLO_CHANNEL
          ? WebShellHello.safeParse(frame.payload)
          : null;
      if (!hello?.success || !tokensMatch(deps.token, hello.data.token)) {
        deps.logger.warn(
          { connectionId: deps.connectionId },
          'web shell connection without the right token',
        );
        return unauthorized();
      }
      authenticated = true;
      connection.send({ id: 0, result: { ok: true } });
      deps.onAuthenticated(connection);
      return;
    }
    if (!frame) {
      deps.logger.warn(
        { connectionId: deps.connectionId },
        'web shell frame dropped: not a request',
      );
      return;
    }
    const sender = { kind: 'web-shell' as const, connectionId: deps.connectionId, authenticated };
    void deps.router
      .handle({ sender, closeWindow: deps.onWindowClose }, frame.channel, frame.payload)
      .then((outcome) =>
        connection.send(
          outcome.ok
            ? { id: frame.id, result: outcome.result }
            : { id: frame.id, error: 'refused' },
        ),
      );
  });
  return connection;
}

function parseFrame(text: string): ShellFrame | null {
  try {
    const parsed = WebShellRequest.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type ShellFrame = z.infer<typeof WebShellRequest>;
