/**
 * bench:connections — idle long-poll connections held by one directory, memory per connection
 * and idle CPU. Agents are PollingAgents (signed, renewing their long-poll as real agents do)
 * in several load-generator processes. One address pair has ~28,000 ephemeral ports, so the
 * directory also listens on 127.0.0.2… (`--addresses`) and the agents spread over them.
 *
 *   npm run bench:connections -- --connections 100000 --long-poll 600
 *
 * `--long-poll` sets the policy's long-poll-seconds (default 50 s); the idle window is stretched
 * to cover one renewal of every agent.
 *
 * One process may have at most `ulimit -Hn` open files; the directory (as `directory serve
 * --workers N`) and the generators are split into enough processes to stay under it (said in the
 * output).
 */
import { numericFlags, sleep } from './support/args.js';
import { startAgentFleet } from './support/agent-fleet.js';
import { createUserWithPassword, startBenchDirectory } from './support/bench-directory.js';
import { bindAll, seedDevices } from './support/fleet.js';
import { report, round } from './support/report.js';
import { establishedTo } from './support/tcp-count.js';
import {
  inputQueueDrops,
  inputQueueLimit,
  listenQueueLimit,
  packetsDroppedSince,
} from './support/kernel-net.js';
import { execSync } from 'node:child_process';
import { setPolicy } from '../src-server/admin/device-admin.js';
import { DEFAULT_LONG_POLL_SECONDS } from '../src-shared/policy.js';

const flags = numericFlags({
  connections: 10_000,
  processes: 1,
  generators: 2,
  addresses: 8,
  ramp: 20,
  idle: 60,
  'long-poll': DEFAULT_LONG_POLL_SECONDS,
  'max-minutes': 20,
});
// The idle window must see every agent renew at least once, or renewals would not be in the figure.
const idleSeconds = Math.max(flags.idle, flags['long-poll'] + 10);
const fileLimit = Number(execSync('bash -c "ulimit -Hn"').toString().trim()) || 1024;
const listenQueue = listenQueueLimit();
const inputQueue = inputQueueLimit();
if (inputQueue < 10_000 && flags.connections > 20_000) {
  process.stderr.write(
    `net.core.netdev_max_backlog is ${inputQueue}: loopback packets past it are dropped and a fleet of ${flags.connections} agents may never settle ` +
      '(timeouts, reconnects). Raise it first: sysctl -w net.core.netdev_max_backlog=65536\n',
  );
}
const perProcess = Math.max(1000, fileLimit - 500);
const directoryProcesses = Math.max(flags.processes, Math.ceil(flags.connections / perProcess));
const generators = Math.max(flags.generators, Math.ceil(flags.connections / perProcess));

// The kernel does not spread connections evenly over the workers: each may hold up to what its
// open-file limit allows, rather than an even share (a worker past its share would answer 429).
const extraHosts = Array.from(
  { length: Math.max(0, flags.addresses - 1) },
  (_, i) => `127.0.0.${2 + i}`,
);
const dir = await startBenchDirectory({
  maxHeldPolls: perProcess,
  processes: directoryProcesses,
  extraHosts,
});
try {
  const port = Number(new URL(dir.server.url).port);
  const devices = seedDevices(dir.dataDir, flags.connections);
  const userId = await createUserWithPassword(dir.scim, 'connections.bench@example.com');
  bindAll(dir.dataDir, userId, devices);
  if (flags['long-poll'] !== DEFAULT_LONG_POLL_SECONDS)
    setPolicy(dir.dataDir, 'long-poll-seconds', String(flags['long-poll']), null);
  await sleep(1000);
  const base = await dir.server.stats(true);
  const dropsBefore = inputQueueDrops();
  const fleet = startAgentFleet(dir.server.urls, devices, {
    processes: generators,
    sources: 0,
    rampMs: flags.ramp * 1000,
    maxRunMs: flags['max-minutes'] * 60_000,
  });
  await fleet.ready;
  // Every agent has had an answer; those refused by a full directory process (429) are still
  // coming back. The idle window starts once the fleet is all connected, or after two minutes.
  // (Each count reads /proc/net/tcp, ~200,000 lines at full size: not every second.)
  const settleFrom = Date.now();
  while (establishedTo(port) < flags.connections && Date.now() - settleFrom < 120_000)
    await sleep(5000);
  const settleSeconds = (Date.now() - settleFrom) / 1000;
  await sleep(3000);
  const held = await dir.server.stats(true);
  const established = establishedTo(port);
  const idleStart = await dir.server.stats();
  await sleep(idleSeconds * 1000);
  const idleEnd = await dir.server.stats();
  const stillEstablished = establishedTo(port);
  const { counts } = await fleet.stop();
  const heldThrough = Math.min(established, stillEstablished);

  const perConnectionKB = (held.rss - base.rss) / flags.connections / 1024;
  const heapPerConnectionKB = (held.heapUsed - base.heapUsed) / flags.connections / 1024;
  const idleCpu =
    ((idleEnd.cpuMicros - idleStart.cpuMicros) / ((idleEnd.at - idleStart.at) * 1000)) * 100;
  const renewalsPerSecond = flags.connections / flags['long-poll'];
  report(
    'connections',
    [
      { name: 'open_file_limit_per_process', value: fileLimit, unit: 'files (ulimit -Hn)' },
      { name: 'listen_queue_limit', value: listenQueue, unit: 'connections (net.core.somaxconn)' },
      {
        name: 'input_queue_limit',
        value: inputQueue,
        unit: 'packets per CPU (net.core.netdev_max_backlog)',
      },
      packetsDroppedSince(dropsBefore),
      { name: 'directory_processes', value: directoryProcesses, unit: 'processes' },
      {
        name: 'settled_after',
        value: round(settleSeconds),
        unit: 's after every agent had an answer (at most 120)',
      },
      { name: 'established_at_idle_start', value: established, unit: 'connections' },
      { name: 'established_after_idle', value: stillEstablished, unit: 'connections' },
      {
        name: 'errors_5xx',
        value: counts.serverErrors,
        unit: 'responses',
        target: '0',
        met: counts.serverErrors === 0,
      },
      { name: 'busy_429', value: counts.busy, unit: 'responses' },
      { name: 'network_errors', value: counts.networkErrors, unit: 'errors' },
      {
        name: 'long_poll_seconds',
        value: flags['long-poll'],
        unit: `s (policy long-poll-seconds; default ${DEFAULT_LONG_POLL_SECONDS})`,
      },
      { name: 'idle_window', value: idleSeconds, unit: 's (every agent renews in it)' },
      {
        name: 'long_poll_renewals',
        value: round(renewalsPerSecond),
        unit: '/s expected (each agent renews once per long-poll)',
      },
      { name: 'server_rss_held', value: round(held.rss / 2 ** 20), unit: 'MiB' },
      { name: 'heap_per_connection', value: round(heapPerConnectionKB, 2), unit: 'KB' },
      {
        name: 'memory_per_connection',
        value: round(perConnectionKB, 2),
        unit: 'KB (RSS growth / connections)',
        target: '≤ 12 KB',
        met: perConnectionKB <= 12,
      },
      {
        name: 'idle_cpu',
        value: round(idleCpu, 2),
        unit: '% of one core (incl. long-poll renewals)',
        target: '≤ 5 %',
        met: idleCpu <= 5,
      },
      // Established server-side connections to the directory's port (the bench's own SCIM client
      // included) at the start and at the end of the idle window, the lower of the two; a
      // reconnect in between shows in network_errors and busy_429.
      {
        name: 'connections_held',
        value: heldThrough,
        unit: 'connections (at the start and end of the idle window)',
        target: '≥ 100000',
        met: heldThrough >= 100_000,
      },
    ],
    { ...flags, directoryProcesses, generators },
  );
} finally {
  await dir.dispose();
}
