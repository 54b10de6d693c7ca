/**
 * Time, injected: the reminder scheduler and the tray view never read the wall clock themselves,
 * so tests drive them with a fake clock instead of sleeping.
 */
export type TimerHandle = { readonly cancel: () => void };

export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the handle cancels it. */
  after(ms: number, fn: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    // A pending reminder must never keep a quitting process alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
