/**
 * One group per threat against the local agent bridge: each case states the attack and the
 * refusal. The second-user case creates throwaway Linux accounts (root only) and removes them.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_MAX_LINE_BYTES } from '../../src-shared/agent-api.js';
import { startBridgeServer } from '../../src-main/bridge/bridge-server.js';
import { silentLogger } from '../../src-shared/logger.js';
import { createFakeAgent, makeStatus } from '../tray/fakes.js';
import { rawClient, startTestBridge } from './bridge-harness.js';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});
async function started(opts: Parameters<typeof startTestBridge>[0] = {}) {
  const t = await startTestBridge(opts);
  cleanup.push(() => t.server.close());
  return t;
}

describe('threat: a client floods the bridge with an endless line', () => {
  it('gets one error line and is disconnected; the agent is never called', async () => {
    const t = await started();
    const c = await rawClient(t.socketPath);
    c.write(Buffer.alloc(BRIDGE_MAX_LINE_BYTES + 10, 0x61));
    expect(await c.next()).toMatchObject({ id: 0, error: { code: 'invalid-request' } });
    await c.closed;
    expect(t.agent.calls).toEqual([]);
  });
  it('a line just under the limit is still read (and refused only for its content)', async () => {
    const t = await started();
    const c = await rawClient(t.socketPath);
    c.write(
      `{"id":3,"method":"getStatus","params":{},"pad":"${'a'.repeat(BRIDGE_MAX_LINE_BYTES - 100)}"}\n`,
    );
    expect(await c.next()).toMatchObject({ id: 3, error: { code: 'invalid-request' } });
  });
});

describe('threat: malformed or smuggled requests', () => {
  it.each([
    ['not JSON', 'hello\n'],
    ['an unknown method', '{"id":1,"method":"runAsRoot","params":{}}\n'],
    ['an extra top-level field', '{"id":1,"method":"getStatus","params":{},"user":"root"}\n'],
    [
      'an extra parameter (choosing another account)',
      '{"id":1,"method":"verifyNewPassword","params":{"password":"x","version":2,"username":"root"}}\n',
    ],
    ['a non-integer id', '{"id":"1","method":"getStatus","params":{}}\n'],
  ])('%s: error line, then the connection closes', async (_what, line) => {
    const t = await started();
    const c = await rawClient(t.socketPath);
    c.write(line);
    const reply = await c.next();
    expect(reply.error).toMatchObject({ code: 'invalid-request' });
    await c.closed;
    expect(t.agent.calls).toEqual([]);
  });
  it('the error names the field but never echoes a password', async () => {
    const t = await started();
    const c = await rawClient(t.socketPath);
    c.write(
      '{"id":1,"method":"verifyNewPassword","params":{"password":"S3cret-typed","version":0}}\n',
    );
    const reply = (await c.next()) as { error: { message: string } };
    expect(reply.error.message).toContain('params.version');
    expect(reply.error.message).not.toContain('S3cret-typed');
  });
});

describe('threat: a process without the token on a token-protected bridge (Windows pipe model)', () => {
  it('a wrong first line is refused and closed before any call', async () => {
    const t = await started({ token: 'the-right-token' });
    const c = await rawClient(t.socketPath);
    c.write('{"id":1,"method":"getStatus","params":{}}\n');
    expect(await c.next()).toMatchObject({ id: 0, error: { code: 'invalid-request' } });
    await c.closed;
    expect(t.agent.calls).toEqual([]);
  });
  it('a wrong token is refused', async () => {
    const t = await started({ token: 'the-right-token' });
    const c = await rawClient(t.socketPath);
    c.write('{"token":"the-wrong-token"}\n{"id":1,"method":"getStatus","params":{}}\n');
    expect(await c.next()).toMatchObject({ error: { code: 'invalid-request' } });
    await c.closed;
    expect(t.agent.calls).toEqual([]);
  });
  it('a silent client is dropped after the hello timeout', async () => {
    const t = await started({ token: 'the-right-token' });
    const c = await rawClient(t.socketPath);
    await c.closed;
  });
});

describe('threat: another user swaps the socket through a writable directory', () => {
  it('refuses to listen in a directory others can write to', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-bridge-'));
    chmodSync(dir, 0o777);
    const api = createFakeAgent(makeStatus());
    await expect(
      startBridgeServer({ socketPath: path.join(dir, 'u.sock'), api, logger: silentLogger }),
    ).rejects.toThrow(/must not be writable by group or others/);
  });
  it('refuses to replace a file that is not a socket', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-bridge-'));
    mkdirSync(path.join(dir, 'users'));
    writeFileSync(path.join(dir, 'users', 'u.sock'), 'precious');
    const api = createFakeAgent(makeStatus());
    await expect(
      startBridgeServer({
        socketPath: path.join(dir, 'users', 'u.sock'),
        api,
        logger: silentLogger,
      }),
    ).rejects.toThrow(/not a socket/);
  });
});

const isRoot = process.getuid?.() === 0 && process.platform === 'linux';
describe.skipIf(!isRoot)("threat: a second local user connects to the first user's socket", () => {
  const prefix = `lsbt${randomBytes(3).toString('hex')}`;
  const owner = `${prefix}a`;
  const other = `${prefix}b`;
  const ids = (name: string) => ({
    uid: Number(execFileSync('id', ['-u', name]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', name]).toString().trim()),
  });
  beforeAll(() => {
    for (const name of [owner, other])
      execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  });
  afterAll(() => {
    for (const name of [owner, other]) spawnSync('userdel', [name]);
  });

  const tryConnect = (socketPath: string, as: { uid: number; gid: number }) => {
    const script = `const s=require('net').createConnection(${JSON.stringify(socketPath)});
      s.on('connect',()=>{s.write('{"id":1,"method":"getStatus","params":{}}\\n')});
      s.on('data',d=>{process.stdout.write(JSON.parse(d.toString().split('\\n')[0]).result?'answered':'refused');s.destroy()});
      s.on('error',e=>{process.stdout.write(e.code);});`;
    // Asynchronous: the bridge under test runs in this very process and must keep answering.
    return new Promise<string>((resolve) => {
      execFile(process.execPath, ['-e', script], { ...as, timeout: 10_000 }, (_error, stdout) =>
        resolve(stdout),
      );
    });
  };

  it('the owner is answered; the other user cannot even connect (EACCES)', async () => {
    const t = await started({ owner: ids(owner) });
    expect(await tryConnect(t.socketPath, ids(owner))).toBe('answered');
    expect(await tryConnect(t.socketPath, ids(other))).toBe('EACCES');
    expect(t.agent.calls).toEqual(['getStatus']);
  });
});

describe('threat: too many connections at once', () => {
  it('connections beyond the limit are dropped', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-bridge-'));
    const socketPath = path.join(dir, 'u.sock');
    const server = await startBridgeServer({
      socketPath,
      api: createFakeAgent(makeStatus()),
      logger: silentLogger,
      maxConnections: 2,
    });
    cleanup.push(() => server.close());
    const open = await Promise.all([0, 1].map(() => rawClient(socketPath)));
    const third = net.createConnection(socketPath);
    await new Promise<void>((resolve) => third.once('close', () => resolve()));
    for (const c of open) c.write('{"id":1,"method":"getStatus","params":{}}\n');
    expect((await open[0]!.next()).result).toBeDefined();
  });
});
