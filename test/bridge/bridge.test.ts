import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentApiError } from '../../src-shared/agent-api.js';
import type { AgentStatus } from '../../src-shared/agent-api.js';
import { connectBridge } from '../../src-main/bridge/bridge-client.js';
import type { BridgeClient } from '../../src-main/bridge/bridge-client.js';
import { createInProcessAgentApi } from '../../src-main/bridge/in-process-api.js';
import { startBridgeServer } from '../../src-main/bridge/bridge-server.js';
import { silentLogger } from '../../src-shared/logger.js';
import { createFakeAgent, makeStatus } from '../tray/fakes.js';
import { startTestBridge } from './bridge-harness.js';

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
function client(socketPath: string, opts: Parameters<typeof connectBridge>[1] = {}): BridgeClient {
  const c = connectBridge(socketPath, { reconnectDelaysMs: [20], ...opts });
  cleanup.push(() => c.close());
  return c;
}

describe('local agent bridge over a Unix socket', () => {
  it('carries every AgentApi call with the same results as the agent', async () => {
    const t = await started();
    const c = client(t.socketPath);
    expect((await c.getStatus()).account?.deviceUsername).toBe('jane');
    expect(await c.verifyNewPassword({ password: 'wrong', version: 2 })).toMatchObject({
      ok: false,
      reason: 'mismatch',
      attemptsLeft: 4,
    });
    expect(await c.verifyNewPassword({ password: 'N3w-0kta-pass!', version: 2 })).toEqual({
      ok: true,
    });
    await c.checkInNow();
    await c.reportPasswordApplied({ version: 2, outcome: 'applied', reason: null });
    expect(await c.resetPassword({ password: 'N3w-0kta-pass!', version: 2 })).toMatchObject({
      passwordVersion: 2,
    });
    expect(t.agent.calls).toEqual([
      'getStatus',
      'verifyNewPassword',
      'verifyNewPassword',
      'checkInNow',
      'reportPasswordApplied',
      'resetPassword',
    ]);
  });

  it('the socket file is mode 0600', async () => {
    const t = await started();
    expect(statSync(t.socketPath).mode & 0o777).toBe(0o600);
    expect(statSync(t.socketPath).isSocket()).toBe(true);
  });

  it("the agent's refusals arrive as AgentApiError with the agent's words", async () => {
    const t = await started();
    const c = client(t.socketPath);
    await expect(
      c.requestPasswordChange({ newPassword: 'Brand-new-pass-1' }),
    ).rejects.toMatchObject({
      name: 'AgentApiError',
      code: 'refused-by-policy',
      message: 'Okta owns passwords here.',
    });
  });

  it('an unexpected agent failure reaches the tray as a sentence, not a stack', async () => {
    const t = await started();
    t.agent.fail = new Error('SQLITE_BUSY at /var/lib/lockstep/state.db') as AgentApiError;
    const c = client(t.socketPath);
    const error = await failureOf(c.getStatus());
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('SQLITE');
  });

  it('status pushes arrive after onStatus, and again after the agent service restarts', async () => {
    const t = await started();
    const c = client(t.socketPath);
    const seen: AgentStatus[] = [];
    c.onStatus((s) => seen.push(s));
    await until(() => seen.length >= 1);
    t.agent.push(makeStatus({ state: 'suspended' }));
    await until(() => seen.some((s) => s.account?.state === 'suspended'));

    await t.server.close();
    await expect(c.getStatus()).rejects.toMatchObject({ code: 'agent-unreachable' });
    const restarted = await startBridgeServer({
      socketPath: t.socketPath,
      api: t.agent,
      logger: silentLogger,
    });
    cleanup.push(() => restarted.close());
    const before = seen.length;
    await until(() => seen.length > before);
    t.agent.push(makeStatus({ pendingVersion: 7 }));
    await until(() => seen.some((s) => s.account?.pendingPasswordChange?.version === 7));
  });

  it('no service at all: calls fail at once with agent-unreachable in plain words', async () => {
    const c = client('/tmp/lockstep-no-such-dir/none.sock');
    const error = await failureOf(c.getStatus());
    expect(error.code).toBe('agent-unreachable');
    expect(error.message).toContain('background service is not answering');
  });

  it('parameters are checked before they are sent', async () => {
    const t = await started();
    const c = client(t.socketPath);
    await expect(c.verifyNewPassword({ password: '', version: 2 })).rejects.toMatchObject({
      code: 'invalid-request',
    });
    expect(t.agent.calls).toEqual([]);
  });

  it('with a token: the right first line unlocks the bridge', async () => {
    const t = await started({ token: 'tok-' + 'x'.repeat(40) });
    const c = client(t.socketPath, { token: 'tok-' + 'x'.repeat(40) });
    expect((await c.getStatus()).agentVersion).toBe('0.1.0');
  });

  it('with a token: a client with the wrong one gets nothing', async () => {
    const t = await started({ token: 'right-token' });
    const c = client(t.socketPath, { token: 'wrong-token' });
    await expect(c.getStatus()).rejects.toMatchObject({ code: 'agent-unreachable' });
    expect(t.agent.calls).toEqual([]);
  });
});

describe('in-process transport', () => {
  it('checks inputs and outputs exactly like the socket', async () => {
    const agent = createFakeAgent(makeStatus({ pendingVersion: 2 }));
    const api = createInProcessAgentApi(agent);
    await expect(
      api.verifyNewPassword({ password: 'x'.repeat(2000), version: 2 }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(
      api.reportPasswordApplied({ version: 0, outcome: 'applied', reason: null }),
    ).rejects.toMatchObject({ code: 'invalid-request' });
    expect(agent.calls).toEqual([]);
    agent.status = { ...agent.status, agentVersion: 42 as unknown as string };
    await expect(api.getStatus()).rejects.toMatchObject({ code: 'internal' });
  });

  it('passes status pushes through, dropping malformed ones', () => {
    const agent = createFakeAgent(makeStatus());
    const seen: AgentStatus[] = [];
    createInProcessAgentApi(agent).onStatus((s) => seen.push(s));
    agent.push(makeStatus({ state: 'suspended' }));
    agent.push({ bogus: true } as unknown as AgentStatus);
    expect(seen.map((s) => s.account?.state)).toEqual(['suspended']);
  });
});

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function failureOf(promise: Promise<unknown>): Promise<AgentApiError> {
  try {
    await promise;
  } catch (error) {
    return error as AgentApiError;
  }
  throw new Error('expected the call to fail');
}
