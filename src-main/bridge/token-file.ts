/**
 * The per-user token file for Windows named pipes (and any Unix bridge that wants a token): made
 * readable by that user only before the token is written into it.
 */
import { execFile } from 'node:child_process';
import { chown, mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function writeTokenFile(
  file: string,
  token: string,
  owner: { username: string; uid?: number; gid?: number },
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  await rm(file, { force: true });
  const handle = await open(file, 'wx', 0o600);
  try {
    if (process.platform === 'win32') {
      // Replace inherited entries: the user may read, SYSTEM (the agent) and Administrators manage.
      await run('icacls', [
        file,
        '/inheritance:r',
        '/grant:r',
        `${owner.username}:R`,
        '/grant:r',
        '*S-1-5-18:F',
        '/grant:r',
        '*S-1-5-32-544:F',
      ]);
    } else if (owner.uid !== undefined && owner.gid !== undefined) {
      await chown(file, owner.uid, owner.gid);
    }
    await handle.writeFile(`${token}\n`, 'utf8');
  } finally {
    await handle.close();
  }
}

export async function readTokenFile(file: string): Promise<string> {
  const token = (await readFile(file, 'utf8')).trim();
  if (!token)
    throw new Error(`${file} is empty; restart the Lockstep service to write a new token`);
  return token;
}
