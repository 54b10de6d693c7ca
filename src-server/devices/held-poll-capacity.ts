/**
 * How many check-ins one directory process holds open at once. Each held check-in is one open
 * connection, so the process's open-file limit bounds them: past it, accept() fails (EMFILE) and
 * devices see their connections reset, where past this capacity they get 429 with Retry-After.
 */

/** Held check-ins one process takes when its open-file limit allows it. */
export const DEFAULT_MAX_HELD_POLLS = 20_000;
/** Open files kept for everything else: database files, Okta's and admins' connections, Node's own. */
export const RESERVED_FILES = 256;

/** The soft "Max open files" limit in /proc/self/limits text; null when unlimited or not found. */
export function softOpenFileLimit(limitsText: string): number | null {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText);
  return m && m[1] !== 'unlimited' ? Number(m[1]) : null;
}

/** The held check-ins a process with this soft open-file limit can keep (null: no limit known). */
export function heldPollCapacity(softLimit: number | null): number {
  if (softLimit === null) return DEFAULT_MAX_HELD_POLLS;
  return Math.max(1, Math.min(DEFAULT_MAX_HELD_POLLS, softLimit - RESERVED_FILES));
}
