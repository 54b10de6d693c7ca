/**
 * How long to wait before the next check-in after failures: full-jitter exponential backoff
 * (a random delay between 0 and min(cap, base·2^(n-1))), so thousands of agents that lost the
 * directory at the same moment come back spread out instead of in one wave.
 */
export interface BackoffSettings {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1_000, capMs: 5 * 60_000 };

/** A tiny floor so a failure that returns instantly (connection refused) cannot spin the loop. */
const FLOOR_MS = 50;

export function backoffDelayMs(
  failures: number,
  settings: BackoffSettings,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
  return Math.max(FLOOR_MS, Math.floor(random() * ceiling));
}

/**
 * After a `Retry-After`: never earlier than the directory asked, spread over up to as long again
 * (at least a second) so the agents it turned away do not all return in the same instant.
 */
export function retryAfterDelayMs(retryAfterMs: number, random: () => number): number {
  return retryAfterMs + Math.floor(random() * Math.max(1_000, retryAfterMs));
}
