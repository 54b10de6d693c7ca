/**
 * Runs the built `lockstep` CLI in another process, as an admin does while the directory runs.
 * Asynchronous on purpose: the directory and the agents live in this test process and must keep
 * answering while the command runs.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from '../../directory/support/cli.js';

const BIN = join(ROOT, 'bin', 'lockstep.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Compiles dist/ first when it is missing or older than the sources (shared lock with the directory suite). */
export { ensureBuilt };

export function lockstep(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
