/**
 * A fresh data folder with a SCIM token, served by a forked directory process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScimToken } from '../../src-server/admin/scim-tokens.js';
import {
  forkDirectory,
  type DirectoryHandle,
  type DirectoryProcessOptions,
} from './directory-handle.js';
import { oktaUser, passwordPatch, ScimClient } from './scim-client.js';

export interface BenchDirectory {
  dataDir: string;
  token: string;
  server: DirectoryHandle;
  scim: ScimClient;
  /** Starts a new directory process on the same data folder (after kill or close). */
  restart(): Promise<DirectoryHandle>;
  dispose(): Promise<void>;
}

export async function startBenchDirectory(
  options: Partial<Omit<DirectoryProcessOptions, 'dataDir' | 'logFile'>> = {},
  nodeArgs: string[] = [],
): Promise<BenchDirectory> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
  const token = createScimToken(dataDir, 'okta-bench');
  // Logs at the shipped default level (one line per request), to a file: their cost is part of the figure.
  const processOptions: DirectoryProcessOptions = {
    dataDir,
    logFile: join(dataDir, 'directory.log'),
    logLevel: 'info',
    ...options,
  };
  const bench: BenchDirectory = {
    dataDir,
    token,
    server: await forkDirectory(processOptions, nodeArgs),
    scim: undefined as unknown as ScimClient,
    restart: async () => {
      bench.server = await forkDirectory(
        { ...processOptions, port: Number(new URL(bench.server.url).port) },
        nodeArgs,
      );
      bench.scim = new ScimClient(bench.server.url, token);
      return bench.server;
    },
    dispose: async () => {
      bench.scim.close();
      await bench.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  bench.scim = new ScimClient(bench.server.url, token);
  return bench;
}

/** Creates a user the way Okta does, then pushes a real password (version 1); returns its id. */
export async function createUserWithPassword(scim: ScimClient, userName: string): Promise<string> {
  const created = await scim.call('POST', '/Users', oktaUser(userName, 'Okta-Placeholder-1!'));
  if (created.status !== 201)
    throw new Error(
      `creating ${userName} failed: HTTP ${created.status} ${JSON.stringify(created.body)}`,
    );
  const id = created.body['id'] as string;
  const pushed = await scim.call('PATCH', `/Users/${id}`, passwordPatch('Bench-Password-1!'));
  if (pushed.status !== 200) throw new Error(`password push failed: HTTP ${pushed.status}`);
  return id;
}
