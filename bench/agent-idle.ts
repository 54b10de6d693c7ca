/**
 * bench:agent-idle — `lockstep agent run` (the real CLI, fake platform) bound to one user,
 * sampled from /proc while idle on its long-poll: RSS and CPU; and the time from spawning it to
 * the directory answering its first check-in (read from the directory's request log).
 *
 *   npm run bench:agent-idle -- --seconds 600
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src-cli/version.js';
import { bindUser, createEnrollToken } from '../src-server/admin/device-admin.js';
import { numericFlags, sleep } from './support/args.js';
import { createUserWithPassword, startBenchDirectory } from './support/bench-directory.js';
import { sampleProcess, type ProcSample } from './support/proc-sampler.js';
import { report, round } from './support/report.js';

const flags = numericFlags({ seconds: 60, 'sample-every': 1 });
const BIN = join(projectRoot(), 'bin', 'lockstep.js');

const dir = await startBenchDirectory();
const state = mkdtempSync(join(tmpdir(), 'lockstep-bench-agent-'));
try {
  await createUserWithPassword(dir.scim, 'idle.bench@example.com');
  const token = createEnrollToken(dir.dataDir, { uses: 1, expiresInMs: 600_000 });
  const enrolled = spawnSync(process.execPath, [BIN, 'agent', 'enroll', '--directory', dir.server.url, '--state', state], { input: `${token}\n`, encoding: 'utf8', timeout: 30_000 });
  const deviceId = enrolled.stdout.trim().split('\n').at(-1) ?? '';
  if (enrolled.status !== 0 || deviceId === '') throw new Error(`agent enroll failed: ${enrolled.stderr}`);
  bindUser(dir.dataDir, 'idle.bench@example.com', deviceId, false);

  const logFile = join(dir.dataDir, 'directory.log');
  const spawnedAt = Date.now();
  const agent = spawn(process.execPath, [BIN, 'agent', 'run', '--state', state, '--platform', 'fake', '--bridge-dir', join(state, 'bridge')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let agentLog = '';
  agent.stdout.on('data', (d: Buffer) => (agentLog = (agentLog + d.toString()).slice(-20_000)));
  agent.stderr.on('data', (d: Buffer) => (agentLog = (agentLog + d.toString()).slice(-20_000)));
  const firstCheckinAt = await waitForFirstCheckin(logFile, deviceId, 15_000);
  await sleep(1000); // past start-up work: the account is created, the long-poll is open
  const samples: ProcSample[] = [];
  const end = Date.now() + flags.seconds * 1000;
  while (Date.now() < end && agent.exitCode === null) {
    samples.push(sampleProcess(agent.pid as number));
    await sleep(flags['sample-every'] * 1000);
  }
  samples.push(sampleProcess(agent.pid as number));
  agent.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((r) => agent.once('exit', (c) => r(c)));

  const first = samples[0] as ProcSample;
  const last = samples.at(-1) as ProcSample;
  const cpuPercent = ((last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000)) * 100;
  const peakRss = Math.max(...samples.map((s) => s.rssBytes)) / 2 ** 20;
  const firstCheckinMs = firstCheckinAt - spawnedAt;
  const logLines = agentLog.split('\n').filter((l) => l.trim() !== '').length;
  report(
    'agent-idle',
    [
      { name: 'idle_seconds', value: round((last.at - first.at) / 1000), unit: 's' },
      { name: 'agent_exit_code_on_sigterm', value: exitCode ?? -1, unit: '', target: '0', met: exitCode === 0 },
      { name: 'agent_log_lines', value: logLines, unit: 'lines (whole run)' },
      { name: 'agent_rss_peak', value: round(peakRss), unit: 'MiB', target: '≤ 50 MB', met: peakRss <= 50 },
      { name: 'agent_cpu_idle', value: round(cpuPercent, 3), unit: '% of one core', target: '≤ 0.1 %', met: cpuPercent <= 0.1 },
      { name: 'first_checkin', value: firstCheckinMs, unit: 'ms from spawn', target: '≤ 300 ms', met: firstCheckinMs <= 300 },
    ],
    { ...flags },
  );
} finally {
  rmSync(state, { recursive: true, force: true });
  await dir.dispose();
}

/** The time (from the directory's own log line) of its first answered check-in from this device. */
async function waitForFirstCheckin(logFile: string, deviceId: string, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const line of readFileSync(logFile, 'utf8').split('\n')) {
      if (!line.includes(`/devices/${deviceId}/checkin`)) continue;
      const entry = JSON.parse(line) as { time?: string; status?: number };
      if (entry.status === 200 && entry.time) return Date.parse(entry.time);
    }
    await sleep(10);
  }
  throw new Error(`the agent did not check in within ${timeoutMs} ms`);
}
