import type Database from 'better-sqlite3';
import type { SqliteChanges } from '../store/sqlite/sqlite-changes.js';
import type { SqliteDevices } from '../store/sqlite/sqlite-devices.js';

/** Wakes one held check-in with the batch it is answered in. */
type Waker<B> = (batch: B) => void;

export interface ChangeWatcherOptions<B> {
  /** A fresh batch (shared reads and answers) for each group of devices woken in the same turn. */
  newBatch: () => B;
  pollEveryMs?: number;
  /** Devices answered per event-loop turn before yielding to other requests. */
  batchSize?: number;
}

/**
 * Wakes held check-ins when something they depend on changes.
 *
 * Changes made by this process and by admin commands in other processes both land in the
 * `changes` table; another process's commit bumps `PRAGMA data_version` on our connection, which
 * is polled cheaply. Each change wakes only the devices it concerns: a user change wakes the
 * devices bound to that user, a global policy change wakes everyone.
 *
 * Woken devices are answered `batchSize` at a time, one batch per event-loop turn: devices in a
 * batch share their reads and identical answers, the first answers leave at once, and other
 * requests are not starved while ten thousand devices are answered.
 */
export class ChangeWatcher<B> {
  private readonly waiters = new Map<string, Set<Waker<B>>>();
  private lastSeq: number;
  private lastDataVersion: number;
  private readonly timer: NodeJS.Timeout;
  private scheduled = false;
  /** Kept as a count: summing the waiter sets on every long-poll was O(held polls) per request. */
  private held = 0;
  private readonly newBatch: () => B;
  private readonly batchSize: number;
  /** Delivery rounds with batches still to send, and who waits for them to finish. */
  private rounds = 0;
  private readonly roundWaiters: Array<() => void> = [];

  constructor(
    private readonly db: Database.Database,
    private readonly changes: SqliteChanges,
    private readonly devices: SqliteDevices,
    options: ChangeWatcherOptions<B>,
  ) {
    this.newBatch = options.newBatch;
    this.batchSize = Math.max(1, options.batchSize ?? 2000);
    this.lastSeq = changes.latest();
    this.lastDataVersion = this.dataVersion();
    this.timer = setInterval(() => {
      const v = this.dataVersion();
      if (v !== this.lastDataVersion) {
        this.lastDataVersion = v;
        this.drain();
      }
    }, options.pollEveryMs ?? 50);
    this.timer.unref();
  }

  /** Called after this process commits a change: drain on the next turn, after the transaction. */
  poke(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Resolves with the batch to answer in when the device may have something new; `null` after `ms` or on abort. */
  wait(deviceId: string, ms: number, signal: AbortSignal): Promise<B | null> {
    return new Promise((resolve) => {
      const set = this.waiters.get(deviceId) ?? new Set<Waker<B>>();
      this.waiters.set(deviceId, set);
      this.held++;
      const done = (batch: B | null) => {
        // A waker queued for a later batch may meet its timeout or abort first; it settles once.
        if (!set.delete(waker)) return;
        this.held--;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (set.size === 0 && this.waiters.get(deviceId) === set) this.waiters.delete(deviceId);
        resolve(batch);
      };
      const waker: Waker<B> = (batch) => done(batch);
      const onAbort = () => done(null);
      const timer = setTimeout(() => done(null), ms);
      signal.addEventListener('abort', onAbort);
      set.add(waker);
    });
  }

  get heldCount(): number {
    return this.held;
  }

  /**
   * Resolves when no wake-up round is still sending (at once when none is). New check-ins wait on
   * it: right after a change they are mostly re-polls of devices just answered, and serving those
   * (signature check, answer, write) between batches delays the devices still waiting.
   */
  deliveryDone(): Promise<void> | undefined {
    return this.rounds === 0 ? undefined : new Promise((resolve) => this.roundWaiters.push(resolve));
  }

  /** Answers every held check-in now (shutdown). */
  close(): void {
    clearInterval(this.timer);
    const batch = this.newBatch();
    for (const set of [...this.waiters.values()]) for (const w of [...set]) w(batch);
    this.rounds = 0;
    for (const resolve of this.roundWaiters.splice(0)) resolve();
  }

  private drain(): void {
    if (!this.db.open) return;
    for (;;) {
      const rows = this.changes.after(this.lastSeq);
      if (rows.length === 0) return;
      const wake = new Set<string>();
      let everyone = false;
      for (const r of rows) {
        this.lastSeq = r.seq;
        if (r.deviceId !== null) wake.add(r.deviceId);
        else if (r.kind === 'policy') everyone = true;
        if (r.kind === 'user' && r.userId !== null) for (const d of this.devices.devicesOf(r.userId)) wake.add(d);
      }
      const wakers: Array<Waker<B>> = [];
      for (const id of everyone ? this.waiters.keys() : wake) for (const w of this.waiters.get(id) ?? []) wakers.push(w);
      this.deliver(wakers, 0);
    }
  }

  /** Wakes `wakers` from `from` on, one batch now and the rest on later turns. */
  private deliver(wakers: ReadonlyArray<Waker<B>>, from: number, inRound = false): void {
    if (from >= wakers.length || !this.db.open) {
      if (inRound) this.roundEnded();
      return;
    }
    const batch = this.newBatch();
    const end = Math.min(from + this.batchSize, wakers.length);
    for (let i = from; i < end; i++) (wakers[i] as Waker<B>)(batch);
    if (end < wakers.length) {
      if (!inRound) this.rounds++;
      setImmediate(() => this.deliver(wakers, end, true));
    } else if (inRound) {
      this.roundEnded();
    }
  }

  private roundEnded(): void {
    this.rounds = Math.max(0, this.rounds - 1);
    if (this.rounds === 0) for (const resolve of this.roundWaiters.splice(0)) resolve();
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
