/**
 * The bridge token: on Windows any local process can open a named pipe, so the first line must
 * carry a random token the agent wrote to a file only that user can read. Unix sockets may use it
 * too (tests do). Compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The first line a client sends when the server asks for a token. */
export const BridgeHello = z.object({ token: z.string().min(1).max(512) }).strict();

export function newBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Equal-length digests make the comparison independent of where the strings differ. */
export function tokensMatch(expected: string, presented: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
