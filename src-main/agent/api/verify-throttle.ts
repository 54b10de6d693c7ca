/**
 * Limits guesses at a pending password: 5 free tries per local user, then a wait that doubles
 * with each further miss (30 s, 60 s, … up to an hour). Kept in the agent, not the tray, so a
 * misbehaving tray cannot skip it; one user's misses never slow another user down.
 */
export interface ThrottleSettings {
  freeAttempts: number;
  firstWaitMs: number;
  maxWaitMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  freeAttempts: 5,
  firstWaitMs: 30_000,
  maxWaitMs: 3_600_000,
};

export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class VerifyThrottle {
  private readonly byUser = new Map<string, { misses: number; blockedUntilMs: number }>();

  constructor(
    private readonly nowMs: () => number,
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
  ) {}

  check(user: string): ThrottleCheck {
    const entry = this.byUser.get(user);
    const waitMs = entry ? entry.blockedUntilMs - this.nowMs() : 0;
    return waitMs > 0
      ? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) }
      : { allowed: true };
  }

  /** Records a miss; returns the tries left before waiting and the wait now imposed (0 = none). */
  miss(user: string): { attemptsLeft: number; retryAfterSeconds: number } {
    const entry = this.byUser.get(user) ?? { misses: 0, blockedUntilMs: 0 };
    entry.misses += 1;
    const over = entry.misses - this.settings.freeAttempts;
    let waitMs = 0;
    if (over >= 0) {
      waitMs = Math.min(
        this.settings.maxWaitMs,
        this.settings.firstWaitMs * 2 ** Math.min(over, 30),
      );
      entry.blockedUntilMs = this.nowMs() + waitMs;
    }
    this.byUser.set(user, entry);
    return {
      attemptsLeft: Math.max(0, this.settings.freeAttempts - entry.misses),
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    };
  }

  succeed(user: string): void {
    this.byUser.delete(user);
  }
}
