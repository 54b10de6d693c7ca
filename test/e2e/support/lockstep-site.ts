/**
 * One machine's worth of Lockstep, as real processes: `lockstep directory serve` on a fresh data
 * folder, a SCIM token for the Okta simulator, enrolled devices, root `lockstep agent run`
 * processes and `lockstep tray --web` run as a throwaway user. `close` ends every process.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { TestAccount } from '../../native/support/linux-accounts.js';
import { ProcessGroup, type RunningProcess } from './child-processes.js';
import type {
  AgentStatusView,
  AuditEntry,
  DeviceUserView,
  DeviceView,
  DirectoryUser,
} from './directory-views.js';
import {
  baseEnv,
  lastLine,
  lockstep,
  lockstepBin,
  lockstepJson,
  lockstepJsonLines,
  repoRoot,
  type CliResult,
} from './lockstep-cli.js';
import { homeOf } from './os-accounts.js';
import { waitUntil } from './wait-until.js';

/** The directory's one log line per request (JSON on stderr). */
const RequestLog = z.object({
  msg: z.literal('request'),
  time: z.string(),
  method: z.string(),
  path: z.string(),
});

export interface Device {
  deviceId: string;
  stateDir: string;
}

export interface TrayShell {
  process: RunningProcess;
  /** The address the tray printed, token included (`open http://127.0.0.1:PORT/#token=…`). */
  url: string;
}

export class LockstepSite {
  readonly processes = new ProcessGroup();
  readonly dataDir: string;
  readonly bridgeDir: string;
  private readonly tokenFile: string;
  private devicesMade = 0;
  private directory!: RunningProcess;
  url = '';

  readonly root: string;

  constructor() {
    this.root = mkdtempSync(path.join(tmpdir(), 'lockstep-e2e-'));
    this.dataDir = path.join(this.root, 'directory');
    this.bridgeDir = path.join(this.root, 'bridge');
    this.tokenFile = path.join(this.root, 'scim-token');
  }

  /** Starts the directory and makes the SCIM token; `close` cleans up even when this fails. */
  async start(): Promise<void> {
    // The throwaway user reaches only its socket: the root folder is traversable, not listable.
    chmodSync(this.root, 0o711);
    mkdirSync(this.dataDir, { mode: 0o700 });
    mkdirSync(this.bridgeDir, { mode: 0o711 });
    this.directory = this.processes.start(
      'directory',
      process.execPath,
      [lockstepBin, 'directory', 'serve', '--listen', '127.0.0.1:0', '--data', this.dataDir],
      { cwd: repoRoot, env: baseEnv },
    );
    this.url = (
      await this.directory.waitForLine(/^listening on http:\/\/127\.0\.0\.1:\d+/, 20_000)
    ).replace('listening on ', '');
    const token = lastLine((await this.admin(['token', 'create', '--name', 'okta'])).stdout);
    writeFileSync(this.tokenFile, `${token}\n`, { mode: 0o600 });
  }

  /** `lockstep directory <args> --data <this directory's folder>`. */
  admin(args: string[]): Promise<CliResult> {
    return lockstep(['directory', ...args, '--data', this.dataDir]);
  }

  /**
   * `lockstep okta-sim <command> <email>`: what Okta would send; passwords go on stdin.
   * `answeredAt` is when the directory logged its answer to the last write Okta sent.
   */
  async okta(
    command: string,
    email: string,
    password?: string,
  ): Promise<CliResult & { answeredAt: number }> {
    const args = [
      'okta-sim',
      '--directory',
      this.url,
      '--token-file',
      this.tokenFile,
      command,
      email,
    ];
    const seen = this.directory.lines.length;
    const result = await lockstep(args, password === undefined ? {} : { stdin: `${password}\n` });
    const lastWrite = () =>
      this.directory.lines
        .slice(seen)
        .filter((line) => line.startsWith('err|{'))
        .map((line) => RequestLog.safeParse(JSON.parse(line.slice(4))))
        .filter(
          (r) => r.success && r.data.path.startsWith('/scim/v2/Users') && r.data.method !== 'GET',
        )
        .at(-1)?.data;
    // The log line may still be in the pipe when okta-sim has already exited.
    await waitUntil(`the directory's log of okta-sim ${command}`, () => lastWrite() !== undefined, {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    return { ...result, answeredAt: Date.parse(lastWrite()?.time ?? '') };
  }

  async user(userName: string): Promise<DirectoryUser> {
    const users = await lockstepJson<DirectoryUser[]>([
      'directory',
      'users',
      '--data',
      this.dataDir,
    ]);
    const user = users.find((u) => u.userName === userName);
    if (!user) throw new Error(`the directory has no user ${userName}`);
    return user;
  }

  async deviceUser(deviceId: string, userName: string): Promise<DeviceUserView | null> {
    const devices = await lockstepJson<DeviceView[]>([
      'directory',
      'devices',
      '--data',
      this.dataDir,
    ]);
    return (
      devices.find((d) => d.id === deviceId)?.users.find((u) => u.userName === userName) ?? null
    );
  }

  audit(): Promise<AuditEntry[]> {
    return lockstepJsonLines<AuditEntry>(['directory', 'audit', '--data', this.dataDir]);
  }

  async enroll(): Promise<Device> {
    this.devicesMade += 1;
    const tokenFile = path.join(this.root, `enroll-token-${this.devicesMade}`);
    const token = lastLine((await this.admin(['enroll-token', 'create'])).stdout);
    writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const stateDir = path.join(this.root, `agent-${this.devicesMade}`);
    const enrolled = await lockstep([
      'agent',
      'enroll',
      '--directory',
      this.url,
      '--state',
      stateDir,
      '--token-file',
      tokenFile,
    ]);
    rmSync(tokenFile);
    return { deviceId: lastLine(enrolled.stdout), stateDir };
  }

  /** A root `lockstep agent run --platform linux`, with tray sockets in `bridgeDir` or none. */
  async startAgent(device: Device, opts: { bridge: boolean }): Promise<RunningProcess> {
    const args = ['agent', 'run', '--state', device.stateDir, '--platform', 'linux'];
    args.push(...(opts.bridge ? ['--bridge-dir', this.bridgeDir] : ['--no-bridge']));
    const agent = this.processes.start(
      `agent ${device.deviceId}`,
      process.execPath,
      [lockstepBin, ...args],
      { cwd: repoRoot, env: baseEnv },
    );
    await agent.waitForLine(/"msg":"connected to the directory"/, 20_000);
    return agent;
  }

  agentStatus(device: Device): Promise<AgentStatusView> {
    return lockstepJson<AgentStatusView>(['agent', 'status', '--state', device.stateDir]);
  }

  socketPathFor(account: TestAccount): string {
    return path.join(this.bridgeDir, `${account.uid}.sock`);
  }

  /** `lockstep tray --web` as the throwaway user itself (uid, gid, no supplementary groups). */
  async startTray(account: TestAccount): Promise<TrayShell> {
    const socket = this.socketPathFor(account);
    if (!existsSync(socket))
      throw new Error(`the agent serves no socket for ${account.name} at ${socket}`);
    const tray = this.processes.start(
      `tray (${account.name})`,
      process.execPath,
      [lockstepBin, 'tray', '--web', '--listen', '127.0.0.1:0', '--agent', `socket:${socket}`],
      {
        cwd: repoRoot,
        uid: account.uid,
        gid: account.gid,
        env: { ...baseEnv, HOME: homeOf(account.name), USER: account.name, LOGNAME: account.name },
      },
    );
    const url = (
      await tray.waitForLine(/^open http:\/\/127\.0\.0\.1:\d+\/#token=/, 20_000)
    ).replace('open ', '');
    return { process: tray, url };
  }

  async close(): Promise<void> {
    await this.processes.stopAll();
    rmSync(this.root, { recursive: true, force: true });
  }
}
