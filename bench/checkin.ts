/**
 * bench:checkin — sustained signed check-ins per second on ONE directory process (waitSeconds 0),
 * with p50/p99 latency, and proof that each device's last-seen time was recorded.
 *
 *   npm run bench:checkin -- --devices 1000 --seconds 20 --workers 2 --concurrency 32
 */
import { numericFlags, sleep } from './support/args.js';
import { createUserWithPassword, startBenchDirectory } from './support/bench-directory.js';
import { bindAll, seedDevices, slices } from './support/fleet.js';
import { percentile, report, round } from './support/report.js';
import { runWorker } from './support/workers.js';
import { SqliteDirectoryStore } from '../src-server/store/sqlite/sqlite-directory-store.js';
import type { CheckinLoadJob, CheckinLoadResult } from './workers/checkin-load.js';

const flags = numericFlags({
  devices: 1000,
  seconds: 20,
  warmup: 3,
  workers: 1,
  concurrency: 48,
  'max-requests': 2_000_000,
  sources: 4,
});

const dir = await startBenchDirectory();
try {
  const devices = seedDevices(dir.dataDir, flags.devices);
  const userId = await createUserWithPassword(dir.scim, 'checkin.bench@example.com');
  bindAll(dir.dataDir, userId, devices);
  const startedAt = new Date().toISOString();
  const runs = slices(devices, flags.workers).map((part) =>
    runWorker<CheckinLoadJob, CheckinLoadResult>('checkin-load', {
      url: dir.server.url,
      userId,
      devices: part,
      concurrency: flags.concurrency,
      warmupMs: flags.warmup * 1000,
      measureMs: flags.seconds * 1000,
      maxRequests: Math.ceil(flags['max-requests'] / flags.workers),
      sources: flags.sources,
    }),
  );
  // Server CPU over the measured window only.
  await sleep(flags.warmup * 1000);
  const windowStart = await dir.server.stats();
  await sleep(flags.seconds * 1000);
  const windowEnd = await dir.server.stats();
  const results = await Promise.all(runs.map((r) => r.result));
  await dir.server.close(); // flushes the batched last-seen times
  const store = SqliteDirectoryStore.open(dir.dataDir, { create: false });
  const seen = store.devices
    .allDevices()
    .filter((d) => d.lastCheckinAt !== null && d.lastCheckinAt >= startedAt).length;
  store.db.close();

  const latencies = results.flatMap((r) => r.latenciesMs);
  const measured = results.reduce((n, r) => n + r.measuredOk, 0);
  const sum = (k: keyof CheckinLoadResult['counts']) =>
    results.reduce((n, r) => n + r.counts[k], 0);
  const perSecond = measured / flags.seconds;
  const serverCpu =
    (windowEnd.cpuMicros - windowStart.cpuMicros) / ((windowEnd.at - windowStart.at) * 1000);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  report(
    'checkin',
    [
      { name: 'checkin_p50', value: round(p50, 2), unit: 'ms' },
      { name: 'checkin_p99', value: round(p99, 2), unit: 'ms', target: '≤ 50 ms', met: p99 <= 50 },
      { name: 'server_cpu', value: round(serverCpu * 100), unit: '% of one core' },
      { name: 'server_rss', value: round(windowEnd.rss / 2 ** 20), unit: 'MiB' },
      { name: 'busy_429', value: sum('busy'), unit: 'responses' },
      {
        name: 'errors_5xx',
        value: sum('serverErrors'),
        unit: 'responses',
        target: '0',
        met: sum('serverErrors') === 0,
      },
      { name: 'errors_other', value: sum('otherStatus') + sum('networkErrors'), unit: 'responses' },
      {
        name: 'devices_last_seen_recorded',
        value: seen,
        unit: `of ${flags.devices}`,
        target: `all ${flags.devices}`,
        met: seen === flags.devices,
      },
      {
        name: 'checkins_per_second',
        value: round(perSecond),
        unit: '/s',
        target: '≥ 3000 /s',
        met: perSecond >= 3000,
      },
    ],
    { ...flags, loadGenerators: flags.workers, measuredRequests: measured },
  );
} finally {
  await dir.dispose();
}
