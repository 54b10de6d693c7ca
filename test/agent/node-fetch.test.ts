/**
 * The agent's HTTP client: the `Response` slice it returns, and that it never loads Node's fetch
 * implementation (undici and its WebAssembly), which the service runs without.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../src-main/agent/directory/node-fetch.js';
import { requireBuild, ROOT } from './support/dist.js';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/empty') {
      res.writeHead(204).end();
      return;
    }
    res.setHeader('Retry-After', '7');
    res.setHeader('X-Twice', ['a', 'b']);
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"ok":false,"é":1}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createNodeFetch', () => {
  it('answers with status, ok, case-insensitive headers, and a body that can be read from a clone too', async () => {
    const res = await createNodeFetch()(`${url}/x`, { method: 'POST', headers: {}, body: '{}' });
    expect(res.status).toBe(503);
    expect(res.ok).toBe(false);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('Retry-After')).toBe('7');
    expect(res.headers.get('x-twice')).toBe('a, b');
    expect(res.headers.get('absent')).toBeNull();
    expect(await res.clone().text()).toBe('{"ok":false,"é":1}');
    expect(await res.text()).toBe('{"ok":false,"é":1}');
    const empty = await createNodeFetch()(`${url}/empty`, { method: 'GET', headers: {} });
    expect([empty.status, empty.ok, await empty.text()]).toEqual([204, true, '']);
  });

  it('does not load undici into the process', async () => {
    requireBuild();
    const script = `const { createNodeFetch } = await import(${JSON.stringify(join(ROOT, 'dist/src-main/agent/directory/node-fetch.js'))});
      const res = await createNodeFetch()(${JSON.stringify(`${url}/x`)}, { method: 'GET', headers: {} });
      await res.text();
      console.log(JSON.stringify({ status: res.status, undici: process.moduleLoadList.filter((m) => m.includes('undici')) }));`;
    // A fresh process, so that nothing vitest itself loads counts.
    const r = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 10_000,
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ status: 503, undici: [] });
  });
});
