/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once (as Okta's provisioning does). */
export async function forEachConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
  deadline = Infinity,
): Promise<number> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      await task(i);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return done;
}
