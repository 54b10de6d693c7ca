import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridge } from '../../src-main/bridge/bridge-client.js';
import { keepUserBridges, type KeptAgent } from '../../src-main/bridge/bridge-keeper.js';
import type { BridgeUser } from '../../src-main/bridge/user-bridges.js';
import { silentLogger } from '../../src-shared/logger.js';
import { createFakeAgent, makeStatus } from '../tray/fakes.js';

/** An agent whose bindings the test sets, with one fake AgentApi per username. */
function fakeKeptAgent() {
  const listeners = new Set<() => void>();
  const apis = new Map<string, ReturnType<typeof createFakeAgent>>();
  const state = { bound: [] as string[] };
  const agent: KeptAgent = {
    apiFor: (username) => {
      const api =
        apis.get(username) ?? createFakeAgent(makeStatus({ pendingVersion: apis.size + 2 }));
      apis.set(username, api);
      return api;
    },
    boundUsernames: () => state.bound,
    onCheckIn: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const checkIn = () => listeners.forEach((l) => l());
  return { agent, state, checkIn, apis };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(accounts: Record<string, number>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lockstep-keeper-'));
  dirs.push(dir);
  const fake = fakeKeptAgent();
  const lookupUser = async (username: string): Promise<BridgeUser | null> =>
    accounts[username] === undefined ? null : { username, uid: null, gid: null };
  const socketFor = (username: string) => path.join(dir, 'users', `${username}.sock`);
  const keeper = keepUserBridges(fake.agent, {
    logger: silentLogger,
    lookupUser,
    socketPathFor: (user) => socketFor(user.username),
    platform: 'linux',
  });
  return { ...fake, keeper, socketFor };
}

describe('bridge keeper (sockets follow the device bindings)', () => {
  it('opens a socket for each bound account, serving that user only', async () => {
    const { state, keeper, socketFor } = setup({ alice: 1001, bob: 1002 });
    state.bound = ['alice', 'bob'];
    await keeper.sync();
    const alice = connectBridge(socketFor('alice'));
    const bob = connectBridge(socketFor('bob'));
    try {
      const [a, b] = await Promise.all([alice.getStatus(), bob.getStatus()]);
      expect(a.account?.pendingPasswordChange?.version).toBe(2);
      expect(b.account?.pendingPasswordChange?.version).toBe(3);
    } finally {
      alice.close();
      bob.close();
      await keeper.close();
    }
  });

  it('opens no socket for an account that does not exist yet, and one after it is created', async () => {
    const accounts: Record<string, number> = {};
    const { state, keeper, socketFor, checkIn } = setup(accounts);
    state.bound = ['carol'];
    await keeper.sync();
    expect(existsSync(socketFor('carol'))).toBe(false);
    accounts['carol'] = 1003;
    checkIn();
    await keeper.sync();
    expect(existsSync(socketFor('carol'))).toBe(true);
    await keeper.close();
  });

  it('closes the socket of a user who is unbound, and all of them on close', async () => {
    const { state, keeper, socketFor } = setup({ dave: 1004, erin: 1005 });
    state.bound = ['dave', 'erin'];
    await keeper.sync();
    state.bound = ['erin'];
    await keeper.sync();
    expect(existsSync(socketFor('dave'))).toBe(false);
    expect(existsSync(socketFor('erin'))).toBe(true);
    await keeper.close();
    expect(existsSync(socketFor('erin'))).toBe(false);
  });
});
