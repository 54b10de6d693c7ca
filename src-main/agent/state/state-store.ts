/**
 * Loads and saves `state.json`. Saves are serialized and coalesced: callers mutate the in-memory
 * state, then `save()` resolves once a write containing their change is durable on disk.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AgentState, emptyState } from './agent-state.js';
import {
  removeStaleTemporaries,
  writeFileDurably,
  type DurableFs,
} from '../../platform/durable-file.js';

export const STATE_FILE = 'state.json';

export type LoadOutcome =
  | { kind: 'loaded'; state: AgentState }
  | { kind: 'missing'; state: AgentState }
  /** The file was unreadable; it was set aside as `keptAs` and an empty state returned. */
  | { kind: 'corrupt'; state: AgentState; reason: string; keptAs: string };

/** Reads the state file without changing anything (for `lockstep agent status`). */
export async function readStateFile(stateDir: string): Promise<AgentState | null> {
  const text = await fsp
    .readFile(join(stateDir, STATE_FILE), 'utf8')
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  if (text === null) return null;
  return AgentState.parse(JSON.parse(text));
}

function describeCorruption(error: unknown): string {
  if (error instanceof z.ZodError) {
    const first = error.issues[0];
    return `it does not match the state format (${first ? `${first.path.join('.') || 'root'}: ${first.message}` : 'unknown'})`;
  }
  return `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
}

export class StateStore {
  private readonly path: string;
  private writing: Promise<void> | null = null;
  private pending: { promise: Promise<void> } | null = null;

  constructor(
    stateDir: string,
    private readonly fs?: DurableFs,
  ) {
    this.path = join(stateDir, STATE_FILE);
  }

  /** Loads the state; a corrupt file is renamed aside (kept for inspection) and replaced by an empty state. */
  async load(nowIso: string): Promise<LoadOutcome> {
    await removeStaleTemporaries(this.path);
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { kind: 'missing', state: emptyState(nowIso) };
      throw error;
    }
    try {
      return { kind: 'loaded', state: AgentState.parse(JSON.parse(text)) };
    } catch (error) {
      const keptAs = `${this.path}.corrupt-${nowIso.replace(/[:.]/g, '-')}`;
      await fsp.rename(this.path, keptAs);
      return {
        kind: 'corrupt',
        state: emptyState(nowIso),
        reason: describeCorruption(error),
        keptAs,
      };
    }
  }

  /**
   * Writes `snapshot()` durably. Calls made while a write is running share one follow-up write,
   * which takes its snapshot only when it starts, so it includes every change made before it.
   */
  save(snapshot: () => AgentState): Promise<void> {
    if (this.pending) return this.pending.promise;
    const previous = this.writing ?? Promise.resolve();
    const promise = previous
      .catch(() => undefined)
      .then(async () => {
        this.pending = null;
        const text = `${JSON.stringify(snapshot(), null, 1)}\n`;
        await writeFileDurably(this.path, text, {
          mode: 0o600,
          ...(this.fs ? { fs: this.fs } : {}),
        });
      });
    this.pending = { promise };
    this.writing = promise;
    return promise;
  }
}
