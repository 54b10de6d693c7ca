import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEADERS,
  signingString,
  type CheckinRequest,
} from '../../src-shared/checkin-protocol.js';
import { apiUrl, DirectoryClient } from '../../src-main/agent/directory/directory-client.js';
import { DirectoryError } from '../../src-main/agent/directory/directory-error.js';
import { createNodeFetch, type FetchLike } from '../../src-main/agent/directory/node-fetch.js';
import { signRequest } from '../../src-main/agent/directory/request-signer.js';
import { loadDeviceIdentity } from '../../src-main/agent/identity/device-identity.js';
import { FakeDirectory } from './support/fake-directory.js';
import { enrollInto, removeTempDirs, tempStateDir } from './support/agent-harness.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

describe('request signing', () => {
  it('signs exactly the protocol signing string', () => {
    const body = '{"a":1}';
    const headers = signRequest({
      deviceId: 'dev-1',
      privateKey,
      method: 'post',
      pathWithQuery: '/api/v1/devices/dev-1/checkin?x=1',
      body,
      nowMs: 1_700_000_000_123,
      nonce: 'n'.repeat(24),
    });
    const expected = [
      'LOCKSTEP-SIG-V1',
      'POST',
      '/api/v1/devices/dev-1/checkin?x=1',
      '1700000000123',
      'n'.repeat(24),
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    expect(expected).toBe(
      signingString({
        method: 'post',
        pathWithQuery: '/api/v1/devices/dev-1/checkin?x=1',
        timestamp: '1700000000123',
        nonce: 'n'.repeat(24),
        bodySha256Hex: createHash('sha256').update(body).digest('hex'),
      }),
    );
    expect(headers[SIGNATURE_HEADERS.device]).toBe('dev-1');
    expect(headers[SIGNATURE_HEADERS.timestamp]).toBe('1700000000123');
    const sig = Buffer.from(headers[SIGNATURE_HEADERS.signature] ?? '', 'base64');
    expect(verify(null, Buffer.from(expected), publicKey, sig)).toBe(true);
    const otherBody = expected.replace(
      createHash('sha256').update(body).digest('hex'),
      createHash('sha256').update('{"a":2}').digest('hex'),
    );
    expect(verify(null, Buffer.from(otherBody), publicKey, sig)).toBe(false);
    expect(
      verify(null, Buffer.from(expected.replace('1700000000123', '1700000000124')), publicKey, sig),
    ).toBe(false);
  });

  it('uses a fresh nonce every time', () => {
    const a = signRequest({
      deviceId: 'd',
      privateKey,
      method: 'POST',
      pathWithQuery: '/p',
      body: '',
      nowMs: 1,
    });
    const b = signRequest({
      deviceId: 'd',
      privateKey,
      method: 'POST',
      pathWithQuery: '/p',
      body: '',
      nowMs: 1,
    });
    expect(a[SIGNATURE_HEADERS.nonce]).not.toBe(b[SIGNATURE_HEADERS.nonce]);
  });

  it('keeps a path prefix the directory is mounted under', () => {
    expect(apiUrl('https://h.example/lockstep', '/devices/enroll').pathname).toBe(
      '/lockstep/api/v1/devices/enroll',
    );
    expect(apiUrl('https://h.example/', '/devices/enroll').pathname).toBe('/api/v1/devices/enroll');
  });
});

describe('signed requests against a directory that checks them', () => {
  const directory = new FakeDirectory();
  let client: DirectoryClient;
  let deviceId: string;
  const request: CheckinRequest = {
    cursor: null,
    waitSeconds: 0,
    applied: [],
    agentVersion: 'test',
  };
  /** A fetch that lets a test change the request after it was signed (an attacker in the middle). */
  let tamper: ((init: Parameters<FetchLike>[1]) => Parameters<FetchLike>[1]) | null = null;
  const base = createNodeFetch();
  const fetchFn: FetchLike = (url, init) => base(url, tamper ? tamper(init) : init);
  let clockOffsetMs = 0;

  beforeAll(async () => {
    await directory.start();
    const stateDir = await tempStateDir();
    deviceId = await enrollInto(directory, stateDir);
    const identity = await loadDeviceIdentity(stateDir);
    if (!identity) throw new Error('not enrolled');
    client = new DirectoryClient({
      directoryUrl: directory.url,
      deviceId,
      privateKey: identity.privateKey,
      fetch: fetchFn,
      now: () => Date.now() + clockOffsetMs,
    });
  });
  afterEach(() => {
    tamper = null;
    clockOffsetMs = 0;
  });
  afterAll(async () => {
    await directory.stop();
    await removeTempDirs();
  });

  const refusal = async () => {
    const error = await client.checkin(request, new AbortController().signal).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DirectoryError);
    return error as DirectoryError;
  };

  it('an untouched request is accepted and the answer validated', async () => {
    const answer = await client.checkin(request, new AbortController().signal);
    expect(answer.cursor).toMatch(/^r\d+$/);
  });

  it('a changed body byte is refused with a reason', async () => {
    tamper = (init) => ({
      ...init,
      body: init.body?.replace('"waitSeconds":0', '"waitSeconds":1'),
    });
    const error = await refusal();
    expect(error).toMatchObject({ kind: 'refused', status: 401, code: 'bad-signature' });
  });

  it('a replayed request (same nonce) is refused', async () => {
    let captured: Parameters<FetchLike>[1] | null = null;
    tamper = (init) => (captured ??= init);
    await client.checkin(request, new AbortController().signal);
    const error = await refusal(); // tamper now resends the captured, already used request
    expect(error).toMatchObject({ status: 401, code: 'replayed' });
    expect(captured).not.toBeNull();
  });

  it('a clock more than 5 minutes off is refused', async () => {
    clockOffsetMs = 6 * 60_000;
    expect(await refusal()).toMatchObject({ status: 401, code: 'clock-skew' });
  });

  it('a revoked device is refused and told why', async () => {
    directory.revoke(deviceId);
    const error = await refusal();
    expect(error).toMatchObject({ kind: 'refused', code: 'revoked' });
    expect(error.message).toContain('this device was revoked');
  });
});
