/**
 * The device's enrollment on disk: `device.json` (who we are to which directory) and
 * `device-key.pem` (the Ed25519 private key, mode 0600, never printed or sent). The state folder
 * itself is mode 0700.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DeviceOs } from '../../../src-shared/checkin-protocol.js';
import { writeFileDurably } from '../../platform/durable-file.js';

export const DEVICE_FILE = 'device.json';
export const KEY_FILE = 'device-key.pem';

export const DeviceRecord = z
  .object({
    deviceId: z.string().min(1),
    directoryUrl: z.string().url(),
    hostname: z.string(),
    os: DeviceOs,
    enrolledAt: z.string(),
    /** PEM file with the CA that signs the directory's certificate; null = the system's CAs. */
    caFile: z.string().nullable(),
  })
  .strict();
export type DeviceRecord = z.infer<typeof DeviceRecord>;

export interface DeviceIdentity {
  record: DeviceRecord;
  privateKey: KeyObject;
}

export interface NewKeyPair {
  privateKeyPem: string;
  /** SPKI DER, base64: what the directory stores. */
  publicKeySpkiBase64: string;
}

export function generateDeviceKeyPair(): NewKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeySpkiBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

/** Creates the state folder (0700), or tightens an existing one we own to 0700. */
export async function prepareStateDir(stateDir: string): Promise<void> {
  await fsp.mkdir(stateDir, { recursive: true, mode: 0o700 });
  await fsp.chmod(stateDir, 0o700);
}

export async function readDeviceRecord(stateDir: string): Promise<DeviceRecord | null> {
  const text = await fsp
    .readFile(join(stateDir, DEVICE_FILE), 'utf8')
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  if (text === null) return null;
  const parsed = DeviceRecord.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${join(stateDir, DEVICE_FILE)} is damaged; enroll again with --force`);
  }
  return parsed.data;
}

/** Loads the enrollment; null when this state folder was never enrolled. */
export async function loadDeviceIdentity(stateDir: string): Promise<DeviceIdentity | null> {
  const record = await readDeviceRecord(stateDir);
  if (!record) return null;
  const keyPath = join(stateDir, KEY_FILE);
  const pem = await fsp.readFile(keyPath, 'utf8').catch(() => {
    throw new Error(
      `the device key ${keyPath} is missing or unreadable; enroll again with --force`,
    );
  });
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the device key ${keyPath} is not an Ed25519 key; enroll again with --force`);
  }
  return { record, privateKey };
}

/** Writes key then record; the record's presence is what marks the folder as enrolled. */
export async function saveDeviceIdentity(
  stateDir: string,
  keyPem: string,
  record: DeviceRecord,
): Promise<void> {
  await writeFileDurably(join(stateDir, KEY_FILE), keyPem, { mode: 0o600 });
  await writeFileDurably(join(stateDir, DEVICE_FILE), `${JSON.stringify(record, null, 2)}\n`, {
    mode: 0o600,
  });
}
