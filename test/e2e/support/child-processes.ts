/**
 * Real child processes for the E2E suite: every line they print is kept (and shown when a test
 * fails), lines can be awaited, and `stopAll` ends whatever is still running, even after a failure.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  /** stdout and stderr lines, in arrival order, each prefixed with `out|` or `err|`. */
  readonly lines: string[];
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** The first stdout/stderr line matching `pattern`, waiting up to `timeoutMs` for it. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Sends `signal`, then SIGKILL if the process is still there after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
}

export class ProcessGroup {
  private readonly running = new Set<RunningProcess>();

  start(name: string, file: string, args: string[], options: SpawnOptions = {}): RunningProcess {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid === undefined) throw new Error(`${name} did not start (${file})`);
    const handle = watch(name, child, child.pid);
    this.running.add(handle);
    void handle.exited.then(() => this.running.delete(handle));
    return handle;
  }

  /** Everything the processes printed, for a failure message. */
  transcript(): string {
    return [...this.running]
      .map((p) => `--- ${p.name} (pid ${p.pid})\n${p.lines.slice(-40).join('\n')}`)
      .join('\n');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((p) => p.stop('SIGTERM', 3_000)));
  }
}

function watch(name: string, child: ChildProcess, pid: number): RunningProcess {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (stream: NodeJS.ReadableStream | null, tag: string) => {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(`${tag}|${line}`);
      for (const wake of [...waiters]) wake();
    });
  };
  collect(child.stdout, 'out');
  collect(child.stderr, 'err');
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      for (const wake of [...waiters]) wake();
      resolve(code ?? signal ?? 'unknown');
    }),
  );

  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find((l) => pattern.test(l.slice(4)));
        if (found !== undefined) return finish(() => resolve(found.slice(4)));
        if (done)
          return finish(() =>
            reject(new Error(`${name} exited before printing ${pattern}:\n${lines.join('\n')}`)),
          );
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(
              new Error(
                `${name} printed no ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`,
              ),
            ),
          ),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 3_000) => {
    if (!done) child.kill(signal);
    const timer = setTimeout(() => done || child.kill('SIGKILL'), graceMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  return { name, pid, lines, exited, hasExited: () => done, waitForLine, stop };
}
