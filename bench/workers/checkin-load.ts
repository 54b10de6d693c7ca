/**
 * Load-generator process for bench:checkin: `concurrency` loops, each sending signed check-ins
 * (waitSeconds 0) back to back over keep-alive connections, bounded by a deadline and a count.
 */
import { Agent } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { CheckinResponse } from '../../src-shared/checkin-protocol.js';
import { privateKeyOf, type FleetDevice } from '../support/fleet.js';
import { loopbackSource, postSigned } from '../support/signed-http.js';
import { emptyCounts } from '../support/polling-agent.js';

export interface CheckinLoadJob {
  url: string;
  userId: string;
  devices: FleetDevice[];
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  maxRequests: number;
  sources: number;
}

export interface CheckinLoadResult {
  latenciesMs: number[];
  counts: ReturnType<typeof emptyCounts>;
  measuredOk: number;
}

let stopRequested = false;
process.once('message', (job: CheckinLoadJob) => {
  // A later { type: 'stop' } ends the run early (scim-ingest stops the load when its burst ends).
  process.on('message', () => (stopRequested = true));
  void run(job).then((result) => process.send?.(result, undefined, {}, () => process.exit(0)));
});

async function run(job: CheckinLoadJob): Promise<CheckinLoadResult> {
  const url = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const devices = job.devices.map((d) => ({
    id: d.id,
    key: privateKeyOf(d) as KeyObject,
    cursor: null as string | null,
  }));
  const counts = emptyCounts();
  const latenciesMs: number[] = [];
  let measuredOk = 0;
  let sent = 0;
  let next = 0;
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const end = measureFrom + job.measureMs;
  const loop = async (slot: number) => {
    const target = {
      host: url.hostname,
      port: Number(url.port),
      agent,
      ...optional(loopbackSource(slot, job.sources)),
    };
    while (performance.now() < end && sent < job.maxRequests && !stopRequested) {
      sent++;
      const device = devices[next++ % devices.length] as (typeof devices)[number];
      const body = {
        cursor: device.cursor,
        waitSeconds: 0,
        applied: [{ userId: job.userId, state: 'active', passwordVersion: 1 }],
        agentVersion: 'bench-0.1.0',
      };
      const t0 = performance.now();
      try {
        const answer = await postSigned(target, device.id, device.key, 'checkin', body);
        const t1 = performance.now();
        if (answer.status === 200) {
          counts.ok++;
          device.cursor = CheckinResponse.parse(JSON.parse(answer.text)).cursor;
          if (t0 >= measureFrom && t1 <= end && !stopRequested) {
            measuredOk++;
            latenciesMs.push(t1 - t0);
          }
        } else if (answer.status === 429) counts.busy++;
        else if (answer.status >= 500) counts.serverErrors++;
        else counts.otherStatus++;
      } catch {
        counts.networkErrors++;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, i) => loop(i)));
  agent.destroy();
  return { latenciesMs, counts, measuredOk };
}

const optional = (localAddress: string | undefined) =>
  localAddress === undefined ? {} : { localAddress };
