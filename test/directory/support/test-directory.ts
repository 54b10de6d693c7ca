import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createScimToken } from '../../../src-server/admin/scim-tokens.js';
import { startDirectory } from '../../../src-server/directory-server.js';

export interface ScimResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  body: any;
  text: string;
}

export interface TestDirectory {
  url: string;
  dataDir: string;
  token: string;
  logs: string[];
  scim(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ScimResponse>;
  raw(
    method: string,
    path: string,
    init?: { body?: string; headers?: Record<string, string> },
  ): Promise<ScimResponse>;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'lockstep-dir-test-'));
}

/** A live directory on loopback with a fresh data folder and one SCIM token. */
export async function startTestDirectory(dataDir = tempDataDir()): Promise<TestDirectory> {
  const token = createScimToken(dataDir, 'okta');
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const running = await startDirectory({
    dataDir,
    port: 0,
    logLevel: 'debug',
    logDestination: sink,
  });
  const raw: TestDirectory['raw'] = async (method, path, init = {}) => {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: res.status, headers: res.headers, body, text };
  };
  return {
    url: running.url,
    dataDir,
    token,
    logs,
    raw,
    scim: (method, path, body, headers = {}) =>
      raw(method, `/scim/v2${path}`, {
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json; charset=utf-8' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A User body shaped like Okta's create request. */
export function oktaUser(
  userName: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const local = userName.split('@')[0] ?? userName;
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: local, familyName: 'Tester' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${local} Tester`,
    locale: 'en-US',
    externalId: `00u${local}`,
    groups: [],
    password: 'Placeholder-1234!',
    active: true,
    ...extra,
  };
}

export const patchOp = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });
