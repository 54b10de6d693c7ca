/**
 * What an admin sees: `lockstep directory users --data DIR --json`, run as the built CLI
 * (`npm test` builds first), so the suites check the same output a person reads.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../../src-cli/version.js';

const run = promisify(execFile);

export interface AdminUserView {
  userName: string;
  deviceUsername: string;
  state: string;
  passwordVersion: number;
  passwordChangedAt: string | null;
}

export async function adminUsers(dataDir: string): Promise<AdminUserView[]> {
  const bin = join(projectRoot(), 'bin', 'lockstep.js');
  if (!existsSync(join(projectRoot(), 'dist', 'src-cli', 'lockstep.js'))) {
    throw new Error(
      'dist/ is missing: run `npm run build` (npm test does) before the conformance suites',
    );
  }
  try {
    const { stdout } = await run(process.execPath, [
      bin,
      'directory',
      'users',
      '--data',
      dataDir,
      '--json',
    ]);
    return JSON.parse(stdout) as AdminUserView[];
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(
      `lockstep directory users --json failed: ${stderr.trim() || (error as Error).message}`,
    );
  }
}

export async function adminUser(dataDir: string, userName: string): Promise<AdminUserView> {
  const user = (await adminUsers(dataDir)).find(
    (u) => u.userName.toLowerCase() === userName.toLowerCase(),
  );
  if (!user) throw new Error(`lockstep directory users --json does not list ${userName}`);
  return user;
}
