/**
 * Starts one bridge per bound local user for `lockstep agent run`: each user's socket (or pipe +
 * token file) is theirs alone, and serves the agent's API for that user only.
 */
import type { AgentApi } from '../../src-shared/agent-api.js';
import type { Logger } from '../../src-shared/logger.js';
import { bridgeLocation } from './bridge-paths.js';
import { startBridgeServer } from './bridge-server.js';
import type { BridgeServer } from './bridge-server.js';
import { newBridgeToken } from './bridge-token.js';
import { writeTokenFile } from './token-file.js';

export interface BridgeUser {
  username: string;
  /** null on Windows. */
  uid: number | null;
  gid: number | null;
}

export interface UserBridges {
  readonly servers: ReadonlyMap<string, BridgeServer>;
  close(): Promise<void>;
}

export async function startUserBridges(
  agent: { apiFor(localUsername: string): AgentApi },
  users: readonly BridgeUser[],
  deps: {
    logger: Logger;
    platform?: NodeJS.Platform;
    socketPathFor?: (user: BridgeUser) => string;
  },
): Promise<UserBridges> {
  const servers = new Map<string, BridgeServer>();
  try {
    for (const user of users) {
      const location = bridgeLocation(user, deps.platform);
      const token = location.tokenFile ? newBridgeToken() : undefined;
      if (location.tokenFile && token) {
        await writeTokenFile(location.tokenFile, token, {
          username: user.username,
          uid: user.uid ?? undefined,
          gid: user.gid ?? undefined,
        });
      }
      const server = await startBridgeServer({
        socketPath: deps.socketPathFor?.(user) ?? location.socketPath,
        api: agent.apiFor(user.username),
        owner:
          user.uid !== null && user.gid !== null ? { uid: user.uid, gid: user.gid } : undefined,
        token,
        logger: deps.logger,
      });
      servers.set(user.username, server);
    }
  } catch (error) {
    await Promise.all([...servers.values()].map((s) => s.close()));
    throw error;
  }
  return {
    servers,
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}
