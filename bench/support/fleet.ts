/**
 * Many enrolled devices, fast: key pairs made here, enrolled through the store's own enrollment
 * (token use, device row, audit) inside one outer transaction, so seeding 100,000 devices takes
 * seconds instead of 100,000 fsyncs. Bindings likewise. Run against a data folder whose server may
 * be running (SQLite WAL; the server notices through its change feed).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { hashSecretToken, newSecretToken } from '../../src-server/security/secret-tokens.js';
import { SqliteDirectoryStore } from '../../src-server/store/sqlite/sqlite-directory-store.js';

export interface FleetDevice {
  id: string;
  /** PKCS#8 DER, base64: handed to load-generator processes. */
  key: string;
}

export function seedDevices(dataDir: string, count: number): FleetDevice[] {
  const store = SqliteDirectoryStore.open(dataDir);
  try {
    const token = newSecretToken('lockstep_enroll');
    store.devices.addEnrollToken(
      `bench-${randomBytes(6).toString('hex')}`,
      hashSecretToken(token),
      count,
      new Date(Date.now() + 86_400_000).toISOString(),
    );
    const out: FleetDevice[] = [];
    store.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const { privateKey, publicKey } = generateKeyPairSync('ed25519');
        const id = `dev_bench${i}_${randomBytes(6).toString('base64url')}`;
        const outcome = store.devices.enroll(hashSecretToken(token), {
          id,
          publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
          hostname: `bench-${i}`,
          os: 'linux',
          osVersion: 'Debian 12',
          machineIdHash: createHash('sha256').update(id).digest('hex'),
          agentVersion: 'bench-0.1.0',
          enrolledAt: new Date().toISOString(),
        });
        if (outcome !== 'ok') throw new Error(`seeding device ${i} failed: ${outcome}`);
        out.push({
          id,
          key: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        });
      }
    })();
    return out;
  } finally {
    store.db.close();
  }
}

/** Binds every device to one user (by id), in one transaction. */
export function bindAll(dataDir: string, userId: string, devices: readonly FleetDevice[]): void {
  const store = SqliteDirectoryStore.open(dataDir, { create: false });
  try {
    store.db.transaction(() => {
      for (const d of devices) store.devices.bind(userId, d.id, false, 'bench');
    })();
  } finally {
    store.db.close();
  }
}

export function privateKeyOf(device: FleetDevice): KeyObject {
  return createPrivateKey({ key: Buffer.from(device.key, 'base64'), format: 'der', type: 'pkcs8' });
}

/** Splits a list into `parts` nearly equal slices (one per load-generator process). */
export function slices<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => out[i % parts]?.push(item));
  return out;
}
