/**
 * What an agent announces, for the tray's in-process mode, the bridge and tests.
 */
import { EventEmitter } from 'node:events';
import type { ConnectionState } from '../../src-shared/agent-api.js';
import type { ActionResult, BoundUser } from '../../src-shared/checkin-protocol.js';

export interface AgentEvents {
  /** Anything a status could show changed (state, policy, connection, pending change). */
  change: undefined;
  /** A check-in answer arrived and was stored. */
  checkin: { cursor: string; changed: boolean; users: readonly BoundUser[]; receivedAtMs: number };
  connection: { state: ConnectionState; lastError: string | null };
  /** An action's outcome was recorded (and queued for the directory). */
  result: ActionResult;
}
export type AgentEventName = keyof AgentEvents;
export type AgentListener<E extends AgentEventName> = (payload: AgentEvents[E]) => void;

export class AgentEventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Each tray session and test adds listeners; there is no leak to warn about.
    this.emitter.setMaxListeners(0);
  }

  on<E extends AgentEventName>(event: E, listener: AgentListener<E>): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<E extends AgentEventName>(event: E, payload: AgentEvents[E]): void {
    this.emitter.emit(event, payload);
  }
}
