/**
 * The agent service as systemd starts it: the bundled entry (dist/lockstep-agent.cjs, written by
 * `npm run build`) with the unit's Node options, only the binary being this Node.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDirectory } from './support/fake-directory.js';
import { enrollInto, removeTempDirs, tempStateDir, waitFor } from './support/agent-harness.js';
import { ROOT } from './support/dist.js';

/** The unit's ExecStart arguments with the packaged paths mapped onto this checkout. */
function serviceArgs(): string[] {
  const unit = readFileSync(join(ROOT, 'packaging/linux/lockstep-agent.service'), 'utf8');
  const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
  return execStart
    .split(/\s+/)
    .slice(1)
    .map((a) => a.replace(/^\/opt\/Lockstep\/resources\/app\.asar\//, ROOT));
}

const BUNDLE = join(ROOT, 'dist/lockstep-agent.cjs');
const directory = new FakeDirectory();
beforeAll(async () => {
  if (!existsSync(BUNDLE))
    throw new Error('dist/lockstep-agent.cjs is missing; run `npm run build` first');
  await directory.start();
});
afterAll(async () => {
  await directory.stop();
  await removeTempDirs();
});

describe('the agent service bundle', () => {
  it('runs with the unit options: checks in, applies, logs JSON lines, prints no warning, stops on SIGTERM', async () => {
    const state = await tempStateDir();
    const deviceId = await enrollInto(directory, state);
    directory.bind(deviceId, { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane Doe' });
    const args = [
      ...serviceArgs(),
      '--state',
      state,
      '--platform',
      'fake',
      '--bridge-dir',
      join(state, 'bridge'),
    ];
    expect(args).toContain(BUNDLE);
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const logs: Array<Record<string, unknown>> = [];
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) logs.push(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(
      () => logs.some((l) => l.msg === 'action applied'),
      'account created by the service',
      15_000,
    );
    await waitFor(() => directory.held === 1, 'long-polling');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(logs.at(-1)).toMatchObject({
      level: 30,
      service: 'lockstep-agent',
      pid: child.pid,
      msg: 'agent stopped',
    });
    expect(logs.every((l) => typeof l.level === 'number' && typeof l.time === 'string')).toBe(true);
  });

  it('serves `agent run` only: enrollment and status stay in the full CLI', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'agent', 'enroll'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("unknown command 'enroll'");
  });
});
