/**
 * The device agent's programmatic entry point, for `lockstep agent run`, the tray's in-process
 * mode, the bridge and tests. Cheap to create: no timers or requests until `start()`.
 */
import type { AgentApi } from '../../src-shared/agent-api.js';
import type { AgentEventName, AgentListener } from './agent-events.js';
import { silentLogger, type Logger } from '../../src-shared/logger.js';
import { AgentRuntime } from './agent-runtime.js';
import { PasswordCheck } from './api/password-check.js';
import { statusFor } from './api/status-view.js';
import { createUserAgentApi } from './api/user-agent-api.js';
import { DEFAULT_THROTTLE, VerifyThrottle, type ThrottleSettings } from './api/verify-throttle.js';
import { DEFAULT_TIMING, type LoopTiming } from './checkin/checkin-loop.js';
import type { FetchLike } from './directory/node-fetch.js';
import type { AccountPlatform } from '../platform/account-platform.js';
import type { AgentState } from './state/agent-state.js';

export interface CreateAgentOptions {
  /** Folder written by `lockstep agent enroll` (device.json, device-key.pem, state.json). */
  stateDir: string;
  platform: AccountPlatform;
  /** pino logger; silent when omitted. */
  logger?: Logger;
  /** HTTP for directory calls; default: node:http(s) with the enrolled CA file, if any. */
  fetch?: FetchLike;
  /** Overrides the CA file recorded at enrollment. */
  caFile?: string;
  /** Clock (Unix ms) used for signatures, timestamps, throttling and interval decisions. */
  now?: () => number;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  timing?: Partial<LoopTiming>;
  throttle?: Partial<ThrottleSettings>;
  /** Reported at enrollment and every check-in; the caller knows which build it is. */
  agentVersion: string;
}

export interface Agent {
  /** Loads the enrollment and state, enforces the last known state, starts checking in. */
  start(): Promise<void>;
  /** Ends the open long-poll, waits for running work, records a clean stop on disk. */
  stop(): Promise<void>;
  /** The tray's view of the agent for one local account. */
  apiFor(localUsername: string): AgentApi;
  /** Ends an open long-poll or backoff wait and checks in at once. */
  checkInNow(): void;
  on<E extends AgentEventName>(event: E, listener: AgentListener<E>): () => void;
  /** A copy of the current state (for tests and diagnostics; holds hashes, never plaintext). */
  snapshot(): AgentState;
}

export function createAgent(opts: CreateAgentOptions): Agent {
  const runtime = new AgentRuntime({
    stateDir: opts.stateDir,
    platform: opts.platform,
    logger: opts.logger ?? silentLogger,
    fetch: opts.fetch ?? null,
    caFile: opts.caFile ?? null,
    now: opts.now ?? Date.now,
    random: opts.random ?? Math.random,
    timing: { ...DEFAULT_TIMING, ...opts.timing },
    agentVersion: opts.agentVersion,
  });
  const passwords = new PasswordCheck(
    new VerifyThrottle(runtime.opts.now, { ...DEFAULT_THROTTLE, ...opts.throttle }),
  );
  return {
    start: () => runtime.start(),
    stop: () => runtime.stop(),
    apiFor: (localUsername) => createUserAgentApi(runtime, localUsername, passwords),
    checkInNow: () => runtime.checkInNow(),
    on: (event, listener) => runtime.events.on(event, listener),
    snapshot: () => structuredClone(runtime.state),
  };
}

export { statusFor };
