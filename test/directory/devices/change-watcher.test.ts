/**
 * Wake-up rounds: every held poll a change concerns is answered, in batches, and new check-ins
 * (mostly re-polls of devices just answered) wait until the round has gone out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeWatcher } from '../../../src-server/devices/change-watcher.js';
import { SqliteDirectoryStore } from '../../../src-server/store/sqlite/sqlite-directory-store.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup(batchSize: number, now: () => number = Date.now) {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-watcher-'));
  const store = SqliteDirectoryStore.open(dir, { create: true });
  let batches = 0;
  const watcher = new ChangeWatcher(
    store.db,
    store.changes,
    store.devices,
    {
      newBatch: () => ++batches,
      batchSize,
      pollEveryMs: 60_000,
    },
    now,
  );
  cleanups.push(() => {
    watcher.close();
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, watcher, batches: () => batches };
}

describe('change watcher wake-up rounds', () => {
  it('answers every held poll of a global change in batches, and opens the gate only after the last', async () => {
    const { store, watcher, batches } = setup(2);
    const order: string[] = [];
    const held = ['d1', 'd2', 'd3', 'd4', 'd5'].map(
      (id) =>
        new Promise<void>((resolve) =>
          watcher.hold(id, 60_000, (batch) => resolve(void order.push(`${id}@${String(batch)}`))),
        ),
    );
    expect(watcher.deliveryDone()).toBeUndefined();

    store.changes.record('policy');
    watcher.poke();
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch has been answered; two more are to come, and a new check-in must wait.
    const gate = watcher.deliveryDone();
    expect(gate).toBeInstanceOf(Promise);
    void gate?.then(() => order.push('gate'));

    await Promise.all(held);
    await gate;
    expect(order).toEqual(['d1@1', 'd2@1', 'd3@2', 'd4@2', 'd5@3', 'gate']);
    expect(batches()).toBe(3);
    expect(watcher.deliveryDone()).toBeUndefined();
    expect(watcher.heldCount).toBe(0);
  });

  it('does not hold the gate for a round that fits in one batch', async () => {
    const { store, watcher } = setup(10);
    const held = new Promise((resolve) => watcher.hold('d1', 60_000, resolve));
    store.changes.record('policy');
    watcher.poke();
    await held;
    expect(watcher.deliveryDone()).toBeUndefined();
  });

  it('answers a hold once its time is up, never before, and not at all once let go', async () => {
    let clock = 1_000_000;
    const { watcher } = setup(10, () => clock);
    const answered: string[] = [];
    watcher.hold('d1', 1_500, () => answered.push('d1'));
    const letGo = watcher.hold('d2', 1_500, () => answered.push('d2'));
    expect(letGo !== null && watcher.release(letGo)).toBe(true);
    expect(watcher.heldCount).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(answered).toEqual([]);
    clock += 2_000;
    // The sweep runs at each second's turn: within about a second of real time.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(answered).toEqual(['d1']);
    expect(watcher.heldCount).toBe(0);
  });

  it('answers every hold at once on close, and any later one immediately', () => {
    const { watcher } = setup(10);
    const answered: string[] = [];
    watcher.hold('d1', 60_000, () => answered.push('held'));
    watcher.close();
    watcher.hold('d2', 60_000, () => answered.push('after close'));
    expect(answered).toEqual(['held', 'after close']);
  });
});

describe('change watchers of a directory cluster', () => {
  it("wakes another process's held polls on its announcement, and announces once per commit, after it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-watcher-peers-'));
    // Two connections to one data folder stand for two worker processes; their data_version
    // looks are a minute apart, so only the announcement can wake the other one in time.
    const writer = SqliteDirectoryStore.open(dir, { create: true });
    const other = SqliteDirectoryStore.open(dir, { create: false });
    const otherWatcher = new ChangeWatcher(other.db, other.changes, other.devices, {
      newBatch: () => 0,
      pollEveryMs: 60_000,
    });
    const announcedSeqs: number[] = [];
    const writerWatcher = new ChangeWatcher(writer.db, writer.changes, writer.devices, {
      newBatch: () => 0,
      pollEveryMs: 60_000,
      // What the other process would read at the moment the announcement reaches it.
      announce: () => {
        announcedSeqs.push(other.changes.latest());
        otherWatcher.othersChanged();
      },
    });
    writer.changes.onRecord(() => writerWatcher.poke());
    cleanups.push(() => {
      writerWatcher.close();
      otherWatcher.close();
      writer.db.close();
      other.db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const woken = new Promise<number>((resolve) =>
      otherWatcher.hold('d1', 60_000, () => resolve(Date.now())),
    );
    const before = Date.now();
    writer.db.transaction(() => {
      writer.changes.record('policy');
      writer.changes.record('policy');
    })();
    expect(await woken).toBeLessThan(before + 5_000);
    // One announcement for the transaction, made once it had committed (both rows visible).
    expect(announcedSeqs).toEqual([writer.changes.latest()]);

    // A wake-up caused by an announcement is not announced again (no echo between processes).
    otherWatcher.othersChanged();
    await new Promise((resolve) => setImmediate(resolve));
    expect(announcedSeqs).toHaveLength(1);
  });
});
