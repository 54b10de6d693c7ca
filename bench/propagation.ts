/**
 * bench:propagation — N long-polling agents (several load-generator processes) bound to one user;
 * Okta's SCIM password PATCH is answered → every agent has the new version. p50/p99/max over
 * `--rounds` pushes, measured from the moment the SCIM client has the answer.
 *
 *   npm run bench:propagation -- --agents 10000 --processes 3
 *
 * The generators run at nice 10 (`--nice 0` to share the CPU equally): with the directory on the
 * same two cores, they would otherwise take its CPU for work each device does on its own machine.
 */
import { numericFlags, sleep } from './support/args.js';
import { createUserWithPassword, startBenchDirectory } from './support/bench-directory.js';
import { bindAll, seedDevices } from './support/fleet.js';
import { startAgentFleet } from './support/agent-fleet.js';
import { inputQueueDrops, packetsDroppedSince } from './support/kernel-net.js';
import { percentile, report, round } from './support/report.js';
import { passwordPatch } from './support/scim-client.js';

// --directory-processes: the directory as `lockstep directory serve --workers N` runs it.
const flags = numericFlags({
  agents: 2000,
  processes: 2,
  'directory-processes': 1,
  rounds: 3,
  sources: 4,
  ramp: 5,
  nice: 10,
  'max-minutes': 10,
});

const dir = await startBenchDirectory({
  maxHeldPolls: flags.agents + 1000,
  processes: flags['directory-processes'],
});
try {
  const devices = seedDevices(dir.dataDir, flags.agents);
  const userId = await createUserWithPassword(dir.scim, 'propagation.bench@example.com');
  bindAll(dir.dataDir, userId, devices);
  const dropsBefore = inputQueueDrops();
  const fleet = startAgentFleet([dir.server.url], devices, {
    processes: flags.processes,
    sources: flags.sources,
    rampMs: flags.ramp * 1000,
    maxRunMs: flags['max-minutes'] * 60_000,
    nice: flags.nice,
  });
  await fleet.ready;
  await sleep(2000); // the last answers' follow-up long-polls reach the directory
  const latencies: number[] = [];
  let misses = 0;
  for (let round = 1; round <= flags.rounds; round++) {
    const version = round + 1;
    const expectation = fleet.expect(version, 60_000);
    expectation.send();
    await sleep(200); // every process has the expectation before the push
    const pushed = await dir.scim.call(
      'PATCH',
      `/Users/${userId}`,
      passwordPatch(`Bench-Password-${version}!`),
    );
    if (pushed.status !== 200) throw new Error(`the password push failed: HTTP ${pushed.status}`);
    try {
      const arrivals = await expectation.delivered;
      // An agent may read its answer a hair before the SCIM client reads its own: that counts as 0.
      latencies.push(...arrivals.map((t) => Math.max(0, t - pushed.receivedAt)));
    } catch {
      misses++;
    }
    await sleep(3000); // agents re-poll with the new cursor before the next push
  }
  const { counts } = await fleet.stop();
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const max = latencies.length ? Math.max(...latencies) : NaN;
  const at10k = flags.agents >= 10_000;
  report(
    'propagation',
    [
      {
        name: 'agents',
        value: flags.agents,
        unit: 'connected agents',
        target: '10000 for the headline target',
        met: at10k,
      },
      {
        name: 'rounds_not_fully_delivered_in_60s',
        value: misses,
        unit: 'rounds',
        target: '0',
        met: misses === 0,
      },
      {
        name: 'errors_5xx',
        value: counts.serverErrors,
        unit: 'responses',
        target: '0',
        met: counts.serverErrors === 0,
      },
      { name: 'busy_429', value: counts.busy, unit: 'responses' },
      packetsDroppedSince(dropsBefore),
      {
        name: 'propagation_p50',
        value: round(p50),
        unit: 'ms',
        target: '≤ 100 ms',
        met: p50 <= 100,
      },
      { name: 'propagation_max', value: round(max), unit: 'ms' },
      {
        name: 'propagation_p99',
        value: round(p99),
        unit: 'ms',
        target: '≤ 1000 ms',
        met: p99 <= 1000,
      },
    ],
    { ...flags, deliveries: latencies.length },
  );
} finally {
  await dir.dispose();
}
