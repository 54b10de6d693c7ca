/**
 * bench:reconnect-storm — N agents long-polling (several load-generator processes), the directory
 * restarted under them (graceful close, or `--kill 1` for SIGKILL), then Okta pushes a password:
 * how long until every agent has it, how the reconnects were spread, and whether anyone saw a 5xx.
 *
 *   npm run bench:reconnect-storm -- --agents 10000 --processes 3
 *
 * The CI-sized pass/fail version (500 agents in one process) is test/resilience/reconnect-storm.
 */
import { numericFlags, sleep } from './support/args.js';
import { createUserWithPassword, startBenchDirectory } from './support/bench-directory.js';
import { bindAll, seedDevices } from './support/fleet.js';
import { startAgentFleet } from './support/agent-fleet.js';
import { inputQueueDrops, packetsDroppedSince } from './support/kernel-net.js';
import { percentile, report, round } from './support/report.js';
import { passwordPatch } from './support/scim-client.js';

const flags = numericFlags({
  agents: 2000,
  processes: 2,
  sources: 4,
  ramp: 10,
  down: 2,
  kill: 0,
  'max-minutes': 10,
});

const dir = await startBenchDirectory({ maxHeldPolls: flags.agents + 1000 });
try {
  const devices = seedDevices(dir.dataDir, flags.agents);
  const userId = await createUserWithPassword(dir.scim, 'storm.bench@example.com');
  bindAll(dir.dataDir, userId, devices);
  const dropsBefore = inputQueueDrops();
  const fleet = startAgentFleet([dir.server.url], devices, {
    processes: flags.processes,
    sources: flags.sources,
    rampMs: flags.ramp * 1000,
    maxRunMs: flags['max-minutes'] * 60_000,
  });
  await fleet.ready;
  await sleep(2000); // every agent is long-polling

  if (flags.kill === 1) await dir.server.kill();
  else await dir.server.close();
  await sleep(flags.down * 1000); // down: agents fail and back off
  const expectation = fleet.expect(2, 60_000);
  expectation.send();
  await dir.restart();
  const restartedAt = performance.timeOrigin + performance.now();
  const pushed = await dir.scim.call(
    'PATCH',
    `/Users/${userId}`,
    passwordPatch('Storm-Password-2!'),
  );
  if (pushed.status !== 200)
    throw new Error(`the password push after the restart failed: HTTP ${pushed.status}`);
  let arrivals: number[] = [];
  let allCurrent = true;
  try {
    arrivals = (await expectation.delivered).map((t) => Math.max(0, t - restartedAt));
  } catch {
    allCurrent = false;
  }
  const { counts, retryDelaysMs } = await fleet.stop();
  const last = arrivals.length ? Math.max(...arrivals) : NaN;
  const spreadSeconds = new Set(retryDelaysMs.map((ms) => Math.floor(ms / 1000))).size;
  report(
    'reconnect-storm',
    [
      {
        name: 'agents',
        value: flags.agents,
        unit: 'connected agents',
        target: '10000 for the issue',
        met: flags.agents >= 10_000,
      },
      {
        name: 'restart',
        value: flags.kill === 1 ? 1 : 0,
        unit: flags.kill === 1 ? '(SIGKILL)' : '(graceful close)',
      },
      {
        name: 'errors_5xx',
        value: counts.serverErrors,
        unit: 'responses',
        target: '0',
        met: counts.serverErrors === 0,
      },
      { name: 'busy_429', value: counts.busy, unit: 'responses (each with Retry-After)' },
      packetsDroppedSince(dropsBefore),
      {
        name: 'retry_delays_distinct_seconds',
        value: spreadSeconds,
        unit: 'one-second values among the reconnect delays (jitter)',
      },
      { name: 'current_p50', value: round(percentile(arrivals, 50)), unit: 'ms after the restart' },
      {
        name: 'current_all',
        value: allCurrent ? round(last) : -1,
        unit: 'ms after the restart until every agent had the new password',
        target: '≤ 60000 ms',
        met: allCurrent && last <= 60_000,
      },
    ],
    { ...flags },
  );
} finally {
  await dir.dispose();
}
