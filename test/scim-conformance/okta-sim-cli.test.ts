/**
 * `lockstep okta-sim` as an admin runs it (the built CLI in a child process, `npm test` builds
 * first) against a live directory: what it prints, how it takes secrets, how it fails.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src-cli/version.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: LiveDirectory;
let work: string;
let tokenFile: string;

function lockstep(args: string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(projectRoot(), 'bin', 'lockstep.js'), ...args],
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}
const sim = (...args: string[]) => [
  'okta-sim',
  '--directory',
  dir.url,
  '--token-file',
  tokenFile,
  ...args,
];

beforeAll(async () => {
  dir = await startLiveDirectory();
  work = await mkdtemp(join(tmpdir(), 'okta-sim-cli-'));
  tokenFile = join(work, 'okta.token');
  await writeFile(tokenFile, `${dir.token}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await dir?.close();
  await rm(work, { recursive: true, force: true });
});

// Each case starts the CLI as a new process; on a busy 2-core CI machine that alone takes seconds.
describe('lockstep okta-sim', { timeout: 120_000 }, () => {
  it('assigns a user: prints the filter miss and the POST (placeholder shown as ***), then the outcome', async () => {
    const r = await lockstep(sim('assign', 'jane.doe@example.com'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(
      '> GET /Users?filter=userName%20eq%20%22jane.doe%40example.com%22&startIndex=1&count=100',
    );
    expect(r.stdout).toContain('> POST /Users');
    expect(r.stdout).toContain('"password": "***"');
    expect(r.stdout).toContain('"givenName": "Jane"');
    expect(r.stdout).toContain('< 201');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^jane\.doe@example\.com: created \(id [0-9a-f-]+\)$/,
    );
    const again = await lockstep(sim('assign', 'jane.doe@example.com'));
    expect(again.stdout.trimEnd().split('\n').at(-1)).toMatch(/already in the directory/);
  });

  it('pushes a password read from stdin and never prints it', async () => {
    const r = await lockstep(sim('push-password', 'jane.doe@example.com'), 'Hunter2-Hunter2\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> PATCH /Users/');
    expect(r.stdout).toContain('"password": "***"');
    expect(`${r.stdout}${r.stderr}`).not.toContain('Hunter2');
  });

  it('uses GET then PUT with --style wizard, and prints machine-readable exchanges with --json', async () => {
    const r = await lockstep(
      sim('--style', 'wizard', '--json', 'deactivate', 'jane.doe@example.com'),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      style: string;
      exchanges: Array<{ role: string; request: { method: string; body?: { active?: boolean } } }>;
      result: { active: boolean };
    };
    expect(out.style).toBe('wizard');
    expect(out.exchanges.map((e) => `${e.role} ${e.request.method}`)).toEqual([
      'lookup GET',
      'okta GET',
      'okta PUT',
    ]);
    expect(out.exchanges[2]?.request.body?.active).toBe(false);
    expect(out.result.active).toBe(false);
  });

  it('pushes a group and updates a title', async () => {
    await lockstep(sim('assign', 'sam.lee@example.com'));
    const g = await lockstep(
      sim('push-group', 'Engineering', 'jane.doe@example.com', 'sam.lee@example.com'),
    );
    expect(g.code).toBe(0);
    expect(g.stdout).toContain('> POST /Groups');
    expect(g.stdout).toContain('group "Engineering": 2 member(s) pushed');
    const u = await lockstep(sim('update', 'sam.lee@example.com', '--title', 'Staff Engineer'));
    expect(u.stdout).toContain('"title": "Staff Engineer"');
  });

  it("runs Okta's SPEC test and ends with the count", async () => {
    const r = await lockstep(sim('spec-test'));
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('12 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('fails with a non-zero exit and one line naming the request, the status and the reason', async () => {
    const r = await lockstep(sim('assign', '1bad@example.com'));
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lockstep: POST \/Users answered 400: .*must start with a letter/);
    const missing = await lockstep(sim('reactivate', 'nobody@example.com'));
    expect(missing.stderr.trim()).toMatch(
      /no user with userName "nobody@example.com"; assign them first/,
    );
    expect(missing.code).not.toBe(0);
  });

  describe('secrets', () => {
    it('refuses a token given as an argument, and says how to give it', async () => {
      const r = await lockstep([
        'okta-sim',
        '--directory',
        dir.url,
        '--token',
        dir.token,
        'assign',
        'x.y@example.com',
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/not taken as an argument.*--token-file FILE or --token-stdin/);
      expect(r.stdout).toBe('');
    });

    it('reads the token from stdin, but not when the password needs stdin', async () => {
      const ok = await lockstep(
        ['okta-sim', '--directory', dir.url, '--token-stdin', 'assign', 'stdin.user@example.com'],
        `${dir.token}\n`,
      );
      expect(ok.code).toBe(0);
      const both = await lockstep(
        ['okta-sim', '--directory', dir.url, '--token-stdin', 'sign-in', 'stdin.user@example.com'],
        'x',
      );
      expect(both.code).not.toBe(0);
      expect(both.stderr).toMatch(
        /reads the password from stdin, so give the token with --token-file/,
      );
    });

    it('warns when the token file can be read by other users', async () => {
      const loose = join(work, 'loose.token');
      await writeFile(loose, dir.token);
      await chmod(loose, 0o644);
      const r = await lockstep([
        'okta-sim',
        '--directory',
        dir.url,
        '--token-file',
        loose,
        'assign',
        'loose.user@example.com',
      ]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(
        `can be read by other users (mode 644); restrict it with: chmod 600 ${loose}`,
      );
    });

    it("rejects a wrong token with the directory's 401 reason", async () => {
      const wrong = join(work, 'wrong.token');
      await writeFile(wrong, 'lockstep_scim_not-a-real-token', { mode: 0o600 });
      const r = await lockstep([
        'okta-sim',
        '--directory',
        dir.url,
        '--token-file',
        wrong,
        'assign',
        'a.b@example.com',
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^lockstep: GET \/Users\?filter=.* answered 401: /);
    });
  });
});
