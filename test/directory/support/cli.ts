import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'lockstep.js');

function newest(dir: string): number {
  return readdirSync(dir).reduce((max, name) => {
    const p = join(dir, name);
    const s = statSync(p);
    return Math.max(max, s.isDirectory() ? newest(p) : s.mtimeMs);
  }, 0);
}

/** Builds dist/ when it is missing or older than the directory's sources (the CLI runs from dist/). */
export function ensureBuilt(): void {
  const built = join(ROOT, 'dist', 'src-server', 'directory-server.js');
  const stale = () =>
    !existsSync(built) ||
    statSync(built).mtimeMs <
      Math.max(newest(join(ROOT, 'src-server')), newest(join(ROOT, 'src-shared')));
  if (!stale()) return;
  // Test files run in parallel; one builds while the others wait, so nobody runs a half-written dist/.
  const lock = join(tmpdir(), 'lockstep-directory-test-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
    }
  }
  try {
    // tsc emits even when another component has a type error; that error is not this suite's to fail on.
    if (stale()) spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `lockstep …` as a user would. */
export function lockstep(args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `lockstep directory serve` and resolves with its URL once it prints `listening on`. */
export async function spawnServer(
  dataDir: string,
  extraArgs: string[] = [],
  o: { openFileLimit?: number } = {},
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const argv = [
    BIN,
    'directory',
    'serve',
    '--listen',
    '127.0.0.1:0',
    '--data',
    dataDir,
    ...extraArgs,
  ];
  const child =
    o.openFileLimit === undefined
      ? spawn(process.execPath, argv, { cwd: ROOT })
      : // The shell lowers its own soft limit, then becomes the server.
        spawn(
          'sh',
          ['-c', `ulimit -n ${o.openFileLimit} && exec "$0" "$@"`, process.execPath, ...argv],
          { cwd: ROOT },
        );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  return { url, child, stderr: () => err };
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}
