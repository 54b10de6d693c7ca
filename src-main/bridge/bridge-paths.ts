/**
 * Where each user's bridge lives, agreed by the agent service and the tray without configuration:
 * Unix `/run/lockstep/users/<uid>.sock` (macOS: /var/run), Windows a named pipe per user plus a
 * token file only that user can read.
 */
import path from 'node:path';

export interface BridgeLocation {
  socketPath: string;
  /** Windows only: the file holding the token the first line must carry. */
  tokenFile: string | null;
}

export function bridgeLocation(
  user: { username: string; uid: number | null },
  platform: NodeJS.Platform = process.platform,
): BridgeLocation {
  if (platform === 'win32') {
    const programData = process.env.ProgramData ?? 'C:\\ProgramData';
    return {
      socketPath: `\\\\.\\pipe\\lockstep-bridge-${user.username}`,
      tokenFile: path.win32.join(programData, 'Lockstep', 'users', `${user.username}.token`),
    };
  }
  if (user.uid === null)
    throw new Error(`no uid for ${user.username}; cannot place its bridge socket`);
  const runDir = platform === 'darwin' ? '/var/run' : '/run';
  return {
    socketPath: path.posix.join(runDir, 'lockstep', 'users', `${user.uid}.sock`),
    tokenFile: null,
  };
}
