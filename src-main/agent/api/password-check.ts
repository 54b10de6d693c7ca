/**
 * Checks a typed password against the pending change's argon2id verifier, through the per-user
 * throttle. Checks for one user run one at a time, so parallel calls cannot outrun the throttle.
 */
import { AgentApiError, type VerifyResult } from '../../../src-shared/agent-api.js';
import type { BoundUser } from '../../../src-shared/checkin-protocol.js';
import type { VerifyThrottle } from './verify-throttle.js';

export class PasswordCheck {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly throttle: VerifyThrottle) {}

  private serialFor<T>(username: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(username) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.locks.set(username, settled);
    void settled.then(() => {
      if (this.locks.get(username) === settled) this.locks.delete(username);
    });
    return next;
  }

  /** `pendingVersion` is the version the tray may apply now, or null when there is none. */
  check(
    username: string,
    user: BoundUser,
    pendingVersion: number | null,
    password: string,
    version: number,
  ): Promise<VerifyResult> {
    return this.serialFor(username, async () => {
      if (pendingVersion === null || pendingVersion !== version || user.verifier === null) {
        return {
          ok: false,
          reason: 'no-pending-change',
          retryAfterSeconds: null,
          attemptsLeft: null,
        };
      }
      const gate = this.throttle.check(username);
      if (!gate.allowed) {
        return {
          ok: false,
          reason: 'throttled',
          retryAfterSeconds: gate.retryAfterSeconds,
          attemptsLeft: 0,
        };
      }
      let matches: boolean;
      try {
        // Loaded on first use: the agent idles for days between typed passwords, and the native
        // module is a sixth of its memory.
        const { verify } = await import('@node-rs/argon2');
        matches = await verify(user.verifier, password);
      } catch {
        throw new AgentApiError(
          'internal',
          'The stored check for your new password is damaged. Ask your administrator to look at this device.',
        );
      }
      if (matches) {
        this.throttle.succeed(username);
        return { ok: true };
      }
      const miss = this.throttle.miss(username);
      return {
        ok: false,
        reason: 'mismatch',
        retryAfterSeconds: miss.retryAfterSeconds > 0 ? miss.retryAfterSeconds : null,
        attemptsLeft: miss.attemptsLeft,
      };
    });
  }
}

/** A failed check as an error the tray can show (for calls that need a correct password first). */
export function verifyFailure(result: Exclude<VerifyResult, { ok: true }>): AgentApiError {
  if (result.reason === 'throttled') {
    return new AgentApiError(
      'invalid-request',
      `Too many wrong tries. Try again in ${result.retryAfterSeconds ?? 0} seconds.`,
    );
  }
  if (result.reason === 'no-pending-change') {
    return new AgentApiError(
      'invalid-request',
      'There is no new password waiting for this account (it may have changed again). Check the status and try again.',
    );
  }
  const left = result.attemptsLeft ?? 0;
  return new AgentApiError(
    'invalid-request',
    `That is not your new password. ${left > 0 ? `${left} tries left.` : `Try again in ${result.retryAfterSeconds ?? 0} seconds.`}`,
  );
}
