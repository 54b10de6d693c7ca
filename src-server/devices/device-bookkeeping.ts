import { MAX_CLOCK_SKEW_MS } from '../../src-shared/checkin-protocol.js';
import type { SqliteDevices } from '../store/sqlite/sqlite-devices.js';
import type { SqliteNonces } from '../store/sqlite/sqlite-nonces.js';

/** Each directory process forgets old nonces this often, a bounded piece at a time. */
const FORGET_EVERY_MS = 1_000;
const FORGET_AT_MOST = 1_000;

/**
 * Per-request device bookkeeping: the nonces seen inside the skew window (so a replay is refused
 * by every directory process, also after a restart) and each device's last check-in.
 *
 * A nonce is written before its request is answered (one row in the shared nonce file: ~20 µs, more
 * when another process holds the file's write lock at that moment).
 * Last check-ins are kept in memory and written in batches: on every check-in they would cost an
 * fsync each; a batch at most every half second costs one, and an idle directory none (the flush
 * timer is armed by the first record).
 */
export class DeviceBookkeeping {
  private pendingCheckins = new Map<string, { at: string; agentVersion: string }>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private forgottenAt = 0;

  constructor(
    private readonly devices: SqliteDevices,
    private readonly nonces: SqliteNonces,
    private readonly now: () => number = Date.now,
    private readonly flushEveryMs = 500,
  ) {}

  /** Records a nonce; false when this device already used it inside the window. */
  useNonce(deviceId: string, nonce: string): boolean {
    const seenAt = this.now();
    if (seenAt - this.forgottenAt >= FORGET_EVERY_MS) this.forgetOld(seenAt);
    return this.nonces.use(deviceId, nonce, seenAt);
  }

  /** Timestamps older than the skew window are refused anyway, so their nonces can go. */
  private forgetOld(now: number): void {
    this.forgottenAt = now;
    try {
      // A full piece means more are due: the next request takes the next piece.
      if (this.nonces.forgetBefore(now - 2 * MAX_CLOCK_SKEW_MS, FORGET_AT_MOST) === FORGET_AT_MOST)
        this.forgottenAt = 0;
    } catch {
      // Housekeeping, not this request's business: another process held the lock past the busy
      // timeout, and the next second tries again.
    }
  }

  touch(deviceId: string, agentVersion: string): void {
    this.pendingCheckins.set(deviceId, { at: new Date(this.now()).toISOString(), agentVersion });
    this.flushSoon();
  }

  private flushSoon(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.flushEveryMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.pendingCheckins.size === 0) return;
    const checkins = this.pendingCheckins;
    this.pendingCheckins = new Map();
    this.devices.recordCheckins(checkins);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
