/**
 * Polls a condition until it holds and says how long that took; the deadline is the product's
 * promise under test (e.g. "within 2 s"), and a miss reports what was last seen.
 */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  opts: {
    timeoutMs: number;
    intervalMs?: number;
    since?: number;
    describe?: () => string | Promise<string>;
  },
): Promise<number> {
  const since = opts.since ?? Date.now();
  // The deadline counts from `since` (e.g. when Okta's request was answered), not from the first poll.
  const deadline = since + opts.timeoutMs;
  for (;;) {
    if (await check()) return Date.now() - since;
    if (Date.now() >= deadline) {
      const seen = opts.describe ? `; last seen: ${await opts.describe()}` : '';
      throw new Error(`${what}: not within ${opts.timeoutMs} ms${seen}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
