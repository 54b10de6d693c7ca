import { describe, expect, it } from 'vitest';
import { AgentApiError } from '../../src-shared/agent-api.js';
import { createPromptService } from '../../src-main/tray/prompt-service.js';
import { createFakeAgent, createFakePlatform, makeStatus } from './fakes.js';
import { captureLogs } from '../support/log-capture.js';

function setup(
  over: Parameters<typeof makeStatus>[0] = { pendingVersion: 2 },
  os: 'linux' | 'macos' | 'windows' = 'linux',
) {
  const agent = createFakeAgent(makeStatus(over));
  const platform = createFakePlatform('old-device-pass', os);
  const applied: number[] = [];
  const { logger, raw: logs } = captureLogs('info', 'lockstep-tray');
  const service = createPromptService({
    agent,
    platform,
    logger,
    onApplied: (v) => applied.push(v),
  });
  return { agent, platform, service, applied, logs };
}

describe('prompt:submit', () => {
  it('a new password that does not match Okta never reaches the OS', async () => {
    const { service, platform, agent } = setup();
    const result = await service.submit({
      newPassword: 'typo',
      previousPassword: 'old-device-pass',
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'new-password-mismatch',
      field: 'newPassword',
    });
    expect(!result.ok && result.message).toContain('4 tries left');
    expect(platform.changeCalls).toBe(0);
    expect(agent.reports).toEqual([]);
  });

  it('after five wrong tries the wait is shown with its length', async () => {
    const { service, platform } = setup();
    for (let i = 0; i < 5; i++)
      await service.submit({ newPassword: `typo${i}`, previousPassword: 'x' });
    const result = await service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'throttled',
      retryAfterSeconds: 30,
      field: 'newPassword',
    });
    expect(!result.ok && result.message).toBe('Too many tries. Wait 30 seconds, then try again.');
    expect(platform.changeCalls).toBe(0);
  });

  it('a wrong previous password points at that field and leaves the device unchanged', async () => {
    const { service, platform, agent, applied } = setup();
    const result = await service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'not-it',
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'previous-password-wrong',
      field: 'previousPassword',
    });
    expect(platform.localPassword).toBe('old-device-pass');
    expect(applied).toEqual([]);
    expect(agent.reports).toEqual([]);
  });

  it('an OS policy refusal lists the rules', async () => {
    const { service, platform } = setup();
    platform.refuse = ['At least 14 characters'];
    const result = await service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'policy-refused',
      rules: ['At least 14 characters'],
      field: 'newPassword',
    });
  });

  it('success changes the local password, reports it and names the organization', async () => {
    const { service, platform, agent, applied } = setup({
      pendingVersion: 2,
      policy: { branding: { organization: 'Acme', helpUrl: null } },
    });
    const result = await service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(result).toEqual({
      ok: true,
      message: 'This device now uses your Acme password',
      hint: null,
    });
    expect(platform.localPassword).toBe('N3w-0kta-pass!');
    expect(agent.reports).toEqual([{ version: 2, outcome: 'applied' }]);
    expect(applied).toEqual([2]);
  });

  it('gives the Windows Hello and FileVault hints on those platforms', async () => {
    const win = await setup({ pendingVersion: 2 }, 'windows').service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(win.ok && win.hint).toContain('Windows Hello');
    const mac = await setup({ pendingVersion: 2 }, 'macos').service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(mac.ok && mac.hint).toContain('FileVault');
  });

  it('nothing pending: says so without touching the OS', async () => {
    const { service, platform } = setup({ pendingVersion: null });
    const result = await service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(result).toMatchObject({ ok: false, error: 'failed' });
    expect(platform.changeCalls).toBe(0);
  });

  it('an unreachable agent is reported as such', async () => {
    const { service, agent } = setup();
    agent.fail = new AgentApiError(
      'agent-unreachable',
      "Lockstep's background service is not answering.",
    );
    const result = await service.submit({
      newPassword: 'N3w-0kta-pass!',
      previousPassword: 'old-device-pass',
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'agent-unreachable',
      message: "Lockstep's background service is not answering.",
    });
  });

  it('never writes a password into a log line', async () => {
    const { service, logs } = setup();
    await service.submit({ newPassword: 'N3w-0kta-pass!', previousPassword: 'wrong-prev-secret' });
    await service.submit({ newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' });
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toMatch(/N3w-0kta-pass!|wrong-prev-secret|old-device-pass/);
  });

  it('a second submit while one runs is refused instead of running the script twice', async () => {
    const { service, platform } = setup();
    const [a, b] = await Promise.all([
      service.submit({ newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' }),
      service.submit({ newPassword: 'N3w-0kta-pass!', previousPassword: 'old-device-pass' }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(platform.changeCalls).toBe(1);
  });
});

describe('prompt:reset', () => {
  it('checks the new password first, then asks the agent and says what was lost', async () => {
    const { service, agent, platform } = setup();
    expect(await service.reset({ newPassword: 'typo' })).toMatchObject({
      ok: false,
      error: 'new-password-mismatch',
    });
    expect(agent.calls).not.toContain('resetPassword');
    const result = await service.reset({ newPassword: 'N3w-0kta-pass!' });
    expect(result).toMatchObject({ ok: true, hint: 'Your saved keychain items were moved aside.' });
    expect(platform.changeCalls).toBe(0);
  });
});

describe('change:submit', () => {
  const directory = { pendingVersion: null, policy: { passwordAuthority: 'directory' as const } };

  it('is refused while Okta is the password authority, before the agent is asked', async () => {
    const { service, agent } = setup({ pendingVersion: null });
    const result = await service.changePassword({
      currentPassword: 'old-device-pass',
      newPassword: 'Brand-new-pass-1',
    });
    expect(result).toMatchObject({ ok: false, error: 'refused-by-policy' });
    expect(agent.calls).not.toContain('requestPasswordChange');
  });

  it('lists the complexity rules the new password breaks', async () => {
    const { service, agent } = setup(directory);
    const result = await service.changePassword({
      currentPassword: 'old-device-pass',
      newPassword: 'short',
    });
    expect(result).toMatchObject({ ok: false, error: 'policy-refused', field: 'newPassword' });
    expect(!result.ok && result.rules).toEqual([
      'At least 12 characters',
      'An uppercase letter',
      'A digit',
    ]);
    expect(agent.calls).not.toContain('requestPasswordChange');
  });

  it('asks the directory, then changes the local password with the current one', async () => {
    const { service, agent, platform } = setup(directory);
    const result = await service.changePassword({
      currentPassword: 'old-device-pass',
      newPassword: 'Brand-new-pass-1',
    });
    expect(result).toMatchObject({ ok: true });
    expect(agent.calls.indexOf('requestPasswordChange')).toBeGreaterThan(-1);
    expect(platform.localPassword).toBe('Brand-new-pass-1');
    expect(agent.reports).toEqual([{ version: 2, outcome: 'applied' }]);
  });

  it('a wrong current password points at that field', async () => {
    const { service } = setup(directory);
    const result = await service.changePassword({
      currentPassword: 'nope',
      newPassword: 'Brand-new-pass-1',
    });
    expect(result).toMatchObject({
      ok: false,
      error: 'previous-password-wrong',
      field: 'currentPassword',
    });
  });
});
