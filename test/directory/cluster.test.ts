/**
 * `lockstep directory serve --workers 2`: one port served by two worker processes under a
 * primary. Okta's password push reaches the held check-ins of every worker, a replayed device
 * request is refused whichever worker it reaches, a crashed worker is replaced, and SIGTERM stops
 * them all.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindUser, createEnrollToken } from '../../src-server/admin/device-admin.js';
import { createScimToken } from '../../src-server/admin/scim-tokens.js';
import { ROOT, ensureBuilt, killHard, lockstep, spawnServer } from './support/cli.js';
import { oktaUser, patchOp, tempDataDir } from './support/test-directory.js';
import { checkin, enroll, signed, type TestDevice } from './devices/device-client.js';

const DEVICES = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dataDir: string;
let token: string;
let server: { url: string; child: ChildProcess; stderr: () => string };
let devices: TestDevice[];
let userId: string;

/** Processes whose parent is `pid` (from /proc, as `ps` would show them). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** Processes whose command line contains `text`. */
function processesRunning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const scim = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** Whether worker number `id` (a replacement) logs that it listens within 15 s. */
async function workerListens(id: number): Promise<boolean> {
  const listening = () =>
    new RegExp(`"worker":${id},"url":"[^"]+","dataDir":"[^"]+","msg":"directory listening"`).test(
      server.stderr(),
    );
  for (let waited = 0; waited < 15_000 && !listening(); waited += 200) await sleep(200);
  return listening();
}

/** Worker numbers of the log lines of answered check-ins that were held at least `heldMs`. */
const workersAnsweringHeld = (heldMs: number) =>
  new Set(
    server
      .stderr()
      .split('\n')
      .filter((line) => line.includes('/checkin'))
      .map((line) => JSON.parse(line) as { worker?: number; status?: number; ms?: number })
      .filter((l) => l.status === 200 && (l.ms ?? 0) >= heldMs)
      .map((l) => l.worker),
  );

beforeAll(async () => {
  ensureBuilt();
  dataDir = tempDataDir();
  token = createScimToken(dataDir, 'okta');
  // debug: answered check-ins are logged there, with the worker that answered.
  server = await spawnServer(dataDir, ['--workers', '2', '--log-level', 'debug']);
  const enrollToken = createEnrollToken(dataDir, { uses: DEVICES, expiresInMs: 600_000 });
  devices = [];
  for (let i = 0; i < DEVICES; i++)
    devices.push((await enroll(server.url, enrollToken, `cluster-host-${i}`)).device as TestDevice);
  userId = (await scim('POST', '/Users', oktaUser('cluster.user@example.com'))).body[
    'id'
  ] as string;
  for (const d of devices) bindUser(dataDir, 'cluster.user@example.com', d.id, false);
}, 60_000);

afterAll(async () => {
  if (server) await killHard(server.child);
  for (const pid of server ? childrenOf(server.child.pid ?? -1) : []) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('directory serve --workers 2', () => {
  it('runs two worker processes under one primary, all serving one port', async () => {
    expect(childrenOf(server.child.pid as number)).toHaveLength(2);
    expect(server.stderr()).toContain('"msg":"directory cluster listening"');
    expect((await scim('GET', `/Users/${userId}`)).status).toBe(200);
  });

  it("wakes the held check-ins of every worker when Okta pushes a password, not only the pushing worker's", async () => {
    // Each long-poll on a connection of its own, which the kernel hands to either worker; rounds
    // repeat (each with new connections) until both workers have held some of them.
    let version = 0;
    for (let round = 1; round <= 5 && workersAnsweringHeld(300).size < 2; round++) {
      const cursors = await Promise.all(
        devices.map(async (d) => (await checkin(server.url, d, null)).body.cursor as string),
      );
      const held = devices.map((d, i) =>
        signed(
          server.url,
          d,
          '/checkin',
          { cursor: cursors[i], waitSeconds: 30, applied: [], agentVersion: '0.1.0' },
          { freshConnection: true },
        ),
      );
      await sleep(500);
      const pushed = await scim(
        'PATCH',
        `/Users/${userId}`,
        patchOp({ op: 'replace', path: 'password', value: `Cluster-Push-${round}!` }),
      );
      expect(pushed.status).toBe(200);
      version++;
      const started = Date.now();
      const answers = await Promise.all(held);
      // Woken, not timed out: far sooner than the 30 s wait.
      expect(Date.now() - started).toBeLessThan(10_000);
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.body.users[0].passwordVersion).toBe(version);
      }
    }
    expect([...workersAnsweringHeld(300)].sort()).toEqual([1, 2]);
  });

  it('refuses a replayed device request whichever worker it reaches', async () => {
    const device = devices[0] as TestDevice;
    for (let i = 0; i < 10; i++) {
      const replay = {
        nonce: randomBytes(18).toString('base64url'),
        timestamp: Date.now(),
        freshConnection: true,
      };
      const payload = { cursor: null, waitSeconds: 0, applied: [], agentVersion: '0.1.0' };
      expect((await signed(server.url, device, '/checkin', payload, replay)).status).toBe(200);
      const again = await signed(server.url, device, '/checkin', payload, replay);
      expect(again.status).toBe(401);
      expect(again.body.error.message).toContain('replayed');
    }
  });

  it('replaces a worker that crashes, and keeps serving', async () => {
    const primary = server.child.pid as number;
    const [victim] = childrenOf(primary) as [number];
    process.kill(victim, 'SIGKILL');
    expect(await workerListens(3)).toBe(true);
    const now = childrenOf(primary);
    expect(now).toHaveLength(2);
    expect(now).not.toContain(victim);
    expect(server.stderr()).toContain('directory worker crashed; starting a new one');
    expect((await scim('GET', `/Users/${userId}`)).status).toBe(200);
  });

  it('replaces a worker stopped on its own (a signal to that process alone)', async () => {
    const primary = server.child.pid as number;
    const [stoppedOne] = childrenOf(primary) as [number];
    process.kill(stoppedOne, 'SIGTERM');
    expect(await workerListens(4)).toBe(true);
    expect(server.stderr()).toContain('directory worker stopped; starting a new one');
    expect(childrenOf(primary)).toHaveLength(2);
  });

  it('stops the primary and every worker on SIGTERM, exiting 0', async () => {
    const workers = childrenOf(server.child.pid as number);
    const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  });

  it('fails to start with the reason when its workers cannot start, leaving no process behind', async () => {
    const missing = join(dataDir, 'missing-cert.pem');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'lockstep.js'),
          'directory',
          'serve',
          '--listen',
          '127.0.0.1:0',
          '--data',
          dataDir,
          '--workers',
          '2',
          '--tls-cert',
          missing,
          '--tls-key',
          missing,
        ],
        { cwd: ROOT },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    expect(r.code).not.toBe(0);
    // The worker's own reason, then the primary's summary.
    expect(r.stderr).toContain('missing-cert.pem');
    expect(r.stderr).toMatch(/directory worker \d+ exited during start-up \(exit code 1\)/);
    expect(r.stderr).not.toContain('starting a new one');
    // Orphans would have a new parent: look for any process still running this command line.
    expect(processesRunning(missing)).toEqual([]);
  });

  it('refuses a worker count it cannot run, saying what is accepted', () => {
    for (const bad of ['0', '65', 'two', '1.5']) {
      const r = lockstep([
        'directory',
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--data',
        dataDir,
        '--workers',
        bad,
      ]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('must be a whole number from 1 to 64');
    }
  });
});
