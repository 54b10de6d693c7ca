/**
 * One agent: its state in memory and on disk, the check-in loop, reconciliation and result
 * delivery. `createAgent` (create-agent.ts) wraps it in the public API. Everything mutable lives
 * in the instance, so hundreds of agents can share one process.
 */
import { readFile } from 'node:fs/promises';
import type { CheckinResponse } from '../../src-shared/checkin-protocol.js';
import { AgentEventHub } from './agent-events.js';
import type { Logger } from '../../src-shared/logger.js';
import { CheckinLoop, type LoopTiming } from './checkin/checkin-loop.js';
import { DirectoryClient } from './directory/directory-client.js';
import type { DirectoryError } from './directory/directory-error.js';
import { createNodeFetch, type FetchLike } from './directory/node-fetch.js';
import { loadDeviceIdentity, type DeviceIdentity } from './identity/device-identity.js';
import type { AccountPlatform } from '../platform/account-platform.js';
import { emptyState, type AgentState } from './state/agent-state.js';
import { StateStore } from './state/state-store.js';
import { ConnectionTracker } from './sync/connection-tracker.js';
import { OutboxSender } from './sync/outbox-sender.js';
import { Reconciliation } from './sync/reconciliation.js';

export interface RuntimeOptions {
  stateDir: string;
  platform: AccountPlatform;
  logger: Logger;
  fetch: FetchLike | null;
  caFile: string | null;
  now: () => number;
  random: () => number;
  timing: LoopTiming;
  agentVersion: string;
}

/** While offline, the last known state is enforced again at most this often. */
const OFFLINE_ENFORCE_EVERY_MS = 60_000;

export class AgentRuntime {
  readonly events = new AgentEventHub();
  state: AgentState;
  identity: DeviceIdentity | null = null;
  client: DirectoryClient | null = null;
  private loop: CheckinLoop | null = null;
  private readonly store: StateStore;
  private readonly connection: ConnectionTracker;
  private readonly reconciliation: Reconciliation;
  private outbox: OutboxSender | null = null;
  private readonly lifetime = new AbortController();
  private lastEnforcedMs = 0;

  constructor(readonly opts: RuntimeOptions) {
    this.store = new StateStore(opts.stateDir);
    this.state = emptyState(this.isoNow());
    this.connection = new ConnectionTracker(opts.logger, opts.now);
    this.reconciliation = new Reconciliation({
      platform: opts.platform,
      logger: opts.logger,
      nowMs: opts.now,
      state: () => this.state,
      commit: (mutate) => this.commit(mutate),
      onResult: (result) => this.events.emit('result', result),
    });
  }

  get ready(): ReadonlySet<string> {
    return this.reconciliation.ready;
  }

  isoNow(): string {
    return new Date(this.opts.now()).toISOString();
  }

  /** Applies `mutate`, tells listeners, and resolves once the state is on disk. */
  async commit(mutate: (state: AgentState) => void): Promise<void> {
    mutate(this.state);
    this.state.updatedAt = this.isoNow();
    this.events.emit('change', undefined);
    if (this.identity) await this.store.save(() => this.state);
  }

  /** Runs `fn` after every earlier reconcile or state-changing call has finished. */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.reconciliation.serial(fn);
  }

  async start(): Promise<void> {
    this.identity = await loadDeviceIdentity(this.opts.stateDir);
    if (!this.identity) {
      this.opts.logger.warn(
        { stateDir: this.opts.stateDir },
        'this device is not enrolled; run `lockstep agent enroll` first',
      );
      this.state.connection.state = 'not-enrolled';
      this.events.emit('change', undefined);
      return;
    }
    const loaded = await this.store.load(this.isoNow());
    if (loaded.kind === 'corrupt') {
      this.opts.logger.error(
        { reason: loaded.reason, keptAs: loaded.keptAs },
        'refused the agent state file; starting from an empty state and re-syncing from the directory (the device key is kept)',
      );
    }
    this.state = loaded.state;
    await this.commit((s) => {
      s.runningPid = process.pid;
      s.connection.state = 'connecting';
      s.connection.since = this.isoNow();
    });
    const { record, privateKey } = this.identity;
    const caFile = this.opts.caFile ?? record.caFile;
    const fetchFn =
      this.opts.fetch ?? createNodeFetch(caFile ? { ca: await readFile(caFile, 'utf8') } : {});
    const client = new DirectoryClient({
      directoryUrl: record.directoryUrl,
      deviceId: record.deviceId,
      privateKey,
      fetch: fetchFn,
      now: this.opts.now,
    });
    this.client = client;
    this.outbox = new OutboxSender({
      state: () => this.state,
      post: (results, signal) => client.postResults({ results }, signal),
      commit: (mutate) => this.commit(mutate),
      logger: this.opts.logger,
    });
    this.opts.logger.info(
      {
        deviceId: record.deviceId,
        directory: record.directoryUrl,
        users: this.state.desired.length,
      },
      'agent started',
    );
    // Enforce what we last knew before the directory answers: it may be down for hours.
    await this.enforce();
    this.loop = new CheckinLoop({
      checkin: (request, signal) => client.checkin(request, signal),
      beforeCheckin: (signal) => this.flushOutbox(signal),
      cursor: () => this.state.cursor,
      applied: () =>
        this.state.applied.map(({ userId, state, passwordVersion }) => ({
          userId,
          state,
          passwordVersion,
        })),
      intervalMs: () => this.state.policy.checkinIntervalSeconds * 1000,
      longPollSeconds: () => this.state.policy.longPollSeconds,
      onAnswer: (answer) => this.onAnswer(answer),
      onFailure: (error, _n, retryInMs) => this.onFailure(error, retryInMs),
      timing: this.opts.timing,
      agentVersion: this.opts.agentVersion,
      random: this.opts.random,
      now: this.opts.now,
    });
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.lifetime.abort();
    await this.loop?.stop();
    await this.serial(async () => undefined);
    if (this.identity) {
      await this.commit((s) => {
        s.runningPid = null;
      });
      this.opts.logger.info('agent stopped');
    }
  }

  checkInNow(): void {
    this.loop?.wake();
  }

  /**
   * Delivers queued results now if connected. On failure the loop is woken so that it retries
   * with its own backoff, instead of the results waiting behind a long-poll that may last 50 s.
   */
  kickOutbox(): void {
    if (this.state.connection.state !== 'connected' || this.state.outbox.length === 0) return;
    this.flushOutbox(this.lifetime.signal).catch((error: unknown) => {
      this.opts.logger.debug(
        { err: (error as Error).message },
        'result delivery failed; retrying from the check-in loop',
      );
      this.loop?.wake();
    });
  }

  private flushOutbox(signal: AbortSignal): Promise<void> {
    return this.outbox ? this.outbox.flush(signal) : Promise.resolve();
  }

  private enforce(): Promise<void> {
    this.lastEnforcedMs = this.opts.now();
    return this.serial(async () => {
      const results = await this.reconciliation.run();
      // Pending changes may differ even when nothing was written.
      this.events.emit('change', undefined);
      if (results.length > 0) this.kickOutbox();
    });
  }

  private async onAnswer(answer: CheckinResponse): Promise<void> {
    const changed = answer.cursor !== this.state.cursor;
    let transitioned = false;
    await this.commit((s) => {
      s.cursor = answer.cursor;
      s.policy = answer.policy;
      s.desired = answer.users;
      s.applied = s.applied.filter((a) => answer.users.some((u) => u.userId === a.userId));
      transitioned = this.connection.connected(s);
    });
    if (transitioned) this.events.emit('connection', { state: 'connected', lastError: null });
    this.events.emit('checkin', {
      cursor: answer.cursor,
      changed,
      users: answer.users,
      receivedAtMs: this.opts.now(),
    });
    await this.enforce();
  }

  private async onFailure(error: DirectoryError, retryInMs: number): Promise<void> {
    let transitioned = false;
    await this.commit((s) => {
      transitioned = this.connection.failed(s, error, retryInMs);
    });
    if (transitioned)
      this.events.emit('connection', { state: 'offline', lastError: error.message });
    if (transitioned || this.opts.now() - this.lastEnforcedMs >= OFFLINE_ENFORCE_EVERY_MS)
      await this.enforce();
  }
}
