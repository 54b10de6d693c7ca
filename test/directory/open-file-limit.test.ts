/**
 * A directory whose open-file limit is low says so when it starts, and past what that limit lets
 * it hold, devices get 429 with Retry-After (they retry later) instead of connections reset by a
 * process out of file descriptors.
 */
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollToken } from '../../src-server/admin/device-admin.js';
import {
  heldPollCapacity,
  RESERVED_FILES,
  softOpenFileLimit,
} from '../../src-server/devices/held-poll-capacity.js';
import { ensureBuilt, killHard, spawnServer } from './support/cli.js';
import { tempDataDir } from './support/test-directory.js';
import { checkin, enroll, signed, type TestDevice } from './devices/device-client.js';

const LIMIT = 300;
const CAPACITY = LIMIT - RESERVED_FILES;

describe('held check-ins and the open-file limit', () => {
  it('reads the soft limit from /proc/self/limits and keeps files in reserve', () => {
    const limits = (soft: string) =>
      `Limit                     Soft Limit           Hard Limit           Units\nMax processes             96365                96365                processes\nMax open files            ${soft}                524288               files\n`;
    expect(softOpenFileLimit(limits('1024'))).toBe(1024);
    expect(softOpenFileLimit(limits('unlimited'))).toBeNull();
    expect(softOpenFileLimit('')).toBeNull();
    expect(heldPollCapacity(1024)).toBe(1024 - RESERVED_FILES);
    expect(heldPollCapacity(1_048_576)).toBe(20_000);
    expect(heldPollCapacity(null)).toBe(20_000);
    expect(heldPollCapacity(100)).toBe(1);
  });

  describe(`a directory started with ulimit -n ${LIMIT}`, () => {
    let dataDir: string;
    let server: { url: string; child: ChildProcess; stderr: () => string };
    let device: TestDevice;
    beforeAll(async () => {
      ensureBuilt();
      dataDir = tempDataDir();
      server = await spawnServer(dataDir, [], { openFileLimit: LIMIT });
      device = (
        await enroll(
          server.url,
          createEnrollToken(dataDir, { uses: 1, expiresInMs: 600_000 }),
          'limited-host',
        )
      ).device as TestDevice;
    }, 30_000);
    afterAll(async () => {
      await killHard(server.child);
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('warns at start how many check-ins it can hold, and what to raise', () => {
      expect(server.stderr()).toContain(
        `lets this process hold ${CAPACITY} device check-ins at once`,
      );
      expect(server.stderr()).toContain('LimitNOFILE');
    });

    it(`holds ${CAPACITY} check-ins, then answers 429 with Retry-After rather than running out of files`, async () => {
      const cursor = (await checkin(server.url, device, null)).body.cursor as string;
      const poll = () =>
        signed(
          server.url,
          device,
          '/checkin',
          { cursor, waitSeconds: 60, applied: [], agentVersion: '0.1.0' },
          { freshConnection: true },
        );
      const held = Array.from({ length: CAPACITY }, poll);
      // Each is held once the directory has read it; the next one finds the process full.
      await new Promise((r) => setTimeout(r, 1_500));
      const refused = await poll();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // The held ones are still open: stopping the directory answers them (current state, 200).
      server.child.kill('SIGTERM');
      const answers = await Promise.all(held);
      expect(answers.every((a) => a.status === 200)).toBe(true);
    });
  });
});
