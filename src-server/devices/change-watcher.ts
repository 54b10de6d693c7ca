import type Database from 'better-sqlite3';
import type { SqliteChanges } from '../store/sqlite/sqlite-changes.js';
import type { SqliteDevices } from '../store/sqlite/sqlite-devices.js';

/** One held check-in: answered once, with the batch it is answered in. */
export interface Hold<B> {
  readonly deviceId: string;
  readonly wake: (batch: B) => void;
  /** The expiry bucket (whole seconds) it waits in. */
  readonly second: number;
}

export interface ChangeWatcherOptions<B> {
  /** A fresh batch (shared reads and answers) for each group of devices woken in the same turn. */
  newBatch: (deviceIds: readonly string[]) => B;
  /** How often to look for commits by other processes (PRAGMA data_version): admin commands, other directory processes. */
  pollEveryMs?: number;
  /**
   * Tells the other directory processes that this one committed a change (after the commit), so
   * they wake their own held check-ins at once rather than at their next data_version look.
   */
  announce?: () => void;
  /** Devices answered per event-loop turn before yielding to other requests. */
  batchSize?: number;
}

/**
 * Wakes held check-ins when something they depend on changes.
 *
 * Changes made by this process and by admin commands in other processes both land in the
 * `changes` table; another process's commit bumps `PRAGMA data_version` on our connection, which
 * is polled cheaply. Directory processes of one cluster also announce their commits to each other
 * (`announce` / `othersChanged`), which is faster than any poll. Each change wakes only the
 * devices it concerns: a user change wakes the devices bound to that user, a global policy change
 * wakes everyone.
 *
 * Woken devices are answered `batchSize` at a time, one batch per event-loop turn: devices in a
 * batch share their reads and identical answers, the first answers leave at once, and other
 * requests are not starved while ten thousand devices are answered.
 *
 * A hold whose time is up is answered the same way: holds expire in whole-second buckets swept by
 * one timer at each second's turn (never early, at most a second late), so a hundred thousand
 * held polls cost no timer each, and those expiring together share their reads.
 *
 * An idle directory wakes for little else than these two timers, and a wake-up costs ~0.1 ms of
 * CPU here: with several directory processes they were most of the idle CPU, hence one sweep a
 * second rather than four and a 100 ms look for other processes' commits rather than 50 ms.
 */
export class ChangeWatcher<B> {
  /** Held check-ins by device (almost always one each: an array is the smallest holder). */
  private readonly waiters = new Map<string, Array<Hold<B>>>();
  private readonly expiries = new Map<number, Set<Hold<B>>>();
  private lastSeq: number;
  private lastDataVersion: number;
  private readonly timer: NodeJS.Timeout;
  private sweeper: NodeJS.Timeout | undefined;
  /** Prepared once: db.pragma() prepares a statement on every call, ten times a second here. */
  private readonly dataVersionQuery: Database.Statement<[], number>;
  private scheduled = false;
  private announcePending = false;
  private closed = false;
  /** Kept as a count: summing the waiter sets on every long-poll was O(held polls) per request. */
  private held = 0;
  private readonly newBatch: (deviceIds: readonly string[]) => B;
  private readonly announce: (() => void) | undefined;
  private readonly batchSize: number;
  /** Delivery rounds with batches still to send, and who waits for them to finish. */
  private rounds = 0;
  private readonly roundWaiters: Array<() => void> = [];

  constructor(
    private readonly db: Database.Database,
    private readonly changes: SqliteChanges,
    private readonly devices: SqliteDevices,
    options: ChangeWatcherOptions<B>,
    private readonly now: () => number = Date.now,
  ) {
    this.newBatch = options.newBatch;
    this.announce = options.announce;
    this.batchSize = Math.max(1, options.batchSize ?? 2000);
    this.lastSeq = changes.latest();
    this.dataVersionQuery = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.lastDataVersion = this.dataVersion();
    this.timer = setInterval(() => {
      if (!this.db.open) return;
      const v = this.dataVersion();
      if (v !== this.lastDataVersion) {
        this.lastDataVersion = v;
        this.drain();
      }
    }, options.pollEveryMs ?? 100);
    this.timer.unref();
    this.sweepAtNextSecond();
  }

  /** Called when this process records a change: drain on the next turn, after the transaction. */
  poke(): void {
    if (this.announce) this.announcePending = true;
    this.drainSoon();
  }

  /** Another directory process announced a commit. */
  othersChanged(): void {
    this.drainSoon();
  }

  private drainSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.announcePending) {
        this.announcePending = false;
        // First, so the other processes answer their share while this one answers its own.
        this.announce?.();
      }
      this.drain();
    });
  }

  /**
   * Holds a check-in of `deviceId` until a change may concern it or `ms` pass, then calls `wake`
   * once with the batch to answer in (after `close`, at once and `null` is returned). `release`
   * lets go of the returned hold without an answer.
   */
  hold(deviceId: string, ms: number, wake: (batch: B) => void): Hold<B> | null {
    if (this.closed) {
      wake(this.newBatch([]));
      return null;
    }
    const h: Hold<B> = { deviceId, wake, second: Math.ceil((this.now() + ms) / 1000) };
    const list = this.waiters.get(deviceId);
    if (list) list.push(h);
    else this.waiters.set(deviceId, [h]);
    let due = this.expiries.get(h.second);
    if (!due) this.expiries.set(h.second, (due = new Set()));
    due.add(h);
    this.held++;
    return h;
  }

  /** Lets go of a hold without answering it (the client left); false when it was already answered or let go. */
  release(h: Hold<B>): boolean {
    const list = this.waiters.get(h.deviceId);
    const at = list ? list.indexOf(h) : -1;
    if (!list || at < 0) return false;
    if (list.length === 1) this.waiters.delete(h.deviceId);
    else list.splice(at, 1);
    const due = this.expiries.get(h.second);
    due?.delete(h);
    if (due?.size === 0) this.expiries.delete(h.second);
    this.held--;
    return true;
  }

  get isClosed(): boolean {
    return this.closed;
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
    return this.rounds === 0
      ? undefined
      : new Promise((resolve) => this.roundWaiters.push(resolve));
  }

  /** Answers every held check-in now, and any later one at once (shutdown). */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.sweeper);
    const batch = this.newBatch([]);
    for (const list of [...this.waiters.values()]) for (const h of [...list]) this.answer(h, batch);
    this.rounds = 0;
    for (const resolve of this.roundWaiters.splice(0)) resolve();
  }

  /** Answers a hold once (a hold queued for a later batch may have been answered or let go since). */
  private answer(h: Hold<B>, batch: B): void {
    if (this.release(h)) h.wake(batch);
  }

  private sweepAtNextSecond(): void {
    if (this.closed) return;
    // A few ms past the turn of the second, so the bucket that just fell due is collected.
    this.sweeper = setTimeout(
      () => {
        try {
          this.expire();
        } finally {
          this.sweepAtNextSecond();
        }
      },
      1005 - (this.now() % 1000),
    );
    this.sweeper.unref();
  }

  /**
   * Answers the holds whose time is up, in batches like a wake-up. Their buckets go at once, so a
   * sweep during a round still being sent does not collect the same holds again.
   */
  private expire(): void {
    const nowSecond = Math.floor(this.now() / 1000);
    const holds: Array<Hold<B>> = [];
    for (const [second, due] of this.expiries) {
      if (second > nowSecond) continue;
      for (const h of due) holds.push(h);
      this.expiries.delete(second);
    }
    if (holds.length > 0) this.deliver(holds, 0);
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
        if (r.kind === 'user' && r.userId !== null)
          for (const d of this.devices.devicesOf(r.userId)) wake.add(d);
      }
      const holds: Array<Hold<B>> = [];
      for (const id of everyone ? this.waiters.keys() : wake)
        for (const h of this.waiters.get(id) ?? []) holds.push(h);
      this.deliver(holds, 0);
    }
  }

  /** Answers `holds` from `from` on, one batch now and the rest on later turns. */
  private deliver(holds: ReadonlyArray<Hold<B>>, from: number, inRound = false): void {
    if (from >= holds.length || !this.db.open) {
      if (inRound) this.roundEnded();
      return;
    }
    const end = Math.min(from + this.batchSize, holds.length);
    const part = holds.slice(from, end);
    const batch = this.newBatch(part.map((h) => h.deviceId));
    for (const h of part) this.answer(h, batch);
    if (end < holds.length) {
      if (!inRound) this.rounds++;
      setImmediate(() => this.deliver(holds, end, true));
    } else if (inRound) {
      this.roundEnded();
    }
  }

  private roundEnded(): void {
    this.rounds = Math.max(0, this.rounds - 1);
    if (this.rounds === 0) for (const resolve of this.roundWaiters.splice(0)) resolve();
  }

  private dataVersion(): number {
    return this.dataVersionQuery.get() as number;
  }
}
