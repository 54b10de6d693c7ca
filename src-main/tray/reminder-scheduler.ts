/**
 * When to tell the user about a pending password change: at once, then reminders at growing
 * intervals capped at one hour, until the change is applied (the badge stays all along).
 *
 * A newer change replaces the pending one (and restarts the reminders); an older or already
 * applied version never prompts.
 */
import type { Clock, TimerHandle } from './clock.js';

const MINUTE = 60_000;
/** Gaps between reminders; the last one repeats. Never more than an hour. */
export const REMINDER_INTERVALS_MS: readonly number[] = [15 * MINUTE, 30 * MINUTE, 60 * MINUTE];
const MAX_INTERVAL_MS = 60 * MINUTE;

export interface PendingChangeRef {
  version: number;
}

export interface ReminderScheduler {
  /** The agent's current pending change (already net of applied versions), or null. */
  update(pending: PendingChangeRef | null): void;
  /** This tray applied `version`: stop, and never prompt for it or anything older again. */
  markApplied(version: number): void;
  /** This tray is applying `version` itself (the user's own change): no pop-up for it meanwhile. */
  hold(version: number): void;
  /** The hold on `version` ends; if it is still pending (the local change failed), announce it. */
  release(version: number): void;
  /** The version being reminded about, or null. */
  readonly activeVersion: number | null;
  stop(): void;
}

export function createReminderScheduler(deps: {
  clock: Clock;
  /** `reminder` is 0 for the first notification, then 1, 2, … */
  notify: (change: PendingChangeRef, reminder: number) => void;
  intervalsMs?: readonly number[];
}): ReminderScheduler {
  const intervals = (deps.intervalsMs ?? REMINDER_INTERVALS_MS).map((ms) =>
    Math.min(ms, MAX_INTERVAL_MS),
  );
  let active: PendingChangeRef | null = null;
  let appliedUpTo = 0;
  // A change that vanishes and comes back (e.g. the agent restarted) resumes without a new pop-up.
  let lastAnnounced = 0;
  let held = 0;
  let timer: TimerHandle | null = null;

  const cancel = () => {
    timer?.cancel();
    timer = null;
  };
  const announce = (change: PendingChangeRef) => {
    if (change.version <= lastAnnounced || change.version === held) return;
    lastAnnounced = change.version;
    deps.notify(change, 0);
  };
  const schedule = (change: PendingChangeRef, reminder: number) => {
    const gap = intervals[Math.min(reminder - 1, intervals.length - 1)] ?? MAX_INTERVAL_MS;
    timer = deps.clock.after(gap, () => {
      timer = null;
      if (active?.version !== change.version) return;
      deps.notify(change, reminder);
      schedule(change, reminder + 1);
    });
  };

  return {
    update(pending) {
      if (!pending || pending.version <= appliedUpTo) {
        cancel();
        active = null;
        return;
      }
      if (active && pending.version <= active.version) return;
      cancel();
      active = { version: pending.version };
      announce(active);
      schedule(active, 1);
    },
    markApplied(version) {
      appliedUpTo = Math.max(appliedUpTo, version);
      if (active && active.version <= appliedUpTo) {
        cancel();
        active = null;
      }
    },
    hold(version) {
      held = version;
    },
    release(version) {
      if (held !== version) return;
      held = 0;
      if (active?.version === version) announce(active);
    },
    get activeVersion() {
      return active?.version ?? null;
    },
    stop() {
      cancel();
      active = null;
    },
  };
}
