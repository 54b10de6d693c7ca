import { createPublicKey, randomBytes } from 'node:crypto';
import type { EnrollRequest, EnrollResponse } from '../../src-shared/checkin-protocol.js';
import { hashSecretToken } from '../security/secret-tokens.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';
import { DeviceHttpError, deviceBadRequest, unauthorized } from './device-errors.js';

/** Spends an enrollment token and records the device with its Ed25519 public key only. */
export function enrollDevice(store: SqliteDirectoryStore, req: EnrollRequest): EnrollResponse {
  let type: string | undefined;
  try {
    type = createPublicKey({
      key: Buffer.from(req.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    }).asymmetricKeyType;
  } catch {
    throw deviceBadRequest('publicKey must be an Ed25519 public key, SPKI DER in base64');
  }
  if (type !== 'ed25519')
    throw deviceBadRequest(`publicKey is a ${type ?? 'unknown'} key; an Ed25519 key is required`);
  const deviceId = `dev_${randomBytes(12).toString('base64url')}`;
  const outcome = store.devices.enroll(hashSecretToken(req.token), {
    id: deviceId,
    publicKey: req.publicKey,
    hostname: req.hostname,
    os: req.os,
    osVersion: req.osVersion,
    machineIdHash: req.machineIdHash,
    agentVersion: req.agentVersion,
    enrolledAt: new Date().toISOString(),
  });
  switch (outcome) {
    case 'ok':
      return { deviceId };
    case 'unknown':
      throw unauthorized(
        'the enrollment token is not known; create one with `lockstep directory enroll-token create`',
      );
    case 'expired':
      throw unauthorized('the enrollment token has expired; create a new one');
    case 'used-up':
      throw new DeviceHttpError(
        401,
        'unauthorized',
        'the enrollment token has no uses left; create a new one',
      );
  }
}
