/**
 * Enrollment: make the device's key pair, trade the one-time token for a device id, and store the
 * enrollment. The token is used once and never written anywhere.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { postEnrollment } from '../directory/directory-client.js';
import { createNodeFetch, type FetchLike } from '../directory/node-fetch.js';
import { STATE_FILE } from '../state/state-store.js';
import { writeFileDurably } from '../../platform/durable-file.js';
import { emptyState } from '../state/agent-state.js';
import {
  DEVICE_FILE,
  generateDeviceKeyPair,
  prepareStateDir,
  saveDeviceIdentity,
  type DeviceRecord,
} from './device-identity.js';
import { collectMachineFacts, type MachineFacts } from './machine-facts.js';

export interface EnrollOptions {
  directoryUrl: string;
  token: string;
  stateDir: string;
  caFile: string | null;
  force: boolean;
  agentVersion: string;
  fetch?: FetchLike;
  facts?: (stateDir: string) => MachineFacts;
}

export class AlreadyEnrolledError extends Error {
  constructor(stateDir: string) {
    super(
      `${stateDir} already holds an enrollment (${DEVICE_FILE}); pass --force to replace it with a new device`,
    );
    this.name = 'AlreadyEnrolledError';
  }
}

export async function enrollDevice(
  opts: EnrollOptions,
): Promise<{ record: DeviceRecord; warning: string | null }> {
  const url = new URL(opts.directoryUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `--directory must be an https:// URL (http:// only for local testing), not ${opts.directoryUrl}`,
    );
  }
  if (existsSync(join(opts.stateDir, DEVICE_FILE)) && !opts.force)
    throw new AlreadyEnrolledError(opts.stateDir);
  await prepareStateDir(opts.stateDir);
  const facts = (opts.facts ?? collectMachineFacts)(opts.stateDir);
  const keys = generateDeviceKeyPair();
  const fetchFn =
    opts.fetch ?? createNodeFetch(opts.caFile ? { ca: await readFile(opts.caFile, 'utf8') } : {});
  const { deviceId } = await postEnrollment(fetchFn, url.href, {
    token: opts.token,
    publicKey: keys.publicKeySpkiBase64,
    hostname: facts.hostname,
    os: facts.os,
    osVersion: facts.osVersion,
    machineIdHash: facts.machineIdHash,
    agentVersion: opts.agentVersion,
  });
  const nowIso = new Date().toISOString();
  const record: DeviceRecord = {
    deviceId,
    directoryUrl: url.href,
    hostname: facts.hostname,
    os: facts.os,
    enrolledAt: nowIso,
    caFile: opts.caFile,
  };
  // A new device starts from nothing: the old sync state belonged to the previous device id.
  await writeFileDurably(
    join(opts.stateDir, STATE_FILE),
    `${JSON.stringify(emptyState(nowIso), null, 1)}\n`,
  );
  await saveDeviceIdentity(opts.stateDir, keys.privateKeyPem, record);
  return { record, warning: facts.warning };
}
