/**
 * Admin operations on devices, run by the CLI against a data folder (also while the server
 * runs: the server notices through the change feed and wakes the affected long-polls).
 */
import { randomUUID } from 'node:crypto';
import { Policy, POLICY_KEYS, type PolicyKey } from '../../src-shared/policy.js';
import { hashSecretToken, newSecretToken } from '../security/secret-tokens.js';
import { describeIssues } from '../scim/zod-detail.js';
import { withExistingStore } from './directory-reports.js';
import type { SqliteDirectoryStore } from '../store/sqlite/sqlite-directory-store.js';

const ADMIN = 'admin-cli';

export function createEnrollToken(
  dataDir: string,
  opts: { uses: number; expiresInMs: number },
): string {
  if (!Number.isInteger(opts.uses) || opts.uses < 1 || opts.uses > 100_000)
    throw new Error('--uses must be a whole number from 1 to 100000');
  return withExistingStore(dataDir, (store) => {
    const token = newSecretToken('lockstep_enroll');
    store.devices.addEnrollToken(
      randomUUID(),
      hashSecretToken(token),
      opts.uses,
      new Date(Date.now() + opts.expiresInMs).toISOString(),
    );
    return token;
  });
}

function findUser(store: SqliteDirectoryStore, user: string) {
  const found = store.users.findByUserName(user) ?? store.users.get(user);
  if (!found)
    throw new Error(
      `no user with userName or id ${JSON.stringify(user)}; see \`lockstep directory users\``,
    );
  return found;
}

function findDevice(store: SqliteDirectoryStore, id: string) {
  const device = store.devices.device(id);
  if (!device)
    throw new Error(`no device with id ${JSON.stringify(id)}; see \`lockstep directory devices\``);
  return device;
}

export function bindUser(dataDir: string, user: string, deviceId: string, takeover: boolean): void {
  withExistingStore(dataDir, (store) => {
    const u = findUser(store, user);
    const d = findDevice(store, deviceId);
    if (d.revokedAt !== null)
      throw new Error(`device ${deviceId} is revoked; enroll it again first`);
    store.devices.bind(u.id, d.id, takeover, ADMIN);
  });
}

export function unbindUser(dataDir: string, user: string, deviceId: string): void {
  withExistingStore(dataDir, (store) => {
    const u = findUser(store, user);
    if (!store.devices.unbind(u.id, findDevice(store, deviceId).id, ADMIN)) {
      throw new Error(`${u.userName} is not bound to device ${deviceId}`);
    }
  });
}

export function revokeDevice(dataDir: string, deviceId: string): void {
  withExistingStore(dataDir, (store) => {
    findDevice(store, deviceId);
    if (!store.devices.revoke(deviceId, ADMIN))
      throw new Error(`device ${deviceId} is already revoked`);
  });
}

/** Parses a CLI policy value for a key ("okta", "60", or JSON for objects) and stores it. */
export function setPolicy(
  dataDir: string,
  key: string,
  text: string,
  deviceId: string | null,
): void {
  if (!Object.hasOwn(POLICY_KEYS, key))
    throw new Error(
      `unknown policy key ${JSON.stringify(key)}; use one of ${Object.keys(POLICY_KEYS).join(', ')}`,
    );
  const field = POLICY_KEYS[key as PolicyKey];
  const schema = Policy.shape[field];
  let raw: unknown = text;
  if (field === 'checkinIntervalSeconds' || field === 'longPollSeconds')
    raw = /^\d+$/.test(text.trim()) ? Number(text) : text;
  if (field === 'passwordComplexity' || field === 'branding') {
    try {
      raw = JSON.parse(text) as unknown;
    } catch {
      throw new Error(
        `${key} takes a JSON object, e.g. ${field === 'branding' ? '\'{"organization":"Acme","helpUrl":null}\'' : '\'{"minLength":14,"requireUppercase":true,"requireLowercase":true,"requireDigit":true,"requireSymbol":false}\''}`,
      );
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(describeIssues(parsed.error, `value for ${key}`));
  withExistingStore(dataDir, (store) => {
    if (deviceId !== null) findDevice(store, deviceId);
    store.devices.setPolicy(deviceId ?? 'global', field, parsed.data, ADMIN);
  });
}

export function showPolicy(dataDir: string, deviceId: string | null): Policy {
  return withExistingStore(dataDir, (store) => {
    if (deviceId !== null) findDevice(store, deviceId);
    return store.devices.policyFor(deviceId);
  });
}
