/**
 * `lockstep agent status`: what the agent knows, read from its state folder (safe while the agent
 * runs: state.json is only ever replaced whole). Prints no secret and no hash.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, printJson, printTable } from '../cli-support.js';
import { readDeviceRecord } from '../../src-main/agent/identity/device-identity.js';
import type { AgentState } from '../../src-main/agent/state/agent-state.js';
import { readStateFile } from '../../src-main/agent/state/state-store.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function usersView(state: AgentState) {
  return state.desired.map((user) => {
    const applied = state.applied.find((a) => a.userId === user.userId);
    const appliedVersion = applied?.passwordVersion ?? 0;
    const behind =
      user.state === 'active' && user.passwordVersion > 0 && user.passwordVersion > appliedVersion;
    const silent = state.policy.applyMode === 'silent' && user.cryptHash !== null;
    const failures = state.failures.filter((f) => f.key.split(':')[1] === user.userId);
    return {
      userId: user.userId,
      deviceUsername: user.deviceUsername,
      displayName: user.displayName,
      desiredState: user.state,
      appliedState: applied?.state ?? null,
      desiredPasswordVersion: user.passwordVersion,
      appliedPasswordVersion: appliedVersion,
      pendingPasswordChange: behind
        ? {
            version: user.passwordVersion,
            changedAt: user.changedAt,
            applyMode: silent ? 'silent' : 'prompt',
          }
        : null,
      lastFailure: failures.at(-1)?.reason ?? null,
    };
  });
}

export function registerStatusCommand(agent: Command): void {
  agent
    .command('status')
    .description('Show enrollment, connection and, per bound user, desired vs applied state.')
    .requiredOption('--state <dir>', 'the agent state folder')
    .option('--json', 'print as JSON')
    .action(async (flags: { state: string; json?: boolean }) => {
      const stateDir = resolve(flags.state);
      const record = await readDeviceRecord(stateDir).catch((error: Error) => {
        throw new CliError(error.message);
      });
      let state: AgentState | null = null;
      let stateProblem: string | null = null;
      try {
        state = await readStateFile(stateDir);
      } catch (error) {
        stateProblem = `state file unreadable (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); the agent will re-sync when it starts`;
      }
      const running = state?.runningPid != null && processAlive(state.runningPid);
      const view = {
        enrolled: record !== null,
        device: record
          ? {
              deviceId: record.deviceId,
              directoryUrl: record.directoryUrl,
              hostname: record.hostname,
              enrolledAt: record.enrolledAt,
            }
          : null,
        agent: { running, pid: running ? (state?.runningPid ?? null) : null },
        connection: state?.connection ?? null,
        policy: state
          ? {
              passwordAuthority: state.policy.passwordAuthority,
              applyMode: state.policy.applyMode,
              checkinIntervalSeconds: state.policy.checkinIntervalSeconds,
            }
          : null,
        users: state ? usersView(state) : [],
        queuedResults: state?.outbox.length ?? 0,
        problem: stateProblem,
      };
      if (flags.json) return printJson(view);
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      if (!record) return out(`Not enrolled (${stateDir}). Run \`lockstep agent enroll\` first.`);
      out(`Device:      ${record.deviceId} (${record.hostname})`);
      out(`Directory:   ${record.directoryUrl}`);
      out(`Agent:       ${running ? `running (pid ${view.agent.pid})` : 'not running'}`);
      const c = view.connection;
      out(
        `Connection:  ${c ? `${c.state} since ${c.since}${c.lastError ? ` — ${c.lastError}` : ''}` : '-'}`,
      );
      out(`Last check-in: ${c?.lastCheckInAt ?? 'never'}`);
      if (view.policy)
        out(
          `Policy:      password authority ${view.policy.passwordAuthority}, apply mode ${view.policy.applyMode}, interval ${view.policy.checkinIntervalSeconds}s`,
        );
      if (stateProblem) out(`Problem:     ${stateProblem}`);
      if (view.queuedResults > 0) out(`Results waiting for the directory: ${view.queuedResults}`);
      out('');
      printTable(
        view.users.map((u) => ({
          user: u.deviceUsername,
          state:
            u.appliedState === u.desiredState
              ? u.desiredState
              : `${u.appliedState ?? '-'} → ${u.desiredState}`,
          password: `v${u.appliedPasswordVersion} of v${u.desiredPasswordVersion}`,
          pending: u.pendingPasswordChange
            ? `v${u.pendingPasswordChange.version} (${u.pendingPasswordChange.applyMode})`
            : null,
          problem: u.lastFailure,
        })),
        [
          { key: 'user', title: 'USER' },
          { key: 'state', title: 'STATE (APPLIED → DESIRED)' },
          { key: 'password', title: 'PASSWORD' },
          { key: 'pending', title: 'PENDING' },
          { key: 'problem', title: 'LAST PROBLEM' },
        ],
        'No users are bound to this device yet.',
      );
    });
}
