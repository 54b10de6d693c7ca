/**
 * Delivers queued results to the directory in batches, oldest first; one delivery at a time.
 * Results leave the outbox only once the directory has recorded them; a batch the directory
 * rejects as malformed is dropped (and logged) so it cannot block everything queued behind it.
 */
import type { ActionResult } from '../../../src-shared/checkin-protocol.js';
import type { Logger } from '../../../src-shared/logger.js';
import { DirectoryError } from '../directory/directory-error.js';
import type { AgentState } from '../state/agent-state.js';

const BATCH = 100;

export interface OutboxDeps {
  state: () => AgentState;
  post: (results: ActionResult[], signal: AbortSignal) => Promise<number>;
  commit: (mutate: (state: AgentState) => void) => Promise<void>;
  logger: Logger;
}

export class OutboxSender {
  private flushing: Promise<void> | null = null;

  constructor(private readonly deps: OutboxDeps) {}

  /** Sends everything queued; rejects with the first delivery error (the rest stays queued). */
  flush(signal: AbortSignal): Promise<void> {
    this.flushing ??= this.drain(signal).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(signal: AbortSignal): Promise<void> {
    while (this.deps.state().outbox.length > 0) {
      const batch = this.deps.state().outbox.slice(0, BATCH);
      let malformed = false;
      try {
        await this.deps.post(batch, signal);
      } catch (error) {
        const status = error instanceof DirectoryError ? error.status : null;
        if (
          !(
            error instanceof DirectoryError &&
            error.kind === 'refused' &&
            (status === 400 || status === 422)
          )
        )
          throw error;
        this.deps.logger.error(
          { err: error.message, dropped: batch.length },
          'the directory rejected reported results as malformed; dropping them',
        );
        malformed = true;
      }
      const sent = new Set(batch);
      await this.deps.commit((state) => {
        state.outbox = state.outbox.filter((r) => !sent.has(r));
      });
      if (!malformed) this.deps.logger.debug({ delivered: batch.length }, 'results delivered');
    }
  }
}
