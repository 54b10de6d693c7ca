/**
 * Connection state and its log lines: one line per transition (connected, offline, back online),
 * never one per failed attempt, so an agent that is offline for a week does not fill the disk.
 */
import type { ConnectionState } from '../../../src-shared/agent-api.js';
import type { Logger } from '../../../src-shared/logger.js';
import type { DirectoryError } from '../directory/directory-error.js';
import type { AgentState } from '../state/agent-state.js';

export class ConnectionTracker {
  private failuresSinceConnected = 0;

  constructor(
    private readonly logger: Logger,
    private readonly nowMs: () => number,
  ) {}

  /** Records a successful check-in; returns whether the connection state changed. */
  connected(state: AgentState): boolean {
    const iso = new Date(this.nowMs()).toISOString();
    const previous = state.connection.state;
    state.connection.lastCheckInAt = iso;
    state.connection.lastError = null;
    if (previous === 'connected') return false;
    if (previous === 'offline') {
      const offlineMs = this.nowMs() - Date.parse(state.connection.since);
      this.logger.info(
        {
          offlineSeconds: Math.round(offlineMs / 1000),
          failedAttempts: this.failuresSinceConnected,
        },
        'back online with the directory',
      );
    } else {
      this.logger.info('connected to the directory');
    }
    this.failuresSinceConnected = 0;
    state.connection.state = 'connected';
    state.connection.since = iso;
    return true;
  }

  /** Records a failed attempt; returns whether the connection state changed. */
  failed(state: AgentState, error: DirectoryError, retryInMs: number): boolean {
    this.failuresSinceConnected += 1;
    state.connection.lastError = error.message;
    this.logger.debug({ err: error.message, retryInMs }, 'check-in failed');
    const previous: ConnectionState = state.connection.state;
    if (previous === 'offline') return false;
    const level = error.kind === 'refused' ? 'error' : 'warn';
    this.logger[level](
      { err: error.message, status: error.status, code: error.code, retryInMs },
      'lost the directory; enforcing the last known state until it is back',
    );
    state.connection.state = 'offline';
    state.connection.since = new Date(this.nowMs()).toISOString();
    return true;
  }
}
