/**
 * A real directory (startDirectory) on loopback with a fresh data folder, plus an Okta-shaped SCIM
 * client built from the simulator's request builders. Restartable on the same port and folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createScimToken } from '../../../src-server/admin/scim-tokens.js';
import { startDirectory, type RunningDirectory } from '../../../src-server/directory-server.js';
import { ScimClient } from '../../../src-okta-sim/scim-client.js';
import {
  scimBaseUrl,
  type ScimExchange,
  type ScimRequest,
} from '../../../src-okta-sim/scim-request.js';
import {
  createUser,
  oktaPlaceholderPassword,
  patchUserActive,
  patchUserPassword,
} from '../../../src-okta-sim/user-requests.js';

export interface LiveDirectory {
  url: string;
  dataDir: string;
  /** Directory log lines (JSON), for diagnosing a failure. */
  logs: string[];
  /** Sends a request as Okta would; throws unless the status is 2xx. */
  okta(request: ScimRequest): Promise<ScimExchange>;
  /** Creates an assigned Okta user (placeholder password) and returns its SCIM id. */
  createUser(userName: string): Promise<string>;
  /** OIN-template password sync; resolves with the times the PATCH was sent and answered. */
  pushPassword(userId: string, password: string): Promise<{ sentAt: number; answeredAt: number }>;
  setActive(userId: string, active: boolean): Promise<void>;
  /** close() then startDirectory on the same port and data folder; `downMs` is the gap between. */
  restart(downMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function startLiveDirectory(): Promise<LiveDirectory> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-integration-'));
  const token = createScimToken(dataDir, 'okta');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const start = (port: number) =>
    startDirectory({ dataDir, port, logLevel: 'warn', logDestination: sink });
  let running: RunningDirectory = await start(0);
  const port = Number(new URL(running.url).port);
  const client = new ScimClient({ baseUrl: scimBaseUrl(running.url), token });

  const okta = async (request: ScimRequest): Promise<ScimExchange> => {
    const exchange = await client.send(request);
    if (exchange.response.status >= 300) {
      throw new Error(
        `${request.method} ${request.path} answered ${exchange.response.status}: ${JSON.stringify(exchange.response.body)}`,
      );
    }
    return exchange;
  };

  return {
    url: running.url,
    dataDir,
    logs,
    okta,
    async createUser(userName) {
      const local = userName.split('@')[0] ?? userName;
      const { response } = await okta(
        createUser(
          { userName, givenName: local, familyName: 'Tester', email: userName },
          oktaPlaceholderPassword(),
        ),
      );
      const id = (response.body as { id?: unknown }).id;
      if (typeof id !== 'string')
        throw new Error(`the directory created ${userName} without an id`);
      return id;
    },
    async pushPassword(userId, password) {
      const sentAt = Date.now();
      await okta(patchUserPassword(userId, password));
      return { sentAt, answeredAt: Date.now() };
    },
    async setActive(userId, active) {
      await okta(patchUserActive(userId, active));
    },
    async restart(downMs) {
      await running.close();
      await new Promise((r) => setTimeout(r, downMs));
      running = await start(port);
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
