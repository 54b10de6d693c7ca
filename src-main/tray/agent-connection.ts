/**
 * Reaches the agent for this user: starts it in this process, or connects to the agent service's
 * per-user bridge. Either way the tray gets an `AgentApi` checked on every call.
 */
import os from 'node:os';
import type { AgentApi } from '../../src-shared/agent-api.js';
import { createAgent } from '../agent/create-agent.js';
import type { AccountPlatform } from '../platform/account-platform.js';
import { connectBridge } from '../bridge/bridge-client.js';
import { bridgeLocation } from '../bridge/bridge-paths.js';
import { createInProcessAgentApi } from '../bridge/in-process-api.js';
import { readTokenFile } from '../bridge/token-file.js';
import type { AgentChoice } from './agent-choice.js';
import type { Logger } from '../../src-shared/logger.js';

export interface AgentConnection {
  agent: AgentApi;
  close(): Promise<void>;
}

export async function connectAgent(
  choice: AgentChoice,
  deps: {
    stateDir: string;
    platform: AccountPlatform;
    logger: Logger;
    /** The app's version, reported by an in-process agent. */
    version: string;
    username?: string;
  },
): Promise<AgentConnection> {
  const me = os.userInfo();
  const username = deps.username ?? me.username;
  if (choice.kind === 'in-process') {
    const agent = createAgent({
      stateDir: deps.stateDir,
      platform: deps.platform,
      agentVersion: deps.version,
    });
    await agent.start();
    return { agent: createInProcessAgentApi(agent.apiFor(username)), close: () => agent.stop() };
  }
  const location = bridgeLocation({ username, uid: me.uid >= 0 ? me.uid : null });
  const token = location.tokenFile ? await readTokenFile(location.tokenFile) : undefined;
  const client = connectBridge(choice.path ?? location.socketPath, { token, logger: deps.logger });
  return { agent: client, close: async () => client.close() };
}
