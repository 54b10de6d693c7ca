import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets (SCIM tokens, enrollment tokens): 256 random bits, stored only as SHA-256.
 *
 * A fast hash is right here: the secret has full entropy, so there is nothing to brute-force.
 */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Finds the entry whose hash equals the token's, comparing every candidate in constant time. */
export function matchSecretToken<T extends { tokenHash: string }>(
  token: string,
  candidates: readonly T[],
): T | null {
  const presented = Buffer.from(hashSecretToken(token), 'hex');
  let found: T | null = null;
  for (const c of candidates) {
    const stored = Buffer.from(c.tokenHash, 'hex');
    // Keep looping after a match so the time taken does not depend on which token matched.
    if (stored.length === presented.length && timingSafeEqual(stored, presented) && found === null)
      found = c;
  }
  return found;
}
