/**
 * Load-generator process holding many lightweight agents (PollingAgent: the agent's own check-in
 * loop and signer), each long-polling the directory. Driven by its parent over IPC:
 *   parent → { type: 'expect', version }  record when each agent first sees that password version
 *   parent → { type: 'stop' }             stop every agent and answer with the final figures
 * and reports { progress: 'ready' } once every agent has had its first answer and is long-polling,
 * { progress: 'delivered', ... } once every agent has the expected version.
 */
import { Agent } from 'node:http';
import { DEFAULT_TIMING } from '../../src-main/agent/checkin/checkin-loop.js';
import { privateKeyOf, type FleetDevice } from '../support/fleet.js';
import { emptyCounts, PollingAgent, type StatusCounts } from '../support/polling-agent.js';
import { loopbackSource } from '../support/signed-http.js';

export interface LongPollJob {
  /** The directory's addresses; agent i uses urls[i % urls.length]. */
  urls: string[];
  devices: FleetDevice[];
  sources: number;
  /** Start the agents over this long, as real devices boot at different times. */
  rampMs: number;
  /** Hard stop for this process, whatever the parent says. */
  maxRunMs: number;
  /** Scaled-down backoff (tests); the agent's real one when absent. */
  backoff?: { baseMs: number; capMs: number };
}

export type LongPollControl = { type: 'expect'; version: number } | { type: 'stop' };

export interface LongPollProgress {
  progress: 'ready' | 'delivered';
  agents: number;
  /** For 'delivered': when each agent had the expected version (wall ms). */
  receivedAt?: number[];
}

export interface LongPollResult {
  counts: StatusCounts;
  /** Delays chosen after failures (ms), to show reconnects were spread. */
  retryDelaysMs: number[];
  /** Agents whose last answer carried the highest version asked for. */
  current: number;
}

const MAX_RETRY_SAMPLES = 20_000;

process.once('message', (job: LongPollJob) => {
  const urls = job.urls.map((u) => new URL(u));
  // One pool per process; each held poll needs its own socket, reused for the next poll, as each
  // device keeps its own connection. Node's default keeps only 256 idle sockets per address and
  // closes the rest: after a wake-up that would turn thousands of re-polls into new connections.
  const httpAgent = new Agent({
    keepAlive: true,
    maxSockets: Infinity,
    maxFreeSockets: Infinity,
    keepAliveMsecs: 30_000,
  });
  const counts = emptyCounts();
  const retryDelaysMs: number[] = [];
  let expected: number | null = null;
  const firstSeen = new Map<number, number>();
  let answered = 0;
  const answeredOnce = new Set<number>();
  let readySent = false;
  const agents = job.devices.map((d, i) => {
    const agent: PollingAgent = new PollingAgent({
      target: { ...destinationOf(urls, i), agent: httpAgent, ...sourceOf(i, job.sources) },
      deviceId: d.id,
      privateKey: privateKeyOf(d),
      counts,
      timing: job.backoff ? { ...DEFAULT_TIMING, backoff: job.backoff } : DEFAULT_TIMING,
      onRetry: (ms) => {
        if (retryDelaysMs.length < MAX_RETRY_SAMPLES) retryDelaysMs.push(ms);
      },
      onAnswer: (o) => {
        if (!answeredOnce.has(i)) {
          answeredOnce.add(i);
          answered++;
          if (answered === agents.length && !readySent) {
            readySent = true;
            process.send?.({ progress: 'ready', agents: agents.length } satisfies LongPollProgress);
          }
        }
        if (expected !== null && o.passwordVersion >= expected && !firstSeen.has(i)) {
          firstSeen.set(i, o.receivedAt);
          if (firstSeen.size === agents.length)
            process.send?.({
              progress: 'delivered',
              agents: agents.length,
              receivedAt: [...firstSeen.values()],
            } satisfies LongPollProgress);
        }
      },
    });
    return agent;
  });
  agents.forEach((a, i) =>
    setTimeout(() => a.start(), (job.rampMs * i) / Math.max(1, agents.length)),
  );

  const finish = async () => {
    clearTimeout(hardStop);
    await Promise.all(agents.map((a) => a.stop()));
    httpAgent.destroy();
    const current =
      expected === null
        ? agents.length
        : agents.filter((a) => a.passwordVersion >= (expected as number)).length;
    process.send?.({ counts, retryDelaysMs, current } satisfies LongPollResult, undefined, {}, () =>
      process.exit(0),
    );
  };
  const hardStop = setTimeout(() => void finish(), job.maxRunMs);
  process.on('message', (m: LongPollControl) => {
    if (m.type === 'expect') {
      expected = m.version;
      firstSeen.clear();
      // Agents that already hold it (answered before this message arrived) count at their answer time.
      agents.forEach((a, i) => {
        if (a.passwordVersion >= m.version) firstSeen.set(i, Date.now());
      });
    } else if (m.type === 'stop') void finish();
  });
});

function destinationOf(urls: URL[], i: number): { host: string; port: number } {
  const url = urls[i % urls.length] as URL;
  return { host: url.hostname, port: Number(url.port) };
}

function sourceOf(i: number, sources: number): { localAddress?: string } {
  const a = loopbackSource(i, sources);
  return a === undefined ? {} : { localAddress: a };
}
