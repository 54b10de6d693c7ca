import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  SIGNATURE_ENCODING,
  SIGNATURE_HEADERS,
  signingString,
} from '../../src-shared/checkin-protocol.js';
import type { DeviceRow, SqliteDevices } from '../store/sqlite/sqlite-devices.js';
import type { DeviceBookkeeping } from './device-bookkeeping.js';
import { unauthorized } from './device-errors.js';

export interface SignedRequest {
  method: string;
  /** Path with query exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

/**
 * Checks a device request's Ed25519 signature, clock and nonce; nothing is applied before this
 * passes. The nonce is recorded only after the signature checks out, so nobody can burn a
 * device's nonces with forged requests.
 */
export class RequestVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(
    private readonly devices: SqliteDevices,
    private readonly bookkeeping: DeviceBookkeeping,
    private readonly now: () => number = Date.now,
  ) {}

  verify(request: SignedRequest, routeDeviceId: string): DeviceRow {
    const header = (name: string) => {
      const v = request.headers[name];
      if (typeof v !== 'string' || v.length === 0)
        throw unauthorized(`missing ${name} header; device requests must be signed`);
      return v;
    };
    const deviceId = header(SIGNATURE_HEADERS.device);
    const timestamp = header(SIGNATURE_HEADERS.timestamp);
    const nonce = header(SIGNATURE_HEADERS.nonce);
    const signature = header(SIGNATURE_HEADERS.signature);
    if (deviceId !== routeDeviceId)
      throw unauthorized('the signed device id does not match the device in the path');
    if (!/^\d{1,15}$/.test(timestamp))
      throw unauthorized('the timestamp must be Unix milliseconds');
    const skew = Math.abs(this.now() - Number(timestamp));
    if (skew > MAX_CLOCK_SKEW_MS) {
      throw unauthorized(
        `the request's clock is ${Math.round(skew / 1000)} s off; more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes is refused, fix the device clock`,
      );
    }
    if (!NONCE_PATTERN.test(nonce))
      throw unauthorized('the nonce must be 16 to 64 letters, digits, "-" or "_"');
    const device = this.devices.device(deviceId);
    if (!device) throw unauthorized('unknown device; enroll it again');
    if (device.revokedAt !== null)
      throw unauthorized('this device has been revoked by an administrator; enroll it again');
    const text = signingString({
      method: request.method,
      pathWithQuery: request.url,
      timestamp,
      nonce,
      bodySha256Hex: createHash('sha256').update(request.rawBody, 'utf8').digest('hex'),
    });
    const sig = Buffer.from(signature, SIGNATURE_ENCODING);
    // Only the canonical encoding of 64 bytes: Buffer.from skips characters it does not know.
    const wellFormed = sig.length === 64 && sig.toString(SIGNATURE_ENCODING) === signature;
    if (!wellFormed || !verify(null, Buffer.from(text, 'utf8'), this.key(device), sig)) {
      throw unauthorized(
        'the signature does not match the request (method, path, timestamp, nonce and body are signed)',
      );
    }
    if (!this.bookkeeping.useNonce(deviceId, nonce))
      throw unauthorized('the nonce was already used; this looks like a replayed request');
    return device;
  }

  private key(device: DeviceRow): KeyObject {
    let key = this.keys.get(device.id);
    if (!key) {
      key = createPublicKey({
        key: Buffer.from(device.publicKey, 'base64'),
        format: 'der',
        type: 'spki',
      });
      this.keys.set(device.id, key);
    }
    return key;
  }
}
