/**
 * Test helpers: an agent enrolled against a FakeDirectory in a temporary state folder, and a
 * `waitFor` that polls a condition instead of sleeping a guessed time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAgent,
  type Agent,
  type CreateAgentOptions,
} from '../../../src-main/agent/create-agent.js';
import { enrollDevice } from '../../../src-main/agent/identity/enroll-device.js';
import { MemoryPlatform } from '../../../src-main/platform/memory-platform.js';
import type { FakeDirectory } from './fake-directory.js';

export const FAST_TIMING = { longPollSeconds: 50, backoff: { baseMs: 40, capMs: 300 } };

const tempDirs: string[] = [];

export async function tempStateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-agent-test-'));
  tempDirs.push(dir);
  return join(dir, 'state');
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export const testFacts = () => ({
  hostname: 'test-host',
  os: 'linux' as const,
  osVersion: 'Test Linux 1',
  machineIdHash: 'a'.repeat(64),
  warning: null,
});

export async function enrollInto(directory: FakeDirectory, stateDir: string): Promise<string> {
  const token = newToken();
  directory.addToken(token);
  const { record } = await enrollDevice({
    directoryUrl: directory.url,
    token,
    stateDir,
    caFile: null,
    force: false,
    agentVersion: 'test',
    facts: testFacts,
  });
  return record.deviceId;
}

export interface Harness {
  agent: Agent;
  platform: MemoryPlatform;
  stateDir: string;
  deviceId: string;
  /** A fresh agent on the same state folder and platform (a restart). */
  restart(extra?: Partial<CreateAgentOptions>): Agent;
}

export async function enrolledAgent(
  directory: FakeDirectory,
  extra: Partial<CreateAgentOptions> = {},
): Promise<Harness> {
  const stateDir = await tempStateDir();
  const deviceId = await enrollInto(directory, stateDir);
  const platform = (extra.platform as MemoryPlatform | undefined) ?? new MemoryPlatform('linux');
  const make = (more: Partial<CreateAgentOptions> = {}) =>
    createAgent({
      stateDir,
      platform,
      agentVersion: 'test',
      timing: FAST_TIMING,
      ...extra,
      ...more,
    });
  return { agent: make(), platform, stateDir, deviceId, restart: make };
}

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 8_000,
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
