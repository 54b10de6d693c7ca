import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src-main/platform/account-platform.js';
import { DemoAccountPlatform } from '../../src-main/platform/demo-account-platform.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function platform() {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-demo-accounts-'));
  dirs.push(dir);
  const file = join(dir, 'demo', 'accounts.json');
  return { file, accounts: new DemoAccountPlatform(file) };
}

async function refusal(work: Promise<unknown>): Promise<PlatformError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('demo accounts (what `lockstep start` uses instead of the OS)', () => {
  it('changes the password only with the right previous one, and keeps the old one on refusal', async () => {
    const { accounts } = platform();
    await accounts.seed('demo.user', 'Demo User', 'Device-Pass-1');
    expect(
      (await refusal(accounts.changePassword('demo.user', 'wrong-previous', 'New-Okta-Pass-2')))
        .code,
    ).toBe('wrong-previous-password');
    expect(await accounts.checkPassword('demo.user', 'Device-Pass-1')).toBe(true);
    const policy = await refusal(accounts.changePassword('demo.user', 'Device-Pass-1', 'short'));
    expect(policy.code).toBe('policy-refused');
    expect(policy.rules).toEqual(['At least 8 characters']);
    await accounts.changePassword('demo.user', 'Device-Pass-1', 'New-Okta-Pass-2');
    expect(await accounts.checkPassword('demo.user', 'New-Okta-Pass-2')).toBe(true);
    expect(await accounts.checkPassword('demo.user', 'Device-Pass-1')).toBe(false);
  });

  it('disables (the password stops working) and enables again, keeping the account', async () => {
    const { accounts } = platform();
    await accounts.seed('demo.user', 'Demo User', 'Device-Pass-1');
    await accounts.disableAccount('demo.user');
    expect(await accounts.accountInfo('demo.user')).toMatchObject({ exists: true, disabled: true });
    expect(await accounts.checkPassword('demo.user', 'Device-Pass-1')).toBe(false);
    await accounts.enableAccount('demo.user');
    expect(await accounts.checkPassword('demo.user', 'Device-Pass-1')).toBe(true);
  });

  it('keeps passwords only as crypt hashes, in a file only its owner can read', async () => {
    const { file, accounts } = platform();
    await accounts.seed('demo.user', 'Demo User', 'Device-Pass-1');
    await accounts.resetPassword('demo.user', 'Reset-Pass-3');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Device-Pass-1');
    expect(text).not.toContain('Reset-Pass-3');
    expect(text).toMatch(/"passwordHash": "\$6\$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses takeover of an account managed for someone else, and a damaged file clearly', async () => {
    const { file, accounts } = platform();
    await accounts.createAccount('new.user', { fullName: 'New User', userId: 'user-1' });
    expect((await refusal(accounts.markManaged('new.user', 'user-2'))).message).toMatch(
      /another Lockstep user/,
    );
    writeFileSync(file, '{not json');
    expect((await refusal(accounts.accountInfo('new.user'))).message).toMatch(
      /delete it to start the demo afresh/,
    );
  });
});
