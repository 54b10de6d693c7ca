/**
 * What the platform layer executes, per OS: interpreter, script path, arguments, environment.
 * Pure functions, so the macOS and Windows plans are tested on any machine.
 */
import path from 'node:path';

export type PlatformOs = 'linux' | 'macos' | 'windows';

export type ScriptName =
  | 'account-info'
  | 'change-password'
  | 'create-account'
  | 'disable-account'
  | 'enable-account'
  | 'end-sessions'
  | 'mark-managed'
  | 'reset-password'
  | 'set-password-hash';

/** One execFile call: never a shell string. */
export interface ScriptCommand {
  file: string;
  args: string[];
}

export interface ScriptHostOptions {
  os: PlatformOs;
  /** The native-scripts/ directory (see script-location.ts). */
  scriptsRoot: string;
  /** Windows: %SystemRoot%, so powershell.exe is found by full path rather than through PATH. */
  systemRoot?: string;
}

/** Fixed PATH for the bash scripts: what they call is found in system directories only. */
export const POSIX_SCRIPT_PATH: Record<'linux' | 'macos', string> = {
  linux: '/usr/sbin:/usr/bin:/sbin:/bin',
  macos: '/usr/bin:/bin:/usr/sbin:/sbin',
};

export const POWERSHELL_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-ExecutionPolicy',
  'Bypass',
  '-File',
] as const;

export function scriptPath(host: ScriptHostOptions, script: ScriptName): string {
  if (host.os === 'windows') return path.win32.join(host.scriptsRoot, 'windows', `${script}.ps1`);
  return path.posix.join(host.scriptsRoot, host.os, `${script}.sh`);
}

export function scriptCommand(
  host: ScriptHostOptions,
  script: ScriptName,
  args: readonly string[],
): ScriptCommand {
  const file = scriptPath(host, script);
  if (host.os === 'windows') {
    const powershell = path.win32.join(
      host.systemRoot ?? 'C:\\Windows',
      'System32',
      'WindowsPowerShell',
      'v1.0',
      'powershell.exe',
    );
    return { file: powershell, args: [...POWERSHELL_ARGS, file, ...args] };
  }
  // Startup files never run: bash reads ~/.bashrc for `-c` over a socket stdin (its rshd rule),
  // and a script's behaviour must not depend on root's dotfiles.
  return { file: '/bin/bash', args: ['--noprofile', '--norc', file, ...args] };
}

/**
 * The environment a script gets. POSIX: a fixed PATH and the C locale (scripts parse OS tool
 * output), plus the session variables a user-level change needs to reach the keyring daemon.
 * Windows: PowerShell needs the system variables, and nothing secret lives in ours.
 */
export function scriptEnv(
  os: PlatformOs,
  parent: NodeJS.ProcessEnv,
  pathOverride?: string,
): NodeJS.ProcessEnv {
  if (os === 'windows') return { ...parent };
  const env: NodeJS.ProcessEnv = {
    PATH: pathOverride ?? POSIX_SCRIPT_PATH[os],
    LC_ALL: 'C',
    LANG: 'C',
  };
  for (const name of ['XDG_RUNTIME_DIR', 'DBUS_SESSION_BUS_ADDRESS'] as const) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
