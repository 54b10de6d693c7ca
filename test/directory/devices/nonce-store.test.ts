/**
 * The nonce file every directory process shares: a nonce used through one process is refused
 * through another, survives a restart, and is forgotten once outside the skew window.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NONCE_FILE, SqliteNonces } from '../../../src-server/store/sqlite/sqlite-nonces.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-nonces-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('shared nonce file', () => {
  it('refuses a nonce through one process that another already used, per device', () => {
    const dir = dataDir();
    const first = SqliteNonces.open(dir);
    const second = SqliteNonces.open(dir);
    cleanups.unshift(() => (first.close(), second.close()));
    expect(first.use('device-a', 'nonce-0123456789abcdef', 1_000)).toBe(true);
    expect(second.use('device-a', 'nonce-0123456789abcdef', 1_001)).toBe(false);
    expect(first.use('device-a', 'nonce-0123456789abcdef', 1_002)).toBe(false);
    // The same nonce from another device is another request.
    expect(second.use('device-b', 'nonce-0123456789abcdef', 1_003)).toBe(true);
    for (const file of [NONCE_FILE, `${NONCE_FILE}-wal`, `${NONCE_FILE}-shm`])
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });

  it('forgets old nonces a bounded piece at a time', () => {
    const dir = dataDir();
    const nonces = SqliteNonces.open(dir);
    cleanups.unshift(() => nonces.close());
    for (let i = 0; i < 25; i++)
      nonces.use('device-a', `piece-nonce-${String(i).padStart(8, '0')}`, 1_000 + i);
    expect(nonces.forgetBefore(2_000, 10)).toBe(10);
    expect(nonces.forgetBefore(2_000, 10)).toBe(10);
    expect(nonces.forgetBefore(2_000, 10)).toBe(5);
    expect(nonces.forgetBefore(2_000, 10)).toBe(0);
  });

  it('keeps nonces across a restart and forgets those older than asked', () => {
    const dir = dataDir();
    const before = SqliteNonces.open(dir);
    expect(before.use('device-a', 'old-nonce-0123456789', 1_000)).toBe(true);
    expect(before.use('device-a', 'new-nonce-0123456789', 9_000)).toBe(true);
    before.close();
    const after = SqliteNonces.open(dir);
    cleanups.unshift(() => after.close());
    expect(after.use('device-a', 'new-nonce-0123456789', 9_500)).toBe(false);
    expect(after.forgetBefore(5_000, 1_000)).toBe(1);
    expect(after.use('device-a', 'old-nonce-0123456789', 9_600)).toBe(true);
    expect(after.use('device-a', 'new-nonce-0123456789', 9_700)).toBe(false);
  });
});
