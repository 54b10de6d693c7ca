/**
 * The check-in loop: one long-poll at a time while connected (the directory answers the moment
 * something changes), the policy's interval when the directory answers without holding, and
 * full-jitter backoff (or the directory's Retry-After) after failures. Uses one timer at most.
 */
import type {
  AppliedUserState,
  CheckinRequest,
  CheckinResponse,
} from '../../../src-shared/checkin-protocol.js';
import { DEFAULT_LONG_POLL_SECONDS } from '../../../src-shared/checkin-protocol.js';
import { DirectoryError } from '../directory/directory-error.js';
import {
  backoffDelayMs,
  DEFAULT_BACKOFF,
  retryAfterDelayMs,
  type BackoffSettings,
} from './backoff.js';

export interface LoopTiming {
  longPollSeconds: number;
  backoff: BackoffSettings;
}
export const DEFAULT_TIMING: LoopTiming = {
  longPollSeconds: DEFAULT_LONG_POLL_SECONDS,
  backoff: DEFAULT_BACKOFF,
};

export interface CheckinLoopDeps {
  checkin(request: CheckinRequest, signal: AbortSignal): Promise<CheckinResponse>;
  /** Delivers queued results first; a failure there is handled like a failed check-in. */
  beforeCheckin(signal: AbortSignal): Promise<void>;
  cursor(): string | null;
  applied(): AppliedUserState[];
  intervalMs(): number;
  /** The policy's long-poll hold (seconds); `timing.longPollSeconds` when absent. */
  longPollSeconds?(): number;
  onAnswer(answer: CheckinResponse): Promise<void>;
  onFailure(error: DirectoryError, consecutiveFailures: number, retryInMs: number): Promise<void>;
  timing: LoopTiming;
  agentVersion: string;
  random: () => number;
  now: () => number;
}

function asDirectoryError(error: unknown): DirectoryError {
  if (error instanceof DirectoryError) return error;
  return new DirectoryError('bad-response', error instanceof Error ? error.message : String(error));
}

export class CheckinLoop {
  private stopped = false;
  private wakeRequested = false;
  private request: AbortController | null = null;
  private endSleep: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly deps: CheckinLoopDeps) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Aborts the open request or wait and resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.request?.abort();
    this.endSleep?.();
    await this.running;
  }

  /** Check in now: ends an open long-poll or a wait; the next request asks for an immediate answer. */
  wake(): void {
    this.wakeRequested = true;
    this.request?.abort();
    this.endSleep?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || this.wakeRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.endSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endSleep = done;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    let earlyAnswers = 0;
    // First request after start or an error: answer now, so the connection state is known at once.
    let waitSeconds = 0;
    while (!this.stopped) {
      const controller = new AbortController();
      this.request = controller;
      if (this.wakeRequested) waitSeconds = 0;
      this.wakeRequested = false;
      const sentCursor = this.deps.cursor();
      const started = this.deps.now();
      try {
        // Undeliverable results count as a failed attempt: back off rather than long-poll on top.
        await this.deps.beforeCheckin(controller.signal);
        const answer = await this.deps.checkin(
          {
            cursor: sentCursor,
            waitSeconds,
            applied: this.deps.applied(),
            agentVersion: this.deps.agentVersion,
          },
          controller.signal,
        );
        this.request = null;
        failures = 0;
        await this.deps.onAnswer(answer);
        const asked = waitSeconds;
        waitSeconds = this.deps.longPollSeconds?.() ?? this.deps.timing.longPollSeconds;
        // Long-polls answered early with nothing new, twice in a row: the directory is not holding
        // requests (a proxy, an overloaded node); fall back to the policy's interval. Once alone
        // is normal (a directory answers its held polls when it shuts down).
        const unchanged = answer.cursor === sentCursor;
        const notHeld = this.deps.now() - started < (asked * 1000) / 2;
        earlyAnswers = asked > 0 && unchanged && notHeld ? earlyAnswers + 1 : 0;
        if (earlyAnswers >= 2) await this.sleep(this.deps.intervalMs());
      } catch (error) {
        this.request = null;
        if (this.stopped) break;
        if (this.wakeRequested) continue;
        failures += 1;
        waitSeconds = 0;
        const err = asDirectoryError(error);
        const delay =
          err.retryAfterMs !== null
            ? retryAfterDelayMs(err.retryAfterMs, this.deps.random)
            : backoffDelayMs(failures, this.deps.timing.backoff, this.deps.random);
        await this.deps.onFailure(err, failures, delay);
        await this.sleep(delay);
      }
    }
  }
}
