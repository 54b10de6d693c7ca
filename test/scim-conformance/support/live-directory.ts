/**
 * A real directory for the conformance suites: `startDirectory` on 127.0.0.1 with a free port,
 * a fresh data folder, and a SCIM token made the way an admin makes one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScimToken } from '../../../src-server/admin/scim-tokens.js';
import { startDirectory } from '../../../src-server/directory-server.js';
import { ScimClient } from '../../../src-okta-sim/scim-client.js';
import { scimBaseUrl, type ScimExchange } from '../../../src-okta-sim/scim-request.js';

export interface LiveDirectory {
  url: string;
  /** `…/scim/v2`, what an Okta admin enters as the connector base URL. */
  scimBase: string;
  token: string;
  dataDir: string;
  client(onExchange?: (e: ScimExchange) => void): ScimClient;
  close(): Promise<void>;
}

export async function startLiveDirectory(): Promise<LiveDirectory> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lockstep-scim-'));
  const server = await startDirectory({ dataDir, host: '127.0.0.1', port: 0, logLevel: 'error' });
  const token = createScimToken(dataDir, 'okta');
  const scimBase = scimBaseUrl(server.url);
  return {
    url: server.url,
    scimBase,
    token,
    dataDir,
    client: (onExchange) =>
      new ScimClient({ baseUrl: scimBase, token, ...(onExchange ? { onExchange } : {}) }),
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
