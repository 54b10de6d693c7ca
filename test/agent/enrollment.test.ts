/**
 * Enrollment details: machine id (and its explicit fallback), and TLS to a directory whose
 * certificate is signed by a private CA.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import machineIdModule from 'node-machine-id';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src-main/agent/create-agent.js';
import { enrollDevice } from '../../src-main/agent/identity/enroll-device.js';
import { FALLBACK_ID_FILE, machineIdHash } from '../../src-main/agent/identity/machine-facts.js';
import { MemoryPlatform } from '../../src-main/platform/memory-platform.js';
import { FakeDirectory } from './support/fake-directory.js';
import {
  FAST_TIMING,
  newToken,
  removeTempDirs,
  tempStateDir,
  testFacts,
  waitFor,
} from './support/agent-harness.js';

afterAll(removeTempDirs);

describe('machine id', () => {
  it('is the SHA-256 of the OS machine id when there is one (node-machine-id)', async () => {
    const dir = await tempStateDir();
    const { hash, warning } = machineIdHash('linux', dir);
    expect(warning).toBeNull();
    expect(hash).toBe(machineIdModule.machineIdSync(false));
    if (existsSync('/etc/machine-id')) {
      expect(hash).toBe(
        createHash('sha256').update(readFileSync('/etc/machine-id', 'utf8').trim()).digest('hex'),
      );
    }
  });

  it('falls back to a random id kept in the state folder, and says so, when the OS has none', async () => {
    const dir = await tempStateDir();
    await mkdir(dir, { recursive: true });
    const first = machineIdHash('linux', dir, ['/nonexistent/machine-id']);
    expect(first.warning).toContain('no machine id found');
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.hash).not.toBe(machineIdModule.machineIdSync(false)); // not the hostname-hash node-machine-id would use
    expect(machineIdHash('linux', dir, ['/nonexistent/machine-id']).hash).toBe(first.hash);
    expect((await readFile(join(dir, FALLBACK_ID_FILE), 'utf8')).trim()).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('TLS with a private CA', () => {
  let directory: FakeDirectory;
  let caFile: string;

  beforeAll(async () => {
    const dir = await tempStateDir();
    await mkdir(dir, { recursive: true });
    const key = join(dir, 'key.pem');
    caFile = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        caFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    directory = new FakeDirectory({
      key: await readFile(key, 'utf8'),
      cert: await readFile(caFile, 'utf8'),
    });
    await directory.start();
  });
  afterAll(async () => {
    await directory.stop();
  });

  it('refuses a self-signed directory without --ca-file, with the TLS reason', async () => {
    const token = newToken();
    directory.addToken(token);
    const attempt = enrollDevice({
      directoryUrl: directory.url,
      token,
      stateDir: await tempStateDir(),
      caFile: null,
      force: false,
      agentVersion: 't',
      facts: testFacts,
    });
    await expect(attempt).rejects.toThrow(
      /cannot reach the directory at https:\/\/127\.0\.0\.1:\d+ \(.*(SELF_SIGNED|self-signed)/i,
    );
  });

  it('enrolls and checks in over HTTPS with the CA file recorded at enrollment', async () => {
    const token = newToken();
    directory.addToken(token);
    const stateDir = await tempStateDir();
    const { record } = await enrollDevice({
      directoryUrl: directory.url,
      token,
      stateDir,
      caFile,
      force: false,
      agentVersion: 't',
      facts: testFacts,
    });
    expect(record.caFile).toBe(caFile);
    directory.bind(record.deviceId, { userId: 'u1', deviceUsername: 'jane', displayName: 'Jane' });
    const platform = new MemoryPlatform('linux');
    const agent = createAgent({ stateDir, platform, agentVersion: 'test', timing: FAST_TIMING });
    await agent.start();
    try {
      await waitFor(() => platform.accounts.has('jane'), 'synced over TLS');
      expect(agent.snapshot().connection.state).toBe('connected');
    } finally {
      await agent.stop();
    }
  });
});
