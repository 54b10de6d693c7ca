/**
 * `lockstep agent enroll | run | status`, spawned as an administrator would run them.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDirectory } from './support/fake-directory.js';
import { newToken, removeTempDirs, tempStateDir, waitFor } from './support/agent-harness.js';
import { BIN, requireBuild } from './support/dist.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lockstep(args: string[], stdin = ''): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';
const directory = new FakeDirectory();

beforeAll(async () => {
  requireBuild();
  await directory.start();
});
afterAll(async () => {
  await directory.stop();
  await removeTempDirs();
});

describe('lockstep agent enroll', () => {
  it('explains in --help why the token is not an argument', async () => {
    const r = await lockstep(['agent', 'enroll', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--token-file');
    expect(r.stdout).toMatch(/never taken as an\s+argument/);
    expect(r.stdout).toContain('process list');
  });

  it('enrolls with the token on stdin, prints the device id last, and keeps the key private', async () => {
    const state = await tempStateDir();
    const token = newToken();
    directory.addToken(token);
    const r = await lockstep(
      ['agent', 'enroll', '--directory', directory.url, '--state', state],
      `${token}\n`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const deviceId = lastLine(r.stdout);
    expect(directory.devices.has(deviceId)).toBe(true);
    expect((await stat(state)).mode & 0o777).toBe(0o700);
    expect((await stat(join(state, 'device-key.pem'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(state, 'device.json'), 'utf8'))).toMatchObject({
      deviceId,
      os: 'linux',
    });
    for (const name of await readdir(state)) {
      expect(await readFile(join(state, name), 'utf8')).not.toContain(token);
    }

    const again = await lockstep(
      ['agent', 'enroll', '--directory', directory.url, '--state', state],
      `${newToken()}\n`,
    );
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('pass --force');

    const forcedToken = newToken();
    directory.addToken(forcedToken);
    const tokenFile = join(state, '..', 'token.txt');
    await writeFile(tokenFile, forcedToken);
    const forced = await lockstep([
      'agent',
      'enroll',
      '--directory',
      directory.url,
      '--state',
      state,
      '--force',
      '--token-file',
      tokenFile,
    ]);
    expect(forced.code).toBe(0);
    expect(lastLine(forced.stdout)).not.toBe(deviceId);
  });

  it('refuses a token on the command line', async () => {
    const r = await lockstep([
      'agent',
      'enroll',
      '--directory',
      directory.url,
      '--state',
      await tempStateDir(),
      '--token',
      newToken(),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("unknown option '--token'");
  });

  it('says why the directory refused, without echoing the token', async () => {
    const token = newToken();
    const r = await lockstep(
      ['agent', 'enroll', '--directory', directory.url, '--state', await tempStateDir()],
      token,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the enrollment token is unknown or used up');
    expect(r.stderr).not.toContain(token);
  });
});

describe('lockstep agent run / status', () => {
  it('runs in the foreground with JSON logs, shows status while running, and stops cleanly on SIGTERM', async () => {
    const state = await tempStateDir();
    const token = newToken();
    directory.addToken(token);
    const enrolled = await lockstep(
      ['agent', 'enroll', '--directory', directory.url, '--state', state],
      token,
    );
    const deviceId = lastLine(enrolled.stdout);

    const before = JSON.parse(
      (await lockstep(['agent', 'status', '--state', state, '--json'])).stdout,
    );
    expect(before).toMatchObject({
      enrolled: true,
      device: { deviceId },
      agent: { running: false },
      users: [],
    });

    directory.bind(deviceId, { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane Doe' });
    await directory.setPassword('u1', 'Correct-Horse-Battery-1');
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
      BIN,
      'agent',
      'run',
      '--state',
      state,
      '--platform',
      'fake',
    ]);
    const logs: Array<Record<string, unknown>> = [];
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      partial += d.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) logs.push(JSON.parse(line) as Record<string, unknown>);
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(
      () => logs.some((l) => l.msg === 'action applied'),
      'account created by the running agent',
      15_000,
    );
    await waitFor(() => directory.held === 1, 'long-polling');

    const during = await lockstep(['agent', 'status', '--state', state, '--json']);
    const view = JSON.parse(during.stdout);
    expect(view.agent).toEqual({ running: true, pid: child.pid });
    expect(view.connection.state).toBe('connected');
    expect(view.users).toEqual([
      expect.objectContaining({
        deviceUsername: 'jane',
        desiredState: 'active',
        appliedState: 'active',
        desiredPasswordVersion: 1,
        appliedPasswordVersion: 0,
        pendingPasswordChange: expect.objectContaining({ version: 1, applyMode: 'prompt' }),
      }),
    ]);
    expect(during.stdout).not.toMatch(/argon2|\$6\$/);
    const human = await lockstep(['agent', 'status', '--state', state]);
    expect(human.stdout).toContain(`Device:      ${deviceId}`);
    expect(human.stdout).toMatch(/jane\s+active\s+v0 of v1\s+v1 \(prompt\)/);

    const stopAsked = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - stopAsked).toBeLessThan(3_000);
    expect(logs.at(-1)?.msg).toBe('agent stopped');
    expect(logs.every((l) => typeof l.level === 'number' && typeof l.time === 'string')).toBe(true);
    expect(JSON.stringify(logs)).not.toMatch(/argon2|\$6\$|Correct-Horse|PRIVATE KEY/);
    const after = JSON.parse(
      (await lockstep(['agent', 'status', '--state', state, '--json'])).stdout,
    );
    expect(after.agent.running).toBe(false);
  });

  it('explains what to do when the folder is not enrolled', async () => {
    const state = await tempStateDir();
    const notEnrolled = await lockstep(['agent', 'run', '--state', state, '--platform', 'fake']);
    expect(notEnrolled.code).toBe(1);
    expect(notEnrolled.stderr).toContain('is not enrolled; run `lockstep agent enroll');
    const status = await lockstep(['agent', 'status', '--state', state]);
    expect(status.stdout).toContain('Not enrolled');
  });

  it('refuses an account platform for another OS, saying which ones work here', async () => {
    const state = await tempStateDir();
    const token = newToken();
    directory.addToken(token);
    await lockstep(['agent', 'enroll', '--directory', directory.url, '--state', state], token);
    const r = await lockstep(['agent', 'run', '--state', state, '--platform', 'windows']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '--platform windows cannot run on this linux machine; use --platform linux or fake',
    );
  });
});
