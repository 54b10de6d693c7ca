import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emptyState, type AgentState } from '../../src-main/agent/state/agent-state.js';
import { nodeDurableFs, type DurableFs } from '../../src-main/platform/durable-file.js';
import { readStateFile, StateStore, STATE_FILE } from '../../src-main/agent/state/state-store.js';
import { removeTempDirs, tempStateDir } from './support/agent-harness.js';
import { ROOT, requireBuild } from './support/dist.js';

const ISO = '2025-01-01T00:00:00.000Z';
const withCursor = (cursor: string): AgentState => ({ ...emptyState(ISO), cursor });

async function freshDir(): Promise<string> {
  const dir = await tempStateDir();
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A file system that "crashes" (throws, as if the power went) at one step. */
function crashingAt(step: keyof DurableFs): DurableFs {
  return {
    ...nodeDurableFs,
    [step]: async () => {
      throw new Error(`simulated crash at ${step}`);
    },
  };
}

afterEach(removeTempDirs);

describe('state store: atomic replacement', () => {
  it('round-trips the state with mode 0600', async () => {
    const dir = await freshDir();
    const store = new StateStore(dir);
    await store.save(() => withCursor('c1'));
    expect((await readStateFile(dir))?.cursor).toBe('c1');
    expect((await stat(join(dir, STATE_FILE))).mode & 0o777).toBe(0o600);
  });

  it.each(['writeAndSync', 'rename'] as const)(
    'a crash at %s leaves the old state whole',
    async (step) => {
      const dir = await freshDir();
      await new StateStore(dir).save(() => withCursor('old'));
      await expect(
        new StateStore(dir, crashingAt(step)).save(() => withCursor('new')),
      ).rejects.toThrow('simulated crash');
      expect((await readStateFile(dir))?.cursor).toBe('old');
    },
  );

  it('a crash after the rename (before the folder fsync) leaves the new state whole', async () => {
    const dir = await freshDir();
    await new StateStore(dir).save(() => withCursor('old'));
    await expect(
      new StateStore(dir, crashingAt('syncDir')).save(() => withCursor('new')),
    ).rejects.toThrow();
    expect((await readStateFile(dir))?.cursor).toBe('new');
  });

  it('ignores and removes temporary files a crash left behind', async () => {
    const dir = await freshDir();
    await new StateStore(dir).save(() => withCursor('good'));
    await writeFile(join(dir, `${STATE_FILE}.tmp-deadbeef0000`), '{"torn":');
    const loaded = await new StateStore(dir).load(ISO);
    expect(loaded).toMatchObject({ kind: 'loaded', state: { cursor: 'good' } });
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('coalesces saves made during a write, and the last one wins', async () => {
    const dir = await freshDir();
    const store = new StateStore(dir);
    let current = withCursor('a');
    const saves = ['b', 'c', 'd'].map((c) => {
      current = withCursor(c);
      return store.save(() => current);
    });
    await Promise.all(saves);
    expect((await readStateFile(dir))?.cursor).toBe('d');
  });
});

describe('state store: damaged files are refused, not guessed at', () => {
  it.each([
    ['garbage bytes', '\u0000\u0001not json at all'],
    ['truncated JSON', JSON.stringify(withCursor('x')).slice(0, 40)],
    ['valid JSON of the wrong shape', JSON.stringify({ schema: 1, cursor: 5 })],
  ])('%s: reported, set aside, replaced by an empty state', async (_name, content) => {
    const dir = await freshDir();
    await writeFile(join(dir, STATE_FILE), content);
    const loaded = await new StateStore(dir).load(ISO);
    expect(loaded.kind).toBe('corrupt');
    if (loaded.kind !== 'corrupt') return;
    expect(loaded.reason).toMatch(/not valid JSON|does not match the state format/);
    expect(loaded.state.cursor).toBeNull();
    expect(await readFile(loaded.keptAs, 'utf8')).toBe(content);
  });
});

describe('state store: real crashes (SIGKILL during continuous writes)', () => {
  beforeAll(requireBuild);

  it('never leaves a torn state file', async () => {
    const dir = await freshDir();
    const child = `
      const { StateStore } = await import(${JSON.stringify(`${ROOT}dist/src-main/agent/state/state-store.js`)});
      const { emptyState } = await import(${JSON.stringify(`${ROOT}dist/src-main/agent/state/agent-state.js`)});
      const store = new StateStore(${JSON.stringify(dir)});
      for (let i = 0; ; i++) {
        const s = emptyState('2025-01-01T00:00:00.000Z');
        s.cursor = 'c' + i; s.connection.lastError = 'x'.repeat(200000 + (i % 7)); // several write syscalls per save
        await store.save(() => s);
        if (i === 0) process.stdout.write('ready\\n');
      }`;
    for (let round = 0; round < 8; round++) {
      const proc = spawn(process.execPath, ['--input-type=module', '-e', child], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      const loaded = await new StateStore(dir).load(ISO);
      expect(loaded.kind).toBe('loaded');
      expect(loaded.state.cursor).toMatch(/^c\d+$/);
    }
  });
});
