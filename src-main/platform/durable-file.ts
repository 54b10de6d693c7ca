/**
 * Crash-safe file replacement: write a temporary file, fsync it, rename it over the target, fsync
 * the folder. A crash at any step leaves either the old file or the new one, never a torn file.
 *
 * The file-system calls come in through `DurableFs` so tests can simulate a crash between steps.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface DurableFs {
  writeAndSync(path: string, data: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
}

export const nodeDurableFs: DurableFs = {
  async writeAndSync(path, data, mode) {
    // 'wx': never follow or reuse a file someone else placed under our temporary name.
    const handle = await fsp.open(path, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fsp.rename(from, to),
  async syncDir(dir) {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

const TEMP_MARK = '.tmp-';

/** Replaces `path` with `data` atomically and durably (file mode `mode`, default 0600). */
export async function writeFileDurably(
  path: string,
  data: string,
  opts: { mode?: number; fs?: DurableFs } = {},
): Promise<void> {
  const fs = opts.fs ?? nodeDurableFs;
  const temp = join(
    dirname(path),
    `${basename(path)}${TEMP_MARK}${randomBytes(6).toString('hex')}`,
  );
  try {
    await fs.writeAndSync(temp, data, opts.mode ?? 0o600);
    await fs.rename(temp, path);
  } catch (error) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await fs.syncDir(dirname(path));
}

/** Removes temporary files a crash left next to `path`; they never hold the current state. */
export async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `${basename(path)}${TEMP_MARK}`;
  const names = await fsp.readdir(dirname(path)).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(prefix))
      .map((n) => fsp.rm(join(dirname(path), n), { force: true })),
  );
}
