/**
 * Many long-polling lightweight agents spread over several load-generator processes, driven as one.
 */
import type { FleetDevice } from './fleet.js';
import { slices } from './fleet.js';
import { runWorker, type WorkerRun } from './workers.js';
import type {
  LongPollControl,
  LongPollJob,
  LongPollProgress,
  LongPollResult,
} from '../workers/long-poll-agents.js';
import { emptyCounts, type StatusCounts } from './polling-agent.js';

export interface AgentFleet {
  /** Resolves once every agent has had its first answer (and is long-polling). */
  ready: Promise<void>;
  /** Tells every process to time the arrival of `version`; resolves with each agent's arrival time. */
  expect(version: number, timeoutMs: number): { delivered: Promise<number[]>; send(): void };
  stop(): Promise<{ counts: StatusCounts; retryDelaysMs: number[]; current: number }>;
}

/** `urls`: the directory's addresses, spread over the agents (one is enough below ~28,000 agents). */
export function startAgentFleet(
  urls: readonly string[],
  devices: readonly FleetDevice[],
  o: {
    processes: number;
    sources: number;
    rampMs: number;
    maxRunMs: number;
    backoff?: LongPollJob['backoff'];
    nice?: number;
  },
): AgentFleet {
  const listeners = new Set<(p: LongPollProgress) => void>();
  const runs: Array<WorkerRun<LongPollResult>> = slices(devices, o.processes)
    .filter((part) => part.length > 0)
    .map((part) =>
      runWorker<LongPollJob, LongPollResult>(
        'long-poll-agents',
        {
          urls: [...urls],
          devices: part,
          sources: o.sources,
          rampMs: o.rampMs,
          maxRunMs: o.maxRunMs,
          ...(o.backoff ? { backoff: o.backoff } : {}),
        },
        (m) => listeners.forEach((l) => l(m as LongPollProgress)),
        o.nice,
      ),
    );
  const waitFor = (kind: LongPollProgress['progress'], timeoutMs: number) =>
    new Promise<number[]>((resolve, reject) => {
      let left = runs.length;
      const times: number[] = [];
      const timer = setTimeout(() => {
        listeners.delete(on);
        reject(
          new Error(
            `${left} of ${runs.length} load generators did not report ${kind} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const on = (p: LongPollProgress) => {
        if (p.progress !== kind) return;
        times.push(...(p.receivedAt ?? []));
        if (--left === 0) {
          clearTimeout(timer);
          listeners.delete(on);
          resolve(times);
        }
      };
      listeners.add(on);
    });
  return {
    ready: waitFor('ready', o.maxRunMs).then(() => undefined),
    expect: (version, timeoutMs) => {
      const delivered = waitFor('delivered', timeoutMs);
      return {
        delivered,
        send: () =>
          runs.forEach((r) => r.child.send({ type: 'expect', version } satisfies LongPollControl)),
      };
    },
    stop: async () => {
      for (const r of runs)
        if (r.child.connected) r.child.send({ type: 'stop' } satisfies LongPollControl);
      const results = await Promise.all(runs.map((r) => r.result));
      const counts = emptyCounts();
      for (const r of results)
        for (const k of Object.keys(counts) as Array<keyof StatusCounts>) counts[k] += r.counts[k];
      return {
        counts,
        retryDelaysMs: results.flatMap((r) => r.retryDelaysMs),
        current: results.reduce((n, r) => n + r.current, 0),
      };
    },
  };
}
