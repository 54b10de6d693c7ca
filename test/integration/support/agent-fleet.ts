/**
 * Real agents (createAgent + MemoryPlatform), each enrolled against the live directory with its
 * own key pair and state folder, all in this test process.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindUser, createEnrollToken } from '../../../src-server/admin/device-admin.js';
import {
  createAgent,
  type Agent,
  type CreateAgentOptions,
} from '../../../src-main/agent/create-agent.js';
import { enrollDevice } from '../../../src-main/agent/identity/enroll-device.js';
import { MemoryPlatform } from '../../../src-main/platform/memory-platform.js';

export interface FleetAgent {
  index: number;
  deviceId: string;
  stateDir: string;
  platform: MemoryPlatform;
  agent: Agent;
}

export interface Fleet {
  agents: FleetAgent[];
  /** Binds `userName` to every device in the fleet (as `lockstep directory bind` does). */
  bindAll(userName: string): void;
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
  /** Stops the agents and removes their state folders. */
  dispose(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Enrolls `count` devices with one `count`-use token, as an admin would for a rollout. */
export async function enrollFleet(
  directory: { url: string; dataDir: string },
  count: number,
  agentOptions: (
    index: number,
  ) => Partial<CreateAgentOptions> & { platform?: MemoryPlatform } = () => ({}),
): Promise<Fleet> {
  const root = mkdtempSync(join(tmpdir(), 'lockstep-fleet-'));
  const token = createEnrollToken(directory.dataDir, { uses: count, expiresInMs: HOUR_MS });
  const agents = await inBatches(
    [...Array(count).keys()],
    16,
    async (index): Promise<FleetAgent> => {
      const stateDir = join(root, `device-${index}`);
      const hostname = `fleet-${index}`;
      const { record } = await enrollDevice({
        directoryUrl: directory.url,
        token,
        stateDir,
        caFile: null,
        force: false,
        agentVersion: 'integration',
        // node-machine-id reads the one real machine id; each simulated device needs its own.
        facts: () => ({
          hostname,
          os: 'linux',
          osVersion: 'Debian 12',
          machineIdHash: createHash('sha256').update(hostname).digest('hex'),
          warning: null,
        }),
      });
      const extra = agentOptions(index);
      const platform = extra.platform ?? new MemoryPlatform('linux');
      const agent = createAgent({ stateDir, agentVersion: 'integration', ...extra, platform });
      return { index, deviceId: record.deviceId, stateDir, platform, agent };
    },
  );
  let started = false;
  const stopAll = async () => {
    if (!started) return;
    started = false;
    await Promise.all(agents.map((a) => a.agent.stop()));
  };
  return {
    agents,
    bindAll(userName) {
      for (const a of agents) bindUser(directory.dataDir, userName, a.deviceId, false);
    },
    async startAll() {
      started = true;
      await inBatches(agents, 32, (a) => a.agent.start());
    },
    stopAll,
    async dispose() {
      await stopAll();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Polls `condition` every 10 ms; the error names what did not happen. */
export async function waitFor(
  condition: () => boolean,
  what: string | (() => string),
  timeoutMs = 10_000,
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Nearest-rank percentile of already-measured values (ms). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}
