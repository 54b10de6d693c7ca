/**
 * Keeps one bridge per bound local account for as long as `lockstep agent run` runs.
 *
 * Bindings change while the agent runs (an admin binds a user, the agent creates the account), so
 * whenever the agent says they may have (`onCheckIn`: a check-in that changed something, or an
 * applied action) the set of sockets is brought in step with the bound accounts that exist:
 * new ones get a socket owned by that user, unbound ones lose theirs. Syncs run one at a time.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AgentApi } from '../../src-shared/agent-api.js';
import type { Logger } from '../../src-shared/logger.js';
import { bridgeLocation } from './bridge-paths.js';
import { startBridgeServer, type BridgeServer } from './bridge-server.js';
import { newBridgeToken } from './bridge-token.js';
import { writeTokenFile } from './token-file.js';
import type { BridgeUser } from './user-bridges.js';

const run = promisify(execFile);

export interface KeptAgent {
  apiFor(localUsername: string): AgentApi;
  /** Device usernames of the users currently bound to this device. */
  boundUsernames(): string[];
  onCheckIn(listener: () => void): () => void;
}

export interface BridgeKeeperDeps {
  logger: Logger;
  /** The account's uid/gid, or null when it does not exist (yet). */
  lookupUser?: (username: string) => Promise<BridgeUser | null>;
  /** Where a user's socket goes; default: bridgeLocation (e.g. /run/lockstep/users/<uid>.sock). */
  socketPathFor?: (user: BridgeUser) => string;
  platform?: NodeJS.Platform;
}

export interface BridgeKeeper {
  /** Brings the sockets in step now (also runs whenever `onCheckIn` fires). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export function keepUserBridges(agent: KeptAgent, deps: BridgeKeeperDeps): BridgeKeeper {
  const platform = deps.platform ?? process.platform;
  const lookup = deps.lookupUser ?? ((name: string) => lookupPosixUser(name, platform));
  const servers = new Map<string, BridgeServer>();
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const syncOnce = async (): Promise<void> => {
    if (closed) return;
    const wanted = new Set(agent.boundUsernames());
    for (const [username, server] of servers) {
      if (wanted.has(username)) continue;
      servers.delete(username);
      await server.close();
      deps.logger.info({ username }, 'bridge closed: user no longer bound');
    }
    for (const username of wanted) {
      if (servers.has(username)) continue;
      const user = await lookup(username);
      if (!user) continue; // No local account yet; the next sync after it is created opens one.
      try {
        servers.set(username, await startFor(user));
      } catch (error) {
        deps.logger.error(
          { username, err: error instanceof Error ? error.message : String(error) },
          'bridge could not start',
        );
      }
    }
  };

  const startFor = async (user: BridgeUser): Promise<BridgeServer> => {
    const location = deps.socketPathFor
      ? { socketPath: deps.socketPathFor(user), tokenFile: null }
      : bridgeLocation(user, platform);
    const token = location.tokenFile ? newBridgeToken() : undefined;
    if (location.tokenFile && token) {
      await writeTokenFile(location.tokenFile, token, {
        username: user.username,
        uid: user.uid ?? undefined,
        gid: user.gid ?? undefined,
      });
    }
    return startBridgeServer({
      socketPath: location.socketPath,
      api: agent.apiFor(user.username),
      owner: user.uid !== null && user.gid !== null ? { uid: user.uid, gid: user.gid } : undefined,
      token,
      logger: deps.logger,
    });
  };

  const sync = (): Promise<void> => {
    queue = queue.then(syncOnce, syncOnce);
    return queue;
  };
  const stopListening = agent.onCheckIn(() => void sync());

  return {
    sync,
    close: async () => {
      closed = true;
      stopListening();
      await queue.catch(() => undefined);
      await Promise.all([...servers.values()].map((s) => s.close()));
      servers.clear();
    },
  };
}

/** uid and primary gid from the OS (`id`), or null when there is no such account. */
async function lookupPosixUser(
  username: string,
  platform: NodeJS.Platform,
): Promise<BridgeUser | null> {
  if (platform === 'win32') return { username, uid: null, gid: null };
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', '--', username]),
      run('id', ['-g', '--', username]),
    ]);
    return { username, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}
