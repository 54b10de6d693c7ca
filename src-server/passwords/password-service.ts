import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PasswordUpdate, UserRecord } from '../store/user-types.js';
import type { HashPool } from './hash-pool.js';

export type PasswordDecision =
  | { kind: 'unchanged' }
  | {
      kind: 'changed';
      update: PasswordUpdate;
      /** Call after the update committed. */ committed: () => void;
    };

const MAX_CACHED_USERS = 100_000;

/**
 * Decides what an Okta password push means and derives what to store.
 *
 * Okta re-pushes the same password at every sign-in, so the common case must be cheap: an
 * in-memory HMAC (keyed by a random per-process key, never written anywhere) of the current
 * password answers "same as before" without argon2. After a restart the cache is empty and one
 * argon2 verify refills it.
 */
export class PasswordService {
  private readonly key = randomBytes(32);
  private readonly recent = new Map<string, { verifier: string; mac: Buffer }>();

  constructor(private readonly pool: HashPool) {}

  /** Okta's create-time password: kept as a verifier only; devices never see it as a version. */
  async placeholder(
    password: string,
  ): Promise<{ update: PasswordUpdate; committed: (id: string) => void }> {
    const { verifier } = await this.pool.hash(password, false);
    const mac = this.mac(password);
    return {
      update: { kind: 'placeholder', verifier, cryptHash: null },
      committed: (id) => this.remember(id, verifier, mac),
    };
  }

  async decide(user: UserRecord, password: string): Promise<PasswordDecision> {
    const mac = this.mac(password);
    const current = user.password.verifier;
    if (current !== null) {
      const cached = this.recent.get(user.id);
      if (cached && cached.verifier === current && timingSafeEqual(cached.mac, mac))
        return { kind: 'unchanged' };
      if (await this.pool.verify(current, password)) {
        this.remember(user.id, current, mac);
        return { kind: 'unchanged' };
      }
    }
    const { verifier, cryptHash } = await this.pool.hash(password, true);
    return {
      kind: 'changed',
      update: { kind: 'new-version', verifier, cryptHash },
      committed: () => this.remember(user.id, verifier, mac),
    };
  }

  private mac(password: string): Buffer {
    return createHmac('sha256', this.key).update(password, 'utf8').digest();
  }

  private remember(userId: string, verifier: string, mac: Buffer): void {
    this.recent.delete(userId);
    if (this.recent.size >= MAX_CACHED_USERS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
    this.recent.set(userId, { verifier, mac });
  }
}
