/**
 * Puts a listening Unix socket at `socketPath` that only its owner can open: the socket is bound
 * inside a private (0700) directory, set to 0600 and chowned there, and only then renamed into
 * place, so it is never reachable with looser permissions. The parent directory must belong to us
 * and not be writable by others, or another user could swap the socket.
 *
 * Windows named pipes (`\\.\pipe\…`) are bound as they are; the token handshake protects them.
 */
import { lstat, mkdir, mkdtemp, rename, rm, chmod, chown, unlink } from 'node:fs/promises';
import type { Server } from 'node:net';
import path from 'node:path';

export interface SocketOwner {
  uid: number;
  gid: number;
}

export function isNamedPipe(socketPath: string): boolean {
  return /^\\\\[.?]\\pipe\\/i.test(socketPath);
}

export async function listenPrivately(
  server: Server,
  socketPath: string,
  owner?: SocketOwner,
): Promise<void> {
  if (isNamedPipe(socketPath)) return listen(server, socketPath);
  const parent = path.dirname(socketPath);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  await checkParent(parent);
  await removeStaleSocket(socketPath);
  const privateDir = await mkdtemp(path.join(parent, '.bridge-'));
  try {
    const staging = path.join(privateDir, 's.sock');
    await listen(server, staging);
    await chmod(staging, 0o600);
    if (owner) await chown(staging, owner.uid, owner.gid);
    await rename(staging, socketPath);
  } catch (error) {
    server.close();
    throw error;
  } finally {
    await rm(privateDir, { recursive: true, force: true });
  }
}

/** Removes our socket file (not anything else that may have taken its place). */
export async function removeSocketFile(socketPath: string): Promise<void> {
  if (isNamedPipe(socketPath)) return;
  await removeStaleSocket(socketPath).catch(() => undefined);
}

async function checkParent(dir: string): Promise<void> {
  const info = await lstat(dir);
  const uid = process.geteuid?.() ?? info.uid;
  if (!info.isDirectory() || info.isSymbolicLink())
    throw new Error(`${dir} must be a directory, not a link`);
  if (info.uid !== uid)
    throw new Error(`${dir} must belong to the agent's user (uid ${uid}), not uid ${info.uid}`);
  if ((info.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} must not be writable by group or others (mode ${(info.mode & 0o777).toString(8)}); chmod 755 it`,
    );
  }
}

async function removeStaleSocket(socketPath: string): Promise<void> {
  let info;
  try {
    info = await lstat(socketPath);
  } catch {
    return;
  }
  if (!info.isSocket())
    throw new Error(`${socketPath} exists and is not a socket; refusing to replace it`);
  await unlink(socketPath);
}

function listen(server: Server, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
