/**
 * Okta's own SCIM 2.0 SPEC test (the Runscope export Okta runs before listing an integration),
 * against a live directory on loopback: all 12 steps must pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaSimulator } from '../../src-okta-sim/okta-simulator.js';
import { profileFromEmail } from '../../src-okta-sim/profile-from-email.js';
import { runOktaSpecTest } from '../../src-okta-sim/runscope/okta-spec-test.js';
import { formatStep } from '../../src-okta-sim/runscope/runscope-runner.js';
import { startLiveDirectory, type LiveDirectory } from './support/live-directory.js';
import { REFERENCE_DIR } from './support/reference-dir.js';

describe("Okta's SCIM 2.0 SPEC test", () => {
  let dir: LiveDirectory;
  beforeAll(async () => {
    dir = await startLiveDirectory();
  });
  afterAll(async () => {
    await dir?.close();
  });

  it('fails at its first step while the directory has no user (the test needs one to exist)', async () => {
    const result = await runOktaSpecTest({
      baseUrl: dir.scimBase,
      token: dir.token,
      reference: REFERENCE_DIR,
    });
    expect(result.steps[0]?.note).toContain('Test Users endpoint');
    expect(result.steps[0]?.passed).toBe(false);
    expect(result.failed).toBeGreaterThan(0);
  });

  it('passes all 12 steps once Okta has assigned a user', async () => {
    await new OktaSimulator(dir.client(), 'template').assign(
      profileFromEmail('spec.seed@example.com'),
    );
    const lines: string[] = [];
    const result = await runOktaSpecTest({
      baseUrl: dir.scimBase,
      token: dir.token,
      reference: REFERENCE_DIR,
      onStep: (step, total) => lines.push(formatStep(step, total)),
    });
    process.stdout.write(`${lines.join('\n')}\n${result.passed} passed, ${result.failed} failed\n`);
    expect(
      result.steps.filter((s) => !s.passed).map((s) => formatStep(s, result.steps.length)),
    ).toEqual([]);
    expect(result.steps).toHaveLength(12);
    expect(result.pausesSkipped).toBe(11);
    expect(result.passed).toBe(12);
  });
});
