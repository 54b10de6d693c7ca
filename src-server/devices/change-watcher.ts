import type Database from 'better-sqlite3';
import type { SqliteChanges } from '../store/sqlite/sqlite-changes.js';
import type { SqliteDevices } from '../store/sqlite/sqlite-devices.js';

type Waker = () => void;

/**
 * Wakes held check-ins when something they depend on changes.
 *
 * Changes made by this process and by admin commands in other processes both land in the
 * `changes` table; another process's commit bumps `PRAGMA data_version` on our connection, which
 * is polled cheaply. Each change wakes only the devices it concerns: a user change wakes the
 * devices bound to that user, a global policy change wakes everyone.
 */
export class ChangeWatcher {
  private readonly waiters = new Map<string, Set<Waker>>();
  private lastSeq: number;
  private lastDataVersion: number;
  private readonly timer: NodeJS.Timeout;
  private scheduled = false;
  /** Kept as a count: summing the waiter sets on every long-poll was O(held polls) per request. */
  private held = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly changes: SqliteChanges,
    private readonly devices: SqliteDevices,
    pollEveryMs = 50,
  ) {
    this.lastSeq = changes.latest();
    this.lastDataVersion = this.dataVersion();
    this.timer = setInterval(() => {
      const v = this.dataVersion();
      if (v !== this.lastDataVersion) {
        this.lastDataVersion = v;
        this.drain();
      }
    }, pollEveryMs);
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

  /** Resolves when the device may have something new, or after `ms`; `false` on timeout. */
  wait(deviceId: string, ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const set = this.waiters.get(deviceId) ?? new Set<Waker>();
      this.waiters.set(deviceId, set);
      this.held++;
      const done = (woken: boolean) => {
        this.held--;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        set.delete(waker);
        if (set.size === 0 && this.waiters.get(deviceId) === set) this.waiters.delete(deviceId);
        resolve(woken);
      };
      const waker = () => done(true);
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      signal.addEventListener('abort', onAbort);
      set.add(waker);
    });
  }

  get heldCount(): number {
    return this.held;
  }

  close(): void {
    clearInterval(this.timer);
    for (const set of this.waiters.values()) for (const w of [...set]) w();
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
      const targets = everyone ? [...this.waiters.keys()] : [...wake];
      for (const id of targets) for (const w of [...(this.waiters.get(id) ?? [])]) w();
    }
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
