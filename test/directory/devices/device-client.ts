import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { SIGNATURE_HEADERS, signingString } from '../../../src-shared/checkin-protocol.js';

export interface TestDevice {
  id: string;
  privateKey: KeyObject;
  publicKeyB64: string;
}

export function newKeys(): { privateKey: KeyObject; publicKeyB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyB64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

export async function enroll(url: string, token: string, hostname = 'host-1'): Promise<{ status: number; body: Record<string, unknown>; device: TestDevice | null }> {
  const keys = newKeys();
  const res = await fetch(`${url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      publicKey: keys.publicKeyB64,
      hostname,
      os: 'linux',
      osVersion: 'Debian 12',
      machineIdHash: createHash('sha256').update(hostname).digest('hex'),
      agentVersion: '0.1.0',
    }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body, device: res.status === 200 ? { id: body['deviceId'] as string, ...keys } : null };
}

export interface SignOverrides {
  timestamp?: number;
  nonce?: string;
  /** Sign one body, send another. */
  sentBody?: string;
}

/** A signed device request, as the agent makes it. */
export async function signed(url: string, device: TestDevice, path: string, payload: unknown, o: SignOverrides = {}) {
  const body = JSON.stringify(payload);
  const fullPath = `/api/v1/devices/${device.id}${path}`;
  const timestamp = String(o.timestamp ?? Date.now());
  const nonce = o.nonce ?? randomBytes(18).toString('base64url');
  const text = signingString({
    method: 'POST',
    pathWithQuery: fullPath,
    timestamp,
    nonce,
    bodySha256Hex: createHash('sha256').update(body).digest('hex'),
  });
  const res = await fetch(`${url}${fullPath}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADERS.device]: device.id,
      [SIGNATURE_HEADERS.timestamp]: timestamp,
      [SIGNATURE_HEADERS.nonce]: nonce,
      [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(text), device.privateKey).toString('base64'),
    },
    body: o.sentBody ?? body,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

export const checkin = (url: string, device: TestDevice, cursor: string | null, waitSeconds = 0, applied: unknown[] = []) =>
  signed(url, device, '/checkin', { cursor, waitSeconds, applied, agentVersion: '0.1.0' });
