/**
 * `npm start` as a new user meets it: the guide, the one command it gives, Ctrl-C, and a second
 * run that picks up where the first left off. Runs the built CLI (`npm test` builds first).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = join(process.cwd(), 'bin', 'lockstep.js');
const data = mkdtempSync(join(tmpdir(), 'lockstep-start-'));
const running: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Starts `lockstep start` and resolves with its output once the guide is complete. */
function start(
  port: number,
): Promise<{ child: ChildProcessWithoutNullStreams; out: () => string }> {
  const child = spawn(
    process.execPath,
    [cli, 'start', '--data', data, '--listen', `127.0.0.1:${port}`, '--tray', 'web'],
    { cwd: data },
  );
  running.push(child);
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no guide within 30 s:\n${out}`)), 30_000);
    child.stdout.on('data', () => {
      if (out.includes('Ctrl-C stops everything')) {
        clearTimeout(timer);
        resolve({ child, out: () => out });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

function lockstep(args: string[], input?: string) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: data, input, encoding: 'utf8' });
}

describe('npm start', () => {
  let port = 0;
  let deviceId = '';

  it('prints what runs where and the command that makes the prompt appear, which works as printed', async () => {
    port = await freePort();
    const { child, out } = await start(port);
    const guide = out();
    expect(guide).toContain(`directory   http://127.0.0.1:${port}`);
    expect(guide).toMatch(/tray {8}open http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
    deviceId = /device (dev_\S+),/.exec(guide)?.[1] ?? '';
    expect(deviceId).not.toBe('');

    const command = /^ {2}echo '([^']+)' \| npx lockstep (okta-sim .+)$/m.exec(guide);
    expect(command).not.toBeNull();
    const [, password, simArgs] = command as unknown as [string, string, string];
    const pushed = lockstep(simArgs.split(' '), `${password}\n`);
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(pushed.stdout).not.toContain(password);

    // The in-process agent now has the change pending for the demo user (what the tray prompts for).
    await expect
      .poll(
        () =>
          JSON.parse(lockstep(['agent', 'status', '--state', join(data, 'agent'), '--json']).stdout)
            .users?.[0]?.pendingPasswordChange?.version ?? null,
        { timeout: 5000 },
      )
      .toBe(1);

    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(0);
    expect(out()).toContain('Stopping Lockstep');
  }, 60_000);

  it('picks up where it left off: same device, same user, no second enrollment', async () => {
    const { child, out } = await start(port);
    expect(out()).toContain(`device ${deviceId},`);
    const devices = JSON.parse(
      lockstep(['directory', 'devices', '--data', join(data, 'directory'), '--json']).stdout,
    ) as Array<{ id: string }>;
    expect(devices.map((d) => d.id)).toEqual([deviceId]);
    child.kill('SIGTERM');
    expect(await new Promise<number | null>((done) => child.once('exit', done))).toBe(0);
  }, 60_000);
});
