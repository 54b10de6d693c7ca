import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { request } from 'node:http';
import { SIGNATURE_HEADERS, signingString } from '../../../src-shared/checkin-protocol.js';

export interface TestDevice {
  id: string;
  privateKey: KeyObject;
  publicKeyB64: string;
}

export function newKeys(): { privateKey: KeyObject; publicKeyB64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKeyB64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

export async function enroll(
  url: string,
  token: string,
  hostname = 'host-1',
): Promise<{ status: number; body: Record<string, unknown>; device: TestDevice | null }> {
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
  return {
    status: res.status,
    body,
    device: res.status === 200 ? { id: body['deviceId'] as string, ...keys } : null,
  };
}

export interface SignOverrides {
  timestamp?: number;
  nonce?: string;
  /** Sign one body, send another. */
  sentBody?: string;
  /** On a connection of its own, closed after the answer (fetch would reuse a pooled one). */
  freshConnection?: boolean;
}

/** A signed device request, as the agent makes it. */
export async function signed(
  url: string,
  device: TestDevice,
  path: string,
  payload: unknown,
  o: SignOverrides = {},
) {
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
  const headers = {
    'content-type': 'application/json',
    [SIGNATURE_HEADERS.device]: device.id,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: sign(null, Buffer.from(text), device.privateKey).toString(
      'base64',
    ),
  };
  const sent = o.sentBody ?? body;
  if (o.freshConnection) {
    const answer = await postOnOwnConnection(`${url}${fullPath}`, headers, sent);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
    return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.text) as any };
  }
  const res = await fetch(`${url}${fullPath}`, { method: 'POST', headers, body: sent });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON fields
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

function postOnOwnConnection(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers: h, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const checkin = (
  url: string,
  device: TestDevice,
  cursor: string | null,
  waitSeconds = 0,
  applied: unknown[] = [],
) => signed(url, device, '/checkin', { cursor, waitSeconds, applied, agentVersion: '0.1.0' });
