/**
 * Signs a device request per the check-in protocol: Ed25519 over the signing string (method, path
 * with query, timestamp, nonce, body SHA-256), sent in the x-lockstep-* headers.
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { SIGNATURE_HEADERS, signingString } from '../../../src-shared/checkin-protocol.js';

export interface SignInput {
  deviceId: string;
  privateKey: KeyObject;
  method: string;
  pathWithQuery: string;
  /** The exact body bytes sent; '' when there is none. */
  body: string;
  nowMs: number;
  nonce?: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function signRequest(input: SignInput): Record<string, string> {
  const timestamp = String(input.nowMs);
  const nonce = input.nonce ?? newNonce();
  const text = signingString({
    method: input.method,
    pathWithQuery: input.pathWithQuery,
    timestamp,
    nonce,
    bodySha256Hex: sha256Hex(input.body),
  });
  const signature = sign(null, Buffer.from(text, 'utf8'), input.privateKey).toString('base64');
  return {
    [SIGNATURE_HEADERS.device]: input.deviceId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}
