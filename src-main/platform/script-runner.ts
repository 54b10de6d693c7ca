/**
 * Runs one script command: execFile with an argument array, a timeout, secrets written to stdin
 * (then closed), and optionally as another uid/gid (a root process running a user-level script).
 */
import { execFile } from 'node:child_process';
import type { ScriptCommand } from './script-command.js';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface ScriptRun {
  command: ScriptCommand;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Written to the script's stdin; stdin is closed either way so reads never hang. */
  stdin?: string;
  runAs?: RunAs;
}

export interface ScriptResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError?: string;
}

export type ScriptRunner = (run: ScriptRun) => Promise<ScriptResult>;

const MAX_OUTPUT_BYTES = 1024 * 1024;

export const execFileRunner: ScriptRunner = (run) =>
  new Promise((resolve) => {
    const child = execFile(
      run.command.file,
      run.command.args,
      {
        env: run.env,
        timeout: run.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
        ...(run.runAs ? { uid: run.runAs.uid, gid: run.runAs.gid } : {}),
      },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr, timedOut: false });
          return;
        }
        const timedOut = error.killed === true && error.signal === 'SIGKILL';
        if (typeof error.code === 'string') {
          resolve({
            exitCode: null,
            stdout,
            stderr,
            timedOut: false,
            spawnError: `${error.code} (${run.command.file})`,
          });
          return;
        }
        resolve({
          exitCode: typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
          timedOut,
        });
      },
    );
    // A script that exits before reading stdin closes the pipe: that is its answer, not a crash.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(run.stdin ?? '');
  });
