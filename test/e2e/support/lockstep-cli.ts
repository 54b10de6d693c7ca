/**
 * Runs `lockstep …` (the built CLI, bin/lockstep.js) as a separate process, exactly as an admin
 * would; secrets go in on stdin. A non-zero exit throws with what the command printed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const lockstepBin = path.join(repoRoot, 'bin/lockstep.js');

/** The environment every Lockstep process gets: no inherited secrets, sbin on PATH for the scripts. */
export const baseEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
};

export interface CliResult {
  stdout: string;
  stderr: string;
  /** When the command ended (Date.now()), to time what follows it. */
  endedAt: number;
}

export function lockstep(args: string[], opts: { stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [lockstepBin, ...args], {
      cwd: repoRoot,
      env: baseEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const endedAt = Date.now();
      if (code === 0) resolve({ stdout, stderr, endedAt });
      else reject(new Error(`lockstep ${args.join(' ')} exited ${code}:\n${stderr}${stdout}`));
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

export async function lockstepJson<T>(args: string[]): Promise<T> {
  return JSON.parse((await lockstep([...args, '--json'])).stdout) as T;
}

/** `--json` commands that print one JSON object per line (the audit log). */
export async function lockstepJsonLines<T>(args: string[]): Promise<T[]> {
  const { stdout } = await lockstep([...args, '--json']);
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** The last non-empty line a command printed (tokens and ids are printed last). */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}
