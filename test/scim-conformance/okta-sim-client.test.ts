/**
 * The simulator's client and secret handling on their own: Okta's headers, retrying 429 after
 * Retry-After as Okta does, and reading tokens and passwords the way an admin supplies them.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimClient } from '../../src-okta-sim/scim-client.js';
import {
  passwordFromStdin,
  readTokenFile,
  tokenFromStdin,
} from '../../src-cli/okta-sim/secret-input.js';
import { listUsers } from '../../src-okta-sim/user-requests.js';

describe('ScimClient', () => {
  // Answers 429 twice, then 200: only the retry behaviour is under test, not SCIM.
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    if (seen.length <= 2) {
      res.writeHead(429, { 'Retry-After': '7', 'Content-Type': 'application/scim+json' });
      res.end('{"status":"429","detail":"busy"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/scim+json' });
    res.end('{"totalResults":0}');
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("sends Okta's headers and retries 429 after Retry-After, reporting every attempt", async () => {
    const waits: number[] = [];
    const statuses: number[] = [];
    const client = new ScimClient({
      baseUrl,
      token: 'tok',
      sleep: async (ms) => {
        waits.push(ms);
      },
      onExchange: (e) => statuses.push(e.response.status),
    });
    const final = await client.send(listUsers(1));
    expect(final.response).toMatchObject({ status: 200, body: { totalResults: 0 } });
    expect(statuses).toEqual([429, 429, 200]);
    expect(waits).toEqual([7000, 7000]);
    expect(seen[0]).toMatchObject({
      authorization: 'Bearer tok',
      'user-agent': 'Okta SCIM Client 1.0.0',
      accept: 'application/scim+json',
    });
  });

  it('says which directory it could not reach', async () => {
    const client = new ScimClient({ baseUrl: 'http://127.0.0.1:1/scim/v2', token: 't' });
    await expect(client.send(listUsers(1))).rejects.toThrow(
      /cannot reach the directory at http:\/\/127\.0\.0\.1:1\/scim\/v2/,
    );
  });
});

describe('secrets from files and stdin', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'okta-sim-secrets-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('takes the last line of a saved `token create` output, quietly when the file is private', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'Created SCIM token "okta". It is shown once:\nlockstep_scim_abc123\n', {
      mode: 0o600,
    });
    const warnings: string[] = [];
    expect(await readTokenFile(file, (m) => warnings.push(m))).toBe('lockstep_scim_abc123');
    expect(warnings).toEqual([]);
  });

  it('names the missing file and refuses empty or spaced tokens', async () => {
    await expect(readTokenFile(join(dir, 'nope'), () => {})).rejects.toThrow(
      /cannot read --token-file .*nope \(ENOENT\)/,
    );
    expect(() => tokenFromStdin('\n\n')).toThrow(/no SCIM token found in stdin/);
    expect(() => tokenFromStdin('two words')).toThrow(/contains spaces/);
    expect(tokenFromStdin('Bearer abc\n')).toBe('abc');
  });

  it('keeps a password exactly, minus one trailing line break', () => {
    expect(passwordFromStdin(' pass word \n')).toBe(' pass word ');
    expect(passwordFromStdin('p\r\n')).toBe('p');
    expect(() => passwordFromStdin('\n')).toThrow(/no password on stdin/);
  });
});
