/**
 * bench:connections — idle long-poll connections held by one directory, memory per connection
 * and idle CPU. Agents are PollingAgents (signed, renewing their 50 s long-poll as real agents do)
 * in several load-generator processes, spread over 127.0.0.x source addresses.
 *
 *   npm run bench:connections -- --connections 100000 --processes 6 --generators 6
 *
 * One process may have at most `ulimit -Hn` open files; the directory and the generators are
 * split into enough processes to stay under it (said in the output).
 */
import { numericFlags, sleep } from './support/args.js';
import { startAgentFleet } from './support/agent-fleet.js';
import { createUserWithPassword, startBenchDirectory } from './support/bench-directory.js';
import { bindAll, seedDevices } from './support/fleet.js';
import { report, round } from './support/report.js';
import { establishedTo } from './support/tcp-count.js';
import { execSync } from 'node:child_process';

const flags = numericFlags({ connections: 10_000, processes: 1, generators: 2, sources: 8, ramp: 20, idle: 60, 'max-minutes': 20 });
const fileLimit = Number(execSync('bash -c "ulimit -Hn"').toString().trim()) || 1024;
const perProcess = Math.max(1000, fileLimit - 500);
const directoryProcesses = Math.max(flags.processes, Math.ceil(flags.connections / perProcess));
const generators = Math.max(flags.generators, Math.ceil(flags.connections / perProcess));

const dir = await startBenchDirectory({ maxHeldPolls: Math.ceil(flags.connections / directoryProcesses) + 1000, processes: directoryProcesses });
try {
  const port = Number(new URL(dir.server.url).port);
  const devices = seedDevices(dir.dataDir, flags.connections);
  const userId = await createUserWithPassword(dir.scim, 'connections.bench@example.com');
  bindAll(dir.dataDir, userId, devices);
  await sleep(1000);
  const base = await dir.server.stats(true);
  const fleet = startAgentFleet(dir.server.url, devices, { processes: generators, sources: flags.sources, rampMs: flags.ramp * 1000, maxRunMs: flags['max-minutes'] * 60_000 });
  await fleet.ready;
  await sleep(3000);
  const held = await dir.server.stats(true);
  const established = establishedTo(port);
  const idleStart = await dir.server.stats();
  await sleep(flags.idle * 1000);
  const idleEnd = await dir.server.stats();
  const stillEstablished = establishedTo(port);
  const { counts } = await fleet.stop();

  const perConnectionKB = (held.rss - base.rss) / flags.connections / 1024;
  const heapPerConnectionKB = (held.heapUsed - base.heapUsed) / flags.connections / 1024;
  const idleCpu = ((idleEnd.cpuMicros - idleStart.cpuMicros) / ((idleEnd.at - idleStart.at) * 1000)) * 100;
  const renewalsPerSecond = flags.connections / 50;
  report(
    'connections',
    [
      { name: 'open_file_limit_per_process', value: fileLimit, unit: 'files (ulimit -Hn)' },
      { name: 'directory_processes', value: directoryProcesses, unit: 'processes' },
      { name: 'established_after_idle', value: stillEstablished, unit: 'connections' },
      { name: 'errors_5xx', value: counts.serverErrors, unit: 'responses', target: '0', met: counts.serverErrors === 0 },
      { name: 'busy_429', value: counts.busy, unit: 'responses' },
      { name: 'network_errors', value: counts.networkErrors, unit: 'errors' },
      { name: 'long_poll_renewals', value: round(renewalsPerSecond), unit: '/s expected (each agent renews its 50 s long-poll)' },
      { name: 'server_rss_held', value: round(held.rss / 2 ** 20), unit: 'MiB' },
      { name: 'heap_per_connection', value: round(heapPerConnectionKB, 2), unit: 'KB' },
      { name: 'memory_per_connection', value: round(perConnectionKB, 2), unit: 'KB (RSS growth / connections)', target: '≤ 12 KB', met: perConnectionKB <= 12 },
      { name: 'idle_cpu', value: round(idleCpu, 2), unit: '% of one core (incl. long-poll renewals)', target: '≤ 5 %', met: idleCpu <= 5 },
      { name: 'connections_held', value: established, unit: 'connections', target: '≥ 100000', met: established >= 100_000 },
    ],
    { ...flags, directoryProcesses, generators },
  );
} finally {
  await dir.dispose();
}
