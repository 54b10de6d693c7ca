/**
 * Okta only talks HTTPS: `serve --tls-cert/--tls-key` answers SCIM over TLS and says so.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, lockstep, ROOT } from './support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-tls-'));
const cert = join(dir, 'tls.crt');
const key = join(dir, 'tls.key');
const data = join(dir, 'data');
let stop: () => void = () => undefined;
afterAll(() => {
  stop();
  rmSync(dir, { recursive: true, force: true });
});

function get(
  url: string,
  token: string,
  ca: Buffer | null,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { authorization: `Bearer ${token}` }, ...(ca ? { ca } : {}) },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('directory serve over TLS', () => {
  it('prints an https URL and answers SCIM only to clients that trust its certificate', async () => {
    ensureBuilt();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const token =
      lockstep(['directory', 'token', 'create', '--data', data, '--name', 'okta'])
        .stdout.trim()
        .split('\n')
        .pop() ?? '';
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'lockstep.js'),
        'directory',
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--data',
        data,
        '--tls-cert',
        cert,
        '--tls-key',
        key,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    stop = () => child.kill('SIGKILL');
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const ok = await get(`${url}/scim/v2/ServiceProviderConfig`, token, readFileSync(cert));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    });
    await expect(get(`${url}/scim/v2/ServiceProviderConfig`, token, null)).rejects.toThrow(
      /self-signed|certificate/i,
    );
  }, 60_000);
});
