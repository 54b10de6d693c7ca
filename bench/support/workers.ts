/**
 * Load-generator processes: fork one per slice of work, send it its job, collect its one answer.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';

export interface WorkerRun<R> {
  child: ChildProcess;
  result: Promise<R>;
}

/**
 * Forks dist/bench/workers/<name>.js with the job; `result` settles with its single reply.
 * `nice` lowers the generator's CPU priority: on a machine it shares with the directory, it then
 * takes the cores the directory leaves, as if each simulated device had its own.
 */
export function runWorker<J, R>(
  name: string,
  job: J,
  messages?: (m: unknown) => void,
  nice = 0,
): WorkerRun<R> {
  const child = fork(join(import.meta.dirname, '..', 'workers', `${name}.js`), [], {
    execArgv: profilingArgs(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  const result = new Promise<R>((resolve, reject) => {
    child.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'progress' in m) messages?.(m);
      else resolve(m as R);
    });
    child.once('exit', (code) =>
      reject(new Error(`load generator ${name} exited with ${code} before answering`)),
    );
  });
  child.send(job as object);
  return { child, result };
}

/** BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of every forked process there (for finding bottlenecks). */
export function profilingArgs(): string[] {
  const dir = process.env['BENCH_PROFILE_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
