/**
 * CPU time and RSS of a process from /proc (Linux), as an outside observer sees them.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/<pid>/stat times; 100 on every mainstream Linux build. */
const CLK_TCK = 100;

export interface ProcSample {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
}

export function sampleProcess(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssKb = Number(
    /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN,
  );
  return { at: Date.now(), cpuSeconds: (utime + stime) / CLK_TCK, rssBytes: rssKb * 1024 };
}
