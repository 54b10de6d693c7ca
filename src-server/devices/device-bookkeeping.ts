import { MAX_CLOCK_SKEW_MS } from '../../src-shared/checkin-protocol.js';
import type { SqliteDevices } from '../store/sqlite/sqlite-devices.js';

/**
 * Per-request device bookkeeping kept in memory and written in batches: the nonces seen inside
 * the skew window (so a replay is refused, also after a restart) and each device's last check-in.
 *
 * Writing these on every check-in would cost an fsync per request; a batch at most every half
 * second costs one, and an idle directory none (the flush timer is armed by the first record).
 * The in-memory set is authoritative while the process runs.
 */
export class DeviceBookkeeping {
  private readonly seen = new Map<string, number>();
  private pendingNonces: Array<{ deviceId: string; nonce: string; seenAt: number }> = [];
  private pendingCheckins = new Map<string, { at: string; agentVersion: string }>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly devices: SqliteDevices,
    private readonly now: () => number = Date.now,
    private readonly flushEveryMs = 500,
  ) {
    for (const n of devices.recentNonces(now() - 2 * MAX_CLOCK_SKEW_MS)) this.seen.set(key(n.deviceId, n.nonce), n.seenAt);
  }

  /** Records a nonce; false when this device already used it inside the window. */
  useNonce(deviceId: string, nonce: string): boolean {
    const k = key(deviceId, nonce);
    if (this.seen.has(k)) return false;
    const seenAt = this.now();
    this.seen.set(k, seenAt);
    this.pendingNonces.push({ deviceId, nonce, seenAt });
    this.flushSoon();
    return true;
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
    // Timestamps older than the skew window are refused anyway, so their nonces can be forgotten.
    const horizon = this.now() - 2 * MAX_CLOCK_SKEW_MS;
    for (const [k, at] of this.seen) {
      if (at >= horizon) break;
      this.seen.delete(k);
    }
    if (this.pendingNonces.length === 0 && this.pendingCheckins.size === 0) return;
    const nonces = this.pendingNonces;
    const checkins = this.pendingCheckins;
    this.pendingNonces = [];
    this.pendingCheckins = new Map();
    this.devices.flush(checkins, nonces, horizon);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}

const key = (deviceId: string, nonce: string) => `${deviceId}\u0000${nonce}`;
