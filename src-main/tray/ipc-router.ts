/**
 * The one place renderer messages enter main (Electron IPC and the web shell's WebSocket alike).
 *
 * A message is handled only if its sender is trusted, its channel is in IPC_CHANNELS and its
 * payload parses with that channel's strict schema (extra fields rejected); the handler's result is
 * checked against the result schema before it leaves. Everything else is dropped with a log line
 * naming the channel and the reason, never the payload (it may hold a password).
 */
import { IPC_CHANNELS } from '../../src-shared/ipc-contract.js';
import type { IpcChannel, IpcPayload, IpcResult } from '../../src-shared/ipc-contract.js';
import type { IpcSender } from './ipc-sender.js';
import type { Logger } from '../../src-shared/logger.js';

/** What a handler may do to the window that asked. */
export interface IpcContext {
  sender: IpcSender;
  closeWindow(): void;
}

export type IpcHandlers = {
  [C in IpcChannel]: (payload: IpcPayload<C>, context: IpcContext) => Promise<IpcResult<C>>;
};

export type DropReason =
  | 'untrusted-sender'
  | 'unknown-channel'
  | 'invalid-payload'
  | 'invalid-result'
  | 'handler-failed';
export type RouteOutcome = { ok: true; result: unknown } | { ok: false; reason: DropReason };

export interface IpcRouter {
  readonly channels: readonly IpcChannel[];
  handle(context: IpcContext, channel: string, payload: unknown): Promise<RouteOutcome>;
}

export function isIpcChannel(channel: string): channel is IpcChannel {
  return Object.prototype.hasOwnProperty.call(IPC_CHANNELS, channel);
}

export function createIpcRouter(deps: {
  handlers: IpcHandlers;
  isTrusted: (sender: IpcSender) => boolean;
  logger: Logger;
}): IpcRouter {
  const drop = (channel: string, reason: DropReason): RouteOutcome => {
    deps.logger.warn({ channel: channel.slice(0, 64), reason }, 'IPC message dropped');
    return { ok: false, reason };
  };
  return {
    channels: Object.keys(IPC_CHANNELS) as IpcChannel[],
    async handle(context, channel, payload) {
      if (!deps.isTrusted(context.sender)) return drop(channel, 'untrusted-sender');
      if (!isIpcChannel(channel)) return drop(channel, 'unknown-channel');
      const [payloadSchema, resultSchema] = IPC_CHANNELS[channel];
      const parsed = payloadSchema.safeParse(payload);
      if (!parsed.success) return drop(channel, 'invalid-payload');
      let result: unknown;
      try {
        const handler = deps.handlers[channel] as (p: unknown, c: IpcContext) => Promise<unknown>;
        result = await handler(parsed.data, context);
      } catch (error) {
        deps.logger.error(
          { channel, error: error instanceof Error ? error.name : 'unknown' },
          'IPC handler failed',
        );
        return { ok: false, reason: 'handler-failed' };
      }
      const checked = resultSchema.safeParse(result);
      if (!checked.success) return drop(channel, 'invalid-result');
      return { ok: true, result: checked.data };
    },
  };
}
