/**
 * A lightweight but faithful device agent: the agent's own CheckinLoop (long-poll, jittered
 * backoff, Retry-After) and signer, with the state reduced to a cursor and the bound users'
 * password versions. Thousands run in one load-generator process.
 */
import type { KeyObject } from 'node:crypto';
import {
  CheckinLoop,
  DEFAULT_TIMING,
  type LoopTiming,
} from '../../src-main/agent/checkin/checkin-loop.js';
import {
  DirectoryError,
  errorFromNetwork,
  parseRetryAfter,
} from '../../src-main/agent/directory/directory-error.js';
import { CheckinResponse, type CheckinRequest } from '../../src-shared/checkin-protocol.js';
import { postSigned, type SignedTarget } from './signed-http.js';

export interface AgentObservation {
  /** Highest password version seen for any bound user. */
  passwordVersion: number;
  receivedAt: number;
}

export interface StatusCounts {
  ok: number;
  /** 429 answers (each carried Retry-After unless counted in missingRetryAfter). */
  busy: number;
  missingRetryAfter: number;
  serverErrors: number;
  otherStatus: number;
  networkErrors: number;
}

export const emptyCounts = (): StatusCounts => ({
  ok: 0,
  busy: 0,
  missingRetryAfter: 0,
  serverErrors: 0,
  otherStatus: 0,
  networkErrors: 0,
});

export interface PollingAgentOptions {
  target: SignedTarget;
  deviceId: string;
  privateKey: KeyObject;
  counts: StatusCounts;
  onAnswer: (observation: AgentObservation) => void;
  timing?: LoopTiming;
  /** Called with each failure's chosen delay (to check that reconnects are spread). */
  onRetry?: (delayMs: number) => void;
}

export class PollingAgent {
  cursor: string | null = null;
  passwordVersion = 0;
  /** The policy's long-poll hold, as the real agent follows it. */
  private longPollSeconds: number;
  private readonly loop: CheckinLoop;

  constructor(private readonly o: PollingAgentOptions) {
    const timing = o.timing ?? DEFAULT_TIMING;
    this.longPollSeconds = timing.longPollSeconds;
    this.loop = new CheckinLoop({
      checkin: (request, signal) => this.checkin(request, signal),
      beforeCheckin: async () => {},
      cursor: () => this.cursor,
      applied: () => [],
      intervalMs: () => 60_000,
      longPollSeconds: () => this.longPollSeconds,
      onAnswer: async (answer) => {
        this.cursor = answer.cursor;
        this.longPollSeconds = answer.policy.longPollSeconds;
      },
      onFailure: async (_error, _failures, retryInMs) => o.onRetry?.(retryInMs),
      timing,
      agentVersion: 'bench-0.1.0',
      random: Math.random,
      now: Date.now,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async checkin(request: CheckinRequest, signal: AbortSignal): Promise<CheckinResponse> {
    const { counts } = this.o;
    let answer;
    try {
      answer = await postSigned(
        this.o.target,
        this.o.deviceId,
        this.o.privateKey,
        'checkin',
        request,
        signal,
      );
    } catch (error) {
      if (!signal.aborted) counts.networkErrors++;
      throw errorFromNetwork(error, 'check-in', 'bench directory');
    }
    if (answer.status === 200) {
      counts.ok++;
      const parsed = CheckinResponse.parse(JSON.parse(answer.text));
      const version = Math.max(0, ...parsed.users.map((u) => u.passwordVersion));
      this.passwordVersion = version;
      this.o.onAnswer({ passwordVersion: version, receivedAt: answer.receivedAt });
      return parsed;
    }
    if (answer.status === 429) {
      counts.busy++;
      if (answer.retryAfter === null) counts.missingRetryAfter++;
    } else if (answer.status >= 500) counts.serverErrors++;
    else counts.otherStatus++;
    const retryAfterMs = parseRetryAfter(answer.retryAfter, Date.now());
    throw new DirectoryError(
      answer.status === 429 ? 'rate-limited' : 'unreachable',
      `HTTP ${answer.status}`,
      answer.status,
      null,
      retryAfterMs,
    );
  }
}
