/**
 * The real renderer in Debian's Chromium, driven through the web shell against a fake agent and
 * a fake OS account: what a user sees and clicks, end to end through the IPC contract.
 * The live directory + agent + real Linux account version is the lead's integration suite.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeStatus } from './fakes.js';
import { startTestShell } from './web-shell-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '../..');
const hasChromium = existsSync(CHROMIUM);
const hasRenderer = existsSync(path.join(root, 'src-renderer/main.tsx'));
if (!hasChromium)
  console.log(`web-shell E2E skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
else if (!hasRenderer)
  console.log('web-shell E2E skipped: src-renderer/main.tsx does not exist yet');

describe.skipIf(!hasChromium || !hasRenderer)('web shell in Chromium (E2E)', () => {
  let browser: Browser;
  let rendererDir: string;
  let cleanup: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    rendererDir = mkdtempSync(path.join(tmpdir(), 'lockstep-e2e-renderer-'));
    execFileSync(
      process.execPath,
      [path.join(root, 'scripts/build-renderer.mjs'), '--outdir', rendererDir, '--no-typecheck'],
      { stdio: 'pipe' },
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-gpu',
      ],
    });
  }, 120_000);
  afterAll(async () => browser?.close());
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function open(status = makeStatus({ pendingVersion: 2 })) {
    const t = await startTestShell({ status, rendererDir });
    cleanup.push(() => t.shell.close());
    const page: Page = await browser.newPage();
    cleanup.push(() => page.close());
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(t.shell.url);
    return { ...t, page, problems };
  }

  it('pending change → prompt → wrong new password (OS untouched) → wrong previous → success', async () => {
    const { page, platform, agent, problems } = await open();
    const menu = page.getByRole('navigation', { name: 'Tray menu' });
    await menu.getByRole('button', { name: 'Update password…' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Update your device password' }).isVisible())
      .toBe(true);

    const newPassword = page.getByLabel('New password', { exact: true });
    const previous = page.getByLabel('Previous password', { exact: true });
    await newPassword.fill('not-the-okta-one');
    await previous.fill('old-device-pass');
    await page.getByRole('button', { name: 'Update password', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Okta/);
    expect(platform.changeCalls).toBe(0);
    expect(platform.localPassword).toBe('old-device-pass');

    await newPassword.fill('N3w-0kta-pass!');
    await previous.fill('not-the-device-one');
    await page.getByRole('button', { name: 'Update password', exact: true }).click();
    await expect.poll(() => platform.changeCalls).toBe(1);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/previous|still uses/i);
    expect(platform.localPassword).toBe('old-device-pass');

    await newPassword.fill('N3w-0kta-pass!');
    await previous.fill('old-device-pass');
    await page.getByRole('button', { name: 'Update password', exact: true }).click();
    await expect
      .poll(() => page.getByText('This device now uses your Okta password').count())
      .toBeGreaterThan(0);
    expect(platform.localPassword).toBe('N3w-0kta-pass!');
    expect(agent.reports).toEqual([{ version: 2, outcome: 'applied' }]);
    await expect.poll(() => menu.getByRole('button', { name: 'Update password…' }).count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);

  it('policy okta hides `Change password…`; directory authority shows it', async () => {
    const okta = await open(makeStatus({ policy: { passwordAuthority: 'okta' } }));
    const oktaMenu = okta.page.getByRole('navigation', { name: 'Tray menu' });
    await expect.poll(() => oktaMenu.getByRole('button', { name: 'Check in now' }).count()).toBe(1);
    expect(await oktaMenu.getByRole('button', { name: 'Change password…' }).count()).toBe(0);

    const dir = await open(makeStatus({ policy: { passwordAuthority: 'directory' } }));
    const dirMenu = dir.page.getByRole('navigation', { name: 'Tray menu' });
    await expect
      .poll(() => dirMenu.getByRole('button', { name: 'Change password…' }).count())
      .toBe(1);
  }, 60_000);

  it('a suspended account is shown as suspended, with no way to update', async () => {
    const { page } = await open(makeStatus({ state: 'suspended', pendingVersion: 3 }));
    await expect.poll(() => page.getByText(/suspended/i).count()).toBeGreaterThan(0);
    const menu = page.getByRole('navigation', { name: 'Tray menu' });
    expect(await menu.getByRole('button', { name: 'Update password…' }).count()).toBe(0);
  }, 60_000);
});
